/* SPEC 14.4: what only a set shows.  name_duplicate: a name (trimmed, NFC)
 * that an earlier plan has.  upgrade_cycle: two plans of one product that
 * run at once, can reach one device and each take a component to a
 * version the other moves it away from.  Pairs are found through the
 * set's index: the plans whose whitelists cannot meet are never compared. */
#include "plan_set.h"

#include "alloc.h"
#include "checks.h"
#include "diag.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One plan of the set as the checks see it. */
typedef struct member {
    ota_compiled_plan *compiled; /* NULL: the plan has errors of its own */
    uint32_t rank;               /* in the index, when compiled */
    char *key;                   /* the name trimmed and NFC, or NULL */
    size_t key_length;
    int32_t first_of_name; /* the first plan of the same name, or -1 */
} member;

typedef struct between {
    const ota_plan *const *plans;
    uint32_t count;
    const ota_allocator *allocator;
    ota_diagnostics *list;
    member *members;
    ota_plan_set *index;     /* of the compiled plans */
    uint32_t *index_of_rank; /* the set's plan (0..count) of each rank */
    uint32_t *stamp;         /* j + 1 once plan i is a partner of j */
    uint32_t *partners;
    uint32_t **product_lists; /* per product: ranks of plans with a whitelist */
    uint32_t *product_list_counts;
    int borrowed; /* members' plans and the index are a built set's */
} between;

static int32_t name_keys(between *b)
{
    for (uint32_t j = 0; j < b->count; j++) {
        member *m = &b->members[j];
        m->first_of_name = -1;
        const char *name = b->plans[j]->name;
        if (!name || !ota__text_is_utf8(name, strlen(name)))
            continue;
        size_t start, length;
        ota__text_trim(name, strlen(name), &start, &length);
        if (length == 0)
            continue;
        int32_t status =
            ota__text_nfc_utf8(b->allocator, name + start, length, &m->key, &m->key_length);
        if (status != OTA_OK)
            return status;
    }
    strtab names;
    int32_t status = ota__strtab_init(b->allocator, &names, b->count);
    for (uint32_t j = 0; j < b->count && status == OTA_OK; j++) {
        member *m = &b->members[j];
        if (!m->key)
            continue;
        int added;
        strtab_item *item = ota__strtab_intern(&names, m->key, (uint32_t)m->key_length,
                                               ota__strtab_hash(m->key, m->key_length), &added);
        if (added)
            item->a = j;
        else
            m->first_of_name = (int32_t)item->a;
    }
    ota__strtab_free(b->allocator, &names);
    return status;
}

/* Each plan compiled alone, without the scope's names or catalog: a plan
 * that is wrong only for those still runs, and still cycles. */
static int32_t compile_members(between *b)
{
    ota_validate_options options = OTA_VALIDATE_OPTIONS_INIT;
    options.allocator = b->allocator;
    const ota_compiled_plan **valid = ota__alloc_array(b->allocator, b->count, sizeof *valid);
    if (!valid)
        return OTA_ERR_NOMEM;
    uint32_t n = 0;
    int32_t status = OTA_OK;
    uint32_t *index_of = ota__alloc_array(b->allocator, b->count, sizeof *index_of);
    if (!index_of)
        status = OTA_ERR_NOMEM;
    for (uint32_t j = 0; j < b->count && status == OTA_OK; j++) {
        ota_compiled_plan *cp = NULL;
        status = ota_plan_compile(b->plans[j], &options, &cp, NULL);
        if (status == OTA_ERR_INVALID_PLAN) {
            status = OTA_OK;
            continue;
        }
        if (status != OTA_OK)
            break;
        b->members[j].compiled = cp;
        index_of[n] = j;
        valid[n++] = cp;
    }
    if (status == OTA_OK && n > 0)
        status = ota__plan_set_build(valid, n, b->allocator, 1, &b->index);
    if (status == OTA_OK && b->index) {
        b->index_of_rank = ota__alloc_array(b->allocator, n, sizeof *b->index_of_rank);
        if (!b->index_of_rank)
            status = OTA_ERR_NOMEM;
        for (uint32_t rank = 0; rank < n && status == OTA_OK; rank++) {
            uint32_t j = index_of[b->index->ranked[rank].index];
            b->index_of_rank[rank] = j;
            b->members[j].rank = rank;
        }
    }
    ota__free(b->allocator, index_of);
    ota__free(b->allocator, valid);
    return status;
}

