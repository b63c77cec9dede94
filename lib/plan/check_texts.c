/* SPEC 3.2: upgrade texts and their language tags. */
#include "checker.h"

#include "alloc.h"
#include "diag.h"
#include "path.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* SPEC 3.2: two tags that canonicalise to the same locale, compared without
 * regard to case.  Each tag is canonicalised once (by the caller) and the
 * tags sorted, so that 16,000 texts take milliseconds, not a minute. */
typedef struct text_tag {
    char canonical[TEXT_CANONICAL_CAPACITY];
    uint32_t index;
    uint32_t first; /* the earliest text of the same locale (itself if none) */
    int valid;
} text_tag;

static int compare_tags(const void *a, const void *b)
{
    const text_tag *x = a, *y = b;
    if (x->valid != y->valid)
        return x->valid - y->valid;
    int order = strcasecmp(x->canonical, y->canonical);
    return order ? order : (x->index > y->index) - (x->index < y->index);
}

static int compare_indices(const void *a, const void *b)
{
    const text_tag *x = a, *y = b;
    return (x->index > y->index) - (x->index < y->index);
}

/* "zh_CN" is a locale ID of POSIX or Java, not a BCP 47 tag: suggest the
 * tag with "-" when that one is well formed. */
static void suggest_tag(checker *c, const char *lang)
{
    char fixed[TEXT_CANONICAL_CAPACITY], canonical[TEXT_CANONICAL_CAPACITY];
    if (!lang || !strchr(lang, '_') || strlen(lang) >= sizeof fixed)
        return;
    for (size_t i = 0;; i++) {
        fixed[i] = lang[i] == '_' ? '-' : lang[i];
        if (!lang[i])
            break;
    }
    if (ota__text_language_tag(fixed, canonical, sizeof canonical))
        ota__diag_hint(c->list, "use \"%s\": BCP 47 tags separate their parts with \"-\"", fixed);
}

static text_tag *canonical_tags(checker *c)
{
    const ota_plan *p = c->plan;
    text_tag *tags = ota__alloc_array(c->allocator, p->text_count, sizeof *tags);
    if (!tags) {
        c->failure = OTA_ERR_NOMEM;
        return NULL;
    }
    for (uint32_t i = 0; i < p->text_count; i++) {
        tags[i].index = tags[i].first = i;
        tags[i].valid =
            p->texts[i].lang &&
            ota__text_language_tag(p->texts[i].lang, tags[i].canonical, sizeof tags[i].canonical);
    }
    qsort(tags, p->text_count, sizeof *tags, compare_tags);
    for (uint32_t i = 1; i < p->text_count; i++)
        if (tags[i].valid && tags[i - 1].valid &&
            strcasecmp(tags[i].canonical, tags[i - 1].canonical) == 0)
            tags[i].first = tags[i - 1].first;
    qsort(tags, p->text_count, sizeof *tags, compare_indices);
    return tags;
}

void ota__check_texts(checker *c)
{
    const ota_plan *p = c->plan;
    if (p->mode == OTA_MODE_SILENT) {
        if (p->text_count > 0)
            ota__not_applicable(c, OTA_CODE_TEXTS_NOT_APPLICABLE, "texts", "silent plans",
                                "silent plans upgrade without showing users any text");
        return;
    }
    if (p->text_count > 0 && !p->texts) {
        ota__diag_add(c->list, OTA_CODE_TEXT_LANG_INVALID, "texts",
                      "texts has a count but no entries");
        return;
    }
    text_tag *tags = p->text_count ? canonical_tags(c) : NULL;
    if (c->failure)
        return;
    int has_required = 0;
    const char *required = p->region == OTA_REGION_CN     ? "zh"
                           : p->region == OTA_REGION_INTL ? "en"
                                                          : NULL;
    for (uint32_t i = 0; i < p->text_count; i++) {
        const ota_text *t = &p->texts[i];
        char path[OTA_PATH_CAPACITY];
        ota__path_key(path, sizeof path, "texts", t->lang ? t->lang : "", 1);
        if (!tags[i].valid) {
            ota__diag_add(c->list, OTA_CODE_TEXT_LANG_INVALID, path,
                          "the key is not a well-formed BCP 47 language tag");
            suggest_tag(c, t->lang);
            continue;
        }
        if (tags[i].first != i) {
            char first[OTA_PATH_CAPACITY];
            ota__path_key(first, sizeof first, "texts", p->texts[tags[i].first].lang, 1);
            ota__diag_add(c->list, OTA_CODE_TEXT_LANG_DUPLICATE, path,
                          "this tag names the same locale as %s", first);
        }
        size_t length = t->text ? strlen(t->text) : 0;
        size_t start = 0, trimmed = 0;
        int text_ok = t->text && ota__text_is_utf8(t->text, length);
        if (text_ok)
            ota__text_trim(t->text, length, &start, &trimmed);
        size_t code_points = text_ok ? ota__text_count_code_points(t->text, length) : 0;
        if (!text_ok || trimmed == 0 || code_points > TEXT_MAX_CODE_POINTS) {
            ota__diag_add(c->list, OTA_CODE_TEXT_INVALID, path,
                          "a text is 1 to %d characters of valid UTF-8, not only white space",
                          TEXT_MAX_CODE_POINTS);
            continue;
        }
        char language[16];
        ota__text_locale_language(tags[i].canonical, language, sizeof language);
        if (required && strcmp(language, required) == 0)
            has_required = 1;
    }
    ota__free(c->allocator, tags);
    if (p->mode == OTA_MODE_USER_CONFIRM && required && !has_required)
        ota__diag_add(c->list, OTA_CODE_TEXT_REQUIRED_MISSING, "texts",
                      "a user_confirm plan for region %s needs a text whose language is \"%s\" "
                      "(such as \"%s\" or \"%s-%s\")",
                      p->region == OTA_REGION_CN ? "cn" : "intl", required, required, required,
                      p->region == OTA_REGION_CN ? "CN" : "US");
}
