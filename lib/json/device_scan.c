#include "device_scan.h"

#include "byte_words.h"
#include "names.h"
#include "otaplan_json.h"
#include "reader.h"

#include <stdint.h>
#include <string.h>

#define ABSENT SIZE_MAX
/* As the arena's chunk (arena.c). */
#define SCAN_KEEP_BYTES ((size_t)64 * 1024)

typedef struct scan {
    const char *at;
    const char *end;
    device_scan_space *space;
    size_t used; /* bytes of space->bytes taken by this line */
    int in_set;  /* SPEC 14.2: no state of the device's own */
} scan;

/* Where the line's strings went: offsets into space->bytes, which may move
 * while the line is read; pointers are made of them at its end. */
typedef struct strings {
    size_t id, product;
    uint32_t version_count;
    size_t component[DEVICE_SCAN_MAX_VERSIONS];
    size_t component_length[DEVICE_SCAN_MAX_VERSIONS];
    size_t version[DEVICE_SCAN_MAX_VERSIONS];
} strings;

/* The bytes a string may hold here: printable ASCII but the quote and the
 * backslash.  Anything else (an escape, a control character, UTF-8 that
 * jansson would check) sends the line to jansson. */
static int is_plain(char c)
{
    return (unsigned char)(c - 0x20) < 0x5f && c != '"' && c != '\\';
}

/* RFC 8259's white space; a compact line has none, so the first test
 * mostly decides. */
static void skip_space(scan *s)
{
    if (s->at < s->end && (unsigned char)*s->at > ' ')
        return;
    while (s->at < s->end && (*s->at == ' ' || *s->at == '\n' || *s->at == '\r' || *s->at == '\t'))
        s->at++;
}

static int take(scan *s, char c)
{
    skip_space(s);
    if (s->at == s->end || *s->at != c)
        return 0;
    s->at++;
    return 1;
}

static int take_word(scan *s, const char *word, size_t length)
{
    skip_space(s);
    if ((size_t)(s->end - s->at) < length || memcmp(s->at, word, length) != 0)
        return 0;
    s->at += length;
    return 1;
}

static int take_null(scan *s)
{
    return take_word(s, "null", 4);
}

/* Where the plain bytes from p on end: eight at a time where the text
 * allows, the first byte that is not plain found by the lowest flag. */
static const char *plain_end(const char *p, const char *end)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (end - p >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        uint64_t stop =
            byte_word_not_printable(w) | byte_word_equal(w, '"') | byte_word_equal(w, '\\');
        if (stop)
            return p + (__builtin_ctzll(stop) >> 3);
        p += 8;
    }
#endif
    while (p < end && is_plain(*p))
        p++;
    return p;
}

/* A plain string in place: *start and *length are its bytes. */
static int span(scan *s, const char **start, size_t *length)
{
    if (!take(s, '"'))
        return 0;
    const char *p = plain_end(s->at, s->end);
    if (p == s->end || *p != '"')
        return 0;
    *start = s->at;
    *length = (size_t)(p - s->at);
    s->at = p + 1;
    return 1;
}

static int reserve(scan *s, size_t more)
{
    device_scan_space *space = s->space;
    if (space->capacity - s->used >= more)
        return 1;
    size_t capacity = space->capacity ? space->capacity : 256;
    while (capacity - s->used < more) {
        if (capacity > SIZE_MAX / 2)
            return 0;
        capacity *= 2;
    }
    char *bytes = ota__json_alloc_plain(capacity);
    if (!bytes)
        return 0;
    if (s->used)
        memcpy(bytes, space->bytes, s->used);
    ota__json_free(space->bytes);
    space->bytes = bytes;
    space->capacity = capacity;
    return 1;
}

/* Bytes of the line copied into the space with a NUL after them. */
static int keep(scan *s, const char *start, size_t length, size_t *where)
{
    if (!reserve(s, length + 1))
        return 0;
    memcpy(s->space->bytes + s->used, start, length);
    s->space->bytes[s->used + length] = '\0';
    *where = s->used;
    s->used += length + 1;
    return 1;
}

static int copy(scan *s, size_t *where, size_t *length)
{
    const char *start;
    return span(s, &start, length) && keep(s, start, *length, where);
}

static int string_or_null(scan *s, size_t *where)
{
    size_t length;
    return take_null(s) || copy(s, where, &length);
}

