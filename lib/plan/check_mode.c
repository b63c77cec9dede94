/* SPEC 3, 3.3: state, mode, and the push settings that depend on the mode. */
#include "checker.h"

#include "diag.h"

#include <string.h>

void ota__check_state_and_mode(checker *c)
{
    const ota_plan *p = c->plan;
    if (p->activated_at != OTA_NO_INSTANT && !is_instant(p->activated_at))
        ota__diag_add(c->list, OTA_CODE_TIME_OUT_OF_RANGE, "activated_at",
                      "activated_at lies outside the years 2000 to 2099");
    if (p->state < OTA_PLAN_SAVED || p->state > OTA_PLAN_ENDED)
        ota__diag_add(c->list, OTA_CODE_STATE_INVALID, "state",
                      "state must be saved, active, suspended, terminated or ended");
    if (p->mode == OTA_MODE_MISSING)
        ota__diag_add(c->list, OTA_CODE_MODE_MISSING, "mode",
                      "the plan needs a mode (silent or user_confirm)");
    else if (p->mode != OTA_MODE_SILENT && p->mode != OTA_MODE_USER_CONFIRM)
        ota__diag_add(c->list, OTA_CODE_MODE_INVALID, "mode",
                      "mode must be silent or user_confirm");
}

static void check_window(checker *c, const char *field, const ota_window *w)
{
    int start_ok = in_range(w->start_hour, 0, 23);
    int end_ok = in_range(w->end_hour, 1, 24);
    if (!start_ok)
        ota__diag_addp(c->list, OTA_CODE_WINDOW_INVALID,
                       "start_hour must be a whole hour from 0 to 23", "%s.start_hour", field);
    if (!end_ok)
        ota__diag_addp(c->list, OTA_CODE_WINDOW_INVALID,
                       "end_hour must be a whole hour from 1 to 24", "%s.end_hour", field);
    if (start_ok && end_ok && w->start_hour == w->end_hour)
        ota__diag_addp(c->list, OTA_CODE_WINDOW_INVALID,
                       "a window cannot start and end at the same hour (0 to 24 is the whole day)",
                       "%s.end_hour", field);
    if (w->weekdays & ~(uint32_t)OTA_WEEKDAYS_ALL)
        ota__diag_addp(c->list, OTA_CODE_WEEKDAYS_INVALID,
                       "weekdays holds OTA_WEEKDAY_* bits only (mon to sun)", "%s.weekdays", field);
}

static int window_is_valid(const ota_window *w)
{
    return in_range(w->start_hour, 0, 23) && in_range(w->end_hour, 1, 24) &&
           w->start_hour != w->end_hour;
}

int ota__plan_governing_window(const ota_plan *plan, window_rule *out)
{
    const ota_window *w = NULL;
    if (plan->mode == OTA_MODE_SILENT) {
        if (plan->active_push == 0)
            return 0;
        w = plan->push_window;
    } else if (plan->mode == OTA_MODE_USER_CONFIRM) {
        w = plan->auto_upgrade_window;
    } else {
        return 0;
    }
    *out = w && window_is_valid(w) ? (window_rule){w->start_hour * 3600, w->end_hour * 3600}
                                   : WINDOW_ALL_DAY;
    return 1;
}

uint32_t ota__plan_governing_weekdays(const ota_plan *plan)
{
    const ota_window *w = plan->mode == OTA_MODE_SILENT         ? plan->push_window
                          : plan->mode == OTA_MODE_USER_CONFIRM ? plan->auto_upgrade_window
                                                                : NULL;
    return w ? w->weekdays & OTA_WEEKDAYS_ALL : 0;
}

void ota__not_applicable(checker *c, int32_t code, const char *field, const char *why,
                         const char *instead)
{
    ota__diag_add(c->list, code, field, "%s does not apply to %s and is ignored; %s", field, why,
                  instead);
}

/* What a user_confirm plan does with its devices' pushes. */
static const char *confirm_pushes(const ota_plan *p)
{
    return p->auto_upgrade_window
               ? "this plan pushes during its auto_upgrade_window (to devices with automatic "
                 "updates on) and when users confirm"
               : "this plan pushes during its auto_upgrade_window, which is absent: all day (to "
                 "devices with automatic updates on), and when users confirm";
}

/* What a silent plan does. */
static const char *silent_pushes(const ota_plan *p)
{
    if (p->active_push == 0)
        return "this plan never pushes: active_push is false, so devices ask for the upgrade "
               "themselves";
    return p->push_window ? "this plan pushes during its push_window"
                          : "this plan has no push_window to push in";
}

void ota__check_push_settings(checker *c)
{
    const ota_plan *p = c->plan;
    int silent = p->mode == OTA_MODE_SILENT;
    int confirm = p->mode == OTA_MODE_USER_CONFIRM;
    int pushing = silent && p->active_push != 0;
    if (p->active_push != OTA_UNSET && confirm)
        ota__not_applicable(c, OTA_CODE_ACTIVE_PUSH_NOT_APPLICABLE, "active_push",
                            "user_confirm plans", confirm_pushes(p));
    if (p->push_window) {
        if (confirm || (silent && !pushing))
            ota__not_applicable(c, OTA_CODE_PUSH_WINDOW_NOT_APPLICABLE, "push_window",
                                confirm ? "user_confirm plans" : "plans without active push",
                                confirm ? confirm_pushes(p) : silent_pushes(p));
        else
            check_window(c, "push_window", p->push_window);
    }
    if (p->auto_upgrade_window) {
        if (silent)
            ota__not_applicable(c, OTA_CODE_AUTO_UPGRADE_WINDOW_NOT_APPLICABLE,
                                "auto_upgrade_window", "silent plans", silent_pushes(p));
        else
            check_window(c, "auto_upgrade_window", p->auto_upgrade_window);
    }
    if (p->refusal_retry_minutes != OTA_UNSET) {
        if (confirm || (silent && !pushing))
            ota__not_applicable(
                c, OTA_CODE_REFUSAL_RETRY_MINUTES_NOT_APPLICABLE, "refusal_retry_minutes",
                confirm ? "user_confirm plans" : "plans without active push",
                confirm ? "a device whose user refused waits until the user confirms"
                        : "this plan never pushes, so a refusal starts no timer");
        else if (!in_range(p->refusal_retry_minutes, REFUSAL_MIN, REFUSAL_MAX))
            ota__diag_add(c->list, OTA_CODE_REFUSAL_OUT_OF_RANGE, "refusal_retry_minutes",
                          "refusal_retry_minutes must be from %d to %d", REFUSAL_MIN, REFUSAL_MAX);
    }
}

void ota__check_never_pushes(checker *c)
{
    const ota_plan *p = c->plan;
    const plan_facts *f = c->facts;
    window_rule window;
    if (!f->times_resolved || !ota__plan_governing_window(p, &window))
        return;
    span merged[OTA_MAX_BLACKOUTS];
    memcpy(merged, f->blackouts, f->blackout_count * sizeof merged[0]);
    /* SPEC 11.3, 11.4: closed days and blackouts count too. */
    schedule s = {.zone = &f->zone,
                  .window = window,
                  .weekdays = ota__plan_governing_weekdays(p),
                  .blackouts = merged,
                  .blackout_count = ota__spans_merge(merged, f->blackout_count)};
    if (ota__schedule_next(&s, f->start, f->end, 0) == OTA_NO_INSTANT)
        ota__diag_add(c->list, OTA_CODE_PLAN_NEVER_PUSHES,
                      p->mode == OTA_MODE_SILENT ? "push_window" : "auto_upgrade_window",
                      "no instant of the plan period lies inside the window");
}
