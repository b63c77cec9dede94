/* otaplan windows PLAN [--from T] [--to T] [--json] */
#include "cli.h"

int command_windows(int argc, char **argv)
{
    static const char *const allowed[] = {"--from", "--to", "--now", "--json", "--strict", NULL};
    cli_options options;
    if (cli_parse(argc, argv, allowed, 1, "windows", &options))
        return EXIT_USAGE;
    ota_json_plan *plan = NULL;
    int exit_status;
    ota_compiled_plan *compiled = cli_compile(options.positional[0], &options, &plan, &exit_status);
    if (!compiled)
        return exit_status;
    /* Without --from/--to the whole plan period is listed. */
    int64_t from = options.from != OTA_NO_INSTANT ? options.from : OTA_INSTANT_MIN;
    int64_t to = options.to != OTA_NO_INSTANT ? options.to : OTA_INSTANT_MAX;
    ota_interval interval = OTA_INTERVAL_INIT;
    while (from < to && ota_compiled_plan_next_window(compiled, from, to, &interval) == OTA_OK) {
        char start[OTA_JSON_INSTANT_SIZE], end[OTA_JSON_INSTANT_SIZE];
        ota_json_format_instant(interval.start, start);
        ota_json_format_instant(interval.end, end);
        if (options.json)
            printf("{\"start\":\"%s\",\"end\":\"%s\"}\n", start, end);
        else
            printf("%s %s\n", start, end);
        from = interval.end;
    }
    ota_compiled_plan_free(compiled);
    ota_json_plan_free(plan);
    return EXIT_VALID;
}
