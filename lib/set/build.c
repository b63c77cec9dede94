/* ota_plan_set_new(): the plans in precedence (SPEC 14.1) and the index
 * that selection reads. */
#include "plan_set.h"

#include "alloc.h"

#include <string.h>

int ota__precedes(const ota_compiled_plan *a, uint32_t a_index, const ota_compiled_plan *b,
                  uint32_t b_index)
{
    if (a->priority != b->priority)
        return a->priority > b->priority;
    if (a->effective_start != b->effective_start)
        return a->effective_start > b->effective_start;
    uint32_t shorter =
        a->name_key.length < b->name_key.length ? a->name_key.length : b->name_key.length;
    int bytes = memcmp(a->name_key.text, b->name_key.text, shorter);
    if (bytes != 0)
        return bytes < 0;
    if (a->name_key.length != b->name_key.length)
        return a->name_key.length < b->name_key.length;
    return a_index < b_index;
}

/* A stable merge sort of plan indexes: qsort has no context argument in
 * ISO C, and the set's plans are what the comparison reads. */
static void sort_by_precedence(const ota_compiled_plan *const *plans, uint32_t *order,
                               uint32_t *scratch, uint32_t count)
{
    for (uint32_t width = 1; width < count; width *= 2) {
        for (uint32_t left = 0; left < count; left += 2 * width) {
            uint32_t middle = left + width < count ? left + width : count;
            uint32_t right = middle + width < count ? middle + width : count;
            uint32_t i = left, j = middle, k = left;
            while (i < middle && j < right)
                scratch[k++] = ota__precedes(plans[order[j]], order[j], plans[order[i]], order[i])
                                   ? order[j++]
                                   : order[i++];
            while (i < middle)
                scratch[k++] = order[i++];
            while (j < right)
                scratch[k++] = order[j++];
        }
        memcpy(order, scratch, count * sizeof *order);
    }
}

static int32_t rank_plans(ota_plan_set *set, const ota_compiled_plan *const *plans)
{
    uint32_t *order = ota__alloc_array(set->allocator, set->count, sizeof *order);
    uint32_t *scratch = ota__alloc_array(set->allocator, set->count, sizeof *scratch);
    if (!order || !scratch) {
        ota__free(set->allocator, order);
        ota__free(set->allocator, scratch);
        return OTA_ERR_NOMEM;
    }
    for (uint32_t i = 0; i < set->count; i++)
        order[i] = i;
    sort_by_precedence(plans, order, scratch, set->count);
    for (uint32_t rank = 0; rank < set->count; rank++) {
        const ota_compiled_plan *p = plans[order[rank]];
        set->ranked[rank] =
            (ranked_plan){.plan = p, .index = order[rank], .open = p->devices.whitelist_count == 0};
        set->rank_of[order[rank]] = rank;
    }
    ota__free(set->allocator, order);
    ota__free(set->allocator, scratch);
    return OTA_OK;
}

static int32_t index_names(ota_plan_set *set, int allow_same_names)
{
    int32_t status = ota__strtab_init(set->allocator, &set->names, set->count);
    for (uint32_t rank = 0; rank < set->count && status == OTA_OK; rank++) {
        const ranked_plan *r = &set->ranked[rank];
        compiled_string key = r->plan->name_key;
        int added;
        strtab_item *item = ota__strtab_intern(&set->names, key.text, key.length,
                                               ota__strtab_hash(key.text, key.length), &added);
        if (added || r->index < item->a)
            item->a = r->index;
        if (!added && !allow_same_names)
            status = OTA_ERR_ARGUMENT;
    }
    return status;
}

