/* The two orders of versions (SPEC 13.1), byte by byte: no allocation, no
 * library call, numeric identifiers of any length compared as integers
 * without ever being converted to one.  Evaluation parses a device's
 * version once and compares it with bounds parsed when the plan was
 * compiled. */
#ifndef OTA_VERSION_ORDER_H
#define OTA_VERSION_ORDER_H

#include "otaplan.h"

#include <stddef.h>
#include <stdint.h>

/* A version token is at most 64 bytes (SPEC 3.1), so offsets fit a byte. */
#define OTA_VERSION_TOKEN_MAX 64

/* A version as its order reads it.  For semver, the ends of MAJOR, MINOR
 * and PATCH and the start of the pre-release (0: none); natural needs the
 * bytes only. */
typedef struct ordered_version {
    const char *text;
    uint8_t length;
    uint8_t core_end[3];
    uint8_t prerelease;
} ordered_version;

/* 1 with *out if text[0..length) is a token of `order` (OTA_ORDER_SEMVER:
 * a semver of SPEC 13.1; OTA_ORDER_NATURAL: any version token), else 0. */
int ota__version_parse(int32_t order, const char *text, size_t length, ordered_version *out);

/* The same for a NUL-terminated string, reading at most 65 bytes of it: a
 * device's version, whose length is not known. */
int ota__version_parse_cstr(int32_t order, const char *text, ordered_version *out);

/* <0, 0 or >0 as a is below, equal to or above b; both parsed for `order`.
 * 0 only for equal bytes: the orders are total on their tokens. */
int ota__version_compare(int32_t order, const ordered_version *a, const ordered_version *b);

#endif
