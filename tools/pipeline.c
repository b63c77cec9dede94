#include "pipeline.h"

#include "cli.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A batch holds this many lines or bytes, whichever comes first. */
#define BATCH_LINES        2048
#define BATCH_BYTES        (1u << 20)
#define WORKER_STACK_BYTES ((size_t)2 << 20)

typedef enum slot_state { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_DONE } slot_state;

typedef struct slot {
    slot_state state;
    unsigned long long sequence;
    size_t count;
    char *text; /* the lines, one after another */
    size_t text_length, text_capacity;
    size_t offsets[BATCH_LINES];
    size_t lengths[BATCH_LINES];
    unsigned long long numbers[BATCH_LINES];
    lines_status statuses[BATCH_LINES];
    ota_json_buffer out;
} slot;

typedef struct pipeline {
    const pipeline_job *job;
    slot *slots;
    int slot_count;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int closing;
} pipeline;

static void process(const pipeline_job *job, void *worker, slot *s)
{
    s->out.length = 0;
    for (size_t i = 0; i < s->count; i++)
        job->line(worker, s->text + s->offsets[i], s->lengths[i], s->numbers[i], s->statuses[i],
                  &s->out);
}

typedef struct worker_start {
    pipeline *p;
    void *worker;
} worker_start;

/* Takes the ready batch with the lowest sequence, so that the writer waits
 * as little as it can. */
