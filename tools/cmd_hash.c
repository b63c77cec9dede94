/* otaplan hash PLANS: each plan's content identifier, the SHA-256 of its
 * canonical form (ota_plan_hash()). */
#include "canonical.h"

#include <stdlib.h>
#include <string.h>

/* The plans of one file: a hash a line, and for a file of several plans
 * (a set's JSON Lines) the plan's name after it. */
static int hash_file(const char *path, int with_names)
{
    size_t length;
    char *text = cli_read_file(path, &length);
    if (!text)
        return EXIT_USAGE;
    canonical form;
    int status = cli_canonical(path, text, length, &form);
    free(text);
    if (status != 0)
        return status;
    uint32_t count = ota_json_set_count(form.plans);
    for (uint32_t i = 0; i < count && status == 0; i++) {
        const ota_plan *plan = ota_json_plan_get(ota_json_set_plan(form.plans, i));
        char hash[OTA_PLAN_HASH_SIZE];
        int32_t hashed = ota_plan_hash(plan, hash);
        if (hashed != OTA_OK) {
            fprintf(stderr, "otaplan hash: %s: %s\n", path, ota_strerror(hashed));
            status = EXIT_USAGE;
            break;
        }
        cli_write(hash, strlen(hash));
        if (with_names || count > 1) {
            cli_write("  ", 2);
            cli_put_escaped(plan->name ? plan->name : "");
        }
        cli_write("\n", 1);
    }
    cli_canonical_free(&form);
    return status;
}

int command_hash(int argc, char **argv)
{
    static const char *const allowed[] = {NULL};
    cli_options options;
    if (cli_parse(argc, argv, allowed, 1, "hash", &options))
        return EXIT_USAGE;
    size_t count = 0;
    char **files = cli_plan_files(options.positional[0], &count);
    if (!files)
        return EXIT_USAGE;
    int worst = 0;
    for (size_t i = 0; i < count; i++) {
        int status = hash_file(files[i], count > 1);
        if (status > worst)
            worst = status;
    }
    cli_files_free(files, count);
    return worst;
}
