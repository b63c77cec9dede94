/* The PLANS argument of validate, select and explain (SPEC 14.5): a plan
 * file, a JSON Lines file of plans, or a directory of *.json plans. */
#ifndef OTAPLAN_PLAN_SET_H
#define OTAPLAN_PLAN_SET_H

#include "cli.h"

/* The plans at `path`; NULL after printing why (the file and line, or the
 * file of a directory, of the bad plan).  *is_set is 1 for a directory or
 * a file of more than one plan: what is validated as a set. */
ota_json_set *cli_load_set(const char *path, int *is_set);

/* The set at `path`, validated and compiled; NULL after printing its
 * diagnostics (exit 1) or why it could not be read (exit 2), in
 * *exit_status.  --strict counts the plans' warnings as errors. */
ota_json_set *cli_compile_set(const char *path, const cli_options *options, int *exit_status);
/* The same for a set already loaded: 1 when compiled, else 0 after
 * printing why, with *exit_status set. */
int cli_compile_loaded_set(const char *path, const cli_options *options, ota_json_set *set,
                           int *exit_status);

/* 1 when `path` names a directory ("-" never does). */
int cli_is_directory(const char *path);
/* The *.json files of the directory in bytewise order of their names
 * (each and the array malloc()ed); NULL after printing why. */
char **cli_json_files(const char *path, size_t *count);

#endif
