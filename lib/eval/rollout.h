/* Buckets and phases of a compiled plan (SPEC 11.1, 11.2). */
#ifndef OTA_ROLLOUT_H
#define OTA_ROLLOUT_H

#include "compiled.h"

/* b(d) (seed 0) or p(d) (seed 1) of an ID under the plan's salt. */
int32_t ota__rollout_bucket(const ota_compiled_plan *plan, const char *id, uint64_t seed);

/* The share in force at t: the basis points of the last phase started by
 * t, 0 before the first. */
int32_t ota__rollout_share_at(const ota_compiled_plan *plan, int64_t t);

/* P(d): the start of the first phase whose share exceeds the bucket;
 * OTA_NO_INSTANT when none does (outside_rollout). */
int64_t ota__rollout_phase_start(const ota_compiled_plan *plan, int32_t bucket);

#endif
