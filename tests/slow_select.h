/* SPEC 14.3 read plainly, for the tests: every plan of the set evaluated,
 * the candidates sorted by precedence (14.1) with an insertion sort, the
 * rules applied in order.  The set's index is the fast path; this is what
 * it must agree with (test_set_reference, fuzz_set). */
#ifndef OTA_TEST_SLOW_SELECT_H
#define OTA_TEST_SLOW_SELECT_H

#include "otaplan.h"

#define SLOW_SELECT_MAX 16

typedef struct slow_selection {
    int32_t plan; /* the governing plan's index, or -1 */
    uint32_t candidates;
    uint32_t order[SLOW_SELECT_MAX];  /* the candidates in precedence */
    int32_t reasons[SLOW_SELECT_MAX]; /* their reasons, in that order */
} slow_selection;

/* 1 if the list holds the ID (byte for byte). */
int slow_listed(const char *const *list, uint32_t count, const char *id);

/* plans[i] is the struct compiled[i] was built from; count at most
 * SLOW_SELECT_MAX.  OTA_OK, or the first error of an evaluation call. */
int32_t slow_select(const ota_plan *const *plans, const ota_compiled_plan *const *compiled,
                    uint32_t count, const ota_set_device *device, int64_t now, slow_selection *out);

/* 1 if the library's answer `got` (others in an array of at least
 * count - 1) is the slow one: the plan, every other candidate in order
 * with its reason and outranked_by, and the governing plan's own
 * eligibility and push (ota_next_push_time with `options`). */
int slow_selection_agrees(const slow_selection *want, const ota_selection *got,
                          const ota_compiled_plan *const *compiled, const ota_set_device *device,
                          int64_t now, const ota_eval_options *options);

#endif
