/* JSON Lines input that tells every way a line can be lost apart from the
 * end of the file (doc/rules.md 9): a read error, a line too long to hold, a line
 * that would not fit in memory.  No line is dropped silently. */
#ifndef OTAPLAN_LINES_H
#define OTAPLAN_LINES_H

#include <stddef.h>
#include <stdio.h>

/* A device object is far smaller; a longer line is reported, not read. */
#define LINES_MAX_LENGTH (16u << 20)

typedef enum lines_status {
    LINES_OK,       /* *line holds the line, with its '\n' if it had one */
    LINES_END,      /* end of file: no more lines */
    LINES_TOO_LONG, /* the line was longer than the limit; skipped to its end */
    LINES_NOMEM,    /* the line did not fit in memory; skipped to its end */
    LINES_ERROR     /* reading failed: errno says why; nothing more is read */
} lines_status;

typedef struct lines_reader lines_reader;

/* NULL when out of memory.  The reader does not close `file`. */
lines_reader *lines_open(FILE *file, size_t max_length);
void lines_close(lines_reader *reader);

/* The next line.  *line and *length stay valid until the next call.  The
 * line number of the answer (1-based, counting every line whatever its
 * status) is lines_number(). */
lines_status lines_next(lines_reader *reader, const char **line, size_t *length);
unsigned long long lines_number(const lines_reader *reader);
/* errno of the failure after LINES_ERROR. */
int lines_errno(const lines_reader *reader);

#endif
