/* What the checks of SPEC 3 and 7 share: one checker a validation, passed
 * to each part of the rules (check_*.c) in field order. */
#ifndef OTA_CHECKER_H
#define OTA_CHECKER_H

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

static inline int is_instant(int64_t t)
{
    return t >= OTA_INSTANT_MIN && t < OTA_INSTANT_MAX;
}

/* `field` given on a plan it does not apply to: the *_not_applicable
 * warning of SPEC 3, saying `why`. */
void ota__not_applicable(checker *c, int32_t code, const char *field, const char *why);

void ota__check_name(checker *c);           /* check_name.c */
void ota__check_product(checker *c);        /* check_product.c */
void ota__check_times(checker *c);          /* check_times.c */
void ota__check_state_and_mode(checker *c); /* check_mode.c */
void ota__check_push_settings(checker *c);
void ota__check_never_pushes(checker *c);
void ota__check_strategy(checker *c);   /* check_strategy.c */
void ota__check_lists(checker *c);      /* check_lists.c */
void ota__check_components(checker *c); /* check_components.c */
void ota__check_texts(checker *c);      /* check_texts.c */

#endif