/* The plans with a whitelist, per product, in rank order. */
static int32_t list_whitelisted(between *b)
{
    const ota_plan_set *set = b->index;
    uint32_t groups = set->products.count;
    b->product_lists = ota__alloc_array(b->allocator, groups, sizeof *b->product_lists);
    b->product_list_counts = ota__alloc_array(b->allocator, groups, sizeof *b->product_list_counts);
    uint32_t *all = ota__alloc_array(b->allocator, set->count, sizeof *all);
    if (!b->product_lists || !b->product_list_counts || !all) {
        ota__free(b->allocator, all);
        return OTA_ERR_NOMEM;
    }
    for (uint32_t rank = 0; rank < set->count; rank++)
        b->product_list_counts[set->ranked[rank].product] += !set->ranked[rank].open;
    uint32_t first = 0;
    for (uint32_t g = 0; g < groups; g++) {
        b->product_lists[g] = all + first;
        first += b->product_list_counts[g];
        b->product_list_counts[g] = 0;
    }
    for (uint32_t rank = 0; rank < set->count; rank++) {
        const ranked_plan *r = &set->ranked[rank];
        if (!r->open)
            b->product_lists[r->product][b->product_list_counts[r->product]++] = rank;
    }
    return OTA_OK;
}

static int runs(const ota_compiled_plan *p)
{
    return p->state != OTA_PLAN_TERMINATED && p->state != OTA_PLAN_ENDED;
}

static int periods_overlap(const ota_compiled_plan *a, const ota_compiled_plan *b)
{
    int64_t later_start =
        a->effective_start > b->effective_start ? a->effective_start : b->effective_start;
    int64_t earlier_end = a->end < b->end ? a->end : b->end;
    return later_start < earlier_end;
}

/* Some device the whitelist plan `listed` targets that the open plan's
 * blacklist does not hold. */
static int open_plan_meets(const ota_compiled_plan *open, const ota_compiled_plan *listed)
{
    char id[128];
    const idset *ids = &listed->devices;
    for (uint32_t slot = 0; slot < idset_slots(ids); slot++) {
        unsigned lists;
        size_t length = ota__idset_slot_id(ids, slot, id, &lists);
        if (!length || !(lists & IDSET_WHITELIST) || (lists & IDSET_BLACKLIST))
            continue;
        if (!open->devices.blacklist_count ||
            !(ota__idset_lists_of(&open->devices, id, length, ota__idset_hash(id, length)) &
              IDSET_BLACKLIST))
            return 1;
    }
    return 0;
}

static void add_partner(between *b, uint32_t j, uint32_t i, uint32_t *count)
{
    if (i >= j || b->stamp[i] == j + 1)
        return;
    b->stamp[i] = j + 1;
    b->partners[(*count)++] = i;
}

/* The earlier plans that can reach a device with plan j (SPEC 14.4), in
 * any order: the open plans of its product, and either every whitelist
 * plan of it (j is open) or those sharing a targeted ID with j. */
static uint32_t find_partners(between *b, uint32_t j)
{
    const ota_plan_set *set = b->index;
    const ota_compiled_plan *pj = b->members[j].compiled;
    const ranked_plan *rj = &set->ranked[b->members[j].rank];
    const product_group *group = &set->groups[rj->product];
    uint32_t count = 0;
    for (uint32_t n = 0; n < group->count; n++) {
        uint32_t i = b->index_of_rank[set->open_ranks[group->first + n]];
        if (i < j && (rj->open || open_plan_meets(b->members[i].compiled, pj)))
            add_partner(b, j, i, &count);
    }
    if (rj->open) {
        for (uint32_t n = 0; n < b->product_list_counts[rj->product]; n++) {
            uint32_t i = b->index_of_rank[b->product_lists[rj->product][n]];
            if (i < j && open_plan_meets(pj, b->members[i].compiled))
                add_partner(b, j, i, &count);
        }
        return count;
    }
    char id[128];
    for (uint32_t slot = 0; slot < idset_slots(&pj->devices); slot++) {
        unsigned lists;
        size_t length = ota__idset_slot_id(&pj->devices, slot, id, &lists);
        if (!length || !(lists & IDSET_WHITELIST) || (lists & IDSET_BLACKLIST))
            continue;
        const uint32_t *ranks = NULL;
        uint32_t n = listed_ranks_of(set, id, length, ota__idset_hash(id, length), &ranks);
        for (uint32_t k = 0; k < n; k++)
            if (set->ranked[ranks[k]].product == rj->product)
                add_partner(b, j, b->index_of_rank[ranks[k]], &count);
    }
    return count;
}

