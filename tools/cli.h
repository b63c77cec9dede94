/* What the commands of `otaplan` share (SPEC 9). */
#ifndef OTAPLAN_CLI_H
#define OTAPLAN_CLI_H

#include "otaplan.h"
#include "otaplan_json.h"
#include "otaplan_tzdata.h"

#include <stdio.h>

enum { EXIT_VALID = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

/* Options common to the commands; each command reads the ones it takes. */
typedef struct cli_options {
    const char *positional[2];
    int positional_count;
    int json;
    int strict;          /* --strict: warnings about the plan count as errors */
    int64_t now;         /* --now, default: the current time */
    int64_t from, to;    /* --from, --to; OTA_NO_INSTANT when absent */
    int tick;            /* --tick, default 10 */
    const char *names;   /* --names FILE */
    const char *catalog; /* --catalog FILE */
    int bucket;          /* --bucket MINUTES, 0 when absent */
    const char *svg;     /* --svg FILE */
    int jobs;            /* --jobs N, default: the online CPUs */
    int check, write;    /* fmt --check, --write */
    int hash;            /* --hash: "plan_hash" in the JSON of evaluate, select, explain */
    char **files;        /* with CLI_ONE_OR_MORE: the file arguments */
    int file_count;
} cli_options;

/* positional_wanted of a command that takes any number of files (at least
 * one), in out->files. */
#define CLI_ONE_OR_MORE (-1)

/* Parses a command's arguments, argv[0] being the command's name, with
 * getopt_long() (GNU conventions: "--now=T", "--", options anywhere).
 * `allowed` lists the options the command takes ("--json", "--now", ...).
 * Prints a message and returns EXIT_USAGE on a bad argument, else 0. */
int cli_parse(int argc, char **argv, const char *const *allowed, int positional_wanted,
              const char *command, cli_options *out);

/* The whole of a file ("-" is standard input); NULL after printing why. */
char *cli_read_file(const char *path, size_t *length);

/* Reads and parses a plan; NULL after printing a one-line message that names
 * the file, line and column. */
ota_json_plan *cli_load_plan(const char *path);

/* The diagnostics that make the plan fail: its errors, and under --strict
 * its warnings too, but for tzdata_stale, which is about the machine. */
uint32_t cli_failing_count(const ota_diagnostics *list, int strict);

/* Compiler-style lines: "plan.json: error: path: message [code]". */
void cli_print_diagnostics(FILE *out, const char *file, const ota_diagnostics *list);

/* Validation options from the command line: --now, --names, --catalog, and
 * the system's tz database version.  Returns 0, or EXIT_USAGE after
 * printing why.  cli_validation_free() releases what it read. */
typedef struct cli_validation {
    ota_validate_options options;
    ota_json_names *names;
    ota_json_catalog *catalog;
    char system_tzdata[64];
} cli_validation;

int cli_validation_setup(const cli_options *options, cli_validation *out);
void cli_validation_free(cli_validation *validation);

/* Compiles a plan read from `path` into *plan and the result, printing its
 * diagnostics (to stderr) if it is invalid.  Returns NULL after printing,
 * with nothing left to free; *exit_status then says how the program should
 * end. */
ota_compiled_plan *cli_compile(const char *path, const cli_options *options, ota_json_plan **plan,
                               int *exit_status);
/* The same for a plan already read (from `path`); the caller keeps it. */
ota_compiled_plan *cli_compile_plan(const char *path, const cli_options *options,
                                    const ota_json_plan *plan, int *exit_status);

/* Standard output, checked (doc/rules.md 9): a full disk, a file-size limit, a
 * closed pipe or a closed descriptor is an error, never exit 0. */
void cli_write(const void *data, size_t length);
/* 1 once a write to standard output failed (the reason is kept). */
int cli_output_failed(void);
/* One line on standard error: why, what was lost (a clause: "the results
 * are incomplete"), up to which input line (0: no line number applies). */
void cli_report_output_loss(const char *what, unsigned long long line);
/* Flushes and closes standard output: `status`, or EXIT_USAGE after
 * reporting a failure.  main() ends with it. */
int cli_finish_output(int status);

/* "2026-12-02T17:50:00Z (2026-12-03T01:50:00+08:00 local)": an instant in
 * UTC and in the plan's local time, for explain and simulate. */
void cli_print_instant(const ota_compiled_plan *plan, int64_t t);

/* 0 if a reader of the JSON module took the file, else EXIT_USAGE after
 * "FILE:LINE:COLUMN: error: ..." (text that is not JSON, or not of the
 * document's shape) or the status's sentence (out of memory). */
int cli_reader_verdict(const char *path, int32_t status, const ota_json_error *error);

/* The plan and the fleet (or device) cannot both be standard input: 0, or
 * EXIT_USAGE after saying so. */
int cli_check_one_stdin(const char *command, const cli_options *options, const char *second);

/* Text for the readable (non-JSON) output and for messages on standard
 * error: the one escaper of every text output.  Control characters (C0,
 * DEL and C1, Unicode's Cc) are written as JSON escapes them (\n, \u001b,
 * \u009b), so that no input can start a line of its own or send a terminal
 * an escape sequence.  cli_put_cell() pads to `width` bytes. */
void cli_put_escaped(const char *text);
void cli_put_cell(const char *text, int width);
void cli_fput_escaped(FILE *out, const char *text);
/* The same into a buffer. */
void cli_append_cell(ota_json_buffer *out, const char *text, int width);

int command_validate(int argc, char **argv);
int command_evaluate(int argc, char **argv);
int command_windows(int argc, char **argv);
int command_explain(int argc, char **argv);
int command_simulate(int argc, char **argv);
int command_select(int argc, char **argv);
int command_fmt(int argc, char **argv);
int command_hash(int argc, char **argv);
int command_test(int argc, char **argv);
int command_schema(int argc, char **argv);

#endif
