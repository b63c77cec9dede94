#include "cli.h"

#include "pipeline.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int parse_instant_argument(const char *command, const char *option, const char *text,
                                  int64_t *out)
{
    if (ota_json_parse_instant(text, out) != 0 || *out < OTA_INSTANT_MIN ||
        *out >= OTA_INSTANT_MAX) {
        fprintf(stderr,
                "otaplan %s: %s needs an RFC 3339 instant from 2000 to 2099, such as "
                "2026-01-01T00:00:00Z, not \"%s\"\n",
                command, option, text);
        return EXIT_USAGE;
    }
    return 0;
}

/* --jobs: 1 to PIPELINE_MAX_JOBS threads. */
static int parse_jobs(const char *command, const char *text, int *out)
{
    char *end;
    errno = 0;
    long jobs = strtol(text, &end, 10);
    if (errno || end == text || *end || jobs < 1 || jobs > PIPELINE_MAX_JOBS) {
        fprintf(stderr, "otaplan %s: --jobs takes a number of threads from 1 to %d, not \"%s\"\n",
                command, PIPELINE_MAX_JOBS, text);
        return EXIT_USAGE;
    }
    *out = (int)jobs;
    return 0;
}

/* simulate --bucket: whole minutes, at most a leap year. */
enum { BUCKET_MAX_MINUTES = 366 * 24 * 60 };

static int parse_bucket(const char *command, const char *text, int *out)
{
    char *end;
    errno = 0;
    long minutes = strtol(text, &end, 10);
    if (errno || end == text || *end || minutes < 1 || minutes > BUCKET_MAX_MINUTES) {
        fprintf(stderr, "otaplan %s: --bucket takes a number of minutes from 1 to %d, not \"%s\"\n",
                command, BUCKET_MAX_MINUTES, text);
        return EXIT_USAGE;
    }
    *out = (int)minutes;
    return 0;
}

/* SPEC 2.3: 0, or a tick length that divides an hour. */
static int parse_tick(const char *command, const char *text, int *out)
{
    char *end;
    errno = 0;
    long tick = strtol(text, &end, 10);
    if (errno || end == text || *end || tick < 0 || tick > 60 ||
        !ota_tick_is_allowed((int32_t)tick)) {
        fprintf(stderr,
                "otaplan %s: --tick takes 0, 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60, not "
                "\"%s\"\n",
                command, text);
        return EXIT_USAGE;
    }
    *out = (int)tick;
    return 0;
}

/* Every option of every command, for getopt_long(); each command allows
 * some of them.  The values are the option's index in this table. */
enum {
    OPTION_NOW,
    OPTION_FROM,
    OPTION_TO,
    OPTION_TICK,
    OPTION_JOBS,
    OPTION_NAMES,
    OPTION_CATALOG,
    OPTION_BUCKET,
    OPTION_SVG,
    OPTION_JSON,
    OPTION_STRICT,
    OPTION_CHECK,
    OPTION_WRITE,
    OPTION_HASH,
};
static const struct option options_of_every_command[] = {
    [OPTION_NOW] = {"now", required_argument, NULL, OPTION_NOW},
    [OPTION_FROM] = {"from", required_argument, NULL, OPTION_FROM},
    [OPTION_TO] = {"to", required_argument, NULL, OPTION_TO},
    [OPTION_TICK] = {"tick", required_argument, NULL, OPTION_TICK},
    [OPTION_JOBS] = {"jobs", required_argument, NULL, OPTION_JOBS},
    [OPTION_NAMES] = {"names", required_argument, NULL, OPTION_NAMES},
    [OPTION_CATALOG] = {"catalog", required_argument, NULL, OPTION_CATALOG},
    [OPTION_BUCKET] = {"bucket", required_argument, NULL, OPTION_BUCKET},
    [OPTION_SVG] = {"svg", required_argument, NULL, OPTION_SVG},
    [OPTION_JSON] = {"json", no_argument, NULL, OPTION_JSON},
    [OPTION_STRICT] = {"strict", no_argument, NULL, OPTION_STRICT},
    [OPTION_CHECK] = {"check", no_argument, NULL, OPTION_CHECK},
    [OPTION_WRITE] = {"write", no_argument, NULL, OPTION_WRITE},
    [OPTION_HASH] = {"hash", no_argument, NULL, OPTION_HASH},
    {NULL, 0, NULL, 0},
};

