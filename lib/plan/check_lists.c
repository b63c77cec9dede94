/* SPEC 3: the blacklist and the whitelist. */
#include "checker.h"

#include "diag.h"
#include "idset.h"
#include "device_id.h"

static void report_duplicate(void *context, int list, uint32_t index)
{
    checker *c = context;
    ota__diag_addp(c->list, OTA_CODE_LIST_DUPLICATE, "this device ID is already in the list",
                   "%s[%u]", list == IDSET_BLACKLIST ? "blacklist" : "whitelist", index);
}

static void report_in_both(void *context, uint32_t index)
{
    checker *c = context;
    ota__diag_addp(c->list, OTA_CODE_DEVICE_IN_BOTH_LISTS,
                   "this device is also blacklisted; the blacklist wins", "whitelist[%u]", index);
}

/* Returns 1 when every entry is valid, so the list can be hashed. */
static int check_list(checker *c, const char *field, const char *const *ids, uint32_t count)
{
    if (count > OTA_MAX_LIST_ENTRIES) {
        ota__diag_add(c->list, OTA_CODE_LIST_TOO_LONG, field,
                      "%s has %u entries; at most %u are allowed", field, count,
                      OTA_MAX_LIST_ENTRIES);
        return 0;
    }
    if (count > 0 && !ids) {
        ota__diag_add(c->list, OTA_CODE_LIST_ENTRY_INVALID, field, "%s has a count but no entries",
                      field);
        return 0;
    }
    int valid = 1;
    for (uint32_t i = 0; i < count; i++) {
        if (!ids[i] || !ota__device_id_length(ids[i])) {
            ota__diag_addp(c->list, OTA_CODE_LIST_ENTRY_INVALID,
                           "a device ID is 1 to 128 bytes of UTF-8 without control characters",
                           "%s[%u]", field, i);
            valid = 0;
        }
    }
    return valid;
}

void ota__check_lists(checker *c)
{
    const ota_plan *p = c->plan;
    int black_ok = check_list(c, "blacklist", p->blacklist, p->blacklist_count);
    int white_ok = check_list(c, "whitelist", p->whitelist, p->whitelist_count);
    if (!black_ok || !white_ok || c->failure)
        return;
    idset_events events = {report_duplicate, report_in_both, c};
    int32_t status = ota__idset_build(c->allocator, p->blacklist, p->blacklist_count, p->whitelist,
                                      p->whitelist_count, &events, &c->facts->devices);
    if (status != OTA_OK) {
        c->failure = status;
        return;
    }
    c->facts->lists_built = 1;
}
