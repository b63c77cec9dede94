/* The sentence of one component of `explain`: the versions the rule of
 * SPEC 5 or 13.3 compared, "2.5.0 > target 2.4.0". */
#include "otaplan_json.h"

#include "writer.h"

#include <stdio.h>
#include <string.h>

static const char *text_of(const char *text)
{
    return text ? text : "(none)";
}

/* Why it applies: the rules it passed, the order's last. */
static int applying(char *out, size_t capacity, const ota_component *k, const char *v)
{
    const char *order = ota_version_order_name(k->version_order);
    int downgrade_check = order && k->allow_downgrade != OTA_DOWNGRADE_ALLOWED;
    if (k->method == OTA_METHOD_DELTA)
        return snprintf(out, capacity, "%s = source %s -> target %s%s%s", v,
                        text_of(k->source_version), k->target_version,
                        downgrade_check ? ", not above it in " : "", downgrade_check ? order : "");
    if (!order)
        return snprintf(out, capacity, "%s -> target %s%s", v, k->target_version,
                        k->specified_versions ? " (a specified version)" : "");
    if (!downgrade_check)
        return snprintf(out, capacity, "%s -> target %s (%s, downgrades allowed)", v,
                        k->target_version, order);
    return snprintf(out, capacity, "%s < target %s (%s)", v, k->target_version, order);
}

int ota_json_component_detail(const ota_plan *plan, const ota_device *device, uint32_t index,
                              const ota_component_result *result, char *out, size_t capacity)
{
    if (!plan || !device || !result || (!out && capacity) || index >= plan->component_count ||
        !plan->components)
        return -1;
    ota_component k = ota__json_component_at(plan, index);
    if (!k.id || !k.target_version)
        return -1;
    const char *v = ota__json_reported_version(device, k.id);
    if (result->applies)
        return applying(out, capacity, &k, v ? v : "");
    const char *order = ota_version_order_name(k.version_order);
    switch (result->reason) {
    case OTA_REASON_COMPONENT_MISSING:
        return snprintf(out, capacity, "the device reports no version of %s", k.id);
    case OTA_REASON_AT_TARGET: return snprintf(out, capacity, "%s = target", text_of(v));
    case OTA_REASON_SOURCE_MISMATCH:
        return snprintf(out, capacity, "%s != source %s", text_of(v), text_of(k.source_version));
    case OTA_REASON_VERSION_NOT_SPECIFIED:
        return snprintf(out, capacity, "%s not in %s", text_of(v), text_of(k.specified_versions));
    case OTA_REASON_VERSION_UNORDERED:
        return snprintf(out, capacity, "%s is not a %s version", text_of(v), text_of(order));
    case OTA_REASON_BELOW_RANGE:
        return snprintf(out, capacity, "%s < min_version %s (%s)", text_of(v),
                        text_of(k.min_version), text_of(order));
    case OTA_REASON_ABOVE_RANGE:
        return snprintf(out, capacity, "%s >= below_version %s (%s)", text_of(v),
                        text_of(k.below_version), text_of(order));
    case OTA_REASON_NEWER_THAN_TARGET:
        return snprintf(out, capacity, "%s > target %s (%s, downgrades not allowed)", text_of(v),
                        k.target_version, text_of(order));
    default: return snprintf(out, capacity, "unknown reason %d", (int)result->reason);
    }
}
