/* otaplan: upgrade plans in a shell user's hands (SPEC 9). */
#include "cli.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: otaplan COMMAND [ARGS]\n"
    "\n"
    "Commands:\n"
    "  validate PLANS [--now T] [--names FILE] [--catalog FILE] [--json] [--strict]\n"
    "      Every problem of the plan (or plan set), compiler style, or one JSON object.\n"
    "      Exit 0 valid (warnings allowed), 1 invalid, 2 unreadable file or bad argument.\n"
    "  evaluate PLAN FLEET [--now T] [--tick N] [--json] [--hash] [--strict] [--jobs N]\n"
    "      For each device of FLEET (JSON Lines, '-' for standard input): eligibility and\n"
    "      next push.  Exit 0, or 1 if a device line was bad or the plan is invalid.\n"
    "  windows PLAN [--from T] [--to T] [--json] [--strict]\n"
    "      The plan's window as maximal UTC intervals within its period.\n"
    "  explain PLANS DEVICE [--now T] [--tick N] [--json] [--hash] [--strict]\n"
    "      One device's whole decision: every check, each component, how the push was found.\n"
    "  select PLANS FLEET [--now T] [--tick N] [--json] [--hash] [--strict] [--jobs N]\n"
    "      For each device: which plan of the set governs it, and that plan's answer.\n"
    "  simulate PLAN FLEET --from T --to T [--tick N] [--bucket MINUTES] [--json] [--svg FILE]\n"
    "           [--strict] [--jobs N]\n"
    "      The fleet's next pushes at --from counted per bucket: the rollout's curve.\n"
    "  fmt PLANS... [--check] [--write]\n"
    "      The canonical form of plan files, printed; --check lists the files not in it\n"
    "      (exit 1), --write rewrites them.  Exit 2 unreadable file or bad argument.\n"
    "  hash PLANS           Each plan's content identifier: sha256: and the SHA-256 of\n"
    "      its canonical form.\n"
    "  test PLANS TESTS [--strict]\n"
    "      Runs the tests of TESTS (JSON Lines: a device, an instant, the answer expected)\n"
    "      against the plan or set; prints each failure explained.  Exit 1 on a failure.\n"
    "  schema NAME         The JSON Schema of a document: plan, device, set-device,\n"
    "      evaluate-line, select-line or test.\n"
    "  help [COMMAND]      this text, or one command's (and man otaplan, man libotaplan)\n"
    "  --version           library version, and the time-zone data in use and its source\n"
    "\n"
    "  --strict            (every command but fmt, hash, schema and help) warnings about\n"
    "                      the plan count as errors: exit 1 (tzdata_stale, about the machine,\n"
    "                      does not)\n"
    "  --tzdata DIR        (any command) ICU time-zone resources to use: DIR/zoneinfo64.res\n"
    "                      from otaplan-tzdata.  Default: $ICU_TIMEZONE_FILES_DIR if set, else\n"
    "                      the newest of the build tree's and the installed resources.\n"
    "\n"
    "Instants T are RFC 3339 (2026-01-01T00:00:00Z, or with an offset).  Options take\n"
    "their value as --now T or --now=T, may stand before or after the files, and may be\n"
    "shortened while unambiguous; -- ends the options.\n";

static const char help_validate[] =
    "usage: otaplan validate PLANS [--now T] [--names FILE] [--catalog FILE] [--json] [--strict]\n"
    "\n"
    "PLANS is a plan (a JSON object), or a plan set: a JSON Lines file of plans or a\n"
    "directory of *.json plans (in the bytewise order of their names).  A set's plans\n"
    "are checked one by one (paths \"plans[i]....\"), then together: name_duplicate,\n"
    "upgrade_cycle (two plans that send a device back and forth).\n"
    "Checks the plan against every rule and prints each problem as\n"
    "  PLAN: error: PATH: MESSAGE [CODE]\n"
    "followed by a one-line verdict; with --json, one object\n"
    "  {\"valid\": bool, \"diagnostics\": [{\"severity\",\"code\",\"path\",\"message\"}]}.\n"
    "\n"
    "  --now T        the current instant, for plan_already_ended (default: now)\n"
    "  --names FILE   names already used in the plan's scope, one a line (name_duplicate)\n"
    "  --catalog FILE JSON array of packages {\"id\",\"method\",\"target_version\",\n"
    "                 \"source_version\"?}; each component then needs one (package_missing)\n"
    "  --strict       warnings about the plan count as errors (exit 1); not tzdata_stale\n"
    "\n"
    "A message may end with a suggestion (the nearest zone names, the right place of a field,\n"
    "the closest key for a typo), which --json also gives as \"hint\".  Warns tzdata_stale when\n"
    "ICU's time-zone data is older than the system's (/usr/share/zoneinfo/tzdata.zi).\n"
    "Exit 0 valid, 1 invalid (or warnings under --strict), 2 unreadable or bad usage.\n";

