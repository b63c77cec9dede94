/* The device-list table of lib/eval/idset.c against the obvious reference
 * (every ID compared with every listed one): IDs of every length from 1 to
 * 128 bytes on both sides of the inline limit, IDs that share their first
 * bytes and differ only in the arena, IDs that differ only in length, and
 * enough of them that 16-bit tags collide; the build's duplicate and
 * in-both events; and the batch call's pipelined lookups against the
 * single call for every batch size around its stages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "idset.h"

static uint64_t random_state = 0x2545F4914F6CDD1Dull;
static uint64_t next_random(void)
{
    random_state ^= random_state << 13;
    random_state ^= random_state >> 7;
    random_state ^= random_state << 17;
    return random_state;
}

/* An ID of `length` bytes: a shared prefix, then digits from `serial`,
 * so many IDs agree on their first bytes. */
static void make_id(char *out, size_t length, uint64_t serial)
{
    static const char prefix[] = "tenant-7/region-1/";
    for (size_t i = 0; i < length; i++)
        out[i] = i < sizeof prefix - 1 ? prefix[i] : (char)('a' + serial % 26);
    for (size_t i = length; i-- > 0 && serial;) {
        out[i] = (char)('0' + serial % 10);
        serial /= 10;
    }
    out[length] = 0;
}

typedef struct events_seen {
    uint32_t duplicates[2];
    uint32_t in_both;
} events_seen;

static void on_duplicate(void *context, int list, uint32_t index)
{
    (void)index;
    ((events_seen *)context)->duplicates[list == IDSET_BLACKLIST ? 0 : 1]++;
}

static void on_in_both(void *context, uint32_t index)
{
    (void)index;
    ((events_seen *)context)->in_both++;
}

static unsigned reference_lists(const char *id, char **black, uint32_t black_count, char **white,
                                uint32_t white_count)
{
    unsigned lists = 0;
    for (uint32_t i = 0; i < black_count; i++)
        if (strcmp(black[i], id) == 0)
            lists |= IDSET_BLACKLIST;
    for (uint32_t i = 0; i < white_count; i++)
        if (strcmp(white[i], id) == 0)
            lists |= IDSET_WHITELIST;
    return lists;
}

static unsigned table_lists(const idset *set, const char *id)
{
    size_t length = strlen(id);
    return ota__idset_lists_of(set, id, length, ota__idset_hash(id, length));
}

static char *new_id(size_t length, uint64_t serial)
{
    char *id = malloc(length + 1);
    make_id(id, length, serial);
    return id;
}

static void answers_equal_the_reference(void **state)
{
    (void)state;
    enum { BLACK = 1500, WHITE = 3000, PROBES = 6000 };
    char **black = malloc(BLACK * sizeof *black), **white = malloc(WHITE * sizeof *white);
    /* Lengths around the inline limit (12) and the prefix (8) most often,
     * all lengths up to 128 sometimes; serials from a small range, so that
     * lists repeat IDs and share them. */
    static const size_t near[] = {1, 7, 8, 9, 11, 12, 13, 14, 16, 20, 24, 36};
    for (uint32_t i = 0; i < BLACK + WHITE; i++) {
        uint64_t r = next_random();
        size_t length = r % 4 ? near[(r >> 8) % 12] : 1 + (r >> 16) % 128;
        char *id = new_id(length, (r >> 24) % 2500);
        if (i < BLACK)
            black[i] = id;
        else
            white[i - BLACK] = id;
    }
    events_seen seen = {{0, 0}, 0};
    idset_events events = {on_duplicate, on_in_both, &seen};
    idset set;
    assert_int_equal(ota__idset_build(NULL, (const char *const *)black, BLACK,
                                      (const char *const *)white, WHITE, &events, &set),
                     OTA_OK);
    assert_true(set.mask + 1 >= (BLACK + WHITE) * 4 / 3);
    /* Every listed ID, and unlisted ones of the same shapes. */
    uint32_t expected_duplicates[2] = {0, 0}, expected_in_both = 0, found = 0;
    for (uint32_t i = 0; i < BLACK + WHITE; i++) {
        char **list = i < BLACK ? black : white;
        uint32_t index = i < BLACK ? i : i - BLACK;
        const char *id = list[index];
        unsigned expected = reference_lists(id, black, BLACK, white, WHITE);
        assert_int_equal(table_lists(&set, id), expected);
        /* What the build saw when it met this entry: earlier entries only. */
        unsigned before = i < BLACK ? reference_lists(id, black, index, white, 0)
                                    : reference_lists(id, black, BLACK, white, index);
        unsigned list_bit = i < BLACK ? IDSET_BLACKLIST : IDSET_WHITELIST;
        if (before & list_bit)
            expected_duplicates[i < BLACK ? 0 : 1]++;
        else if (i >= BLACK && (before & IDSET_BLACKLIST))
            expected_in_both++;
    }
    for (uint32_t n = 0; n < PROBES; n++) {
        uint64_t r = next_random();
        char id[130];
        make_id(id, r % 4 ? near[(r >> 8) % 12] : 1 + (r >> 16) % 128, (r >> 24) % 3000);
        unsigned expected = reference_lists(id, black, BLACK, white, WHITE);
        found += expected != 0;
        assert_int_equal(table_lists(&set, id), expected);
    }
    assert_int_equal(seen.duplicates[0], expected_duplicates[0]);
    assert_int_equal(seen.duplicates[1], expected_duplicates[1]);
    assert_int_equal(seen.in_both, expected_in_both);
    /* The data covers what it is meant to: repeats, shared IDs, hits. */
    assert_true(expected_duplicates[0] > 0 && expected_duplicates[1] > 0 && expected_in_both > 0);
    assert_true(found > PROBES / 10 && found < PROBES);
    ota__idset_free(NULL, &set);
    for (uint32_t i = 0; i < BLACK; i++)
        free(black[i]);
    for (uint32_t i = 0; i < WHITE; i++)
        free(white[i]);
    free(black);
    free(white);
}

