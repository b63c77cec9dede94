/* SPEC 14.1: a plan's priority in a plan set, an error of the plan alone. */
#include "checker.h"

#include "diag.h"

#define PRIORITY_MIN (-1000)
#define PRIORITY_MAX 1000

void ota__check_priority(checker *c)
{
    int32_t priority = c->plan->priority;
    if (!in_range(priority, PRIORITY_MIN, PRIORITY_MAX))
        ota__diag_add(c->list, OTA_CODE_PRIORITY_OUT_OF_RANGE, "priority",
                      "priority must be from %d to %d, not %d", PRIORITY_MIN, PRIORITY_MAX,
                      (int)priority);
}