static const char help_evaluate[] =
    "usage: otaplan evaluate PLAN FLEET [--now T] [--tick N] [--json] [--hash] [--strict]\n"
    "                        [--jobs N]\n"
    "\n"
    "FLEET holds one device object a line (JSON Lines); '-' reads standard input.\n"
    "Prints a table (device, eligible, reason, push status, instant or reason, applying\n"
    "components) and a summary by reason; with --json one line a device:\n"
    "  {\"id\",\"eligible\",\"reason\",\"components\":[{\"id\",\"applies\",\"reason\"?}],\n"
    "   \"push\":{\"status\",\"at\"?,\"reason\"?}}\n"
    "A line that is not a valid device gives {\"line\": N, \"error\": \"...\"} in its place\n"
    "and the run goes on; blank lines are skipped.  When the plan has rollout.abort, the\n"
    "summary ends with the abort verdict of the fleet read (attempted: devices succeeded or\n"
    "failed; failed: devices failed).\n"
    "\n"
    "  --now T     the instant to evaluate at (default: now)\n"
    "  --tick N    push tick in minutes: 1 2 3 4 5 6 10 12 15 20 30 60, or 0 (default 10)\n"
    "  --hash      with --json, each line ends with \"plan_hash\": the plan's otaplan hash\n"
    "  --strict    refuse a plan with warnings (exit 1), as validate --strict would fail it\n"
    "  --jobs N    threads that parse and evaluate (default: the online CPUs); the output is\n"
    "              that of one job, in input order\n"
    "\n"
    "Exit 0; 1 if a device line was bad or the plan is invalid; 2 unreadable or bad usage.\n";

static const char help_windows[] =
    "usage: otaplan windows PLAN [--from T] [--to T] [--json] [--strict]\n"
    "\n"
    "The maximal half-open intervals [start, end) of instants inside the plan's governing\n"
    "window (push_window for silent plans with active push, auto_upgrade_window for\n"
    "user_confirm plans; absent means all day; none for silent plans without active push),\n"
    "on the days its weekdays open and outside the plan's blackouts, clipped to the plan\n"
    "period from max(start, activated_at) and to [--from, --to)\n"
    "(default: the whole period).  One \"START END\" pair a line, or {\"start\",\"end\"} with\n"
    "--json.  Shows what daylight saving does to a window.  --strict refuses a plan with\n"
    "warnings.  Exit 0, 1 invalid plan (or warnings under --strict), 2 usage.\n";

static const char help_explain[] =
    "usage: otaplan explain PLANS DEVICE [--now T] [--tick N] [--json] [--hash] [--strict]\n"
    "\n"
    "DEVICE is a file holding one device object ('-' reads standard input).  Prints every\n"
    "check of the eligibility rules in order, passed or failed, with the values compared\n"
    "(\"signal -118 < min_signal -110\"), the reason, each component with the versions\n"
    "compared, and how the next push was found: T0 and the terms it is the maximum of\n"
    "(now, start, activated_at, phase, refusal_timer, confirmation, appointment), the\n"
    "blackouts in the way, the window occurrence and its weekday, the spread slot.\n"
    "Instants in UTC and in the plan's local time.  With --json one object\n"
    "  {\"id\",\"eligible\",\"reason\",\"kind\",\"checks\":[{\"check\",\"failed\",\"detail\"}],\n"
    "   \"components\",\"push\",\"t0\":{\"at\",\"set_by\"},\"terms\",\"bucket\",\"position\",\n"
    "   \"occurrence\",\"closed_days\",\"blackouts\",\"slot\"}\n"
    "PLANS may be a set (a directory, or a file of more than one plan; the device then has its\n"
    "state per plan under \"plans\"): the candidates in precedence come first, with why the\n"
    "governing plan won, then that plan's explanation; --json: {\"id\",\"plan\",\"candidates\":\n"
    "  "
    "[{\"plan\",\"priority\",\"start\",\"state\",\"reason\",\"live\",\"governs\",\"outranked_by\"}]"
    ",\n"
    "   \"why\",\"explanation\"}.\n"
    "\n"
    "  --now T     the instant to explain at (default: now)\n"
    "  --tick N    push tick in minutes (default 10)\n"
    "  --hash      with --json, \"plan_hash\": the (governing) plan's otaplan hash\n"
    "  --strict    refuse a plan with warnings (exit 1)\n"
    "\n"
    "Exit 0; 1 when the device is not valid or the plan is invalid; 2 unreadable or bad usage.\n";

