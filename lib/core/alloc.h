/* Every allocation of the library goes through these, so that a caller's
 * allocator (and the out-of-memory tests) see all of them. */
#ifndef OTA_ALLOC_H
#define OTA_ALLOC_H

#include "otaplan.h"

#include <stddef.h>

void *ota__alloc(const ota_allocator *allocator, size_t size);
/* Zeroed; fails (NULL) when count * size overflows. */
void *ota__alloc_array(const ota_allocator *allocator, size_t count, size_t size);
void ota__free(const ota_allocator *allocator, void *pointer);
/* A copy of `length` bytes plus a NUL. */
char *ota__strndup(const ota_allocator *allocator, const char *text, size_t length);

#endif
