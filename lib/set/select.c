/* SPEC 14.3: which plan of a set governs a device, from the set's index:
 * the product's fleet-wide plans and the plans whose whitelist holds the
 * device, merged in precedence, each evaluated as the device stands in it. */
#include "plan_set.h"

#include "checks.h"
#include "device_id.h"
#include "evaluate.h"
#include "instant.h"

#include <string.h>

int32_t ota_set_device_init(ota_set_device *device, uint32_t version)
{
    if (!device)
        return OTA_ERR_NULL;
    if (version != OTA_SET_DEVICE_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    *device = (ota_set_device){.version = version};
    return OTA_OK;
}

int32_t ota_selection_init(ota_selection *selection, uint32_t version)
{
    if (!selection)
        return OTA_ERR_NULL;
    if (version != OTA_SELECTION_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    *selection = (ota_selection){.version = version, .plan = -1};
    ota_eligibility_init(&selection->eligibility, OTA_ELIGIBILITY_VERSION);
    ota_push_result_init(&selection->push, OTA_PUSH_RESULT_VERSION);
    return OTA_OK;
}

static const ota_plan_state *state_in(const ota_set_device *d, uint32_t plan)
{
    uint32_t low = 0, high = d->state_count;
    while (low < high) {
        uint32_t middle = low + (high - low) / 2;
        if (d->states[middle].plan < plan)
            low = middle + 1;
        else
            high = middle;
    }
    return low < d->state_count && d->states[low].plan == plan ? &d->states[low] : NULL;
}

static void view_in(const ota_set_device *d, uint32_t plan, ota_device *out)
{
    *out = *d->device;
    const ota_plan_state *s = state_in(d, plan);
    if (!s)
        return;
    out->state = s->state;
    out->state_at = s->state_at;
    out->appointment_start = s->appointment_start;
    out->appointment_end = s->appointment_end;
    out->failed_attempts = s->failed_attempts;
}

static int has_own_state(const ota_device *d)
{
    return d->state != OTA_DEVICE_IDLE || d->state_at != OTA_NO_INSTANT ||
           d->appointment_start != OTA_NO_INSTANT || d->appointment_end != OTA_NO_INSTANT ||
           d->failed_attempts != 0;
}

/* SPEC 14.2 for the C struct: the device of SPEC 4 without a state of its
 * own, and one valid state per plan, sorted. */
static int32_t set_device_check(const ota_set_device *d, uint32_t plan_count)
{
    if (!d)
        return OTA_ERR_NULL;
    if (d->version != OTA_SET_DEVICE_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    if (d->state_count > 0 && !d->states)
        return OTA_ERR_NULL;
    int32_t status = ota_device_check(d->device, NULL);
    if (status != OTA_OK)
        return status;
    if (has_own_state(d->device))
        return OTA_ERR_INVALID_DEVICE;
    for (uint32_t i = 0; i < d->state_count; i++) {
        const ota_plan_state *s = &d->states[i];
        if (s->plan >= plan_count)
            return OTA_ERR_INDEX;
        if (i > 0 && s->plan <= d->states[i - 1].plan)
            return OTA_ERR_INVALID_DEVICE;
        ota_device view;
        view_in(d, s->plan, &view);
        status = ota__device_state_check(&view, NULL);
        if (status != OTA_OK)
            return status;
    }
    return OTA_OK;
}

int32_t ota_set_device_in_plan(const ota_set_device *device, uint32_t index, ota_device *out)
{
    if (!device || !out || !device->device)
        return OTA_ERR_NULL;
    if (device->version != OTA_SET_DEVICE_VERSION ||
        device->device->version != OTA_DEVICE_STRUCT_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    if (device->state_count > 0 && !device->states)
        return OTA_ERR_NULL;
    for (uint32_t i = 1; i < device->state_count; i++)
        if (device->states[i].plan <= device->states[i - 1].plan)
            return OTA_ERR_INVALID_DEVICE;
    view_in(device, index, out);
    return OTA_OK;
}

/* The candidates in precedence, written where the caller has room; the
 * one at the first position past it is kept aside, for when the
 * governing plan's entry is taken out before it. */
typedef struct tally {
    ota_selection *out;
    uint32_t count;
    ota_candidate spare;
    int32_t first_live; /* position, or -1 */
    int32_t first_busy; /* live and upgrading or user_confirmed there */
    uint32_t live_plan; /* the plans at those positions */
    uint32_t busy_plan;
    /* their answers, so that the governing plan is not evaluated twice */
    ota_eligibility live_answer;
    ota_eligibility busy_answer;
} tally;

static void note(tally *t, uint32_t plan, const ota_eligibility *e, const ota_device *view)
{
    int32_t reason = e->reason;
    ota_candidate c = {.plan = plan, .reason = reason, .outranked_by = -1};
    if (t->count < t->out->other_capacity)
        t->out->others[t->count] = c;
    else if (t->count == t->out->other_capacity)
        t->spare = c;
    if (reason_kind_of(reason) != OTA_KIND_FINAL) {
        if (t->first_live < 0) {
            t->first_live = (int32_t)t->count;
            t->live_plan = plan;
            t->live_answer = *e;
        }
        if (t->first_busy < 0 &&
            (view->state == OTA_DEVICE_UPGRADING || view->state == OTA_DEVICE_USER_CONFIRMED)) {
            t->first_busy = (int32_t)t->count;
            t->busy_plan = plan;
            t->busy_answer = *e;
        }
    }
    t->count++;
}

/* The others: every candidate but the governing one, in order; the live
 * ones outranked by it (SPEC 14.3). */
static void finish_others(tally *t, int32_t governing, uint32_t governing_plan)
{
    ota_selection *out = t->out;
    uint32_t written = t->count < out->other_capacity ? t->count : out->other_capacity;
    if (governing >= 0 && (uint32_t)governing < written) {
        memmove(&out->others[governing], &out->others[governing + 1],
                (written - (uint32_t)governing - 1) * sizeof out->others[0]);
        written--;
        if (t->count > out->other_capacity)
            out->others[written++] = t->spare;
    }
    for (uint32_t i = 0; i < written && governing >= 0; i++)
        if (reason_kind_of(out->others[i].reason) != OTA_KIND_FINAL)
            out->others[i].outranked_by = (int32_t)governing_plan;
    out->other_count = written;
}

static void no_plan(ota_selection *out)
{
    out->plan = -1;
    out->eligibility.reason = OTA_REASON_NO_PLAN;
    out->eligibility.kind = OTA_KIND_FINAL;
    out->eligibility.component_count = 0;
    memset(out->eligibility.components, 0, sizeof out->eligibility.components);
    out->push = (ota_push_result){.version = OTA_PUSH_RESULT_VERSION,
                                  .status = OTA_PUSH_NEVER,
                                  .reason = OTA_REASON_NO_PLAN,
                                  .at = OTA_NO_INSTANT};
}

/* One candidate: the device as it stands in the plan, and its reason. */
static void evaluate(const ota_plan_set *set, const ota_set_device *d, uint32_t rank, int64_t now,
                     const lookup_ahead *ahead, tally *t)
{
    const ranked_plan *r = &set->ranked[rank];
    ota_device view;
    view_in(d, r->index, &view);
    ota_eligibility e;
    int32_t bucket;
    ota__eligibility_checks(r->plan, &view, now, 0, ahead, &e, &bucket);
    note(t, r->index, &e, &view);
}

/* An open plan targets every device of its product that its blacklist
 * does not hold. */
static int open_plan_targets(const ranked_plan *r, const ota_device *d, const lookup_ahead *ahead)
{
    const idset *lists = &r->plan->devices;
    return !lists->blacklist_count ||
           !(ota__idset_lists_of(lists, d->id, ahead->length, ahead->hash) & IDSET_BLACKLIST);
}

static void walk_candidates(const ota_plan_set *set, const ota_set_device *d, int64_t now,
                            const lookup_ahead *ahead, tally *t)
{
    const ota_device *device = d->device;
    size_t product_length = strlen(device->product);
    const strtab_item *product =
        ota__strtab_find(&set->products, device->product, product_length,
                         ota__strtab_hash(device->product, product_length));
    if (!product)
        return;
    uint32_t group_index = (uint32_t)(product - set->products.items);
    const product_group *group = &set->groups[group_index];
    const uint32_t *open = set->open_ranks + group->first;
    const uint32_t *listed = NULL;
    uint32_t listed_count = listed_ranks_of(set, device->id, ahead->length, ahead->hash, &listed);
    uint32_t i = 0, j = 0;
    while (i < group->count || j < listed_count) {
        uint32_t rank;
        if (j == listed_count || (i < group->count && open[i] < listed[j])) {
            rank = open[i++];
            if (!open_plan_targets(&set->ranked[rank], device, ahead))
                continue;
        } else {
            rank = listed[j++];
            if (set->ranked[rank].product != group_index)
                continue;
        }
        evaluate(set, d, rank, now, ahead, t);
    }
}

static int32_t select_one(const ota_plan_set *set, const ota_set_device *d, int64_t now,
                          const ota_eval_options *options, ota_selection *out)
{
    if (!out)
        return OTA_ERR_NULL;
    if (out->version != OTA_SELECTION_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    if (out->other_capacity > 0 && !out->others)
        return OTA_ERR_ARGUMENT;
    if (options && options->version != OTA_EVAL_OPTIONS_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    if (options && !ota_tick_is_allowed(options->tick_minutes))
        return OTA_ERR_ARGUMENT;
    if (!is_instant(now))
        return OTA_ERR_RANGE;
    int32_t status = set_device_check(d, set->count);
    if (status != OTA_OK)
        return status;
    size_t length = strlen(d->device->id);
    lookup_ahead ahead = {ota__idset_hash(d->device->id, length), length};
    /* Written to the caller's struct only once the answer is whole. */
    ota_selection answer = *out;
    tally t = {.out = &answer, .first_live = -1, .first_busy = -1};
    walk_candidates(set, d, now, &ahead, &t);
    int32_t governing = t.first_busy >= 0 ? t.first_busy : t.first_live;
    uint32_t plan = t.first_busy >= 0 ? t.busy_plan : t.live_plan;
    answer.candidate_count = t.count;
    finish_others(&t, governing, plan);
    if (governing < 0) {
        no_plan(&answer);
    } else {
        const ota_compiled_plan *p = set->ranked[set->rank_of[plan]].plan;
        ota_device view;
        view_in(d, plan, &view);
        answer.plan = (int32_t)plan;
        const ota_eligibility *e = t.first_busy >= 0 ? &t.busy_answer : &t.live_answer;
        answer.eligibility.reason = e->reason;
        answer.eligibility.kind = e->kind;
        answer.eligibility.component_count = e->component_count;
        memcpy(answer.eligibility.components, e->components,
               e->component_count * sizeof e->components[0]);
        memset(answer.eligibility.components + e->component_count, 0,
               (OTA_MAX_COMPONENTS - e->component_count) * sizeof e->components[0]);
        answer.push.version = OTA_PUSH_RESULT_VERSION;
        int32_t tick = options ? options->tick_minutes : OTA_TICK_DEFAULT_MINUTES;
        ota__next_push_checked(p, &view, now, tick, &ahead, &answer.push);
    }
    /* The others array is the caller's and already written: only the
     * struct's own fields are copied back. */
    *out = answer;
    return OTA_OK;
}

int32_t ota_plan_set_select(const ota_plan_set *set, const ota_set_device *device, int64_t now,
                            const ota_eval_options *options, ota_selection *out)
{
    if (!set)
        return OTA_ERR_NULL;
    return select_one(set, device, now, options, out);
}

int32_t ota_plan_set_select_many(const ota_plan_set *set, const ota_set_device *const *devices,
                                 size_t count, int64_t now, const ota_eval_options *options,
                                 ota_selection *const *out, size_t *failed_index)
{
    if (!set || (count > 0 && (!out || !devices)))
        return OTA_ERR_NULL;
    for (size_t i = 0; i < count; i++) {
        int32_t status = select_one(set, devices[i], now, options, out[i]);
        if (status != OTA_OK) {
            if (failed_index)
                *failed_index = i;
            return status;
        }
    }
    return OTA_OK;
}