static const char help_simulate[] =
    "usage: otaplan simulate PLAN FLEET --from T --to T [--tick N] [--bucket MINUTES]\n"
    "                        [--json] [--svg FILE] [--strict] [--jobs N]\n"
    "\n"
    "Computes every device's next push at --from (as evaluate --now FROM does) and counts\n"
    "the pushes per bucket of [from, to): the peak, when 50 %, 90 % and 100 % of the pushed\n"
    "devices are reached, and the devices not pushed by status and reason.  With --json one\n"
    "object {\"from\",\"to\",\"tick\",\"bucket_minutes\",\"devices\",\"pushed\",\"peak\",\n"
    "\"series\":[{\"start\",\"pushes\"}],\"not_pushed\":{\"after_to\",\"await_user_confirm\",\n"
    "\"await_device_request\",\"never\":{REASON: N},\"bad_lines\"}}; devices counts every\n"
    "non-blank line, so pushed plus everything not pushed equals devices.  --svg FILE draws\n"
    "it: bars per bucket, the cumulative share, phase starts and blackouts, local time.\n"
    "The fleet is streamed: memory grows with the buckets, not the devices.\n"
    "\n"
    "  --from T, --to T   the simulated span (required)\n"
    "  --tick N           push tick in minutes (default 10)\n"
    "  --bucket MINUTES   bucket length (default: the tick; 60 with tick 0)\n"
    "  --strict           refuse a plan with warnings (exit 1)\n"
    "  --jobs N           threads (default: the online CPUs)\n"
    "\n"
    "Exit 0; 1 if a device line was bad or the plan is invalid; 2 unreadable or bad usage.\n";

static const char help_select[] =
    "usage: otaplan select PLANS FLEET [--now T] [--tick N] [--json] [--hash] [--strict]\n"
    "                      [--jobs N]\n"
    "\n"
    "PLANS is a plan set (a JSON Lines file of plans, or a directory of *.json plans);\n"
    "FLEET one device a line, its state in each plan under \"plans\": {NAME: {\"state\",\n"
    "\"state_at\", \"appointment\", \"failed_attempts\"}} (a plan it does not name finds it\n"
    "idle).  For each device: the plans that target it in precedence (priority, then the\n"
    "later start, then the name), the one that governs (never switched mid-upgrade; a plan\n"
    "that will govern later holds back those after it), and that plan's answer.  A table\n"
    "(device, plan, eligible, reason, push, instant or reason, other candidates), or with\n"
    "--json one line a device:\n"
    "  {\"id\",\"plan\",\"eligible\",\"reason\",\"components\",\"push\",\n"
    "   \"others\":[{\"plan\",\"reason\",\"outranked_by\"?}]}\n"
    "with \"plan\": null and reason no_plan when no plan governs.  An invalid set is refused\n"
    "with its diagnostics.  Options as for evaluate; --hash gives the governing plan's hash\n"
    "(null when none governs).\n"
    "\n"
    "Exit 0; 1 if a device line was bad or the set is invalid; 2 unreadable or bad usage.\n";

static const char help_fmt[] =
    "usage: otaplan fmt PLANS... [--check] [--write]\n"
    "\n"
    "Prints each plan file in the canonical form (doc/rules.md 9.3): the keys in the order\n"
    "of the rules document's tables, two-space indentation, a component a block, a device\n"
    "ID a line, the texts by tag, numbers as SPEC writes them, UTF-8 unescaped, a newline\n"
    "at the end.  A file of several plans (a set's JSON Lines) keeps a plan a line, each in\n"
    "the same order on one line; a directory stands for its *.json files.  The form says\n"
    "what the plan says: formatting it again gives the same bytes, and reading it gives\n"
    "the same plan (checked each time).  A field of an unknown name or of the wrong type\n"
    "is refused, since the form could only drop it; so are comments and trailing commas,\n"
    "which JSON does not have.\n"
    "\n"
    "  --check   print the names of the files not in canonical form, exit 1 if any (for CI)\n"
    "  --write   rewrite those files in place (a temporary file renamed over each)\n"
    "\n"
    "Exit 0; 1 under --check when a file is not canonical; 2 unreadable or bad usage.\n";

