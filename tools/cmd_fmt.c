/* otaplan fmt PLANS... [--check] [--write]: the canonical form of plan
 * files (doc/rules.md 9.3), like gofmt: printed, checked for CI, or
 * written back in place. */
#include "canonical.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Replaces `path` by `length` bytes at once: a temporary file beside it,
 * with its mode, renamed over it, so that a reader never sees half a plan
 * and a failed write leaves the file as it was.  0, or EXIT_USAGE. */
static int write_in_place(const char *path, const char *data, size_t length)
{
    struct stat info;
    size_t size = strlen(path) + sizeof ".otaplan-fmt-XXXXXX";
    char *temporary = malloc(size);
    if (!temporary || stat(path, &info) != 0) {
        fprintf(stderr, "otaplan fmt: %s: %s\n", path,
                temporary ? strerror(errno) : "out of memory");
        free(temporary);
        return EXIT_USAGE;
    }
    snprintf(temporary, size, "%s.otaplan-fmt-XXXXXX", path);
    int fd = mkstemp(temporary);
    int failed = fd < 0;
    for (size_t done = 0; !failed && done < length;) {
        ssize_t n = write(fd, data + done, length - done);
        if (n < 0 && errno == EINTR)
            continue;
        failed = n <= 0;
        done += failed ? 0 : (size_t)n;
    }
    failed = failed || fchmod(fd, info.st_mode & 07777) != 0 || fsync(fd) != 0;
    int saved = errno;
    if (fd >= 0 && close(fd) != 0 && !failed)
        failed = 1, saved = errno;
    if (!failed && rename(temporary, path) != 0)
        failed = 1, saved = errno;
    if (failed) {
        fprintf(stderr, "otaplan fmt: cannot rewrite %s: %s (the file is unchanged)\n", path,
                strerror(saved));
        if (fd >= 0)
            unlink(temporary);
    }
    free(temporary);
    return failed ? EXIT_USAGE : 0;
}

/* One file: 0 canonical (or printed, or rewritten), 1 not canonical under
 * --check, EXIT_USAGE after printing why. */
static int format_file(const char *path, const cli_options *options)
{
    size_t length;
    char *text = cli_read_file(path, &length);
    if (!text)
        return EXIT_USAGE;
    canonical form;
    int status = cli_canonical(path, text, length, &form);
    if (status == 0) {
        int same = form.text.length == length && memcmp(form.text.data, text, length) == 0;
        if (options->check && !same) {
            cli_put_escaped(path);
            cli_write("\n", 1);
            status = EXIT_INVALID;
        } else if (options->write && !same) {
            status = write_in_place(path, form.text.data, form.text.length);
        } else if (!options->check && !options->write) {
            cli_write(form.text.data, form.text.length);
        }
        cli_canonical_free(&form);
    }
    free(text);
    return status;
}

int command_fmt(int argc, char **argv)
{
    static const char *const allowed[] = {"--check", "--write", NULL};
    cli_options options;
    if (cli_parse(argc, argv, allowed, CLI_ONE_OR_MORE, "fmt", &options))
        return EXIT_USAGE;
    if (options.check && options.write) {
        fprintf(stderr, "otaplan fmt: --check and --write: one or the other\n");
        return EXIT_USAGE;
    }
    int worst = 0;
    for (int i = 0; i < options.file_count; i++) {
        const char *argument = options.files[i];
        if (options.write && strcmp(argument, "-") == 0) {
            fprintf(stderr, "otaplan fmt: --write cannot rewrite standard input\n");
            worst = EXIT_USAGE;
            continue;
        }
        size_t count = 0;
        char **files = cli_plan_files(argument, &count);
        if (!files)
            worst = EXIT_USAGE;
        for (size_t k = 0; files && k < count; k++) {
            int status = format_file(files[k], &options);
            if (status > worst)
                worst = status;
        }
        cli_files_free(files, count);
    }
    return worst;
}
