/* ota_plan_validate on a typical plan and on a worst-case plan (16
 * components with 8 specified versions each, long texts in 8 languages). */
#include "harness.h"
#include "otaplan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct context {
    ota_plan plan;
} context;

static uint64_t op_validate(void *c, size_t i)
{
    (void)i;
    context *x = c;
    ota_diagnostics *list = NULL;
    ota_plan_validate(&x->plan, NULL, &list);
    uint64_t count = ota_diagnostics_count(list);
    ota_diagnostics_free(list);
    return count;
}

static uint64_t op_compile(void *c, size_t i)
{
    (void)i;
    context *x = c;
    ota_compiled_plan *compiled = NULL;
    ota_plan_compile(&x->plan, NULL, &compiled, NULL);
    ota_compiled_plan_free(compiled);
    return compiled != NULL;
}

static void typical(ota_plan *plan, ota_component *components, ota_window *window)
{
    ota_plan_init(plan, OTA_PLAN_STRUCT_VERSION);
    plan->name = "Night-time firmware 2.4 for smart locks";
    plan->product = "smart-lock_v2";
    plan->timezone = "Asia/Shanghai";
    plan->start = "2026-12-01T00:00";
    plan->end = "2027-03-01T00:00";
    plan->state = OTA_PLAN_ACTIVE;
    plan->mode = OTA_MODE_SILENT;
    *window = (ota_window){0, 2};
    plan->push_window = window;
    plan->min_signal = -110;
    plan->min_battery = 30;
    plan->retry_count = 2;
    static const char *const black[] = {"lock-0013", "lock-0042", "lock-0077"};
    plan->blacklist = black;
    plan->blacklist_count = 3;
    components[0] = (ota_component){.type = OTA_COMPONENT_MODULE,
                                    .method = OTA_METHOD_DELTA,
                                    .id = "wifi-fw",
                                    .source_version = "2.3.1",
                                    .target_version = "2.4.0"};
    components[1] = (ota_component){.type = OTA_COMPONENT_MCU,
                                    .method = OTA_METHOD_FULL,
                                    .id = "mcu.ctrl",
                                    .target_version = "1.8",
                                    .specified_versions = "1.6;1.7;1.7.1"};
    plan->components = components;
    plan->component_count = 2;
}

int main(void)
{
    context typical_plan, worst_plan;
    ota_component components[2], worst_components[16];
    ota_window window, auto_window = {2, 4};
    typical(&typical_plan.plan, components, &window);

    ota_plan *w = &worst_plan.plan;
    ota_plan_init(w, OTA_PLAN_STRUCT_VERSION);
    w->name = "A plan with every component and every language of its region and more";
    w->product = "gateway.pro-2";
    w->region = OTA_REGION_INTL;
    w->timezone = "America/New_York";
    w->start = "2026-03-08T02:30";
    w->end = "2026-11-01T01:30";
    w->state = OTA_PLAN_ACTIVE;
    w->mode = OTA_MODE_USER_CONFIRM;
    w->auto_upgrade_window = &auto_window;
    static char ids[16][16], targets[16][16];
    for (int i = 0; i < 16; i++) {
        snprintf(ids[i], sizeof ids[i], "component-%02d", i);
        snprintf(targets[i], sizeof targets[i], "9.%d.0", i);
        worst_components[i] = (ota_component){
            .type = OTA_COMPONENT_MODULE,
            .method = OTA_METHOD_FULL,
            .id = ids[i],
            .target_version = targets[i],
            .specified_versions = "1.0.0;1.1.0;1.2.0;2.0.0-rc1;2.0.0;2.1.0;3.0.0-beta_2;3.0.0"};
    }
    w->components = worst_components;
    w->component_count = 16;
    static char long_text[2000 * 3 + 1];
    for (int i = 0; i < 2000; i++)
        memcpy(long_text + 3 * i, "\xe6\x96\xb0", 3); /* 新 */
    static const char *const langs[] = {"en", "en-GB",  "zh-Hans-CN", "de-DE",
                                        "fr", "es-419", "ja-JP",      "pt-BR"};
    ota_text texts[8];
    for (int i = 0; i < 8; i++)
        texts[i] = (ota_text){langs[i], long_text};
    w->texts = texts;
    w->text_count = 8;

    ota_diagnostics *check = NULL;
    ota_plan_validate(w, NULL, &check);
    printf("worst-case plan: %u diagnostics, %u errors\n", ota_diagnostics_count(check),
           ota_diagnostics_error_count(check));
    ota_diagnostics_free(check);

    bench_print_header("ota_plan_validate and ota_plan_compile");
    bench_result typical_validate = bench_run(op_validate, &typical_plan, 5000, 11);
    bench_print_row("validate, typical plan (2 components)", typical_validate, NULL);
    bench_result worst_validate = bench_run(op_validate, &worst_plan, 500, 11);
    bench_print_row("validate, worst case (16x8 versions, 8 x 2000-char texts)", worst_validate,
                    NULL);
    bench_result typical_compile = bench_run(op_compile, &typical_plan, 5000, 11);
    bench_print_row("compile, typical plan", typical_compile, NULL);

    /* The texts' duplicate check was quadratic (16,000 texts took
     * 58 s); each tag is now canonicalised once and the tags sorted. */
    enum { TEXTS = 16000 };
    static ota_text many[TEXTS];
    static char many_tags[TEXTS][16];
    for (int i = 0; i < TEXTS; i++) {
        snprintf(many_tags[i], sizeof many_tags[i], "en-x-%d", i);
        many[i] = (ota_text){many_tags[i], "A new firmware is available."};
    }
    context texts_plan = worst_plan;
    texts_plan.plan.texts = many;
    texts_plan.plan.text_count = TEXTS;
    bench_result sixteen = bench_run(op_validate, &texts_plan, bench_quick() ? 1 : 3, 5);
    bench_print_row("validate, 16,000 texts", sixteen, NULL);
    printf("validate, 16,000 texts: %.1f ms (target <= 50 ms)\n", sixteen.median_ns / 1e6);
    return bench_sink_value() == 42 ? 1 : 0;
}