static int is_allowed(const char *name, const char *const *allowed)
{
    for (size_t i = 0; allowed[i]; i++)
        if (strcmp(allowed[i] + 2, name) == 0)
            return 1;
    return 0;
}

static int take_value(int option, const char *command, const char *value, cli_options *out)
{
    switch (option) {
    case OPTION_NOW: return parse_instant_argument(command, "--now", value, &out->now);
    case OPTION_FROM: return parse_instant_argument(command, "--from", value, &out->from);
    case OPTION_TO: return parse_instant_argument(command, "--to", value, &out->to);
    case OPTION_TICK: return parse_tick(command, value, &out->tick);
    case OPTION_JOBS: return parse_jobs(command, value, &out->jobs);
    case OPTION_BUCKET: return parse_bucket(command, value, &out->bucket);
    case OPTION_NAMES: out->names = value; return 0;
    case OPTION_CATALOG: out->catalog = value; return 0;
    case OPTION_SVG: out->svg = value; return 0;
    case OPTION_JSON: out->json = 1; return 0;
    case OPTION_STRICT: out->strict = 1; return 0;
    case OPTION_CHECK: out->check = 1; return 0;
    case OPTION_WRITE: out->write = 1; return 0;
    case OPTION_HASH: out->hash = 1; return 0;
    default: return EXIT_USAGE;
    }
}

/* getopt_long()'s way, GNU's: "--now T" and "--now=T", unambiguous
 * prefixes ("--str"), options and files in any order, and "--" ending the
 * options (a file may then be named "--json"). */
int cli_parse(int argc, char **argv, const char *const *allowed, int positional_wanted,
              const char *command, cli_options *out)
{
    *out = (cli_options){.now = (int64_t)time(NULL),
                         .from = OTA_NO_INSTANT,
                         .to = OTA_NO_INSTANT,
                         .tick = OTA_TICK_DEFAULT_MINUTES,
                         .jobs = pipeline_default_jobs()};
    opterr = 0; /* the messages below name the command */
    optind = 0; /* a fresh scan (GNU) */
    for (;;) {
        /* ':' first: a missing value is ':', not '?'; no short options. */
        int option = getopt_long(argc, argv, ":", options_of_every_command, NULL);
        if (option == -1)
            break;
        const char *written = argv[optind - 1];
        if (option == '?' || option == ':') {
            const char *what = option == ':' ? "needs a value" : "is unknown or ambiguous";
            fprintf(stderr, "otaplan %s: option %s %s (see otaplan help %s)\n", command, written,
                    what, command);
            return EXIT_USAGE;
        }
        if (!is_allowed(options_of_every_command[option].name, allowed)) {
            fprintf(stderr, "otaplan %s: unknown option --%s (see otaplan help %s)\n", command,
                    options_of_every_command[option].name, command);
            return EXIT_USAGE;
        }
        int status = take_value(option, command, optarg, out);
        if (status)
            return status;
    }
    if (positional_wanted == CLI_ONE_OR_MORE) {
        out->files = argv + optind;
        out->file_count = argc - optind;
        if (out->file_count == 0) {
            fprintf(stderr, "otaplan %s: expected a file argument (see otaplan help %s)\n", command,
                    command);
            return EXIT_USAGE;
        }
        return 0;
    }
    for (int i = optind; i < argc; i++) {
        if (out->positional_count == positional_wanted) {
            fprintf(stderr, "otaplan %s: unexpected argument \"%s\" (see otaplan help %s)\n",
                    command, argv[i], command);
            return EXIT_USAGE;
        }
        out->positional[out->positional_count++] = argv[i];
    }
    if (out->positional_count != positional_wanted) {
        fprintf(stderr, "otaplan %s: expected %d file argument%s (see otaplan help %s)\n", command,
                positional_wanted, positional_wanted == 1 ? "" : "s", command);
        return EXIT_USAGE;
    }
    /* One rule for every command that takes a range: an empty or reversed
     * one is a mistake, not a question with no answer. */
    if (out->from != OTA_NO_INSTANT && out->to != OTA_NO_INSTANT && out->to <= out->from) {
        fprintf(stderr, "otaplan %s: --to must be after --from\n", command);
        return EXIT_USAGE;
    }
    return 0;
}

