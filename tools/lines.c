#include "lines.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE 65536

struct lines_reader {
    FILE *file;
    size_t max_length;
    char *block; /* what fread gave, [start, end) not yet returned */
    size_t start, end;
    char *line; /* a line that spans blocks is assembled here */
    size_t line_length, line_capacity;
    int too_long, nomem; /* what befell the line being assembled */
    int at_end, error;
    unsigned long long number;
};

lines_reader *lines_open(FILE *file, size_t max_length)
{
    lines_reader *r = calloc(1, sizeof *r);
    if (r && !(r->block = malloc(BLOCK_SIZE))) {
        free(r);
        r = NULL;
    }
    if (r) {
        r->file = file;
        r->max_length = max_length;
    }
    return r;
}

void lines_close(lines_reader *r)
{
    if (r) {
        free(r->block);
        free(r->line);
        free(r);
    }
}

unsigned long long lines_number(const lines_reader *r)
{
    return r->number;
}
int lines_errno(const lines_reader *r)
{
    return r->error;
}

/* Adds n bytes to the line being assembled, unless it is already lost. */
static void append(lines_reader *r, const char *bytes, size_t n)
{
    if (r->too_long || r->nomem || n == 0)
        return;
    if (n > r->max_length - r->line_length) {
        r->too_long = 1;
        return;
    }
    size_t needed = r->line_length + n;
    if (needed > r->line_capacity) {
        size_t capacity = r->line_capacity ? r->line_capacity : 4096;
        while (capacity < needed)
            capacity = capacity > SIZE_MAX / 2 ? needed : capacity * 2;
        char *grown = realloc(r->line, capacity);
        if (!grown) {
            r->nomem = 1;
            return;
        }
        r->line = grown;
        r->line_capacity = capacity;
    }
    memcpy(r->line + r->line_length, bytes, n);
    r->line_length = needed;
}

static lines_status finish_line(lines_reader *r, const char **line, size_t *length)
{
    r->number++;
    lines_status status = r->too_long ? LINES_TOO_LONG : r->nomem ? LINES_NOMEM : LINES_OK;
    *line = r->line;
    *length = status == LINES_OK ? r->line_length : 0;
    r->line_length = 0;
    r->too_long = r->nomem = 0;
    return status;
}

lines_status lines_next(lines_reader *r, const char **line, size_t *length)
{
    if (r->error)
        return LINES_ERROR;
    for (;;) {
        char *begin = r->block + r->start;
        size_t available = r->end - r->start;
        char *newline = available ? memchr(begin, '\n', available) : NULL;
        if (newline) {
            size_t n = (size_t)(newline - begin) + 1;
            r->start += n;
            /* A line inside one block is handed out where it lies. */
            if (r->line_length == 0 && !r->too_long && !r->nomem) {
                r->number++;
                if (n > r->max_length)
                    return LINES_TOO_LONG;
                *line = begin;
                *length = n;
                return LINES_OK;
            }
            append(r, begin, n);
            return finish_line(r, line, length);
        }
        append(r, begin, available);
        r->start = r->end = 0;
        if (r->at_end)
            return LINES_END;
        errno = 0;
        size_t n = fread(r->block, 1, BLOCK_SIZE, r->file);
        r->end = n;
        if (n == 0) {
            if (ferror(r->file)) {
                r->error = errno ? errno : EIO;
                return LINES_ERROR;
            }
            r->at_end = 1;
            if (r->line_length || r->too_long || r->nomem)
                return finish_line(r, line, length); /* a last line without '\n' */
            return LINES_END;
        }
    }
}