/* An integer as jansson reads it (no leading zero, no fraction, no
 * exponent) clamped as read_int() clamps it; at most 18 digits, so that it
 * fits in int64 without a check.  A '.', 'e' or further digit after it is
 * not a delimiter, which the caller refuses. */
static int integer_or_null(scan *s, int32_t *out)
{
    if (take_null(s))
        return 1;
    const char *p = s->at;
    int negative = p < s->end && *p == '-';
    p += negative;
    const char *digits = p;
    int64_t value = 0;
    while (p < s->end && *p >= '0' && *p <= '9' && p - digits < 18)
        value = value * 10 + (*p++ - '0');
    if (p == digits || (*digits == '0' && p - digits > 1))
        return 0;
    *out = ota__reader_clamp_int32(negative ? -value : value);
    s->at = p;
    return 1;
}

static int instant_or_null(scan *s, int64_t *out)
{
    if (take_null(s))
        return 1;
    size_t where, length;
    int64_t instant;
    if (!copy(s, &where, &length) || ota_json_parse_instant(s->space->bytes + where, &instant) != 0)
        return 0;
    s->used = where; /* the text is not kept */
    *out = instant;
    return 1;
}

static int boolean_or_null(scan *s, int32_t *out)
{
    if (take_null(s))
        return 1;
    if (take_word(s, "true", 4))
        *out = 1;
    else if (take_word(s, "false", 5))
        *out = 0;
    else
        return 0;
    return 1;
}

static int state_or_null(scan *s, int32_t *out)
{
    if (take_null(s))
        return 1;
    const char *text;
    size_t length;
    if (!span(s, &text, &length))
        return 0;
    int state = ota__name_index(ota__device_state_names, text, length);
    if (state < 0)
        return 0;
    *out = state;
    return 1;
}

/* An object's members one by one: 1 at each key (in *key, *length, the
 * ':' taken), 0 at its end or at anything unusual (*ok says which). */
static int next_member(scan *s, int *first, const char **key, size_t *length, int *ok)
{
    *ok = 0;
    if (*first) {
        *first = 0;
        if (!take(s, '{'))
            return 0;
        if (take(s, '}')) {
            *ok = 1;
            return 0;
        }
    } else if (!take(s, ',')) {
        *ok = take(s, '}');
        return 0;
    }
    return span(s, key, length) && take(s, ':');
}

static int is(const char *key, const char *name, size_t length)
{
    return memcmp(key, name, length) == 0;
}

static int versions_or_null(scan *s, strings *found)
{
    if (take_null(s))
        return 1;
    int first = 1, ok;
    const char *key;
    size_t length;
    while (next_member(s, &first, &key, &length, &ok)) {
        uint32_t n = found->version_count;
        if (n == DEVICE_SCAN_MAX_VERSIONS)
            return 0;
        found->component_length[n] = length;
        if (!keep(s, key, length, &found->component[n]))
            return 0;
        for (uint32_t k = 0; k < n; k++)
            if (found->component_length[k] == length &&
                memcmp(s->space->bytes + found->component[k], key, length) == 0)
                return 0; /* jansson refuses a repeated key */
        size_t version_length;
        if (!copy(s, &found->version[n], &version_length))
            return 0;
        found->version_count = n + 1;
    }
    return ok;
}

static int appointment_or_null(scan *s, ota_device *d)
{
    if (take_null(s))
        return 1;
    int first = 1, ok;
    unsigned seen = 0;
    const char *key;
    size_t length;
    while (next_member(s, &first, &key, &length, &ok)) {
        unsigned bit;
        int64_t *field;
        if (length == 5 && is(key, "start", 5)) {
            bit = 1;
            field = &d->appointment_start;
        } else if (length == 3 && is(key, "end", 3)) {
            bit = 2;
            field = &d->appointment_end;
        } else {
            return 0;
        }
        if ((seen & bit) || !instant_or_null(s, field))
            return 0;
        seen |= bit;
    }
    return ok;
}

enum field {
    FIELD_ID,
    FIELD_PRODUCT,
    FIELD_VERSIONS,
    FIELD_SIGNAL,
    FIELD_BATTERY,
    FIELD_AUTO_UPDATE,
    FIELD_STATE,
    FIELD_STATE_AT,
    FIELD_APPOINTMENT,
    FIELD_FAILED_ATTEMPTS,
    FIELD_COUNT
};

