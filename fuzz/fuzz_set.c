/* Target 7: a device line of a plan set (SPEC 14.2) -> selection (14.3)
 * from a fixed set of five plans, against the slow selection of the tests
 * (every plan evaluated, sorted by precedence, the rules in order), and the
 * governing plan's answer against the reference model. */
#include "check.h"
#include "otaplan.h"
#include "otaplan_json.h"
#include "slow_select.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { PLANS = 5 };

static ota_plan plans[PLANS];
static ota_compiled_plan *compiled[PLANS];
static ota_plan_set *set;

/* A release and a stepping stone whose ranges meet, a hotfix for a
 * whitelist (priority 10), a suspended plan that holds the rest back, and
 * a plan of another product; two zones with changes in 2026. */
static void build_set(void)
{
    static const ota_component release = {.type = OTA_COMPONENT_MODULE,
                                          .method = OTA_METHOD_FULL,
                                          .id = "fw",
                                          .target_version = "2.1.0",
                                          .version_order = OTA_ORDER_SEMVER,
                                          .min_version = "2.0.0"},
                               stone = {.type = OTA_COMPONENT_MODULE,
                                        .method = OTA_METHOD_FULL,
                                        .id = "fw",
                                        .target_version = "2.0.0",
                                        .version_order = OTA_ORDER_SEMVER,
                                        .below_version = "2.0.0"},
                               hotfix[] = {{.type = OTA_COMPONENT_MODULE,
                                            .method = OTA_METHOD_FULL,
                                            .id = "fw",
                                            .target_version = "2.1.1",
                                            .version_order = OTA_ORDER_SEMVER},
                                           {.type = OTA_COMPONENT_MCU,
                                            .method = OTA_METHOD_DELTA,
                                            .id = "mcu",
                                            .target_version = "1.1",
                                            .source_version = "1.0"}};
    static const ota_window night = {1, 3}, morning = {6, 9};
    static const char *const white[] = {"dev-1", "dev-2", "dev-b"}, *const black[] = {"dev-b"};
    static const ota_text text = {"en", "update"};
    static const char *const names[PLANS] = {"Release", " Stepping stone ", "Hotfix", "Paused",
                                             "Other"};
    for (int i = 0; i < PLANS; i++) {
        ota_plan *p = &plans[i];
        ota_plan_init(p, OTA_PLAN_STRUCT_VERSION);
        p->name = names[i];
        p->product = i == 4 ? "q" : "p";
        p->timezone = i % 2 ? "Australia/Lord_Howe" : "America/New_York";
        p->start = "2026-03-01T00:00";
        p->end = "2026-12-01T00:00";
        p->state = i == 3 ? OTA_PLAN_SUSPENDED : OTA_PLAN_ACTIVE;
        p->mode = OTA_MODE_SILENT;
        p->push_window = &night;
        p->components = i == 1 ? &stone : &release;
        p->component_count = 1;
        p->retry_count = 1;
        p->min_battery = 20;
    }
    plans[1].mode = OTA_MODE_USER_CONFIRM;
    plans[1].region = OTA_REGION_INTL;
    plans[1].texts = &text;
    plans[1].text_count = 1;
    plans[1].push_window = NULL;
    plans[1].auto_upgrade_window = &morning;
    plans[2].priority = 10;
    plans[2].components = hotfix;
    plans[2].component_count = 2;
    plans[2].whitelist = white;
    plans[2].whitelist_count = 3;
    plans[2].blacklist = black;
    plans[2].blacklist_count = 1;
    plans[3].start = "2026-04-01T00:00"; /* newer than the release: before it */
    for (int i = 0; i < PLANS; i++)
        if (ota_plan_compile(&plans[i], NULL, &compiled[i], NULL) != OTA_OK)
            abort();
    if (ota_plan_set_new((const ota_compiled_plan *const *)compiled, PLANS, NULL, &set) != OTA_OK)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ota_json_device_reader *reader;
    if (!reader) {
        build_set();
        if (!(reader = ota_json_device_reader_new()))
            abort();
    }
    if (size > 65536)
        return 0;
    const ota_set_device *device = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    int32_t status =
        ota_json_set_device_read(reader, set, (const char *)data, size, &device, &error);
    if (status != OTA_OK) {
        if (device || error.text[0] == '\0')
            abort(); /* a refusal always says why */
        return 0;
    }
    /* Before the start, around New York's and Lord Howe's 2026 changes,
     * and after the end. */
    static const int64_t instants[] = {1772000000, 1772951400, 1793512800,
                                       1791041400, 1780000000, 1800000000};
    const ota_plan *written[PLANS];
    for (int i = 0; i < PLANS; i++)
        written[i] = &plans[i];
    for (int k = 0; k < 6; k++) {
        ota_eval_options options = OTA_EVAL_OPTIONS_INIT;
        options.tick_minutes = k % 2 ? 15 : 10;
        ota_candidate others[PLANS];
        ota_selection got = OTA_SELECTION_INIT;
        got.others = others;
        got.other_capacity = PLANS;
        status = ota_plan_set_select(set, device, instants[k], &options, &got);
        slow_selection want;
        int32_t slow_status = slow_select(written, (const ota_compiled_plan *const *)compiled,
                                          PLANS, device, instants[k], &want);
        if (status != slow_status)
            abort(); /* the reader gave a device that one of them refuses */
        if (status != OTA_OK)
            continue;
        if (!slow_selection_agrees(&want, &got, (const ota_compiled_plan *const *)compiled, device,
                                   instants[k], &options))
            abort();
        if (want.plan >= 0) {
            ota_device view;
            if (ota_set_device_in_plan(device, (uint32_t)want.plan, &view) != OTA_OK)
                abort();
            fuzz_check_device(&plans[want.plan], compiled[want.plan], &view, instants[k],
                              options.tick_minutes);
        }
    }
    return 0;
}
