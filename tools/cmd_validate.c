/* otaplan validate PLANS [--now T] [--names FILE] [--catalog FILE] [--json]
 * PLANS is one plan, or a set (SPEC 14.4): a JSON Lines file of plans or a
 * directory of them. */
#include "cli.h"
#include "plan_set.h"

#include <stdlib.h>

int command_validate(int argc, char **argv)
{
    static const char *const allowed[] = {"--now",  "--names",  "--catalog",
                                          "--json", "--strict", NULL};
    cli_options options;
    if (cli_parse(argc, argv, allowed, 1, "validate", &options))
        return EXIT_USAGE;
    const char *path = options.positional[0];
    int is_set = 0;
    ota_json_set *set = cli_load_set(path, &is_set);
    if (!set)
        return EXIT_USAGE;
    cli_validation validation;
    int exit_status = EXIT_USAGE;
    ota_diagnostics *diagnostics = NULL;
    if (cli_validation_setup(&options, &validation) == 0) {
        int32_t status = is_set ? ota_json_set_validate(set, &validation.options, &diagnostics)
                                : ota_json_plan_validate(ota_json_set_plan(set, 0),
                                                         &validation.options, &diagnostics);
        if (status != OTA_OK)
            fprintf(stderr, "otaplan: %s: %s\n", path, ota_strerror(status));
        else
            exit_status =
                cli_failing_count(diagnostics, options.strict) ? EXIT_INVALID : EXIT_VALID;
    }
    if (diagnostics && options.json) {
        ota_json_buffer out = OTA_JSON_BUFFER_INIT;
        ota_json_put_diagnostics(&out, diagnostics);
        if (out.failed) {
            fprintf(stderr, "otaplan: out of memory\n");
            exit_status = EXIT_USAGE;
        } else {
            puts(out.data);
        }
        ota_json_buffer_free(&out);
    } else if (diagnostics) {
        cli_print_diagnostics(stdout, path, diagnostics);
        uint32_t errors = ota_diagnostics_error_count(diagnostics);
        uint32_t warnings = ota_diagnostics_count(diagnostics) - errors;
        const char *verdict = errors                        ? "invalid"
                              : exit_status == EXIT_INVALID ? "invalid under --strict"
                                                            : "valid";
        printf("%s: %s (%u error%s, %u warning%s)\n", path, verdict, errors, errors == 1 ? "" : "s",
               warnings, warnings == 1 ? "" : "s");
    }
    ota_diagnostics_free(diagnostics);
    cli_validation_free(&validation);
    ota_json_set_free(set);
    return exit_status;
}
