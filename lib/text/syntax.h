/* The identifier and version syntax of SPEC 3 and 3.1, with PCRE2. */
#ifndef OTA_SYNTAX_H
#define OTA_SYNTAX_H

#include "otaplan.h"

#include <stddef.h>

typedef struct syntax_session syntax_session;

/* A session holds the per-call match data, so that the shared compiled
 * patterns are only read.  Returns NULL on out-of-memory. */
syntax_session *ota__syntax_session_new(const ota_allocator *allocator);
void ota__syntax_session_free(syntax_session *session);

/* 1 if text[0..length) is 1-64 of [A-Za-z0-9_.-]: a product, a component ID
 * or a version token. */
int ota__syntax_is_token(syntax_session *session, const char *text, size_t length);

/* 1 if text[0..length) is a semver of SPEC 13.1 (at most 64 bytes). */
int ota__syntax_is_semver(syntax_session *session, const char *text, size_t length);

/* Splits a specified_versions list (SPEC 3.1).  Stores up to `capacity`
 * token ranges (start offset, length); returns the number of tokens, and
 * sets *all_valid to 0 if any token is empty or not a version token. */
size_t ota__syntax_split_versions(syntax_session *session, const char *list, size_t *starts,
                                  size_t *lengths, size_t capacity, int *all_valid);

#endif