char *cli_read_file(const char *path, size_t *length)
{
    FILE *file = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!file) {
        fprintf(stderr, "otaplan: cannot read %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t capacity = 4096, used = 0;
    char *data = malloc(capacity);
    while (data) {
        if (used + 1 == capacity) {
            char *grown = realloc(data, capacity * 2);
            if (!grown) {
                free(data);
                data = NULL;
                break;
            }
            data = grown;
            capacity *= 2;
        }
        size_t n = fread(data + used, 1, capacity - used - 1, file);
        used += n;
        if (n == 0)
            break;
    }
    int failed = !data || ferror(file);
    int saved_errno = errno;
    if (file != stdin)
        fclose(file);
    if (failed) {
        fprintf(stderr, "otaplan: cannot read %s: %s\n", path,
                data ? strerror(saved_errno) : "out of memory");
        free(data);
        return NULL;
    }
    data[used] = '\0';
    *length = used;
    return data;
}

int cli_reader_verdict(const char *path, int32_t status, const ota_json_error *error)
{
    if (status == OTA_ERR_ARGUMENT) {
        fprintf(stderr, "%s:%d:%d: error: ", path, error->line, error->column);
        cli_fput_escaped(stderr, error->text);
        fputc('\n', stderr);
    } else if (status != OTA_OK)
        fprintf(stderr, "otaplan: %s: %s\n", path, ota_strerror(status));
    return status == OTA_OK ? 0 : EXIT_USAGE;
}

ota_json_plan *cli_load_plan(const char *path)
{
    size_t length;
    char *text = cli_read_file(path, &length);
    if (!text)
        return NULL;
    ota_json_plan *plan = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    int32_t status = ota_json_plan_read(text, length, &plan, &error);
    free(text);
    cli_reader_verdict(path, status, &error);
    return plan;
}

void cli_print_diagnostics(FILE *out, const char *file, const ota_diagnostics *list)
{
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
        ota_diagnostics_get(list, i, &d);
        fprintf(out, "%s: %s: ", file, d.severity == OTA_SEVERITY_ERROR ? "error" : "warning");
        cli_fput_escaped(out, d.path);
        fputs(d.path[0] ? ": " : "", out);
        cli_fput_escaped(out, d.message);
        fprintf(out, " [%s]\n", ota_code_name(d.code));
    }
}

static int read_names(const char *path, cli_validation *v)
{
    size_t length;
    char *text = cli_read_file(path, &length);
    if (!text)
        return EXIT_USAGE;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    int32_t status = ota_json_names_read(text, length, &v->names, &error);
    free(text);
    return cli_reader_verdict(path, status, &error);
}

static int read_catalog(const char *path, cli_validation *v)
{
    size_t length;
    char *text = cli_read_file(path, &length);
    if (!text)
        return EXIT_USAGE;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    int32_t status = ota_json_catalog_read(text, length, &v->catalog, &error);
    free(text);
    return cli_reader_verdict(path, status, &error);
}

