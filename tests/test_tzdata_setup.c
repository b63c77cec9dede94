/* ota_tzdata_setup() (doc/rules.md 2.5): which folder of time-zone
 * resources ICU may load, on folders this test makes.  A folder is let
 * through only when its zoneinfo64.res has ICU's header and the size and
 * SHA-256 written beside it.  The resources here are not ICU data (the test
 * loads no zone after the setup points ICU at them): only their check is
 * under test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <nettle/sha2.h>

#include "otaplan_tzdata.h"

static char root[256];

/* DIR/zoneinfo64.res of `size` bytes (ICU's header unless `header` is 0)
 * and DIR/tzdata-version with `version` and a check line: the right one,
 * or `check` as given ("" for none). */
static const char *folder(const char *name, size_t size, int header, const char *version,
                          const char *check)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", root, name);
    mkdir(path, 0755);
    unsigned char *data = calloc(1, size ? size : 1);
    assert_non_null(data);
    if (header && size >= 16) {
        data[2] = 0xda;
        data[3] = 0x27;
        memcpy(data + 12, "ResB", 4);
    }
    char file[600];
    snprintf(file, sizeof file, "%s/zoneinfo64.res", path);
    FILE *out = fopen(file, "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(data, 1, size, out), size);
    fclose(out);
    struct sha256_ctx hash;
    sha256_init(&hash);
    sha256_update(&hash, size, data);
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_digest(&hash, sizeof digest, digest);
    free(data);
    char hex[2 * SHA256_DIGEST_SIZE + 1];
    for (size_t i = 0; i < sizeof digest; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    snprintf(file, sizeof file, "%s/tzdata-version", path);
    out = fopen(file, "w");
    assert_non_null(out);
    if (check)
        fprintf(out, "%s\n%s", version, check);
    else
        fprintf(out, "%s\nzoneinfo64.res %zu sha256:%s\n", version, size, hex);
    fclose(out);
    return path;
}

static void given_folders(void **state)
{
    (void)state;
    char chosen[512];
    const char *good = folder("good", 4096, 1, "2031a", NULL);
    char good_path[512];
    snprintf(good_path, sizeof good_path, "%s", good);
    static const struct {
        const char *name;
        size_t size;
        int header;
        const char *check;
    } refused[] = {
        {"no-check", 4096, 1, ""},
        {"short-hash", 4096, 1, "zoneinfo64.res 4096 sha256:abcd\n"},
        {"other-size", 4096, 1,
         "zoneinfo64.res 4095 sha256:"
         "0000000000000000000000000000000000000000000000000000000000000000\n"},
        {"other-hash", 4096, 1,
         "zoneinfo64.res 4096 sha256:"
         "0000000000000000000000000000000000000000000000000000000000000000\n"},
        {"not-icu", 4096, 0, NULL},
        {"tiny", 8, 1, NULL},
        {"empty", 0, 1, NULL},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        const char *dir =
            folder(refused[i].name, refused[i].size, refused[i].header, "2031a", refused[i].check);
        if (ota_tzdata_setup(dir, NULL, chosen, sizeof chosen) != OTA_ERR_ARGUMENT)
            fail_msg("%s was let through", refused[i].name);
    }
    char missing[512];
    snprintf(missing, sizeof missing, "%s/nothing-here", root);
    assert_int_equal(ota_tzdata_setup(missing, NULL, chosen, sizeof chosen), OTA_ERR_ARGUMENT);
    assert_int_equal(ota_tzdata_setup(good_path, NULL, chosen, 4), OTA_ERR_ARGUMENT);
    assert_int_equal(ota_tzdata_setup(good_path, NULL, chosen, sizeof chosen), OTA_TZDATA_GIVEN);
    assert_string_equal(chosen, good_path);
    assert_string_equal(getenv("ICU_TIMEZONE_FILES_DIR"), good_path);
    assert_int_equal(ota_tzdata_setup(good_path, NULL, NULL, 1), OTA_ERR_NULL);
    assert_int_equal(ota_tzdata_setup(good_path, NULL, chosen, 0), OTA_ERR_NULL);
}

static void the_operators_folder(void **state)
{
    (void)state;
    char chosen[512];
    const char *good = folder("operator-good", 1024, 1, "2031b", NULL);
    setenv("ICU_TIMEZONE_FILES_DIR", good, 1);
    assert_int_equal(ota_tzdata_setup(NULL, NULL, chosen, sizeof chosen), OTA_TZDATA_OPERATOR);
    setenv("ICU_TIMEZONE_FILES_DIR", "", 1);
    assert_int_equal(ota_tzdata_setup(NULL, NULL, chosen, sizeof chosen), OTA_TZDATA_OPERATOR);
    assert_string_equal(chosen, "");
    char missing[512];
    snprintf(missing, sizeof missing, "%s/nothing-here", root);
    setenv("ICU_TIMEZONE_FILES_DIR", missing, 1);
    assert_int_equal(ota_tzdata_setup(NULL, NULL, chosen, sizeof chosen),
                     OTA_TZDATA_OPERATOR_MISSING);
    assert_string_equal(chosen, missing);
    /* A corrupt file: ICU is kept away from it by the variable, emptied. */
    const char *bad = folder("operator-bad", 1024, 0, "2031b", NULL);
    setenv("ICU_TIMEZONE_FILES_DIR", bad, 1);
    assert_int_equal(ota_tzdata_setup(NULL, NULL, chosen, sizeof chosen), OTA_TZDATA_REFUSED);
    assert_string_equal(getenv("ICU_TIMEZONE_FILES_DIR"), "");
    setenv("ICU_TIMEZONE_FILES_DIR", good, 1);
    assert_int_equal(ota_tzdata_setup(NULL, NULL, chosen, 4), OTA_ERR_ARGUMENT);
    unsetenv("ICU_TIMEZONE_FILES_DIR");
}

/* Without a choice made: `near`/../tzdata when it passes the check (the
 * newer of it and the installed folder, which does not exist here), a
 * refused one said as such, none at all ICU's own data. */
static void the_build_tree_beside_the_program(void **state)
{
    (void)state;
    char chosen[512], near[512], tree[512];
    unsetenv("ICU_TIMEZONE_FILES_DIR");
    snprintf(tree, sizeof tree, "%s/tree", root);
    mkdir(tree, 0755);
    snprintf(near, sizeof near, "%s/tree/bin", root);
    mkdir(near, 0755);
    folder("tree/tzdata", 2048, 1, "2031c", NULL);
    int32_t source = ota_tzdata_setup(NULL, near, chosen, sizeof chosen);
    /* The installed folder may exist on a machine with otaplan installed. */
    assert_true(source == OTA_TZDATA_CHOSEN);
    if (access(ota_tzdata_installed_dir(), F_OK) != 0)
        assert_non_null(strstr(chosen, "/tree/tzdata"));
    unsetenv("ICU_TIMEZONE_FILES_DIR");
    folder("tree/tzdata", 2048, 0, "2031c", NULL);
    if (access(ota_tzdata_installed_dir(), F_OK) != 0) {
        assert_int_equal(ota_tzdata_setup(NULL, near, chosen, sizeof chosen), OTA_TZDATA_REFUSED);
        assert_non_null(strstr(chosen, "/tree/tzdata"));
        char nowhere[512];
        snprintf(nowhere, sizeof nowhere, "%s/nowhere/bin", root);
        assert_int_equal(ota_tzdata_setup(NULL, nowhere, chosen, sizeof chosen),
                         OTA_TZDATA_BUILTIN);
        assert_int_equal(ota_tzdata_setup(NULL, NULL, chosen, sizeof chosen), OTA_TZDATA_BUILTIN);
    }
    unsetenv("ICU_TIMEZONE_FILES_DIR");
}

static void the_systems_version(void **state)
{
    (void)state;
    char version[16] = "x";
    assert_int_equal(ota_tzdata_system_version(NULL, 16), 0);
    assert_int_equal(ota_tzdata_system_version(version, 0), 0);
    int found = ota_tzdata_system_version(version, sizeof version);
    assert_true(found ? strlen(version) >= 5 : version[0] == '\0');
    char tiny[3] = "x";
    assert_int_equal(ota_tzdata_system_version(tiny, sizeof tiny), 0);
    assert_string_equal(tiny, "");
}

int main(void)
{
    snprintf(root, sizeof root, "/tmp/otaplan-tzdata-setup-XXXXXX");
    assert_non_null(mkdtemp(root));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(given_folders),
        cmocka_unit_test(the_operators_folder),
        cmocka_unit_test(the_build_tree_beside_the_program),
        cmocka_unit_test(the_systems_version),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    char command[300];
    snprintf(command, sizeof command, "rm -rf '%s'", root);
    if (system(command) != 0)
        return 1;
    return failed;
}
