/* A fleet file (JSON Lines, "-" for standard input) processed by N
 * threads (evaluate and simulate --jobs N): the main thread reads lines into
 * batches, the workers process whole batches, and each batch's output is
 * written in input order, so that the output is byte for byte the output
 * of one job.  Memory is bounded by the batches in flight (a few per
 * worker), not by the fleet. */
#ifndef OTAPLAN_PIPELINE_H
#define OTAPLAN_PIPELINE_H

#include "lines.h"
#include "otaplan_json.h"

typedef struct pipeline_job {
    /* Called in a worker for each line of the fleet, in order within a
     * batch: `status` is LINES_OK (the line, its '\n' included),
     * LINES_TOO_LONG or LINES_NOMEM (no text).  Output goes to `out`. */
    void (*line)(void *worker, const char *text, size_t length, unsigned long long number,
                 lines_status status, ota_json_buffer *out);
    void *const *workers; /* one context a job */
    int jobs;             /* 1 runs in the calling thread */
    /* Called in the calling thread with each batch's output, in order;
     * nonzero stops the run (the output is lost). */
    int (*emit)(void *context, ota_json_buffer *out);
    void *context;
} pipeline_job;

/* Reads and processes the whole fleet.  Returns 0, or EXIT_USAGE after
 * printing why the file could not be read (and from which line), or when
 * memory ran out for a batch; *last_line is the number of the last line
 * read. */
int pipeline_run(const char *path, const pipeline_job *job, unsigned long long *last_line);

/* The most threads a run starts (--jobs). */
enum { PIPELINE_MAX_JOBS = 64 };

/* The jobs of --jobs' default: the online CPUs (at most PIPELINE_MAX_JOBS). */
int pipeline_default_jobs(void);

#endif
