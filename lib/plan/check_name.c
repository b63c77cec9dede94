/* SPEC 3 "name": trimmed, counted, compared after NFC. */
#include "checker.h"

#include "alloc.h"
#include "diag.h"
#include "text.h"

#include <string.h>

static int name_is_duplicate(checker *c, const char *name, size_t length)
{
    const ota_validate_options *o = c->options;
    if (!o->existing_names || o->existing_name_count == 0)
        return 0;
    uint16_t *mine = NULL;
    int32_t mine_length = 0;
    int32_t status = ota__text_nfc(c->allocator, name, length, &mine, &mine_length);
    if (status != OTA_OK) {
        c->failure = status;
        return 0;
    }
    int duplicate = 0;
    for (uint32_t i = 0; i < o->existing_name_count && !duplicate && !c->failure; i++) {
        const char *other = o->existing_names[i];
        if (!other || !ota__text_is_utf8(other, strlen(other)))
            continue;
        size_t start, trimmed;
        ota__text_trim(other, strlen(other), &start, &trimmed);
        uint16_t *theirs = NULL;
        int32_t theirs_length = 0;
        status = ota__text_nfc(c->allocator, other + start, trimmed, &theirs, &theirs_length);
        if (status != OTA_OK) {
            c->failure = status;
            break;
        }
        duplicate = theirs_length == mine_length &&
                    memcmp(theirs, mine, (size_t)mine_length * sizeof *mine) == 0;
        ota__free(c->allocator, theirs);
    }
    ota__free(c->allocator, mine);
    return duplicate;
}

void ota__check_name(checker *c)
{
    const char *name = c->plan->name;
    if (!name) {
        ota__diag_add(c->list, OTA_CODE_NAME_MISSING, "name", "the plan needs a name");
        return;
    }
    size_t length = strlen(name);
    if (!ota__text_is_utf8(name, length)) {
        ota__diag_add(c->list, OTA_CODE_NAME_INVALID_UTF8, "name", "the name is not valid UTF-8");
        return;
    }
    size_t start, trimmed;
    ota__text_trim(name, length, &start, &trimmed);
    if (trimmed == 0) {
        ota__diag_add(c->list, OTA_CODE_NAME_MISSING, "name",
                      "the name is empty once white space is trimmed");
        return;
    }
    if (ota__text_has_control(name + start, trimmed)) {
        ota__diag_add(c->list, OTA_CODE_NAME_CONTROL_CHAR, "name",
                      "the name contains a control character");
        return;
    }
    size_t code_points = ota__text_count_code_points(name + start, trimmed);
    if (code_points > NAME_MAX_CODE_POINTS) {
        ota__diag_add(c->list, OTA_CODE_NAME_TOO_LONG, "name",
                      "the name has %zu characters; at most %d are allowed", code_points,
                      NAME_MAX_CODE_POINTS);
        return;
    }
    if (name_is_duplicate(c, name + start, trimmed))
        ota__diag_add(c->list, OTA_CODE_NAME_DUPLICATE, "name",
                      "another plan in this scope already has this name");
}
