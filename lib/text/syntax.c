#include "syntax.h"

#include "alloc.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <string.h>

/* SPEC 3: products, component IDs and version tokens share one syntax. */
static const char token_pattern[] = "[A-Za-z0-9_.-]{1,64}";

/* SPEC 13.1: SemVer 2.0.0's grammar without build metadata (a version token
 * cannot hold '+'), the numeric identifiers without leading zeros.
 * Evaluation parses semvers by hand (version_order.c); this pattern is the
 * grammar as SemVer writes it, and the fuzz target holds the two to the
 * same answer. */
static const char semver_pattern[] = "(?:0|[1-9][0-9]*)\\.(?:0|[1-9][0-9]*)\\.(?:0|[1-9][0-9]*)"
                                     "(?:-(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)"
                                     "(?:\\.(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*)?";

static pcre2_code *token_code;
static int token_jit;
static pcre2_code *semver_code;
static int semver_jit;
static pthread_once_t compile_once = PTHREAD_ONCE_INIT;

/* Compiled once per process and only read afterwards, which PCRE2 documents
 * as safe to share between threads. */
static pcre2_code *compile_pattern(const char *pattern, int *jit)
{
    int error;
    PCRE2_SIZE offset;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                     PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_NO_UTF_CHECK,
                                     &error, &offset, NULL);
    if (code)
        *jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
    return code;
}

static void compile_patterns(void)
{
    token_code = compile_pattern(token_pattern, &token_jit);
    semver_code = compile_pattern(semver_pattern, &semver_jit);
}

struct syntax_session {
    const ota_allocator *allocator;
    pcre2_general_context *general;
    pcre2_match_data *match;
};

static void *pcre2_alloc_hook(PCRE2_SIZE size, void *context)
{
    return ota__alloc(context, size);
}

static void pcre2_free_hook(void *pointer, void *context)
{
    ota__free(context, pointer);
}

syntax_session *ota__syntax_session_new(const ota_allocator *allocator)
{
    pthread_once(&compile_once, compile_patterns);
    if (!token_code || !semver_code)
        return NULL;
    syntax_session *session = ota__alloc(allocator, sizeof *session);
    if (!session)
        return NULL;
    session->allocator = allocator;
    session->general =
        pcre2_general_context_create(pcre2_alloc_hook, pcre2_free_hook, (void *)allocator);
    session->match = session->general
                         ? pcre2_match_data_create_from_pattern(token_code, session->general)
                         : NULL;
    if (!session->match) {
        ota__syntax_session_free(session);
        return NULL;
    }
    return session;
}

void ota__syntax_session_free(syntax_session *session)
{
    if (!session)
        return;
    pcre2_match_data_free(session->match);
    pcre2_general_context_free(session->general);
    ota__free(session->allocator, session);
}

int ota__syntax_is_token(syntax_session *session, const char *text, size_t length)
{
    /* The pattern allows at most 64 bytes: longer input cannot match, and
     * skipping it keeps a 10 MB string from costing a regex run. */
    if (length == 0 || length > 64)
        return 0;
    int rc = token_jit
                 ? pcre2_jit_match(token_code, (PCRE2_SPTR)text, length, 0, 0, session->match, NULL)
                 : pcre2_match(token_code, (PCRE2_SPTR)text, length, 0, 0, session->match, NULL);
    return rc > 0;
}

/* Without capturing groups, one ovector pair (the token pattern's match
 * data) holds any match. */
static int matches(pcre2_code *code, int jit, syntax_session *session, const char *text,
                   size_t length)
{
    int rc = jit ? pcre2_jit_match(code, (PCRE2_SPTR)text, length, 0, 0, session->match, NULL)
                 : pcre2_match(code, (PCRE2_SPTR)text, length, 0, 0, session->match, NULL);
    return rc > 0;
}

int ota__syntax_is_semver(syntax_session *session, const char *text, size_t length)
{
    if (length == 0 || length > 64)
        return 0;
    return matches(semver_code, semver_jit, session, text, length);
}

size_t ota__syntax_split_versions(syntax_session *session, const char *list, size_t *starts,
                                  size_t *lengths, size_t capacity, int *all_valid)
{
    size_t count = 0;
    size_t start = 0;
    *all_valid = 1;
    for (size_t i = 0;; i++) {
        if (list[i] != ';' && list[i] != '\0')
            continue;
        size_t length = i - start;
        if (!ota__syntax_is_token(session, list + start, length))
            *all_valid = 0;
        if (count < capacity) {
            starts[count] = start;
            lengths[count] = length;
        }
        count++;
        if (list[i] == '\0')
            break;
        start = i + 1;
    }
    return count;
}
