/* otaplan simulate PLAN FLEET --from T --to T [--tick N] [--bucket MINUTES]
 *                  [--json] [--svg FILE]
 * Each device's next push at --from, counted per bucket of [from, to): what
 * a rollout will look like before it runs. */
#include "cli.h"
#include "fleet.h"
#include "pipeline.h"
#include "simulation.h"

#include <stdlib.h>
#include <string.h>

/* A worker's share: its own counts, added up at the end (the counts do not
 * depend on the order of the lines). */
typedef struct worker {
    simulation *sim; /* the run's settings; `pushes` is this worker's own */
    simulation counts;
    ota_eval_options eval;
    ota_json_device_reader *reader;
    unsigned long long out_of_memory_line; /* the first, or 0 */
} worker;

size_t simulation_peak(const simulation *s)
{
    size_t peak = 0;
    for (size_t k = 1; k < s->bucket_count; k++)
        if (s->pushes[k] > s->pushes[peak])
            peak = k;
    return peak;
}

size_t simulation_reached(const simulation *s, int basis_points)
{
    if (s->pushed == 0)
        return s->bucket_count;
    unsigned long long sum = 0;
    for (size_t k = 0; k < s->bucket_count; k++) {
        sum += s->pushes[k];
        /* sum / pushed >= bp / 10000, in integers */
        if (sum * 10000 >= (unsigned long long)basis_points * s->pushed)
            return k;
    }
    return s->bucket_count - 1;
}

static void count_line(void *context, const char *text, size_t length, unsigned long long number,
                       lines_status status, ota_json_buffer *out)
{
    worker *w = context;
    simulation *s = &w->counts;
    const ota_device *device = NULL;
    char why[256];
    fleet_line_kind kind =
        fleet_read_line(w->reader, text, length, status, &device, why, sizeof why);
    if (kind == FLEET_BLANK)
        return;
    if (kind == FLEET_NO_MEMORY) {
        /* No count of a line memory could not read: the run ends. */
        if (!w->out_of_memory_line)
            w->out_of_memory_line = number;
        out->failed = 1;
        return;
    }
    s->devices++;
    ota_push_result push = OTA_PUSH_RESULT_INIT;
    if (kind == FLEET_BAD ||
        ota_next_push_time(w->sim->compiled, device, w->sim->from, &w->eval, &push) != OTA_OK) {
        s->bad_lines++;
        return;
    }
    switch (push.status) {
    case OTA_PUSH_AT:
        if (push.at < w->sim->to) {
            s->pushes[(push.at - w->sim->from) / ((int64_t)w->sim->bucket_minutes * 60)]++;
            s->pushed++;
        } else {
            s->after_to++;
        }
        break;
    case OTA_PUSH_AWAIT_USER_CONFIRM: s->await_user_confirm++; break;
    case OTA_PUSH_AWAIT_DEVICE_REQUEST: s->await_device_request++; break;
    default: s->never[push.reason % SIMULATION_REASON_SLOTS]++; break;
    }
}

/* Nothing to write: a batch whose output failed stops the run. */
static int nothing_to_emit(void *context, ota_json_buffer *out)
{
    (void)context;
    return out->failed;
}

static void add_counts(simulation *into, const simulation *c)
{
    for (size_t k = 0; k < into->bucket_count; k++)
        into->pushes[k] += c->pushes[k];
    into->devices += c->devices;
    into->pushed += c->pushed;
    into->after_to += c->after_to;
    into->await_user_confirm += c->await_user_confirm;
    into->await_device_request += c->await_device_request;
    for (int i = 0; i < SIMULATION_REASON_SLOTS; i++)
        into->never[i] += c->never[i];
    into->bad_lines += c->bad_lines;
}

/* Counts the fleet with `jobs` workers into *sim; 0 or EXIT_USAGE. */
static int count_fleet(simulation *sim, const char *path, int jobs, int tick)
{
    worker workers[64];
    void *contexts[64];
    int ready = 0;
    for (; ready < jobs; ready++) {
        workers[ready] =
            (worker){.sim = sim,
                     .counts = {.bucket_count = sim->bucket_count,
                                .pushes = calloc(sim->bucket_count, sizeof(unsigned long long))},
                     .reader = ota_json_device_reader_new()};
        ota_eval_options_init(&workers[ready].eval, OTA_EVAL_OPTIONS_VERSION);
        workers[ready].eval.tick_minutes = tick;
        contexts[ready] = &workers[ready];
        if (!workers[ready].reader || !workers[ready].counts.pushes) {
            ready++;
            break;
        }
    }
    int status = EXIT_USAGE;
    int complete = 1;
    for (int i = 0; i < ready; i++)
        complete &= workers[i].reader && workers[i].counts.pushes;
    if (!complete || ready < jobs) {
        fprintf(stderr, "otaplan simulate: out of memory for %d jobs' counts\n", jobs);
    } else {
        pipeline_job job = {count_line, contexts, jobs, nothing_to_emit, NULL};
        unsigned long long last;
        status = pipeline_run(path, &job, &last);
    }
    unsigned long long out_of_memory_line = 0;
    for (int i = 0; i < ready; i++) {
        unsigned long long line = workers[i].out_of_memory_line;
        if (line && (!out_of_memory_line || line < out_of_memory_line))
            out_of_memory_line = line;
    }
    if (status == 0 && out_of_memory_line) {
        fprintf(stderr,
                "otaplan simulate: out of memory at fleet line %llu; the simulation is "
                "incomplete\n",
                out_of_memory_line);
        status = EXIT_USAGE;
    }
    for (int i = 0; i < ready; i++) {
        if (status == 0)
            add_counts(sim, &workers[i].counts);
        free(workers[i].counts.pushes);
        ota_json_device_reader_free(workers[i].reader);
    }
    return status;
}