static void *worker_main(void *argument)
{
    worker_start *start = argument;
    pipeline *p = start->p;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        slot *next = NULL;
        for (int i = 0; i < p->slot_count; i++)
            if (p->slots[i].state == SLOT_READY && (!next || p->slots[i].sequence < next->sequence))
                next = &p->slots[i];
        if (!next) {
            if (p->closing)
                break;
            pthread_cond_wait(&p->changed, &p->lock);
            continue;
        }
        next->state = SLOT_BUSY;
        pthread_mutex_unlock(&p->lock);
        process(p->job, start->worker, next);
        pthread_mutex_lock(&p->lock);
        next->state = SLOT_DONE;
        pthread_cond_broadcast(&p->changed);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* Appends a line to the batch; 0 when out of memory. */
static int add_line(slot *s, const char *line, size_t length, unsigned long long number,
                    lines_status status)
{
    if (s->text_length + length > s->text_capacity) {
        size_t capacity = s->text_capacity ? s->text_capacity : 4096;
        while (capacity < s->text_length + length)
            capacity *= 2;
        char *text = realloc(s->text, capacity);
        if (!text)
            return 0;
        s->text = text;
        s->text_capacity = capacity;
    }
    if (length)
        memcpy(s->text + s->text_length, line, length);
    s->offsets[s->count] = s->text_length;
    s->lengths[s->count] = length;
    s->numbers[s->count] = number;
    s->statuses[s->count] = status;
    s->text_length += length;
    s->count++;
    return 1;
}

/* Fills a batch from the reader: 1 if it holds lines, 0 at the end; a read
 * error or out of memory sets *failure. */
static int fill(lines_reader *lines, slot *s, int *read_errno, int *out_of_memory)
{
    s->count = 0;
    s->text_length = 0;
    while (s->count < BATCH_LINES && s->text_length < BATCH_BYTES) {
        const char *line;
        size_t length;
        lines_status status = lines_next(lines, &line, &length);
        if (status == LINES_END)
            break;
        if (status == LINES_ERROR) {
            *read_errno = lines_errno(lines);
            break;
        }
        if (status != LINES_OK)
            length = 0;
        if (!add_line(s, status == LINES_OK ? line : "", length, lines_number(lines), status)) {
            *out_of_memory = 1;
            break;
        }
    }
    return s->count > 0;
}

int pipeline_default_jobs(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus < 1 ? 1 : cpus > PIPELINE_MAX_JOBS ? PIPELINE_MAX_JOBS : (int)cpus;
}

int pipeline_run(const char *path, const pipeline_job *job, unsigned long long *last_line)
{
    *last_line = 0;
    FILE *fleet = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    lines_reader *lines = fleet ? lines_open(fleet, LINES_MAX_LENGTH) : NULL;
    pipeline p = {.job = job, .slot_count = job->jobs > 1 ? 2 * job->jobs + 2 : 1};
    p.slots = lines ? calloc((size_t)p.slot_count, sizeof *p.slots) : NULL;
    if (!p.slots) {
        fprintf(stderr, "otaplan: cannot read %s: %s\n", path,
                fleet ? "out of memory" : strerror(errno));
        lines_close(lines);
        if (fleet && fleet != stdin)
            fclose(fleet);
        return EXIT_USAGE;
    }
    for (int i = 0; i < p.slot_count; i++)
        ota_json_buffer_init(&p.slots[i].out, OTA_JSON_BUFFER_VERSION);
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.changed, NULL);
    pthread_t threads[PIPELINE_MAX_JOBS];
    worker_start starts[PIPELINE_MAX_JOBS];
    int started = 0;
    /* A worker's deepest stack is jansson's parser at its nesting limit
     * (2,048 levels, well under 1 MiB): 2 MiB instead of the default 8 MiB
     * keeps --jobs 64 within an address-space limit that one job fits. */
    pthread_attr_t attributes;
    int have_attributes = pthread_attr_init(&attributes) == 0;
    if (have_attributes && pthread_attr_setstacksize(&attributes, WORKER_STACK_BYTES) != 0) {
        pthread_attr_destroy(&attributes);
        have_attributes = 0;
    }
    for (; job->jobs > 1 && started < job->jobs && started < PIPELINE_MAX_JOBS; started++) {
        starts[started] = (worker_start){&p, job->workers[started]};
        if (pthread_create(&threads[started], have_attributes ? &attributes : NULL, worker_main,
                           &starts[started]) != 0)
            break;
    }
    if (have_attributes)
        pthread_attr_destroy(&attributes);
    int read_errno = 0, out_of_memory = 0, stopped = 0, more = 1;
    unsigned long long next_read = 0, next_write = 0;
    while (more || next_write < next_read) {
        /* Read ahead while a slot is free. */
        if (more && next_read - next_write < (unsigned long long)p.slot_count && !stopped) {
            slot *s = &p.slots[next_read % (unsigned long long)p.slot_count];
            pthread_mutex_lock(&p.lock);
            int free_slot = s->state == SLOT_FREE;
            pthread_mutex_unlock(&p.lock);
            if (free_slot) {
                more = fill(lines, s, &read_errno, &out_of_memory) && !read_errno && !out_of_memory;
                if (s->count) {
                    if (started == 0) {
                        /* One job (or no thread could start): here. */
                        process(job, job->workers[0], s);
                        s->state = SLOT_DONE;
                    } else {
                        pthread_mutex_lock(&p.lock);
                        s->sequence = next_read;
                        s->state = SLOT_READY;
                        pthread_cond_broadcast(&p.changed);
                        pthread_mutex_unlock(&p.lock);
                    }
                    next_read++;
                }
                if (read_errno || out_of_memory)
                    more = 0;
                continue;
            }
        }
        if (next_write == next_read)
            break;
        /* Write the oldest batch once it is done. */
        slot *s = &p.slots[next_write % (unsigned long long)p.slot_count];
        pthread_mutex_lock(&p.lock);
        while (s->state != SLOT_DONE)
            pthread_cond_wait(&p.changed, &p.lock);
        pthread_mutex_unlock(&p.lock);
        if (!stopped && job->emit(job->context, &s->out))
            stopped = 1, more = 0;
        pthread_mutex_lock(&p.lock);
        s->state = SLOT_FREE;
        pthread_mutex_unlock(&p.lock);
        next_write++;
    }
    pthread_mutex_lock(&p.lock);
    p.closing = 1;
    pthread_cond_broadcast(&p.changed);
    pthread_mutex_unlock(&p.lock);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    *last_line = lines_number(lines);
    for (int i = 0; i < p.slot_count; i++) {
        free(p.slots[i].text);
        ota_json_buffer_free(&p.slots[i].out);
    }
    free(p.slots);
    pthread_cond_destroy(&p.changed);
    pthread_mutex_destroy(&p.lock);
    lines_close(lines);
    if (fleet != stdin)
        fclose(fleet);
    if (read_errno) {
        fprintf(stderr,
                "otaplan: cannot read %s at line %llu: %s; the devices from there on "
                "were not evaluated\n",
                path, *last_line + 1, strerror(read_errno));
        return EXIT_USAGE;
    }
    if (out_of_memory) {
        fprintf(stderr, "otaplan: out of memory reading %s at line %llu\n", path, *last_line);
        return EXIT_USAGE;
    }
    return 0;
}