static int32_t index_products(ota_plan_set *set)
{
    int32_t status = ota__strtab_init(set->allocator, &set->products, set->count);
    if (status != OTA_OK)
        return status;
    uint32_t open = 0;
    for (uint32_t rank = 0; rank < set->count; rank++) {
        ranked_plan *r = &set->ranked[rank];
        compiled_string product = r->plan->product;
        int added;
        strtab_item *item =
            ota__strtab_intern(&set->products, product.text, product.length,
                               ota__strtab_hash(product.text, product.length), &added);
        r->product = (uint32_t)(item - set->products.items);
        item->b += r->open;
        open += r->open;
    }
    set->groups = ota__alloc_array(set->allocator, set->products.count, sizeof *set->groups);
    set->open_ranks = ota__alloc_array(set->allocator, open ? open : 1, sizeof *set->open_ranks);
    if (!set->groups || !set->open_ranks)
        return OTA_ERR_NOMEM;
    uint32_t first = 0;
    for (uint32_t g = 0; g < set->products.count; g++) {
        set->groups[g].first = first;
        first += set->products.items[g].b;
    }
    for (uint32_t rank = 0; rank < set->count; rank++) {
        const ranked_plan *r = &set->ranked[rank];
        if (r->open) {
            product_group *group = &set->groups[r->product];
            set->open_ranks[group->first + group->count++] = rank;
        }
    }
    return OTA_OK;
}

/* A whitelisted ID that its own plan's blacklist does not hold: that plan
 * targets the device (SPEC 14.3, step 1). */
static int targeted(unsigned lists)
{
    return (lists & IDSET_WHITELIST) && !(lists & IDSET_BLACKLIST);
}

typedef struct listing {
    uint32_t item;
    uint32_t rank;
} listing;

/* IDs read from the plans' tables, interned a batch at a time: the table
 * is far larger than the cache, and with every slot of a batch fetched
 * first its misses overlap instead of adding up (bench/bench_set). */
enum { PENDING = 32 };
typedef struct pending {
    uint32_t count;
    uint32_t length[PENDING];
    uint32_t rank[PENDING];
    uint64_t hash[PENDING];
    char id[PENDING][128];
} pending;

static void intern_pending(ota_plan_set *set, pending *batch, char **next, listing *found,
                           uint32_t *n)
{
    for (uint32_t k = 0; k < batch->count; k++) {
        /* Interned from a copy in the table's own bytes, kept only when new. */
        memcpy(*next, batch->id[k], batch->length[k]);
        int added;
        strtab_item *item =
            ota__strtab_intern(&set->listed, *next, batch->length[k], batch->hash[k], &added);
        if (added)
            *next += batch->length[k];
        item->b++;
        found[(*n)++] = (listing){(uint32_t)(item - set->listed.items), batch->rank[k]};
    }
    batch->count = 0;
}

/* Every targeted ID once in the table, with the ranks that list it in
 * rank order (a stable counting sort of the pairs found). */
static int32_t index_whitelists(ota_plan_set *set)
{
    uint64_t pairs = 0, bytes = 0;
    char id[128];
    for (uint32_t rank = 0; rank < set->count; rank++) {
        const idset *ids = &set->ranked[rank].plan->devices;
        if (set->ranked[rank].open)
            continue;
        for (uint32_t slot = 0; slot < idset_slots(ids); slot++) {
            unsigned lists;
            size_t length = ota__idset_slot_id(ids, slot, id, &lists);
            if (length && targeted(lists)) {
                pairs++;
                bytes += length;
            }
        }
    }
    if (pairs > UINT32_MAX / 2 || bytes > SIZE_MAX / 2)
        return OTA_ERR_NOMEM;
    int32_t status = ota__strtab_init(set->allocator, &set->listed, (uint32_t)pairs);
    set->listed_bytes = ota__alloc(set->allocator, (size_t)bytes + 1);
    set->listed_ranks =
        ota__alloc_array(set->allocator, pairs ? (size_t)pairs : 1, sizeof *set->listed_ranks);
    listing *found = ota__alloc_array(set->allocator, pairs ? (size_t)pairs : 1, sizeof *found);
    if (status != OTA_OK || !set->listed_bytes || !set->listed_ranks || !found) {
        ota__free(set->allocator, found);
        return OTA_ERR_NOMEM;
    }
    char *next = set->listed_bytes;
    uint32_t n = 0;
    pending batch;
    batch.count = 0;
    for (uint32_t rank = 0; rank < set->count; rank++) {
        const idset *ids = &set->ranked[rank].plan->devices;
        if (set->ranked[rank].open)
            continue;
        for (uint32_t slot = 0; slot < idset_slots(ids); slot++) {
            unsigned lists;
            uint32_t k = batch.count;
            size_t length = ota__idset_slot_id(ids, slot, batch.id[k], &lists);
            if (!length || !targeted(lists))
                continue;
            batch.length[k] = (uint32_t)length;
            batch.hash[k] = ota__strtab_hash(batch.id[k], length);
            batch.rank[k] = rank;
            ota__strtab_prefetch(&set->listed, batch.hash[k]);
            if (++batch.count == PENDING)
                intern_pending(set, &batch, &next, found, &n);
        }
    }
    intern_pending(set, &batch, &next, found, &n);
    uint32_t first = 0;
    for (uint32_t i = 0; i < set->listed.count; i++) {
        set->listed.items[i].a = first;
        first += set->listed.items[i].b;
        set->listed.items[i].b = 0;
    }
    for (uint32_t i = 0; i < n; i++) {
        strtab_item *item = &set->listed.items[found[i].item];
        set->listed_ranks[item->a + item->b++] = found[i].rank;
    }
    ota__free(set->allocator, found);
    return OTA_OK;
}