static void put_number(ota_json_buffer *b, unsigned long long n)
{
    char text[32];
    snprintf(text, sizeof text, "%llu", n);
    ota_json_put_cstr(b, text);
}

static void put_instant(ota_json_buffer *b, int64_t t)
{
    char text[OTA_JSON_INSTANT_SIZE];
    ota_json_format_instant(t, text);
    ota_json_put_string(b, text);
}

/* Writes out what the buffer holds once it holds enough: the series of
 * millions of buckets is streamed, never held as text whole. */
static void flush_when_full(ota_json_buffer *b)
{
    if (b->length < 65536 || b->failed)
        return;
    cli_write(b->data, b->length);
    b->length = 0;
}

static void put_json(const simulation *s, ota_json_buffer *b)
{
    ota_json_put_cstr(b, "{\"from\":");
    put_instant(b, s->from);
    ota_json_put_cstr(b, ",\"to\":");
    put_instant(b, s->to);
    ota_json_put_cstr(b, ",\"tick\":");
    put_number(b, (unsigned long long)s->tick_minutes);
    ota_json_put_cstr(b, ",\"bucket_minutes\":");
    put_number(b, (unsigned long long)s->bucket_minutes);
    ota_json_put_cstr(b, ",\"devices\":");
    put_number(b, s->devices);
    ota_json_put_cstr(b, ",\"pushed\":");
    put_number(b, s->pushed);
    if (s->pushed) {
        size_t peak = simulation_peak(s);
        ota_json_put_cstr(b, ",\"peak\":{\"start\":");
        put_instant(b, simulation_bucket_start(s, peak));
        ota_json_put_cstr(b, ",\"pushes\":");
        put_number(b, s->pushes[peak]);
        ota_json_put_cstr(b, "}");
    } else {
        ota_json_put_cstr(b, ",\"peak\":null");
    }
    ota_json_put_cstr(b, ",\"series\":[");
    for (size_t k = 0; k < s->bucket_count; k++) {
        ota_json_put_cstr(b, k ? ",{\"start\":" : "{\"start\":");
        put_instant(b, simulation_bucket_start(s, k));
        ota_json_put_cstr(b, ",\"pushes\":");
        put_number(b, s->pushes[k]);
        ota_json_put_cstr(b, "}");
        flush_when_full(b);
    }
    ota_json_put_cstr(b, "],\"not_pushed\":{\"after_to\":");
    put_number(b, s->after_to);
    ota_json_put_cstr(b, ",\"await_user_confirm\":");
    put_number(b, s->await_user_confirm);
    ota_json_put_cstr(b, ",\"await_device_request\":");
    put_number(b, s->await_device_request);
    ota_json_put_cstr(b, ",\"never\":{");
    int first = 1;
    for (int reason = 0; reason < SIMULATION_REASON_SLOTS; reason++) {
        if (!s->never[reason])
            continue;
        ota_json_put_cstr(b, first ? "\"" : ",\"");
        ota_json_put_cstr(b, ota_reason_name(reason));
        ota_json_put_cstr(b, "\":");
        put_number(b, s->never[reason]);
        first = 0;
    }
    ota_json_put_cstr(b, "},\"bad_lines\":");
    put_number(b, s->bad_lines);
    ota_json_put_cstr(b, "}}\n");
}

static void print_elapsed(int64_t seconds)
{
    int64_t minutes = seconds / 60;
    if (minutes >= 24 * 60)
        printf("+%lldd %02lld:%02lld", (long long)(minutes / 1440), (long long)(minutes / 60 % 24),
               (long long)(minutes % 60));
    else
        printf("+%02lld:%02lld", (long long)(minutes / 60), (long long)(minutes % 60));
}

