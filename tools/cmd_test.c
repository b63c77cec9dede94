/* otaplan test PLANS TESTS.jsonl [--strict]
 * A test runner for plans (doc/rules.md 9.4), like `opa test`: each line
 * of TESTS is a device, an instant and what the plan, or the set, must
 * answer; each failure is printed with what was expected, what came, and
 * the explanation of the decision, then a summary. */
#include "explain.h"
#include "plan_set.h"

#include <stdlib.h>
#include <string.h>

/* The plans under test. */
typedef struct subject {
    const cli_options *options;
    const ota_json_set *set;
    int is_set;
    /* Compiled: the set (of one plan, for a file of one), and for one
     * plan that plan. */
    const ota_plan_set *plans;
    const ota_compiled_plan *plan;
} subject;

/* What the plans answered for one test. */
typedef struct answer {
    int32_t plan; /* the governing plan's index, or -1 */
    ota_eligibility eligibility;
    ota_push_result push;
} answer;

static int32_t answer_test(const subject *s, const ota_json_plan_test *t, answer *a)
{
    ota_eval_options eval = OTA_EVAL_OPTIONS_INIT;
    eval.tick_minutes = t->tick_minutes;
    if (s->is_set) {
        ota_selection selection = OTA_SELECTION_INIT; /* no room for the others: not checked */
        int32_t status = ota_plan_set_select(s->plans, t->set_device, t->now, &eval, &selection);
        if (status == OTA_OK) {
            a->plan = selection.plan;
            a->eligibility = selection.eligibility;
            a->push = selection.push;
        }
        return status;
    }
    a->plan = 0;
    ota_eligibility_init(&a->eligibility, OTA_ELIGIBILITY_VERSION);
    ota_push_result_init(&a->push, OTA_PUSH_RESULT_VERSION);
    int32_t status = ota_device_eligible(s->plan, t->device, t->now, &a->eligibility);
    if (status == OTA_OK)
        status = ota_next_push_time(s->plan, t->device, t->now, &eval, &a->push);
    return status;
}

static const char *plan_name(const subject *s, int32_t index)
{
    return ota_compiled_plan_name(ota_plan_set_plan(s->plans, (uint32_t)index));
}

static void put_instant(int64_t t)
{
    char text[OTA_JSON_INSTANT_SIZE];
    ota_json_format_instant(t, text);
    printf("%s", text);
}

static void put_push(int32_t status, int64_t at, int with_at, int32_t reason)
{
    printf("%s", ota_push_status_name(status));
    if (status == OTA_PUSH_AT && with_at) {
        printf(" ");
        put_instant(at);
    } else if (status == OTA_PUSH_NEVER && reason >= 0) {
        printf(" (%s)", ota_reason_name(reason));
    }
}

static void put_plan(const char *name)
{
    if (!name) {
        printf("null (no plan)");
        return;
    }
    printf("\"");
    cli_put_escaped(name);
    printf("\"");
}

/* The IDs of the components that apply, in plan order. */
static uint32_t applying(const subject *s, const answer *a, const char **ids)
{
    uint32_t n = 0;
    if (a->plan < 0)
        return 0;
    const ota_compiled_plan *plan = ota_plan_set_plan(s->plans, (uint32_t)a->plan);
    for (uint32_t i = 0; i < a->eligibility.component_count; i++)
        if (a->eligibility.components[i].applies)
            ids[n++] = ota_compiled_plan_component_id(plan, i);
    return n;
}

static int same_ids(const char *const *expected, uint32_t expected_count, const char *const *got,
                    uint32_t got_count)
{
    if (expected_count != got_count)
        return 0;
    for (uint32_t i = 0; i < expected_count; i++) {
        uint32_t j = 0;
        while (j < got_count && strcmp(expected[i], got[j]) != 0)
            j++;
        if (j == got_count)
            return 0;
    }
    return 1;
}

static void put_ids(const char *const *ids, uint32_t count)
{
    printf("[");
    for (uint32_t i = 0; i < count; i++) {
        printf(i ? ", " : "");
        cli_put_escaped(ids[i]);
    }
    printf("]");
}

/* A header for the first mismatch of a test. */
static void fail_header(int *failed, const char *path, unsigned long long line, const char *name)
{
    if (*failed)
        return;
    *failed = 1;
    printf("FAIL ");
    cli_put_escaped(path);
    printf(":%llu: ", line);
    cli_put_escaped(name);
    printf("\n");
}

