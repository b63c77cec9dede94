/* Target 6: the two orders of SPEC 13.1.  The input is three versions
 * separated by newlines; for each order every version's verdict (a token
 * of the order or not) must agree three ways (the hand-written parse, the
 * PCRE2 grammar for semver, the plain reading of tests/slow_order.c), and
 * on the versions that are tokens the comparison must agree with the plain
 * reading, be antisymmetric, equal only on equal bytes, and transitive
 * over the triple.  Any difference aborts. */
#include "otaplan.h"
#include "slow_order.h"
#include "syntax.h"
#include "version_order.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { VERSIONS = 3, LONGEST = 80 };

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

static void check_order(syntax_session *session, int32_t order, char text[VERSIONS][LONGEST + 1])
{
    ordered_version v[VERSIONS];
    int ordered[VERSIONS];
    for (int i = 0; i < VERSIONS; i++) {
        size_t length = strlen(text[i]);
        ordered[i] = ota__version_parse(order, text[i], &v[i]);
        if (ordered[i] != slow_is_ordered(order, text[i]))
            abort();
        if (order == OTA_ORDER_SEMVER &&
            ordered[i] != ota__syntax_is_semver(session, text[i], length))
            abort();
    }
    int c[VERSIONS][VERSIONS];
    for (int i = 0; i < VERSIONS; i++)
        for (int j = 0; j < VERSIONS; j++) {
            if (!ordered[i] || !ordered[j])
                continue;
            c[i][j] = sign(ota__version_compare(order, &v[i], &v[j]));
            if (c[i][j] != slow_compare(order, text[i], text[j]))
                abort();
            if ((c[i][j] == 0) != (strcmp(text[i], text[j]) == 0))
                abort();
        }
    if (!ordered[0] || !ordered[1] || !ordered[2])
        return;
    for (int i = 0; i < VERSIONS; i++)
        for (int j = 0; j < VERSIONS; j++) {
            if (c[i][j] != -c[j][i])
                abort();
            for (int k = 0; k < VERSIONS; k++)
                if (c[i][j] <= 0 && c[j][k] <= 0 && c[i][k] > 0)
                    abort();
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static syntax_session *session;
    if (!session && !(session = ota__syntax_session_new(NULL)))
        abort();
    char text[VERSIONS][LONGEST + 1] = {{0}};
    size_t at = 0;
    for (int i = 0; i < VERSIONS; i++) {
        size_t length = 0;
        while (at < size && data[at] != '\n') {
            /* A NUL would end the C string early: the verdicts below read
             * strings, as a device's version is one. */
            if (length < LONGEST && data[at] != '\0')
                text[i][length++] = (char)data[at];
            at++;
        }
        at++;
    }
    check_order(session, OTA_ORDER_SEMVER, text);
    check_order(session, OTA_ORDER_NATURAL, text);
    return 0;
}
