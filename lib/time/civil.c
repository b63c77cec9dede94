#include "civil.h"

#include <string.h>

int64_t ota__civil_days_from_date(int64_t year, int month, int day)
{
    year -= month <= 2;
    int64_t era = floor_div(year, 400);
    int64_t year_of_era = year - era * 400;
    int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

void ota__civil_date_from_days(int64_t days, int64_t *year, int *month, int *day)
{
    days += 719468;
    int64_t era = floor_div(days, 146097);
    int64_t day_of_era = days - era * 146097;
    int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t mp = (5 * day_of_year + 2) / 153;
    *day = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = year_of_era + era * 400 + (*month <= 2);
}

int ota__civil_days_in_month(int64_t year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2) {
        int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return 28 + leap;
    }
    return days[month - 1];
}

int ota__civil_parse_digits(const char *text, int count, int *value)
{
    *value = 0;
    for (int i = 0; i < count; i++) {
        if (text[i] < '0' || text[i] > '9')
            return -1;
        *value = *value * 10 + (text[i] - '0');
    }
    return 0;
}

int ota__civil_parse_local_minute(const char *text, int64_t *local_seconds)
{
    /* strlen first: the fixed-offset reads below must not run past a short
     * string's NUL. */
    if (strlen(text) != 16 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
        text[13] != ':')
        return -1;
    int year, month, day, hour, minute;
    if (ota__civil_parse_digits(text, 4, &year) || ota__civil_parse_digits(text + 5, 2, &month) ||
        ota__civil_parse_digits(text + 8, 2, &day) ||
        ota__civil_parse_digits(text + 11, 2, &hour) ||
        ota__civil_parse_digits(text + 14, 2, &minute))
        return -1;
    if (month < 1 || month > 12 || day < 1 || day > ota__civil_days_in_month(year, month) ||
        hour > 23 || minute > 59)
        return -1;
    *local_seconds = ota__civil_days_from_date(year, month, day) * SECONDS_PER_DAY +
                     hour * INT64_C(3600) + minute * INT64_C(60);
    return 0;
}
