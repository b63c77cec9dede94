/* A function of the evaluation hot path that every caller must expand in
 * place: the compiler's own inlining budget declines the bigger ones, and
 * the caller's constant arguments (no trace, for_push) are what make the
 * expansion cheaper than the call (bench/RESULTS.md, 0.4.0,
 * "the table of checks"). */
#ifndef OTA_HOT_H
#define OTA_HOT_H

#if defined(__GNUC__)
#define OTA_HOT_INLINE static inline __attribute__((always_inline))
#else
#define OTA_HOT_INLINE static inline
#endif

#endif
