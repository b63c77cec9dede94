/* ota_plan_set_find(): a plan by name, as a device's "plans" keys name
 * them (SPEC 14.2): trimmed and NFC, like the names of a set. */
#include "plan_set.h"

#include "alloc.h"
#include "text.h"

#include <string.h>

static int is_ascii_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static int32_t find_key(const ota_plan_set *set, const char *key, size_t length, uint32_t *index)
{
    const strtab_item *item =
        ota__strtab_find(&set->names, key, length, ota__strtab_hash(key, length));
    if (!item)
        return OTA_NO_MORE;
    *index = item->a;
    return OTA_OK;
}

int32_t ota_plan_set_find(const ota_plan_set *set, const char *name, uint32_t *index)
{
    if (!set || !name || !index)
        return OTA_ERR_NULL;
    size_t length = strlen(name);
    size_t ascii = 0;
    while (ascii < length && (unsigned char)name[ascii] < 0x80)
        ascii++;
    /* ASCII is its own NFC and its only white space is ASCII's: a fleet's
     * keys are looked up without ICU and without allocating. */
    if (ascii == length) {
        size_t start = 0, end = length;
        while (start < end && is_ascii_space(name[start]))
            start++;
        while (end > start && is_ascii_space(name[end - 1]))
            end--;
        return find_key(set, name + start, end - start, index);
    }
    if (!ota__text_is_utf8(name, length))
        return OTA_NO_MORE;
    size_t start, trimmed;
    ota__text_trim(name, length, &start, &trimmed);
    char *key = NULL;
    size_t key_length = 0;
    int32_t status = ota__text_nfc_utf8(set->allocator, name + start, trimmed, &key, &key_length);
    if (status != OTA_OK)
        return status;
    status = find_key(set, key, key_length, index);
    ota__free(set->allocator, key);
    return status;
}
