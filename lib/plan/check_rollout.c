/* SPEC 11: blackouts, the bucket salt, the phases of a grey release,
 * spread and the abort threshold.  What resolves is kept in the facts for
 * compilation and for plan_never_pushes. */
#include "checker.h"

#include "diag.h"
#include "syntax.h"

#include <stdio.h>
#include <string.h>

#define ABORT_MIN_ATTEMPTS_MAX 1000000000

/* A wall time of a blackout or a phase, resolved when the period was:
 * 1 with the instant. */
static int resolve(checker *c, const char *field, const char *text, int64_t *instant)
{
    int64_t local;
    if (!ota__check_wall_time(c, field, text, &local))
        return 0;
    if (!c->facts->times_resolved)
        return 0;
    return ota__check_resolve(c, field, &c->facts->zone, local, instant);
}

void ota__check_blackouts(checker *c)
{
    const ota_plan *p = c->plan;
    plan_facts *f = c->facts;
    if (p->blackout_count > OTA_MAX_BLACKOUTS) {
        ota__diag_add(c->list, OTA_CODE_BLACKOUTS_TOO_MANY, "blackouts",
                      "blackouts has %u entries; at most %d are allowed", p->blackout_count,
                      OTA_MAX_BLACKOUTS);
        return;
    }
    if (p->blackout_count > 0 && !p->blackouts) {
        ota__diag_add(c->list, OTA_CODE_TIME_MISSING, "blackouts",
                      "blackouts has a count but no entries");
        return;
    }
    uint32_t resolved = 0;
    for (uint32_t i = 0; i < p->blackout_count; i++) {
        char start_path[48], end_path[48];
        snprintf(start_path, sizeof start_path, "blackouts[%u].start", i);
        snprintf(end_path, sizeof end_path, "blackouts[%u].end", i);
        int64_t start = 0, end = 0;
        int start_ok = resolve(c, start_path, p->blackouts[i].start, &start);
        int end_ok = resolve(c, end_path, p->blackouts[i].end, &end);
        if (start_ok && end_ok && start >= end) {
            ota__diag_add(c->list, OTA_CODE_TIME_ORDER, end_path,
                          "a blackout's end must come after its start");
            continue;
        }
        if (!start_ok || !end_ok)
            continue;
        if (end <= f->start || start >= f->end)
            ota__diag_addp(c->list, OTA_CODE_BLACKOUT_OUTSIDE_PERIOD,
                           "the blackout lies wholly outside the plan period; it changes nothing",
                           "blackouts[%u]", i);
        f->blackouts[resolved++] = (span){start, end};
    }
    f->blackout_count = resolved;
}

static void check_salt(checker *c, const char *salt)
{
    if (salt && !ota__syntax_is_token(c->syntax, salt, strlen(salt)))
        ota__diag_add(c->list, OTA_CODE_ROLLOUT_SALT_INVALID, "rollout.salt",
                      "a salt is 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
}

static void check_phases(checker *c, const ota_rollout *r)
{
    if (!r->phases && r->phase_count == 0)
        return;
    if (!r->phases || r->phase_count == 0 || r->phase_count > OTA_MAX_PHASES) {
        ota__diag_add(c->list, OTA_CODE_ROLLOUT_PHASES_INVALID, "rollout.phases",
                      "rollout.phases holds 1 to %d phases", OTA_MAX_PHASES);
        return;
    }
    plan_facts *f = c->facts;
    int all_valid = 1;
    int previous_ok = 0;
    for (uint32_t i = 0; i < r->phase_count; i++) {
        const ota_rollout_phase *phase = &r->phases[i];
        char start_path[48];
        snprintf(start_path, sizeof start_path, "rollout.phases[%u].start", i);
        int64_t start = 0;
        int start_ok = resolve(c, start_path, phase->start, &start);
        int share_ok = in_range(phase->basis_points, 1, 10000);
        if (!share_ok)
            ota__diag_addp(c->list, OTA_CODE_ROLLOUT_PERCENT_INVALID,
                           "a phase's percent is more than 0 and at most 100, with at most two "
                           "decimals",
                           "rollout.phases[%u].percent", i);
        int ok = start_ok && share_ok;
        if (ok && previous_ok &&
            (start <= f->phase_start[i - 1] || phase->basis_points <= f->phase_bp[i - 1])) {
            ota__diag_addp(c->list, OTA_CODE_ROLLOUT_PHASES_ORDER,
                           "each phase must start after the one before and take a larger share",
                           "rollout.phases[%u]", i);
            ok = 0;
        }
        if (start_ok && f->times_resolved && start >= f->end)
            ota__diag_add(c->list, OTA_CODE_ROLLOUT_PHASE_AFTER_END, start_path,
                          "the phase starts at or after the plan's end: its devices are never "
                          "pushed");
        if (ok) {
            f->phase_start[i] = start;
            f->phase_bp[i] = phase->basis_points;
        }
        all_valid = all_valid && ok;
        previous_ok = ok;
    }
    f->phase_count = all_valid ? r->phase_count : 0;
}

void ota__check_rollout(checker *c)
{
    const ota_plan *p = c->plan;
    const ota_rollout *r = p->rollout;
    if (!r)
        return;
    check_salt(c, r->salt);
    check_phases(c, r);
    if (r->spread && p->mode == OTA_MODE_SILENT && p->active_push == 0)
        ota__diag_add(c->list, OTA_CODE_SPREAD_NOT_APPLICABLE, "rollout.spread",
                      "spread needs a window to spread over: this silent plan has no active push");
    const ota_rollout_abort *a = r->abort;
    if (a && (!in_range(a->failure_basis_points, 1, 10000) ||
              !in_range(a->min_attempts, 1, ABORT_MIN_ATTEMPTS_MAX)))
        ota__diag_add(c->list, OTA_CODE_ABORT_INVALID, "rollout.abort",
                      "rollout.abort needs a failure_percent more than 0 and at most 100 (two "
                      "decimals at most) and min_attempts from 1 to %d",
                      ABORT_MIN_ATTEMPTS_MAX);
}
