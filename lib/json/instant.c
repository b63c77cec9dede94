/* RFC 3339 instants (SPEC 2). */
#include "otaplan_json.h"

#include "civil.h"

#include <stdio.h>
#include <string.h>

int ota_json_parse_instant(const char *text, int64_t *out)
{
    int year, month, day, hour, minute, second;
    const char *s = text;
    if (ota__civil_parse_digits(s, 4, &year) || s[4] != '-' ||
        ota__civil_parse_digits(s + 5, 2, &month) || s[7] != '-' ||
        ota__civil_parse_digits(s + 8, 2, &day) || (s[10] != 'T' && s[10] != 't') ||
        ota__civil_parse_digits(s + 11, 2, &hour) || s[13] != ':' ||
        ota__civil_parse_digits(s + 14, 2, &minute) || s[16] != ':' ||
        ota__civil_parse_digits(s + 17, 2, &second))
        return -1;
    if (month < 1 || month > 12 || day < 1 || day > ota__civil_days_in_month(year, month) ||
        hour > 23 || minute > 59 || second > 59)
        return -1;
    s += 19;
    int round_up = 0;
    if (*s == '.') {
        s++;
        if (*s < '0' || *s > '9')
            return -1;
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
            return -1;
        offset = (offset_hour * 60 + offset_minute) * 60 * (*s == '-' ? -1 : 1);
        s += 6;
    } else {
        return -1;
    }
    if (*s != '\0')
        return -1;
    *out = ota__civil_days_from_date(year, month, day) * SECONDS_PER_DAY + hour * 3600 +
           minute * 60 + second - offset + round_up;
    return 0;
}

static void two_digits(char *out, int value)
{
    out[0] = (char)('0' + value / 10);
    out[1] = (char)('0' + value % 10);
}

void ota_json_format_instant(int64_t t, char out[OTA_JSON_INSTANT_SIZE])
{
    int64_t days = floor_div(t, SECONDS_PER_DAY);
    int64_t seconds = t - days * SECONDS_PER_DAY;
    int64_t year;
    int month, day;
    ota__civil_date_from_days(days, &year, &month, &day);
    if (year < 0 || year > 9999) {
        snprintf(out, OTA_JSON_INSTANT_SIZE, "%s", "out-of-range");
        return;
    }
    /* Fixed widths (the range check bounds the year): each pair of digits
     * by constant divisors, which the compiler makes multiplications (a
     * loop dividing by a variable power of ten was a sixteenth of `otaplan
     * evaluate`, bench/RESULTS.md). */
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
}

void ota_json_format_local(int64_t t, int32_t offset, char out[OTA_JSON_LOCAL_SIZE])
{
    char utc[OTA_JSON_INSTANT_SIZE];
    ota_json_format_instant(t + offset, utc);
    size_t length = strlen(utc);
    if (length == 0 || utc[length - 1] != 'Z') {
        snprintf(out, OTA_JSON_LOCAL_SIZE, "%s", utc);
        return;
    }
    int32_t magnitude = offset < 0 ? -offset : offset;
    /* Offsets with seconds exist only before 1972 (local mean time), out
     * of this library's range; they are shown to the minute. */
    snprintf(out, OTA_JSON_LOCAL_SIZE, "%.*s%c%02d:%02d", (int)(length - 1), utc,
             offset < 0 ? '-' : '+', (int)(magnitude / 3600), (int)(magnitude / 60 % 60));
}
