/* SPEC 13.1 read plainly, for the tests: runs and identifiers copied out
 * and compared one by one, as the text says, with no care for speed.  The
 * reference model and the unit tests of the orders compare the library
 * with it. */
#ifndef OTA_TEST_SLOW_ORDER_H
#define OTA_TEST_SLOW_ORDER_H

#include "otaplan.h"

/* 1 if `version` is a semver of SPEC 13.1. */
int slow_is_semver(const char *version);

/* 1 if `version` is a token of `order` (natural: any version token). */
int slow_is_ordered(int32_t order, const char *version);

/* -1, 0 or 1; both versions tokens of `order`. */
int slow_compare(int32_t order, const char *a, const char *b);

#endif
