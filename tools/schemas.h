/* The JSON Schemas of schema/, built into the program (embed_schemas.py). */
#ifndef OTAPLAN_SCHEMAS_H
#define OTAPLAN_SCHEMAS_H

typedef struct cli_schema {
    const char *name; /* "plan", "device", ... */
    const char *text; /* the file's bytes, without a NUL */
    unsigned long length;
} cli_schema;

/* Sorted by name, ending with {NULL, NULL}. */
extern const cli_schema cli_schemas[];

#endif