static const char help_hash[] =
    "usage: otaplan hash PLANS\n"
    "\n"
    "Prints each plan's content identifier: sha256: and the hex SHA-256 of its canonical\n"
    "form (see otaplan help fmt), as ota_plan_hash() gives it.  Plans that differ only in\n"
    "formatting, key order or escapes (\"\\u00e9\" and \"\u00e9\") have one hash; any\n"
    "change of meaning changes it.  For a file of several plans, or a directory, each\n"
    "hash is followed by the plan's name.\n"
    "\n"
    "Exit 0; 2 unreadable, a plan fmt refuses, or bad usage.\n";

static const char help_test[] =
    "usage: otaplan test PLANS TESTS [--strict]\n"
    "\n"
    "Runs plan tests (doc/rules.md 9.4).  PLANS is a plan or a set (as for select); TESTS\n"
    "holds one test a line (blank lines skipped):\n"
    "  {\"name\", \"device\", \"now\", \"tick\"?, \"expect\": {\"reason\"?, \"eligible\"?,\n"
    "   \"plan\"?, \"push\"?: {\"status\", \"at\"?}, \"components\"?}}\n"
    "where device is a device of a fleet (for a set, with its state per plan under\n"
    "\"plans\"), plan the governing plan's name (null: none governs) and components the\n"
    "IDs of the components that apply, in any order.  Each expectation given is compared\n"
    "with the answer; a failure is printed with what was expected, what came, and the\n"
    "decision explained, as otaplan explain does.  A line that is no test (not JSON, a\n"
    "field of an unknown name, a reason that does not exist, an expect of nothing) is\n"
    "reported with its line number.  Then \"N passed, M failed\".\n"
    "\n"
    "Exit 0 when every test passed; 1 on a failure, a bad line, no test, or an invalid\n"
    "plan; 2 unreadable or bad usage.\n";

static const char help_schema[] =
    "usage: otaplan schema NAME\n"
    "\n"
    "Prints a JSON Schema (draft 2020-12) of otaplan's documents, for editors and\n"
    "validators: plan, device (a fleet's line), set-device (a device of a set's fleet),\n"
    "evaluate-line and select-line (the lines of evaluate --json and select --json), test\n"
    "(a line of otaplan test).  The same files are installed under\n"
    "$datadir/otaplan/schema/.  A plan file may name its schema with \"$schema\", which\n"
    "otaplan reads past.  What a schema cannot say (time zones, NFC, the rules between\n"
    "fields) is listed in doc/rules.md 9.5: validate says it.\n"
    "\n"
    "Exit 0; 2 for a name that is no schema.\n";

/* The commands: name, what runs it, its help. */
static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} commands[] = {
    {"validate", command_validate, help_validate},
    {"evaluate", command_evaluate, help_evaluate},
    {"windows", command_windows, help_windows},
    {"explain", command_explain, help_explain},
    {"simulate", command_simulate, help_simulate},
    {"select", command_select, help_select},
    {"fmt", command_fmt, help_fmt},
    {"hash", command_hash, help_hash},
    {"test", command_test, help_test},
    {"schema", command_schema, help_schema},
};