static int applies_to(const compiled_component *k, compiled_string version)
{
    ota_device_version reported = {k->id.text, version.text};
    ota_device device = OTA_DEVICE_INIT;
    device.versions = &reported;
    device.version_count = 1;
    return why_not_applicable(k, &device) == OTA_REASON_OK;
}

static const compiled_component *component_named(const ota_compiled_plan *p, compiled_string id)
{
    for (uint32_t k = 0; k < p->component_count; k++)
        if (p->components[k].id.length == id.length &&
            memcmp(p->components[k].id.text, id.text, id.length) == 0)
            return &p->components[k];
    return NULL;
}

static void check_pair(between *b, uint32_t i, uint32_t j)
{
    const ota_compiled_plan *pi = b->members[i].compiled, *pj = b->members[j].compiled;
    if (!runs(pi) || !periods_overlap(pi, pj))
        return;
    for (uint32_t k = 0; k < pj->component_count; k++) {
        const compiled_component *cj = &pj->components[k];
        const compiled_component *ci = component_named(pi, cj->id);
        if (!ci || (ci->target.length == cj->target.length &&
                    memcmp(ci->target.text, cj->target.text, ci->target.length) == 0))
            continue;
        if (!applies_to(cj, ci->target) || !applies_to(ci, cj->target))
            continue;
        char message[1024];
        snprintf(message, sizeof message,
                 "plans[%u] \"%s\" takes %s to %s and plans[%u] \"%s\" takes it back to %s: "
                 "a device goes back and forth for as long as both run",
                 j, pj->name.text, cj->id.text, cj->target.text, i, pi->name.text, ci->target.text);
        ota__diag_addp(b->list, OTA_CODE_UPGRADE_CYCLE, message, "plans[%u].components[%u]", j, k);
    }
}

static void name_duplicate(between *b, uint32_t j)
{
    char message[160];
    snprintf(message, sizeof message,
             "plans[%d] already has this name (names are compared trimmed and NFC-normalised)",
             b->members[j].first_of_name);
    ota__diag_addp(b->list, OTA_CODE_NAME_DUPLICATE, message, "plans[%u].name", j);
}

static int compare_indexes(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* SPEC 14.4's order: by j, then i, then k (a name_duplicate before the
 * cycles of the same i). */
static void report(between *b)
{
    for (uint32_t j = 0; j < b->count && !b->list->out_of_memory; j++) {
        const member *m = &b->members[j];
        uint32_t count = 0;
        if (m->compiled && runs(m->compiled) && b->index)
            count = find_partners(b, j);
        qsort(b->partners, count, sizeof *b->partners, compare_indexes);
        int named = m->first_of_name < 0;
        for (uint32_t n = 0; n < count; n++) {
            if (!named && b->partners[n] >= (uint32_t)m->first_of_name) {
                name_duplicate(b, j);
                named = 1;
            }
            check_pair(b, b->partners[n], j);
        }
        if (!named)
            name_duplicate(b, j);
    }
}

static void release(between *b)
{
    for (uint32_t j = 0; j < b->count && b->members; j++) {
        ota__free(b->allocator, b->members[j].key);
        if (!b->borrowed)
            ota_compiled_plan_free(b->members[j].compiled);
    }
    ota__free(b->allocator, b->members);
    if (!b->borrowed)
        ota_plan_set_free(b->index);
    ota__free(b->allocator, b->index_of_rank);
    ota__free(b->allocator, b->stamp);
    ota__free(b->allocator, b->partners);
    if (b->product_lists)
        ota__free(b->allocator, b->product_lists[0]);
    ota__free(b->allocator, b->product_lists);
    ota__free(b->allocator, b->product_list_counts);
}

/* report() with the collected out-of-memory flag of this run only. */
static int32_t report_into_list(between *b)
{
    ota_diagnostics *list = b->list;
    int was_failed = list->out_of_memory;
    list->out_of_memory = 0;
    report(b);
    int32_t status = list->out_of_memory ? OTA_ERR_NOMEM : OTA_OK;
    list->out_of_memory |= was_failed;
    return status;
}

