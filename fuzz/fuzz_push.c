/* Target 3: a differential fuzzer.  The input bytes decode into a plan (zone,
 * period, window, mode, settings, and SPEC 11's weekdays, blackouts, phases,
 * spread and salt) and a (device, now, tick); the compiled plan's answer is
 * compared with the slow reference model. */
#include "check.h"
#include "otaplan.h"
#include "zones.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct reader {
    const uint8_t *data;
    size_t size, at;
} reader;

static uint32_t take(reader *r, uint32_t bound)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v = v << 8 | (r->at < r->size ? r->data[r->at++] : 0);
    return bound ? v % bound : v;
}

static void wall_time(char *out, size_t capacity, int64_t local)
{
    int64_t days = local / 86400, seconds = local % 86400;
    days += 719468;
    int64_t era = days / 146097, doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int day = (int)(doy - (153 * mp + 2) / 5 + 1), month = (int)(mp < 10 ? mp + 3 : mp - 9);
    snprintf(out, capacity, "%04d-%02d-%02dT%02d:%02d", (int)(yoe + era * 400 + (month <= 2)),
             month, day, (int)(seconds / 3600), (int)(seconds / 60 % 60));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, size, 0};
    static const int ticks[] = {0, 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60};
    /* Local start between 2000-01-02 and 2099-12-01, on whole minutes. */
    int64_t local_start = INT64_C(946771200) + 60 * (int64_t)take(&r, 52500000);
    int64_t length = 60 * (1 + (int64_t)take(&r, 60 * 24 * 40));
    char start[32], end[32];
    wall_time(start, sizeof start, local_start);
    wall_time(end, sizeof end, local_start + length);
    ota_window window = {(int32_t)take(&r, 24), (int32_t)(1 + take(&r, 24))};
    if (window.start_hour == window.end_hour)
        return 0;
    static const ota_component component = {.type = OTA_COMPONENT_MODULE,
                                            .method = OTA_METHOD_FULL,
                                            .id = "fw",
                                            .target_version = "2.0"};
    ota_plan plan;
    ota_plan_init(&plan, OTA_PLAN_STRUCT_VERSION);
    plan.name = "fuzz";
    plan.product = "p";
    plan.timezone = test_zones[take(&r, TEST_ZONE_COUNT)];
    plan.start = start;
    plan.end = end;
    plan.state = OTA_PLAN_ACTIVE;
    uint32_t flags = take(&r, 0);
    plan.mode = flags & 1 ? OTA_MODE_SILENT : OTA_MODE_USER_CONFIRM;
    plan.region = OTA_REGION_INTL;
    ota_text text = {"en", "update"};
    if (plan.mode == OTA_MODE_USER_CONFIRM) {
        plan.texts = &text;
        plan.text_count = 1;
        plan.auto_upgrade_window = flags & 2 ? &window : NULL;
    } else {
        plan.active_push = flags & 4 ? 0 : OTA_UNSET;
        plan.push_window = flags & 2 && plan.active_push ? &window : NULL;
        plan.refusal_retry_minutes = plan.active_push ? (int32_t)(10 + take(&r, 1431)) : OTA_UNSET;
    }
    plan.components = &component;
    plan.component_count = 1;
    /* SPEC 11 */
    window.weekdays = flags & 32 ? 1 + take(&r, 127) : 0;
    char times[9][32];
    ota_blackout blackouts[3];
    ota_rollout_phase phases[3];
    if (flags & 64) {
        plan.blackout_count = 1 + take(&r, 3);
        for (uint32_t i = 0; i < plan.blackout_count; i++) {
            int64_t from =
                local_start - 86400 + 60 * (int64_t)take(&r, (uint32_t)(length / 60 + 2880));
            wall_time(times[2 * i], sizeof times[0], from);
            wall_time(times[2 * i + 1], sizeof times[0], from + 60 * (1 + (int64_t)take(&r, 4320)));
            blackouts[i] = (ota_blackout){times[2 * i], times[2 * i + 1]};
        }
        plan.blackouts = blackouts;
    }
    ota_rollout rollout = {.spread = flags >> 8 & 1, .salt = flags & 512 ? "A" : NULL};
    if (flags & 128) {
        rollout.phase_count = 1 + take(&r, 3);
        int64_t at = local_start - 86400;
        int32_t share = 0;
        for (uint32_t i = 0; i < rollout.phase_count; i++) {
            at += 60 * (1 + (int64_t)take(&r, 5 * 1440));
            share += 1 + (int32_t)take(
                             &r, (uint32_t)(10000 - share - (int32_t)(rollout.phase_count - i)));
            wall_time(times[6 + i], sizeof times[0], at);
            phases[i] = (ota_rollout_phase){times[6 + i], share};
        }
        rollout.phases = phases;
    }
    if (flags & (128 | 256 | 512))
        plan.rollout = &rollout;
    ota_compiled_plan *compiled = NULL;
    if (ota_plan_compile(&plan, NULL, &compiled, NULL) != OTA_OK)
        return 0; /* e.g. out of range or a start that resolves after the end */
    int64_t pstart, pend, effective;
    ota_compiled_plan_period(compiled, &pstart, &pend, &effective);
    int64_t now = pstart - 86400 + (int64_t)take(&r, (uint32_t)(pend - pstart + 2 * 86400));
    ota_device_version version = {"fw", "1.0"};
    ota_device device;
    ota_device_init(&device, OTA_DEVICE_STRUCT_VERSION);
    char id[16];
    snprintf(id, sizeof id, "d-%u", take(&r, 100000));
    device.id = id;
    device.product = "p";
    device.versions = &version;
    device.version_count = 1;
    device.state = (int32_t)take(&r, 6);
    device.auto_update = flags >> 3 & 1;
    device.failed_attempts = (int32_t)take(&r, 2);
    device.state_at = now - (int64_t)take(&r, 3 * 86400) + 3600;
    if (device.state == OTA_DEVICE_USER_CONFIRMED && flags & 16) {
        device.appointment_start = now - 3600 + (int64_t)take(&r, 2 * 86400);
        device.appointment_end = device.appointment_start + 1 + (int64_t)take(&r, 12 * 3600);
    }
    int tick = ticks[take(&r, sizeof ticks / sizeof *ticks)];
    if (now >= OTA_INSTANT_MIN && now < OTA_INSTANT_MAX && device.state_at >= OTA_INSTANT_MIN &&
        device.state_at < OTA_INSTANT_MAX && device.appointment_end < OTA_INSTANT_MAX)
        fuzz_check_device(&plan, compiled, &device, now, tick);
    ota_compiled_plan_free(compiled);
    return 0;
}