static const struct command *command_named(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int help(const char *name)
{
    if (!name) {
        fputs(usage, stdout);
        return EXIT_VALID;
    }
    const struct command *command = command_named(name);
    if (!command) {
        fprintf(stderr, "otaplan: no command \"%s\"\n", name);
        return EXIT_USAGE;
    }
    fputs(command->help, stdout);
    return EXIT_VALID;
}

/* The time-zone data in force, chosen before ICU's first use. */
static struct {
    int32_t source; /* OTA_TZDATA_* */
    char dir[4096];
} time_zone_data;

/* Takes `--tzdata DIR` out of argv (it may stand anywhere), then points ICU
 * at DIR, at the operator's ICU_TIMEZONE_FILES_DIR, or at the newest of the
 * build tree's and the installed resources (doc/rules.md 2.5). */
static int choose_time_zone_data(int *argc, char **argv)
{
    const char *given = NULL;
    int kept = 1;
    int options_ended = 0;
    for (int i = 1; i < *argc; i++) {
        options_ended |= strcmp(argv[i], "--") == 0;
        if (!options_ended && strncmp(argv[i], "--tzdata=", 9) == 0) {
            given = argv[i] + 9;
            continue;
        }
        if (!options_ended && strcmp(argv[i], "--tzdata") == 0) {
            if (i + 1 >= *argc) {
                fprintf(stderr, "otaplan: --tzdata needs a folder\n");
                return EXIT_USAGE;
            }
            given = argv[++i];
            continue;
        }
        argv[kept++] = argv[i];
    }
    *argc = kept;
    argv[kept] = NULL;
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    const char *near = NULL;
    if (n > 0) {
        self[n] = '\0';
        char *slash = strrchr(self, '/');
        if (slash) {
            *slash = '\0';
            near = self;
        }
    }
    time_zone_data.source =
        ota_tzdata_setup(given, near, time_zone_data.dir, sizeof time_zone_data.dir);
    if (time_zone_data.source == OTA_TZDATA_OPERATOR_MISSING)
        fprintf(stderr,
                "otaplan: warning: ICU_TIMEZONE_FILES_DIR=%s has no zoneinfo64.res: ICU's "
                "built-in time-zone data (%s) is in use\n",
                time_zone_data.dir, ota_tzdata_version());
    if (time_zone_data.source == OTA_TZDATA_REFUSED)
        fprintf(stderr,
                "otaplan: warning: %s/zoneinfo64.res is truncated or corrupt (not as "
                "otaplan-tzdata wrote it; rebuild it with otaplan-tzdata %s): ICU's built-in "
                "time-zone data (%s) is in use\n",
                time_zone_data.dir, time_zone_data.dir, ota_tzdata_version());
    if (time_zone_data.source < 0) {
        fprintf(stderr,
                "otaplan: --tzdata %s: no usable time-zone resources there (zoneinfo64.res "
                "missing, or not as otaplan-tzdata wrote it; make them with otaplan-tzdata %s)\n",
                given ? given : "", given ? given : "DIR");
        return EXIT_USAGE;
    }
    return 0;
}

static int run_command(int argc, char **argv)
{
    if (choose_time_zone_data(&argc, argv))
        return EXIT_USAGE;
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *command = argv[1];
    if (strcmp(command, "--version") == 0) {
        if (time_zone_data.source == OTA_TZDATA_OPERATOR_MISSING)
            printf("otaplan %s (time-zone data %s, ICU's built-in data; %s has no "
                   "zoneinfo64.res)\n",
                   ota_version_string(), ota_tzdata_version(), time_zone_data.dir);
        else if (time_zone_data.source == OTA_TZDATA_REFUSED)
            printf("otaplan %s (time-zone data %s, ICU's built-in data; %s/zoneinfo64.res is "
                   "truncated or corrupt)\n",
                   ota_version_string(), ota_tzdata_version(), time_zone_data.dir);
        else if (time_zone_data.source == OTA_TZDATA_BUILTIN || !time_zone_data.dir[0])
            printf("otaplan %s (time-zone data %s, ICU's built-in data)\n", ota_version_string(),
                   ota_tzdata_version());
        else
            printf("otaplan %s (time-zone data %s from %s/zoneinfo64.res)\n", ota_version_string(),
                   ota_tzdata_version(), time_zone_data.dir);
        return EXIT_VALID;
    }
    if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0)
        return help(NULL);
    if (strcmp(command, "help") == 0)
        return help(argc > 2 ? argv[2] : NULL);
    const struct command *found = command_named(command);
    if (!found) {
        fprintf(stderr, "otaplan: no command \"%s\" (see otaplan --help)\n", command);
        return EXIT_USAGE;
    }
    for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--help") == 0)
            return help(command);
    return found->run(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
    /* A reader that closes the pipe early (`| head -1`) loses output: that
     * is exit 2 and one line saying what was lost, as for a full disk, and
     * not a death by SIGPIPE that says nothing.  A write then fails with
     * EPIPE instead. */
    signal(SIGPIPE, SIG_IGN);
    return cli_finish_output(run_command(argc, argv));
}