int32_t ota_plan_set_check_cycles(const ota_plan_set *set, ota_diagnostics *list)
{
    if (!set || !list)
        return OTA_ERR_NULL;
    /* A built set: its plans compiled, its names distinct, its index made. */
    between b = {.count = set->count,
                 .allocator = set->allocator,
                 .list = list,
                 .index = (ota_plan_set *)set,
                 .borrowed = 1};
    b.members = ota__alloc_array(b.allocator, b.count, sizeof *b.members);
    b.index_of_rank = ota__alloc_array(b.allocator, b.count, sizeof *b.index_of_rank);
    b.stamp = ota__alloc_array(b.allocator, b.count, sizeof *b.stamp);
    b.partners = ota__alloc_array(b.allocator, b.count, sizeof *b.partners);
    int32_t status = b.members && b.index_of_rank && b.stamp && b.partners ? OTA_OK : OTA_ERR_NOMEM;
    for (uint32_t j = 0; j < b.count && status == OTA_OK; j++)
        b.members[j] = (member){.compiled = (ota_compiled_plan *)set->ranked[set->rank_of[j]].plan,
                                .rank = set->rank_of[j],
                                .first_of_name = -1};
    for (uint32_t rank = 0; rank < b.count && status == OTA_OK; rank++)
        b.index_of_rank[rank] = set->ranked[rank].index;
    if (status == OTA_OK)
        status = list_whitelisted(&b);
    if (status == OTA_OK)
        status = report_into_list(&b);
    release(&b);
    return status;
}

int32_t ota_plan_set_check_between(const ota_plan *const *plans, uint32_t count,
                                   const ota_validate_options *options, ota_diagnostics *list)
{
    if (!plans || !list)
        return OTA_ERR_NULL;
    if (count == 0 || count > OTA_MAX_SET_PLANS)
        return OTA_ERR_ARGUMENT;
    for (uint32_t i = 0; i < count; i++)
        if (!plans[i])
            return OTA_ERR_NULL;
    if (options && options->version != OTA_VALIDATE_OPTIONS_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    between b = {.plans = plans,
                 .count = count,
                 .allocator = options ? options->allocator : NULL,
                 .list = list};
    b.members = ota__alloc_array(b.allocator, count, sizeof *b.members);
    b.stamp = ota__alloc_array(b.allocator, count, sizeof *b.stamp);
    b.partners = ota__alloc_array(b.allocator, count, sizeof *b.partners);
    int32_t status = b.members && b.stamp && b.partners ? name_keys(&b) : OTA_ERR_NOMEM;
    if (status == OTA_OK)
        status = compile_members(&b);
    if (status == OTA_OK && b.index)
        status = list_whitelisted(&b);
    if (status == OTA_OK)
        status = report_into_list(&b);
    release(&b);
    return status;
}

int32_t ota_plan_set_validate(const ota_plan *const *plans, uint32_t count,
                              const ota_validate_options *options, ota_diagnostics **out)
{
    if (out)
        *out = NULL;
    if (!plans || !out)
        return OTA_ERR_NULL;
    if (count == 0 || count > OTA_MAX_SET_PLANS)
        return OTA_ERR_ARGUMENT;
    if (options && options->version != OTA_VALIDATE_OPTIONS_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    ota_diagnostics *list = ota__diag_new(options ? options->allocator : NULL);
    if (!list)
        return OTA_ERR_NOMEM;
    int32_t status = OTA_OK;
    for (uint32_t i = 0; i < count && status == OTA_OK; i++) {
        ota_diagnostics *own = NULL;
        status = plans[i] ? ota_plan_validate(plans[i], options, &own) : OTA_ERR_NULL;
        char prefix[32];
        snprintf(prefix, sizeof prefix, "plans[%u]", i);
        if (status == OTA_OK)
            status = ota_diagnostics_append(list, own, prefix);
        ota_diagnostics_free(own);
    }
    if (status == OTA_OK)
        status = ota_plan_set_check_between(plans, count, options, list);
    if (status != OTA_OK) {
        ota_diagnostics_free(list);
        return status;
    }
    *out = list;
    return OTA_OK;
}
