/* Proleptic Gregorian calendar arithmetic on plain integers: the local wall
 * times of SPEC 2 without any time-zone library. */
#ifndef OTA_CIVIL_H
#define OTA_CIVIL_H

#include <stdint.h>

#define SECONDS_PER_DAY INT64_C(86400)

/* Days since 1970-01-01 of a valid civil date (H. Hinnant's algorithm). */
int64_t ota__civil_days_from_date(int64_t year, int month, int day);
void ota__civil_date_from_days(int64_t days, int64_t *year, int *month, int *day);
int ota__civil_days_in_month(int64_t year, int month);

/* Floor division and modulo for seconds, so that times before 1970 and
 * negative offsets fold correctly. */
static inline int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static inline int64_t floor_mod(int64_t a, int64_t b)
{
    return a - floor_div(a, b) * b;
}

/* Reads `count` decimal digits; 0, or -1 at a character that is no digit
 * (a NUL included, so a short string is never read past its end). */
int ota__civil_parse_digits(const char *text, int count, int *value);

/* Parses SPEC 2.1's "YYYY-MM-DDTHH:MM" into seconds of the local time line
 * (as if the zone were UTC).  Returns 0 on success, -1 when the text is not
 * of that form or names no real date and time. */
int ota__civil_parse_local_minute(const char *text, int64_t *local_seconds);

#endif