static void print_text(const simulation *s)
{
    printf("%llu device%s, next push at --from ", s->devices, s->devices == 1 ? "" : "s");
    cli_print_instant(s->compiled, s->from);
    printf("\ncounted per %d min until ", s->bucket_minutes);
    cli_print_instant(s->compiled, s->to);
    printf(" (tick %d)\n\n", s->tick_minutes);
    printf("pushed: %llu (%.1f%%)\n", s->pushed,
           s->devices ? 100.0 * (double)s->pushed / (double)s->devices : 0.0);
    if (s->pushed) {
        size_t peak = simulation_peak(s);
        printf("peak: %llu pushes in the bucket from ", s->pushes[peak]);
        cli_print_instant(s->compiled, simulation_bucket_start(s, peak));
        printf("\n");
        static const int shares[] = {5000, 9000, 10000};
        for (int i = 0; i < 3; i++) {
            size_t k = simulation_reached(s, shares[i]);
            int64_t end = simulation_bucket_start(s, k + 1);
            if (end > s->to)
                end = s->to;
            printf("%3d%% of the pushed devices by ", shares[i] / 100);
            cli_print_instant(s->compiled, end);
            printf(", ");
            print_elapsed(end - s->from);
            printf("\n");
        }
    }
    printf("\nnot pushed:\n  %-26s %llu\n  %-26s %llu\n  %-26s %llu\n", "after --to", s->after_to,
           "await_user_confirm", s->await_user_confirm, "await_device_request",
           s->await_device_request);
    for (int reason = 0; reason < SIMULATION_REASON_SLOTS; reason++)
        if (s->never[reason])
            printf("  never: %-19s %llu\n", ota_reason_name(reason), s->never[reason]);
    printf("  %-26s %llu\n", "bad lines", s->bad_lines);
}

static int report(const simulation *s, const cli_options *options)
{
    if (options->json) {
        ota_json_buffer out = OTA_JSON_BUFFER_INIT;
        put_json(s, &out);
        if (out.failed) {
            ota_json_buffer_free(&out);
            fprintf(stderr, "otaplan simulate: out of memory writing the series\n");
            return EXIT_USAGE;
        }
        cli_write(out.data, out.length);
        ota_json_buffer_free(&out);
    } else {
        print_text(s);
    }
    if (options->svg && simulation_write_svg(s, options->svg))
        return EXIT_USAGE;
    if (cli_output_failed()) {
        cli_report_output_loss("the simulation is incomplete", 0);
        return EXIT_USAGE;
    }
    return s->bad_lines ? EXIT_INVALID : EXIT_VALID;
}

static int check_range(const cli_options *options, int *bucket_minutes, size_t *bucket_count)
{
    if (options->from == OTA_NO_INSTANT || options->to == OTA_NO_INSTANT) {
        fprintf(stderr, "otaplan simulate: --from and --to are required\n");
        return EXIT_USAGE;
    }
    *bucket_minutes = options->bucket ? options->bucket : options->tick ? options->tick : 60;
    int64_t seconds = (int64_t)*bucket_minutes * 60;
    int64_t count = (options->to - options->from + seconds - 1) / seconds;
    if (count > (int64_t)SIMULATION_MAX_BUCKETS) {
        fprintf(stderr,
                "otaplan simulate: --from to --to holds %lld buckets of %d min, more than %u; "
                "use a larger --bucket\n",
                (long long)count, *bucket_minutes, SIMULATION_MAX_BUCKETS);
        return EXIT_USAGE;
    }
    *bucket_count = (size_t)count;
    return 0;
}

int command_simulate(int argc, char **argv)
{
    static const char *const allowed[] = {"--from", "--to",     "--tick", "--bucket", "--json",
                                          "--svg",  "--strict", "--jobs", NULL};
    cli_options options;
    if (cli_parse(argc, argv, allowed, 2, "simulate", &options))
        return EXIT_USAGE;
    int bucket_minutes;
    size_t bucket_count;
    if (check_range(&options, &bucket_minutes, &bucket_count))
        return EXIT_USAGE;
    if (cli_check_one_stdin("simulate", &options, "fleet"))
        return EXIT_USAGE;
    ota_json_plan *plan = NULL;
    int exit_status;
    ota_compiled_plan *compiled = cli_compile(options.positional[0], &options, &plan, &exit_status);
    if (!compiled)
        return exit_status;
    simulation sim = {.plan = ota_json_plan_get(plan),
                      .compiled = compiled,
                      .from = options.from,
                      .to = options.to,
                      .tick_minutes = options.tick,
                      .bucket_minutes = bucket_minutes,
                      .bucket_count = bucket_count,
                      .pushes = calloc(bucket_count, sizeof(unsigned long long))};
    if (!sim.pushes) {
        fprintf(stderr, "otaplan simulate: out of memory for %zu buckets\n", bucket_count);
        exit_status = EXIT_USAGE;
    } else {
        exit_status = count_fleet(&sim, options.positional[1], options.jobs, options.tick);
        if (exit_status == 0)
            exit_status = report(&sim, &options);
    }
    free(sim.pushes);
    ota_compiled_plan_free(compiled);
    ota_json_plan_free(plan);
    return exit_status;
}
