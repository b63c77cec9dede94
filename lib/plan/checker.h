/* What the checks of SPEC 3 and 7 share: one checker a validation, passed
 * to each part of the rules (check_*.c) in field order. */
#ifndef OTA_CHECKER_H
#define OTA_CHECKER_H

#include "instant.h"
#include "check.h"
#include "limits.h"
#include "syntax.h"

typedef struct checker {
    const ota_plan *plan;
    const ota_validate_options *options;
    const ota_allocator *allocator;
    ota_diagnostics *list;
    syntax_session *syntax;
    plan_facts *facts;
    int32_t failure; /* an error that stops the check (out of memory, ICU) */
} checker;

static inline int in_range(int64_t value, int64_t low, int64_t high)
{
    return value >= low && value <= high;
}

/* `field` given on a plan it does not apply to: the *_not_applicable
 * warning of SPEC 3, saying `why`. */
/* "FIELD does not apply to WHY and is ignored; INSTEAD": a warning that
 * says what the plan will do instead (doc/rules.md 7, "Choice (hints)"). */
void ota__not_applicable(checker *c, int32_t code, const char *field, const char *why,
                         const char *instead);

void ota__check_name(checker *c);           /* check_name.c */
void ota__check_product(checker *c);        /* check_product.c */
void ota__check_times(checker *c);          /* check_times.c */
void ota__check_state_and_mode(checker *c); /* check_mode.c */
void ota__check_push_settings(checker *c);
void ota__check_never_pushes(checker *c);
void ota__check_strategy(checker *c);                        /* check_strategy.c */
void ota__check_lists(checker *c);                           /* check_lists.c */
void ota__check_components(checker *c);                      /* check_components.c */
void ota__check_component_order(checker *c, uint32_t index); /* check_order.c */
void ota__check_texts(checker *c);                           /* check_texts.c */
void ota__check_blackouts(checker *c);                       /* check_rollout.c */
void ota__check_rollout(checker *c);
void ota__check_priority(checker *c); /* check_priority.c */

/* A local wall time "YYYY-MM-DDTHH:MM" of the plan at `field`: 1 with the
 * seconds of the local time line, or 0 after reporting time_missing,
 * time_invalid or time_out_of_range (check_times.c). */
int ota__check_wall_time(checker *c, const char *field, const char *text, int64_t *local);
/* Resolves it in the plan's zone (SPEC 2): 1 with the instant, warning
 * time_in_gap / time_ambiguous; 0 after time_out_of_range. */
int ota__check_resolve(checker *c, const char *field, const zone_table *zone, int64_t local,
                       int64_t *instant);

#endif
