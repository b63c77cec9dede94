/* The canonical form of plan files (otaplan fmt and hash, doc/rules.md
 * 9.3): a file of one plan is its block form, a file of several plans (a
 * set's JSON Lines) one line form a plan. */
#ifndef OTAPLAN_CANONICAL_H
#define OTAPLAN_CANONICAL_H

#include "cli.h"

typedef struct canonical {
    ota_json_set *plans;  /* the plans read */
    ota_json_buffer text; /* the file's canonical text */
} canonical;

/* Reads the text of `path` and formats it into *out: 0, or EXIT_USAGE after
 * printing why: not JSON (saying so when comments or a trailing comma are
 * the cause), or a plan with a field the canonical form cannot keep (of an
 * unknown name, of the wrong type), since the form holds what the plan
 * says and would drop it.  Reading the form back must give the same plans,
 * which is checked here too.  cli_canonical_free() releases *out. */
int cli_canonical(const char *path, const char *text, size_t length, canonical *out);
void cli_canonical_free(canonical *c);

/* ota_plan_hash() of a plan into `out`: 1, or 0 after printing why. */
int cli_hash_or_say(const char *path, const ota_plan *plan, char out[OTA_PLAN_HASH_SIZE]);

/* --hash: adds "plan_hash": HASH (null when `hash` is NULL: no plan
 * governs) as the last member of the JSON object that ends `out` (a
 * newline after it is kept). */
void cli_put_plan_hash(ota_json_buffer *out, const char *hash);

/* The files an argument names: a directory's *.json files (in the bytewise
 * order of their names), else the argument itself.  NULL after printing
 * why; free with cli_files_free(). */
char **cli_plan_files(const char *argument, size_t *count);
void cli_files_free(char **files, size_t count);

#endif