/* The mismatches of a test, printed; 1 when there is none. */
static int check(const subject *s, const ota_json_plan_test *t, const answer *a, const char *path,
                 unsigned long long line)
{
    int failed = 0;
    int32_t reason = a->eligibility.reason;
    if ((t->expects & OTA_JSON_EXPECT_REASON) && t->reason != reason) {
        fail_header(&failed, path, line, t->name);
        printf("  reason: expected %s, got %s\n", ota_reason_name(t->reason),
               ota_reason_name(reason));
    }
    if ((t->expects & OTA_JSON_EXPECT_ELIGIBLE) && t->eligible != (reason == OTA_REASON_OK)) {
        fail_header(&failed, path, line, t->name);
        printf("  eligible: expected %s, got %s (%s)\n", t->eligible ? "true" : "false",
               t->eligible ? "false" : "true", ota_reason_name(reason));
    }
    if (t->expects & OTA_JSON_EXPECT_PLAN) {
        uint32_t index = 0;
        int32_t found = t->plan ? ota_plan_set_find(s->plans, t->plan, &index) : OTA_NO_MORE;
        int known = t->plan && found == OTA_OK;
        if (t->plan ? !known || (int32_t)index != a->plan : a->plan >= 0) {
            fail_header(&failed, path, line, t->name);
            printf("  plan: expected ");
            put_plan(t->plan);
            if (t->plan && !known)
                printf(" (no plan of %s has this name)", s->is_set ? "the set" : "the file");
            printf(", got ");
            put_plan(a->plan >= 0 ? plan_name(s, a->plan) : NULL);
            printf("\n");
        }
    }
    int status_differs =
        (t->expects & OTA_JSON_EXPECT_PUSH_STATUS) && t->push_status != a->push.status;
    int at_differs = (t->expects & OTA_JSON_EXPECT_PUSH_AT) && t->push_at != a->push.at;
    if (status_differs || at_differs) {
        fail_header(&failed, path, line, t->name);
        printf("  push: expected ");
        put_push(t->push_status, t->push_at, t->expects & OTA_JSON_EXPECT_PUSH_AT, -1);
        printf(", got ");
        put_push(a->push.status, a->push.at, 1, a->push.reason);
        printf("\n");
    }
    if (t->expects & OTA_JSON_EXPECT_COMPONENTS) {
        const char *got[OTA_MAX_COMPONENTS];
        uint32_t got_count = applying(s, a, got);
        if (!same_ids(t->components, t->component_count, got, got_count)) {
            fail_header(&failed, path, line, t->name);
            printf("  components that apply: expected ");
            put_ids(t->components, t->component_count);
            printf(", got ");
            put_ids(got, got_count);
            printf("\n");
        }
    }
    return !failed;
}

/* The decision explained, as `otaplan explain` prints it. */
static void explain(const subject *s, const ota_json_plan_test *t, const char *path)
{
    cli_options options = *s->options;
    options.now = t->now;
    options.tick = t->tick_minutes;
    options.json = options.hash = 0;
    options.positional[1] = path;
    printf("  explain:\n");
    fflush(stdout);
    if (s->is_set)
        explain_set_device(&options, s->set, t->set_device);
    else
        explain_plan(&options, ota_json_set_plan(s->set, 0), s->plan, t->device);
    printf("\n");
}

typedef struct tally {
    unsigned long long passed, failed, bad;
} tally;

static void bad_line(tally *counts, const char *path, unsigned long long line, const char *why)
{
    counts->bad++;
    fflush(stdout);
    fprintf(stderr, "%s:%llu: error: ", path, line);
    cli_fput_escaped(stderr, why);
    fputc('\n', stderr);
}