int32_t ota__plan_set_build(const ota_compiled_plan *const *plans, uint32_t count,
                            const ota_allocator *allocator, int allow_same_names,
                            ota_plan_set **out)
{
    *out = NULL;
    ota_plan_set *set = ota__alloc_array(allocator, 1, sizeof *set);
    if (!set)
        return OTA_ERR_NOMEM;
    if (allocator) {
        set->custom = *allocator;
        set->allocator = &set->custom;
    }
    set->count = count;
    set->ranked = ota__alloc_array(set->allocator, count, sizeof *set->ranked);
    set->rank_of = ota__alloc_array(set->allocator, count, sizeof *set->rank_of);
    int32_t status = set->ranked && set->rank_of ? rank_plans(set, plans) : OTA_ERR_NOMEM;
    if (status == OTA_OK)
        status = index_names(set, allow_same_names);
    if (status == OTA_OK)
        status = index_products(set);
    if (status == OTA_OK)
        status = index_whitelists(set);
    if (status != OTA_OK) {
        ota_plan_set_free(set);
        return status;
    }
    *out = set;
    return OTA_OK;
}

int32_t ota_plan_set_new(const ota_compiled_plan *const *plans, uint32_t count,
                         const ota_allocator *allocator, ota_plan_set **out)
{
    if (out)
        *out = NULL;
    if (!plans || !out)
        return OTA_ERR_NULL;
    if (count == 0 || count > OTA_MAX_SET_PLANS)
        return OTA_ERR_ARGUMENT;
    for (uint32_t i = 0; i < count; i++)
        if (!plans[i])
            return OTA_ERR_NULL;
    return ota__plan_set_build(plans, count, allocator, 0, out);
}

void ota_plan_set_free(ota_plan_set *set)
{
    if (!set)
        return;
    const ota_allocator *allocator = set->allocator;
    ota__strtab_free(allocator, &set->names);
    ota__strtab_free(allocator, &set->products);
    ota__strtab_free(allocator, &set->listed);
    ota__free(allocator, set->groups);
    ota__free(allocator, set->open_ranks);
    ota__free(allocator, set->listed_ranks);
    ota__free(allocator, set->listed_bytes);
    ota__free(allocator, set->ranked);
    ota__free(allocator, set->rank_of);
    ota__free(allocator, set);
}

uint32_t ota_plan_set_count(const ota_plan_set *set)
{
    return set ? set->count : 0;
}

const ota_compiled_plan *ota_plan_set_plan(const ota_plan_set *set, uint32_t index)
{
    return set && index < set->count ? set->ranked[set->rank_of[index]].plan : NULL;
}

int32_t ota_plan_set_ranked(const ota_plan_set *set, uint32_t position, uint32_t *index)
{
    if (!set || !index)
        return OTA_ERR_NULL;
    if (position >= set->count)
        return OTA_ERR_INDEX;
    *index = set->ranked[position].index;
    return OTA_OK;
}
