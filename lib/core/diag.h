/* The growable list behind ota_diagnostics. */
#ifndef OTA_DIAG_H
#define OTA_DIAG_H

#include "otaplan.h"

#include <stdarg.h>

struct ota_diagnostics {
    ota_allocator custom;           /* the caller's allocator, copied */
    const ota_allocator *allocator; /* &custom, or NULL for malloc/free */
    ota_diagnostic *items;
    char **hints; /* NULL until a hint is given; then `capacity` entries */
    uint32_t count;
    uint32_t capacity;
    uint32_t errors;
    /* Set when an append failed: the list is then incomplete and the
     * operation that built it reports OTA_ERR_NOMEM. */
    int out_of_memory;
};

ota_diagnostics *ota__diag_new(const ota_allocator *allocator);

/* Appends a diagnostic of `code` (its severity is the code's).  The path
 * and the message are printf formats.  Records out-of-memory in the list. */
void ota__diag_add(ota_diagnostics *list, int32_t code, const char *path,
                   const char *message_format, ...) __attribute__((format(printf, 4, 5)));

/* Same with a path built from a printf format (e.g. "components[%u].id"). */
void ota__diag_addp(ota_diagnostics *list, int32_t code, const char *message,
                    const char *path_format, ...) __attribute__((format(printf, 4, 5)));

/* Gives the last diagnostic a hint, also appended to its message: "...;
 * did you mean \"America/New_York\"?".  A printf format.  Records
 * out-of-memory in the list. */
void ota__diag_hint(ota_diagnostics *list, const char *hint_format, ...)
    __attribute__((format(printf, 2, 3)));

#endif