static int blank(const char *line, size_t length)
{
    for (size_t i = 0; i < length; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
            return 0;
    return 1;
}

/* Runs the test on one line of the file. */
static int run_line(const subject *s, ota_json_device_reader *reader, const char *path,
                    unsigned long long number, const char *line, size_t length, tally *counts)
{
    ota_json_plan_test test = OTA_JSON_PLAN_TEST_INIT;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    int32_t status =
        ota_json_plan_test_read(reader, s->is_set ? s->plans : NULL, line, length, &test, &error);
    if (status == OTA_ERR_NOMEM) {
        fprintf(stderr, "otaplan test: %s:%llu: out of memory\n", path, number);
        return EXIT_USAGE;
    }
    if (status != OTA_OK) {
        char why[sizeof error.text + 32];
        if (error.line > 0)
            snprintf(why, sizeof why, "column %d: %s", error.column, error.text);
        else
            snprintf(why, sizeof why, "%s", error.text);
        bad_line(counts, path, number, why);
        return 0;
    }
    answer a;
    status = answer_test(s, &test, &a);
    if (status != OTA_OK) {
        char why[160];
        snprintf(why, sizeof why, "the plans refused the test: %s", ota_strerror(status));
        bad_line(counts, path, number, why);
        return 0;
    }
    if (check(s, &test, &a, path, number)) {
        counts->passed++;
    } else {
        counts->failed++;
        explain(s, &test, path);
    }
    return 0;
}

static int run_tests(const subject *s, const char *path, char *text, size_t length)
{
    ota_json_device_reader *reader = ota_json_device_reader_new();
    if (!reader) {
        fprintf(stderr, "otaplan test: out of memory\n");
        return EXIT_USAGE;
    }
    tally counts = {0, 0, 0};
    unsigned long long number = 0;
    int status = 0;
    for (size_t at = 0; at < length && status == 0;) {
        const char *end = memchr(text + at, '\n', length - at);
        size_t line_length = end ? (size_t)(end - (text + at)) : length - at;
        number++;
        if (!blank(text + at, line_length))
            status = run_line(s, reader, path, number, text + at, line_length, &counts);
        at += line_length + 1;
    }
    ota_json_device_reader_free(reader);
    if (status != 0)
        return status;
    if (counts.passed + counts.failed + counts.bad == 0) {
        fprintf(stderr, "otaplan test: %s: no tests (a test is one JSON object a line)\n", path);
        return EXIT_INVALID;
    }
    printf("%llu passed, %llu failed", counts.passed, counts.failed);
    if (counts.bad)
        printf(", %llu bad line%s", counts.bad, counts.bad == 1 ? "" : "s");
    printf("\n");
    return counts.failed || counts.bad ? EXIT_INVALID : EXIT_VALID;
}

/* Compiles the plans as a set, also a file of one plan (so that an
 * expected plan is found by name as a set finds it); one plan's
 * diagnostics are printed as evaluate prints them, without "plans[0]". */
static int compile(const char *path, const cli_options *options, ota_json_set *set, int is_set,
                   subject *s)
{
    int exit_status = EXIT_USAGE;
    if (is_set) {
        if (!cli_compile_loaded_set(path, options, set, &exit_status))
            return exit_status;
    } else {
        ota_compiled_plan *checked =
            cli_compile_plan(path, options, ota_json_set_plan(set, 0), &exit_status);
        if (!checked)
            return exit_status;
        ota_compiled_plan_free(checked);
        int32_t status = ota_json_set_compile(set, NULL, NULL);
        if (status != OTA_OK) {
            fprintf(stderr, "otaplan test: %s: %s\n", path, ota_strerror(status));
            return EXIT_USAGE;
        }
    }
    const ota_plan_set *plans = ota_json_set_get(set);
    *s = (subject){options, set, is_set, plans, ota_plan_set_plan(plans, 0)};
    return 0;
}

int command_test(int argc, char **argv)
{
    static const char *const allowed[] = {"--strict", NULL};
    cli_options options;
    if (cli_parse(argc, argv, allowed, 2, "test", &options))
        return EXIT_USAGE;
    if (cli_check_one_stdin("test", &options, "tests"))
        return EXIT_USAGE;
    const char *tests_path = options.positional[1];
    size_t length;
    char *text = cli_read_file(tests_path, &length);
    if (!text)
        return EXIT_USAGE;
    int is_set = 0;
    ota_json_set *set = cli_load_set(options.positional[0], &is_set);
    subject s = {0};
    int status = set ? compile(options.positional[0], &options, set, is_set, &s) : EXIT_USAGE;
    if (status == 0)
        status = run_tests(&s, tests_path, text, length);
    ota_json_set_free(set);
    free(text);
    return status;
}