int cli_validation_setup(const cli_options *options, cli_validation *v)
{
    *v = (cli_validation){0};
    ota_validate_options_init(&v->options, OTA_VALIDATE_OPTIONS_VERSION);
    v->options.now = options->now;
    if (ota_tzdata_system_version(v->system_tzdata, sizeof v->system_tzdata))
        v->options.system_tzdata_version = v->system_tzdata;
    if (options->names && read_names(options->names, v))
        return EXIT_USAGE;
    if (options->catalog && read_catalog(options->catalog, v))
        return EXIT_USAGE;
    v->options.existing_names = ota_json_names_get(v->names, &v->options.existing_name_count);
    v->options.catalog = ota_json_catalog_packages(v->catalog, &v->options.catalog_count);
    return 0;
}

void cli_validation_free(cli_validation *v)
{
    ota_json_names_free(v->names);
    ota_json_catalog_free(v->catalog);
}

uint32_t cli_failing_count(const ota_diagnostics *list, int strict)
{
    uint32_t failing = ota_diagnostics_error_count(list);
    for (uint32_t i = 0; strict && i < ota_diagnostics_count(list); i++) {
        ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
        if (ota_diagnostics_get(list, i, &d) == OTA_OK && d.severity == OTA_SEVERITY_WARNING &&
            d.code != OTA_CODE_TZDATA_STALE)
            failing++;
    }
    return failing;
}

ota_compiled_plan *cli_compile_plan(const char *path, const cli_options *options,
                                    const ota_json_plan *plan, int *exit_status)
{
    *exit_status = EXIT_USAGE;
    cli_validation validation;
    if (cli_validation_setup(options, &validation)) {
        cli_validation_free(&validation);
        return NULL;
    }
    ota_compiled_plan *compiled = NULL;
    ota_diagnostics *diagnostics = NULL;
    int32_t status = ota_json_plan_compile(plan, &validation.options, &compiled, &diagnostics);
    cli_validation_free(&validation);
    if (status == OTA_ERR_INVALID_PLAN) {
        fprintf(stderr, "%s: the plan is not valid:\n", path);
        cli_print_diagnostics(stderr, path, diagnostics);
        *exit_status = EXIT_INVALID;
    } else if (status != OTA_OK) {
        fprintf(stderr, "otaplan: %s: %s\n", path, ota_strerror(status));
    } else if (cli_failing_count(diagnostics, options->strict)) {
        fprintf(stderr, "%s: the plan has warnings, which --strict counts as errors:\n", path);
        cli_print_diagnostics(stderr, path, diagnostics);
        ota_compiled_plan_free(compiled);
        compiled = NULL;
        *exit_status = EXIT_INVALID;
    }
    ota_diagnostics_free(diagnostics);
    return compiled;
}

ota_compiled_plan *cli_compile(const char *path, const cli_options *options, ota_json_plan **plan,
                               int *exit_status)
{
    *exit_status = EXIT_USAGE;
    *plan = cli_load_plan(path);
    if (!*plan)
        return NULL;
    ota_compiled_plan *compiled = cli_compile_plan(path, options, *plan, exit_status);
    if (!compiled) {
        ota_json_plan_free(*plan);
        *plan = NULL;
    }
    return compiled;
}

static int output_errno;  /* errno of the first failed write to stdout */
static int loss_reported; /* cli_report_output_loss() said it */

static void note_output_failure(void)
{
    if (!output_errno && ferror(stdout))
        output_errno = errno ? errno : EIO;
}

void cli_write(const void *data, size_t length)
{
    errno = 0;
    if (fwrite(data, 1, length, stdout) != length)
        note_output_failure();
}

int cli_output_failed(void)
{
    note_output_failure();
    return output_errno != 0;
}

void cli_report_output_loss(const char *what, unsigned long long line)
{
    loss_reported = 1;
    if (line)
        fprintf(stderr,
                "otaplan: cannot write standard output: %s; %s "
                "(stopped at input line %llu)\n",
                strerror(output_errno), what, line);
    else
        fprintf(stderr, "otaplan: cannot write standard output: %s; %s\n", strerror(output_errno),
                what);
}

