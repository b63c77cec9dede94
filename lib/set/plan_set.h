/* The plan set (SPEC 14) as selection reads it: the plans in precedence,
 * and the index that finds the few that target a device without looking
 * at the others. */
#ifndef OTA_PLAN_SET_H
#define OTA_PLAN_SET_H

#include "compiled.h"
#include "strtab.h"

/* A plan at its place in precedence (its rank). */
typedef struct ranked_plan {
    const ota_compiled_plan *plan;
    uint32_t index;   /* plans[index] of the caller's array */
    uint32_t product; /* its product's group */
    int open;         /* an empty whitelist: it targets its product's fleet */
} ranked_plan;

/* The plans of one product with an empty whitelist: ranks
 * open_ranks[first .. first + count), ascending. */
typedef struct product_group {
    uint32_t first;
    uint32_t count;
} product_group;

struct ota_plan_set {
    ota_allocator custom;           /* the caller's allocator, copied */
    const ota_allocator *allocator; /* &custom, or NULL for malloc/free */
    uint32_t count;
    ranked_plan *ranked; /* by rank */
    uint32_t *rank_of;   /* by index */
    /* product -> group (the item's index); the texts are the plans' */
    strtab products;
    product_group *groups;
    uint32_t *open_ranks;
    /* whitelisted device ID -> the ranks of the plans whose whitelist
     * holds it and whose blacklist does not: listed_ranks[a .. a + b),
     * ascending; the texts are in listed_bytes */
    strtab listed;
    uint32_t *listed_ranks;
    char *listed_bytes;
    /* name (trimmed, NFC) -> index (item.a) */
    strtab names;
};

/* SPEC 14.1: 1 if plan a comes before plan b. */
int ota__precedes(const ota_compiled_plan *a, uint32_t a_index, const ota_compiled_plan *b,
                  uint32_t b_index);

/* Builds the set; with allow_same_names, two plans may share a name (set
 * validation indexes sets that are not valid yet), and the later index
 * breaks the tie.  Returns OTA_OK, OTA_ERR_ARGUMENT (a name twice) or
 * OTA_ERR_NOMEM. */
int32_t ota__plan_set_build(const ota_compiled_plan *const *plans, uint32_t count,
                            const ota_allocator *allocator, int allow_same_names,
                            ota_plan_set **out);

/* The listed ranks of a device ID: *ranks and the count returned. */
static inline uint32_t listed_ranks_of(const ota_plan_set *set, const char *id, size_t length,
                                       uint64_t hash, const uint32_t **ranks)
{
    const strtab_item *item = ota__strtab_find(&set->listed, id, length, hash);
    if (!item)
        return 0;
    *ranks = set->listed_ranks + item->a;
    return item->b;
}

#endif
