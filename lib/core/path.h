/* Field paths of diagnostics (SPEC 7): one escaper for the core and the JSON
 * reader, so that the same key is always written the same way. */
#ifndef OTA_PATH_H
#define OTA_PATH_H

#include "internal.h"

#include <stddef.h>

/* Room for any path the library writes; longer keys are cut. */
#define OTA_PATH_CAPACITY 320

/* "prefix.key" ("key" for an empty prefix) when `key` is a plain
 * identifier and `bracketed` is 0; otherwise prefix["key"] (SPEC 7 writes
 * texts["zh-CN"]).  Inside the brackets printable UTF-8 stands for itself
 * (texts["日本"]); control characters (C0, DEL, C1), '"', '\' and bytes
 * that are not UTF-8 are written \xHH.  The result is always valid UTF-8:
 * a key too long for `capacity` is cut between code points. */
OTA_INTERNAL void ota__path_key(char *out, size_t capacity, const char *prefix, const char *key,
                                int bracketed);

/* The length of the longest prefix of text[0..length) that ends on a code
 * point boundary of UTF-8 (for cutting text that must stay UTF-8). */
OTA_INTERNAL size_t ota__utf8_boundary(const char *text, size_t length);

/* Drops an incomplete UTF-8 sequence from the end of a NUL-terminated
 * string, such as a byte-wise cut (snprintf's) leaves. */
OTA_INTERNAL void ota__utf8_cut(char *text);

#endif