int cli_finish_output(int status)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout))
        note_output_failure();
    errno = 0;
    if (fclose(stdout) != 0 && !output_errno)
        output_errno = errno ? errno : EIO;
    if (!output_errno)
        return status;
    /* A streaming command has already said what it lost (and up to which
     * line); any other says it here, also when a write failed before the
     * end (output longer than stdio's buffer). */
    if (!loss_reported)
        cli_report_output_loss("the output is incomplete", 0);
    return EXIT_USAGE;
}

/* The length of the control character (C0, DEL or C1: Unicode's Cc, which
 * the rules count as control characters) that starts at s, or 0.  C1 is
 * U+0080-U+009F, two bytes in UTF-8; a terminal takes U+009B for CSI. */
static size_t control_length(const unsigned char *s, unsigned *code_point)
{
    if (s[0] < 0x20 || s[0] == 0x7f) {
        *code_point = s[0];
        return 1;
    }
    if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) {
        *code_point = s[1];
        return 2;
    }
    return 0;
}

static void put_control(ota_json_buffer *out, unsigned code_point)
{
    char spare[7];
    switch (code_point) {
    case '\n': ota_json_put(out, "\\n", 2); break;
    case '\r': ota_json_put(out, "\\r", 2); break;
    case '\t': ota_json_put(out, "\\t", 2); break;
    default: snprintf(spare, sizeof spare, "\\u%04x", code_point); ota_json_put(out, spare, 6);
    }
}

void cli_put_escaped(const char *text)
{
    cli_put_cell(text, 0);
}

void cli_append_cell(ota_json_buffer *out, const char *text, int width)
{
    size_t start = out->length;
    const unsigned char *run = (const unsigned char *)text, *s = run;
    for (; *s;) {
        unsigned code_point;
        size_t length = control_length(s, &code_point);
        if (!length) {
            s++;
            continue;
        }
        ota_json_put(out, (const char *)run, (size_t)(s - run));
        put_control(out, code_point);
        s += length;
        run = s;
    }
    ota_json_put(out, (const char *)run, (size_t)(s - run));
    for (size_t used = out->length - start; (int)used < width; used++)
        ota_json_put(out, " ", 1);
}

void cli_put_cell(const char *text, int width)
{
    ota_json_buffer cell = OTA_JSON_BUFFER_INIT;
    cli_append_cell(&cell, text, width);
    if (cell.failed)
        cli_write("?", 1);
    else if (cell.length)
        cli_write(cell.data, cell.length);
    ota_json_buffer_free(&cell);
}

void cli_fput_escaped(FILE *out, const char *text)
{
    ota_json_buffer escaped = OTA_JSON_BUFFER_INIT;
    cli_append_cell(&escaped, text, 0);
    if (escaped.failed)
        fputs("(out of memory)", out);
    else if (escaped.length)
        fwrite(escaped.data, 1, escaped.length, out);
    ota_json_buffer_free(&escaped);
}

void cli_print_instant(const ota_compiled_plan *plan, int64_t t)
{
    char utc[OTA_JSON_INSTANT_SIZE], local[OTA_JSON_LOCAL_SIZE] = "?";
    int32_t offset;
    ota_json_format_instant(t, utc);
    if (ota_compiled_plan_utc_offset(plan, t, &offset) == OTA_OK)
        ota_json_format_local(t, offset, local);
    printf("%s (%s local)", utc, local);
}

int cli_check_one_stdin(const char *command, const cli_options *options, const char *second)
{
    if (strcmp(options->positional[0], "-") != 0 || strcmp(options->positional[1], "-") != 0)
        return 0;
    fprintf(stderr,
            "otaplan %s: the plan and the %s cannot both be standard input (\"-\"); give the "
            "plan as a file\n",
            command, second);
    return EXIT_USAGE;
}
