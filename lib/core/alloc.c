#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *ota__alloc(const ota_allocator *allocator, size_t size)
{
    if (size == 0)
        size = 1;
    if (allocator && allocator->alloc)
        return allocator->alloc(allocator->context, size);
    return malloc(size);
}

void *ota__alloc_array(const ota_allocator *allocator, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    void *p = ota__alloc(allocator, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void ota__free(const ota_allocator *allocator, void *pointer)
{
    if (!pointer)
        return;
    if (allocator && allocator->free)
        allocator->free(allocator->context, pointer);
    else
        free(pointer);
}

char *ota__strndup(const ota_allocator *allocator, const char *text, size_t length)
{
    if (length == SIZE_MAX)
        return NULL;
    char *copy = ota__alloc(allocator, length + 1);
    if (copy) {
        memcpy(copy, text, length);
        copy[length] = '\0';
    }
    return copy;
}
