/* otaplan schema NAME: a JSON Schema of schema/, as installed under
 * $datadir/otaplan/schema/ (doc/rules.md 9.5). */
#include "cli.h"
#include "schemas.h"

#include <string.h>

int command_schema(int argc, char **argv)
{
    static const char *const allowed[] = {NULL};
    cli_options options;
    if (cli_parse(argc, argv, allowed, 1, "schema", &options))
        return EXIT_USAGE;
    for (const cli_schema *s = cli_schemas; s->name; s++)
        if (strcmp(s->name, options.positional[0]) == 0) {
            cli_write(s->text, s->length);
            return EXIT_VALID;
        }
    fputs("otaplan schema: no schema \"", stderr);
    cli_fput_escaped(stderr, options.positional[0]);
    fprintf(stderr, "\" (there are");
    for (const cli_schema *s = cli_schemas; s->name; s++)
        fprintf(stderr, " %s", s->name);
    fprintf(stderr, ")\n");
    return EXIT_USAGE;
}
