/* RFC 3339 instants (SPEC 2), as every document and command line writes
 * them. */
#include "civil.h"
#include "otaplan.h"

#include <stdio.h>
#include <string.h>

int32_t ota_instant_parse(const char *text, int64_t *out)
{
    if (!text || !out)
        return OTA_ERR_NULL;
    int year, month, day, hour, minute, second;
    const char *s = text;
    if (ota__civil_parse_digits(s, 4, &year) || s[4] != '-' ||
        ota__civil_parse_digits(s + 5, 2, &month) || s[7] != '-' ||
        ota__civil_parse_digits(s + 8, 2, &day) || (s[10] != 'T' && s[10] != 't') ||
        ota__civil_parse_digits(s + 11, 2, &hour) || s[13] != ':' ||
        ota__civil_parse_digits(s + 14, 2, &minute) || s[16] != ':' ||
        ota__civil_parse_digits(s + 17, 2, &second))
        return OTA_ERR_ARGUMENT;
    if (month < 1 || month > 12 || day < 1 || day > ota__civil_days_in_month(year, month) ||
        hour > 23 || minute > 59 || second > 59)
        return OTA_ERR_ARGUMENT;
    s += 19;
    int round_up = 0;
    if (*s == '.') {
        s++;
        if (*s < '0' || *s > '9')
            return OTA_ERR_ARGUMENT;
        for (; *s >= '0' && *s <= '9'; s++)
            if (*s != '0')
                round_up = 1;
    }
    int offset = 0;
    if (*s == 'Z' || *s == 'z') {
        s++;
    } else if (*s == '+' || *s == '-') {
        int offset_hour, offset_minute;
        if (ota__civil_parse_digits(s + 1, 2, &offset_hour) || s[3] != ':' ||
            ota__civil_parse_digits(s + 4, 2, &offset_minute) || offset_hour > 23 ||
            offset_minute > 59)
            return OTA_ERR_ARGUMENT;
        offset = (offset_hour * 60 + offset_minute) * 60 * (*s == '-' ? -1 : 1);
        s += 6;
    } else {
        return OTA_ERR_ARGUMENT;
    }
    if (*s != '\0')
        return OTA_ERR_ARGUMENT;
    *out = ota__civil_days_from_date(year, month, day) * SECONDS_PER_DAY + hour * 3600 +
           minute * 60 + second - offset + round_up;
    return OTA_OK;
}

static void two_digits(char *out, int value)
{
    out[0] = (char)('0' + value / 10);
    out[1] = (char)('0' + value % 10);
}

int32_t ota_instant_format(int64_t t, char out[OTA_INSTANT_TEXT_SIZE])
{
    if (!out)
        return OTA_ERR_NULL;
    int64_t days = floor_div(t, SECONDS_PER_DAY);
    int64_t seconds = t - days * SECONDS_PER_DAY;
    int64_t year;
    int month, day;
    ota__civil_date_from_days(days, &year, &month, &day);
    if (year < 0 || year > 9999) {
        snprintf(out, OTA_INSTANT_TEXT_SIZE, "%s", "out-of-range");
        return OTA_ERR_RANGE;
    }
    /* Fixed widths (the range check bounds the year): each pair of digits
     * by constant divisors, which the compiler makes multiplications (a
     * loop dividing by a variable power of ten was a sixteenth of `otaplan
     * evaluate`, bench/HISTORY.md). */
    int y = (int)year, hour = (int)(seconds / 3600), minute = (int)(seconds / 60 % 60),
        second = (int)(seconds % 60);
    two_digits(out, y / 100);
    two_digits(out + 2, y % 100);
    out[4] = '-';
    two_digits(out + 5, month);
    out[7] = '-';
    two_digits(out + 8, day);
    out[10] = 'T';
    two_digits(out + 11, hour);
    out[13] = ':';
    two_digits(out + 14, minute);
    out[16] = ':';
    two_digits(out + 17, second);
    out[19] = 'Z';
    out[20] = '\0';
    return OTA_OK;
}

int32_t ota_instant_format_local(int64_t t, int32_t offset, char out[OTA_LOCAL_TEXT_SIZE])
{
    if (!out)
        return OTA_ERR_NULL;
    char utc[OTA_INSTANT_TEXT_SIZE];
    /* An offset is within a day of UTC: t + offset cannot overflow for an
     * instant of the range, and one outside it says out-of-range. */
    int64_t local = t > INT64_MAX - 86400 || t < INT64_MIN + 86400 ? t : t + offset;
    if (ota_instant_format(local, utc) != OTA_OK) {
        snprintf(out, OTA_LOCAL_TEXT_SIZE, "%s", utc);
        return OTA_ERR_RANGE;
    }
    size_t length = strlen(utc);
    int32_t magnitude = offset < 0 ? -offset : offset;
    /* Offsets with seconds exist only before 1972 (local mean time), out
     * of this library's range; they are shown to the minute. */
    snprintf(out, OTA_LOCAL_TEXT_SIZE, "%.*s%c%02d:%02d", (int)(length - 1), utc,
             offset < 0 ? '-' : '+', (int)(magnitude / 3600), (int)(magnitude / 60 % 60));
    return OTA_OK;
}
