/* SPEC 3 and 4: what a device ID is.  Evaluation runs this for every
 * device, and compilation for every list entry, so it is written without
 * ICU: lib/eval/ is built without ICU's headers. */
#ifndef OTA_DEVICE_ID_H
#define OTA_DEVICE_ID_H

#define DEVICE_ID_MAX_BYTES 128

#include <stddef.h>

/* The length of `id` when it is 1-128 bytes of well-formed UTF-8 (RFC 3629:
 * no overlong forms, no surrogates, nothing past U+10FFFF) without a
 * control character (general category Cc, which Unicode's stability policy
 * fixes as U+0000-U+001F and U+007F-U+009F); 0 when it is not a device ID.
 * tests/test_device_id.c compares it with ICU's U8_NEXT and u_charType on
 * every short byte string and on every byte at every place of longer ones. */
size_t ota__device_id_length(const char *id);

#endif
