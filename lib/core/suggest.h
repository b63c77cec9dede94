/* Closeness of names, for the suggestions of diagnostics (doc/rules.md 7,
 * "Choice (hints)"). */
#ifndef OTA_SUGGEST_H
#define OTA_SUGGEST_H

#include "internal.h"

/* The optimal-string-alignment distance between a and b (insertions,
 * deletions, substitutions and swaps of neighbours, each 1), ASCII letters
 * compared without case, "_" and "-" as one; or max + 1 as soon as it is
 * known to exceed max.  Strings longer than 64 bytes are max + 1. */
OTA_INTERNAL int ota__edit_distance(const char *a, const char *b, int max);

#endif
