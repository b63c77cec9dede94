/* SPEC 3 and 7: every rule of a plan, reported all at once, in field order:
 * the driver of the parts in check_*.c. */
#include "checker.h"

#include "diag.h"

int32_t ota__plan_check_new(const ota_plan *plan, const ota_validate_options *options,
                            plan_facts *facts, ota_diagnostics **out)
{
    ota_validate_options defaults;
    if (!options) {
        ota_validate_options_init(&defaults, OTA_VALIDATE_OPTIONS_VERSION);
        options = &defaults;
    }
    /* Nothing of an options struct is read, its allocator least of all,
     * before its version says what it holds. */
    if (plan->version != OTA_PLAN_STRUCT_VERSION ||
        options->version != OTA_VALIDATE_OPTIONS_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    ota_diagnostics *list = ota__diag_new(options->allocator);
    if (!list)
        return OTA_ERR_NOMEM;
    int32_t status = ota__plan_check(plan, options, list, facts);
    if (status != OTA_OK) {
        ota_diagnostics_free(list);
        return status;
    }
    *out = list;
    return OTA_OK;
}

int32_t ota__plan_check(const ota_plan *plan, const ota_validate_options *options,
                        ota_diagnostics *list, plan_facts *facts)
{
    if (plan->version != OTA_PLAN_STRUCT_VERSION ||
        options->version != OTA_VALIDATE_OPTIONS_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    if (options->now != OTA_NO_INSTANT && !is_instant(options->now))
        return OTA_ERR_RANGE;
    /* The zone table is needed by the never-pushes check whoever calls, so
     * a caller that wants no facts gets a local record, freed here. */
    plan_facts local;
    plan_facts *kept = facts ? facts : &local;
    *kept = (plan_facts){0};
    checker c = {.plan = plan,
                 .options = options,
                 .allocator = options->allocator,
                 .list = list,
                 .facts = kept};
    c.syntax = ota__syntax_session_new(c.allocator);
    if (!c.syntax)
        return OTA_ERR_NOMEM;

    ota__check_name(&c);
    ota__check_product(&c);
    if (!c.failure)
        ota__check_times(&c);
    ota__check_state_and_mode(&c);
    ota__check_push_settings(&c);
    ota__check_strategy(&c);
    if (!c.failure)
        ota__check_lists(&c);
    if (!c.failure)
        ota__check_components(&c);
    if (!c.failure)
        ota__check_texts(&c);
    ota__check_blackouts(&c);
    ota__check_rollout(&c);
    ota__check_priority(&c);
    /* Last: it depends on the windows, the period, weekdays and blackouts. */
    ota__check_never_pushes(&c);

    ota__syntax_session_free(c.syntax);
    if (!c.failure && list->out_of_memory)
        c.failure = OTA_ERR_NOMEM;
    if (c.failure || kept == &local)
        ota__plan_facts_free(c.allocator, kept);
    return c.failure;
}

void ota__plan_facts_free(const ota_allocator *allocator, plan_facts *facts)
{
    ota__zone_table_free(allocator, &facts->zone);
    ota__idset_free(allocator, &facts->devices);
    *facts = (plan_facts){0};
}