/* Two IDs of the same length and first bytes whose hashes give the same
 * tag and the same slot of a 32-slot table, found by search: the entry
 * alone cannot tell them apart, the rest of the bytes must. */
static int find_colliding_pair(size_t length, char *a, char *b)
{
    /* 21 bits of tag and slot: by the birthday bound, a few thousand
     * candidates give a pair. */
    uint32_t *first_with_key = calloc((size_t)1 << 21, sizeof *first_with_key);
    int found = 0;
    for (uint32_t i = 1; i < 200000 && !found; i++) {
        char id[140];
        make_id(id, length, 1000000 + i);
        uint64_t hash = ota__idset_hash(id, length);
        uint32_t key = (uint32_t)(hash >> 48) << 5 | (uint32_t)(hash & 31);
        if (first_with_key[key] && (hash >> 48) != 0) {
            make_id(a, length, 1000000 + first_with_key[key]);
            strcpy(b, id);
            found = 1;
        }
        first_with_key[key] = i;
    }
    free(first_with_key);
    return found;
}

static void same_tag_same_slot(void **state)
{
    (void)state;
    /* 20 bytes: prefix in the entry, the rest in the arena; 12: inline. */
    static const size_t lengths[] = {20, 12, 128};
    for (size_t k = 0; k < sizeof lengths / sizeof *lengths; k++) {
        char a[140], b[140];
        assert_true(find_colliding_pair(lengths[k], a, b));
        assert_string_not_equal(a, b);
        assert_memory_equal(a, b, 8);
        /* 13 IDs make a table of 32 slots. */
        char others[12][8];
        const char *white[13] = {a};
        for (int i = 0; i < 12; i++) {
            snprintf(others[i], sizeof others[i], "o-%d", i);
            white[i + 1] = others[i];
        }
        idset set;
        events_seen seen = {{0, 0}, 0};
        idset_events events = {on_duplicate, on_in_both, &seen};
        assert_int_equal(ota__idset_build(NULL, NULL, 0, white, 13, &events, &set), OTA_OK);
        assert_int_equal(set.mask, 31);
        assert_int_equal(table_lists(&set, a), IDSET_WHITELIST);
        assert_int_equal(table_lists(&set, b), 0);
        ota__idset_free(NULL, &set);
        /* Both in the table, in two lists: each answers for itself. */
        const char *black[1] = {b};
        assert_int_equal(ota__idset_build(NULL, black, 1, white, 13, &events, &set), OTA_OK);
        assert_int_equal(table_lists(&set, a), IDSET_WHITELIST);
        assert_int_equal(table_lists(&set, b), IDSET_BLACKLIST);
        ota__idset_free(NULL, &set);
        assert_int_equal(seen.duplicates[0] + seen.duplicates[1] + seen.in_both, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answers_equal_the_reference),
        cmocka_unit_test(same_tag_same_slot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
