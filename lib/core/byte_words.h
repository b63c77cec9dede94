/* Questions about the eight bytes of a word at once (Anderson's bit hacks,
 * hasless and haszero): each answers with the high bit of every byte it
 * flags.  A borrow can also flag a byte above a flagged one, never below,
 * so the lowest flag of a word, or of an OR of such answers, is exact:
 * on a little-endian machine, the first byte in memory that has the
 * property. */
#ifndef OTA_BYTE_WORDS_H
#define OTA_BYTE_WORDS_H

#include <stdint.h>

#define BYTE_WORD_ONES  UINT64_C(0x0101010101010101)
#define BYTE_WORD_HIGHS UINT64_C(0x8080808080808080)

/* The bytes of w below n (n <= 0x80). */
static inline uint64_t byte_word_below(uint64_t w, uint8_t n)
{
    return (w - BYTE_WORD_ONES * n) & ~w & BYTE_WORD_HIGHS;
}

/* The bytes of w equal to c. */
static inline uint64_t byte_word_equal(uint64_t w, uint8_t c)
{
    uint64_t x = w ^ (BYTE_WORD_ONES * c);
    return (x - BYTE_WORD_ONES) & ~x & BYTE_WORD_HIGHS;
}

/* The bytes of w that are not printable ASCII (0x20-0x7E). */
static inline uint64_t byte_word_not_printable(uint64_t w)
{
    return (w & BYTE_WORD_HIGHS) | byte_word_below(w, 0x20) | byte_word_equal(w, 0x7f);
}

#endif
