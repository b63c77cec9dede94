/* Rollout control at evaluation time (SPEC 11.1, 11.2, 11.6): buckets,
 * phases and the abort verdict.  XXH64 comes from the xxHash library's
 * header, inlined: no allocation, no call out of the library. */
#include "rollout.h"

#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

/* salt, ':' and the ID: the key of SPEC 11.1.  Keys of the hot path (a salt
 * of at most 64 bytes, an ID of at most 128) are hashed in one call from the
 * stack; longer ones (ota_rollout_bucket() takes any) through a stream. */
static uint64_t key_hash(const char *salt, size_t salt_length, const char *id, size_t id_length,
                         uint64_t seed)
{
    char key[256];
    if (salt_length + 1 + id_length <= sizeof key) {
        memcpy(key, salt, salt_length);
        key[salt_length] = ':';
        memcpy(key + salt_length + 1, id, id_length);
        return XXH64(key, salt_length + 1 + id_length, seed);
    }
    XXH64_state_t state;
    XXH64_reset(&state, seed);
    XXH64_update(&state, salt, salt_length);
    XXH64_update(&state, ":", 1);
    XXH64_update(&state, id, id_length);
    return XXH64_digest(&state);
}

int32_t ota__rollout_bucket(const ota_compiled_plan *plan, const char *id, uint64_t seed)
{
    return (int32_t)(key_hash(plan->salt, plan->salt_length, id, strlen(id), seed) % 10000);
}

int32_t ota__rollout_share_at(const ota_compiled_plan *plan, int64_t t)
{
    int32_t share = 0;
    for (uint32_t i = 0; i < plan->phase_count && plan->phase_start[i] <= t; i++)
        share = plan->phase_bp[i];
    return share;
}

int64_t ota__rollout_phase_start(const ota_compiled_plan *plan, int32_t bucket)
{
    for (uint32_t i = 0; i < plan->phase_count; i++)
        if (bucket < plan->phase_bp[i])
            return plan->phase_start[i];
    return OTA_NO_INSTANT;
}

int32_t ota_rollout_bucket(const char *salt, const char *device_id, int32_t *bucket,
                           int32_t *position)
{
    if (!salt || !device_id)
        return OTA_ERR_NULL;
    size_t salt_length = strlen(salt), id_length = strlen(device_id);
    if (bucket)
        *bucket = (int32_t)(key_hash(salt, salt_length, device_id, id_length, 0) % 10000);
    if (position)
        *position = (int32_t)(key_hash(salt, salt_length, device_id, id_length, 1) % 10000);
    return OTA_OK;
}

/* failed x 10000 >= share x attempted without overflowing 64 bits: with
 * attempted = 10000 q + r, it holds iff d = failed - share q >= 0 and
 * 10000 d >= share r, where d >= 10000 settles it (share r < 10000^2). */
static int at_least_share(uint64_t failed, uint64_t attempted, uint64_t share)
{
    uint64_t q = attempted / 10000, r = attempted % 10000;
    if (failed < share * q)
        return 0;
    uint64_t d = failed - share * q;
    return d >= 10000 || d * 10000 >= share * r;
}

int32_t ota_compiled_plan_rollout_verdict(const ota_compiled_plan *plan, uint64_t attempted,
                                          uint64_t failed, int32_t *verdict)
{
    if (!plan || !verdict)
        return OTA_ERR_NULL;
    if (failed > attempted)
        return OTA_ERR_ARGUMENT;
    int abort = plan->has_abort && attempted >= (uint64_t)plan->abort.min_attempts &&
                at_least_share(failed, attempted, (uint64_t)plan->abort.failure_basis_points);
    *verdict = abort ? OTA_VERDICT_ABORT : OTA_VERDICT_CONTINUE;
    return OTA_OK;
}