static int field_of(const char *key, size_t length)
{
    switch (length) {
    case 2: return is(key, "id", 2) ? FIELD_ID : -1;
    case 5: return is(key, "state", 5) ? FIELD_STATE : -1;
    case 6: return is(key, "signal", 6) ? FIELD_SIGNAL : -1;
    case 7:
        return is(key, "product", 7) ? FIELD_PRODUCT : is(key, "battery", 7) ? FIELD_BATTERY : -1;
    case 8:
        return is(key, "versions", 8)   ? FIELD_VERSIONS
               : is(key, "state_at", 8) ? FIELD_STATE_AT
                                        : -1;
    case 11:
        return is(key, "auto_update", 11)   ? FIELD_AUTO_UPDATE
               : is(key, "appointment", 11) ? FIELD_APPOINTMENT
                                            : -1;
    case 15: return is(key, "failed_attempts", 15) ? FIELD_FAILED_ATTEMPTS : -1;
    default: return -1;
    }
}

static int value(scan *s, int field, ota_device *d, strings *found)
{
    switch (field) {
    case FIELD_ID: return string_or_null(s, &found->id);
    case FIELD_PRODUCT: return string_or_null(s, &found->product);
    case FIELD_VERSIONS: return versions_or_null(s, found);
    case FIELD_SIGNAL: return integer_or_null(s, &d->signal);
    case FIELD_BATTERY: return integer_or_null(s, &d->battery);
    case FIELD_AUTO_UPDATE: return boolean_or_null(s, &d->auto_update);
    case FIELD_STATE: return state_or_null(s, &d->state);
    case FIELD_STATE_AT: return instant_or_null(s, &d->state_at);
    case FIELD_APPOINTMENT: return appointment_or_null(s, d);
    case FIELD_FAILED_ATTEMPTS: return integer_or_null(s, &d->failed_attempts);
    default: return 0;
    }
}

static int device_object(scan *s, ota_device *d, strings *found)
{
    int first = 1, ok;
    unsigned seen = 0;
    const char *key;
    size_t length;
    while (next_member(s, &first, &key, &length, &ok)) {
        int field = field_of(key, length);
        if (s->in_set && field >= FIELD_STATE)
            return 0; /* the reader's message says where a state goes */
        if (field < 0 || (seen & (1u << field)) || !value(s, field, d, found))
            return 0;
        seen |= 1u << field;
    }
    return ok;
}

static void point_into(device_scan_space *space, const strings *found, ota_device *d)
{
    if (found->id != ABSENT)
        d->id = space->bytes + found->id;
    if (found->product != ABSENT)
        d->product = space->bytes + found->product;
    /* "versions": {} and null both leave the device without versions. */
    if (found->version_count == 0)
        return;
    ota_device_version *versions = space->versions;
    for (uint32_t i = 0; i < found->version_count; i++)
        versions[i] = (ota_device_version){space->bytes + found->component[i],
                                           space->bytes + found->version[i]};
    d->versions = versions;
    d->version_count = found->version_count;
}

static int scan_device(device_scan_space *space, const char *text, size_t length, size_t *offset,
                       int whole, int in_set, ota_device *device)
{
    /* A long line's bytes are not kept for the next; under ASan no line's
     * are, so that a use of the last device after this read is reported. */
    if (space->capacity > SCAN_KEEP_BYTES || OTA_JSON_UNDER_ASAN)
        ota__device_scan_space_free(space);
    scan s = {text + *offset, text + length, space, 0, in_set};
    /* Only what is read before it is written: the arrays are 400 bytes. */
    strings found;
    found.id = found.product = ABSENT;
    found.version_count = 0;
    ota_device d;
    ota_device_init(&d, OTA_DEVICE_STRUCT_VERSION);
    if (!device_object(&s, &d, &found))
        return 0;
    size_t past = (size_t)(s.at - text);
    if (whole) {
        skip_space(&s);
        if (s.at != s.end)
            return 0;
    }
    point_into(space, &found, &d);
    *device = d;
    *offset = past;
    return 1;
}

int ota__device_scan(device_scan_space *space, const char *text, size_t length, size_t *offset,
                     int whole, ota_device *device)
{
    return scan_device(space, text, length, offset, whole, 0, device);
}

int ota__device_scan_in_set(device_scan_space *space, const char *text, size_t length,
                            ota_device *device)
{
    size_t offset = 0;
    return scan_device(space, text, length, &offset, 1, 1, device);
}

void ota__device_scan_space_free(device_scan_space *space)
{
    ota__json_free(space->bytes);
    space->bytes = NULL;
    space->capacity = 0;
}
