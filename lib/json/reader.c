#include "reader.h"

#include "arena.h"
#include "path.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *(*backend_alloc)(size_t) = malloc;
static void (*backend_free)(void *) = free;
static _Thread_local int allocation_failed __attribute__((tls_model("initial-exec")));
static pthread_once_t install_once = PTHREAD_ONCE_INIT;

/* jansson 2.14 has one pair of allocation functions for the whole process.
 * The module's own trees come from its arenas and its backend; every other
 * user of jansson in the process (another PostgreSQL extension, a Python
 * module) keeps the functions that were installed before the module's
 * first use, which the hooks below pass its calls on to: `depth` says when
 * this thread is inside the module's use of jansson. */
static json_malloc_t previous_alloc = malloc;
static json_free_t previous_free = free;
static _Thread_local int depth __attribute__((tls_model("initial-exec")));

void *ota__json_alloc_plain(size_t size)
{
    void *block = backend_alloc(size);
    if (!block)
        allocation_failed = 1;
    return block;
}

/* A parse by json_loadb() in this thread.  jansson 2.14's lexer does not
 * survive a failed allocation: it goes on past a truncated buffer and
 * corrupts the heap (a long string under memory pressure).  So jansson is
 * never told that an allocation failed: the failing allocation jumps back
 * to load(), out of jansson, and every block of the parse is freed there:
 * the arena's at its next reset, the backend's from `blocks`, the record of
 * this parse's blocks that jansson still holds.  jansson holds nothing else
 * during a parse (no lock, no file, no global state but its hash seed,
 * which it sets before it allocates). */
typedef struct parse_scope {
    jmp_buf escape;
    int active;
    void **blocks;
    size_t count, capacity;
} parse_scope;
static _Thread_local parse_scope scope;

static _Noreturn void escape_from_jansson(void)
{
    allocation_failed = 1;
    longjmp(scope.escape, 1);
}

/* Room to record one more block; 0 when that fails. */
static int scope_has_room(void)
{
    if (scope.count < scope.capacity)
        return 1;
    size_t capacity = scope.capacity ? 2 * scope.capacity : 64;
    void **blocks =
        capacity < SIZE_MAX / sizeof *blocks ? backend_alloc(capacity * sizeof *blocks) : NULL;
    if (!blocks)
        return 0;
    if (scope.count)
        memcpy(blocks, scope.blocks, scope.count * sizeof *blocks);
    backend_free(scope.blocks);
    scope.blocks = blocks;
    scope.capacity = capacity;
    return 1;
}

/* jansson frees the blocks it made last first (a token once copied, a
 * buffer once grown), so the search from the end is short. */
static void scope_forget(void *block)
{
    for (size_t i = scope.count; i-- > 0;)
        if (scope.blocks[i] == block) {
            scope.blocks[i] = scope.blocks[--scope.count];
            return;
        }
}

/* The end of a parse; with `free_blocks` (an escape) its blocks too. */
static void scope_end(int free_blocks)
{
    if (free_blocks)
        for (size_t i = 0; i < scope.count; i++)
            backend_free(scope.blocks[i]);
    backend_free(scope.blocks);
    scope.blocks = NULL;
    scope.count = scope.capacity = 0;
    scope.active = 0;
}

/* What jansson calls: the current arena's blocks while a device reader
 * parses (arena.h), else the backend's. */
static void *noting_alloc(size_t size)
{
    json_arena *arena = ota__json_arena_current();
    if (arena) {
        void *block = ota__json_arena_alloc(arena, size);
        if (!block && scope.active)
            escape_from_jansson();
        if (!block)
            allocation_failed = 1;
        return block;
    }
    if (!scope.active)
        return depth ? ota__json_alloc_plain(size) : previous_alloc(size);
    if (!scope_has_room())
        escape_from_jansson();
    void *block = backend_alloc(size);
    if (!block)
        escape_from_jansson();
    scope.blocks[scope.count++] = block;
    return block;
}

static void noting_free(void *block)
{
    json_arena *arena = ota__json_arena_current();
    if (arena && ota__json_arena_owns(arena, block))
        return;
    if (scope.active && block)
        scope_forget(block);
    if (scope.active || depth || arena)
        backend_free(block);
    else
        previous_free(block);
}

static void install(void)
{
    json_get_alloc_funcs(&previous_alloc, &previous_free);
    json_set_alloc_funcs(noting_alloc, noting_free);
}

void ota__json_enter(void)
{
    pthread_once(&install_once, install);
    depth++;
}

void ota__json_leave(void)
{
    depth--;
}

void ota__json_decref(json_t *value)
{
    ota__json_enter();
    json_decref(value);
    ota__json_leave();
}

void ota_json_set_allocator(void *(*alloc)(size_t size), void (*release)(void *block))
{
    pthread_once(&install_once, install);
    backend_alloc = alloc ? alloc : malloc;
    backend_free = release ? release : free;
}

void ota__json_begin(void)
{
    pthread_once(&install_once, install);
    allocation_failed = 0;
}

int ota__json_failed(void)
{
    return allocation_failed;
}

void *ota__json_alloc(size_t size)
{
    pthread_once(&install_once, install);
    void *block = ota__json_alloc_plain(size ? size : 1);
    if (block)
        memset(block, 0, size ? size : 1);
    return block;
}

void *ota__json_grow(void *block, size_t old_size, size_t new_size)
{
    void *grown = ota__json_alloc(new_size);
    if (grown && block)
        memcpy(grown, block, old_size < new_size ? old_size : new_size);
    if (grown)
        ota__json_free(block);
    return grown;
}

void ota__json_free(void *block)
{
    if (block)
        backend_free(block);
}

static void *allocator_alloc(void *context, size_t size)
{
    (void)context;
    return ota__json_alloc(size);
}

static void allocator_free(void *context, void *block)
{
    (void)context;
    ota__json_free(block);
}

const ota_allocator ota__json_allocator = {allocator_alloc, allocator_free, NULL};

int32_t ota__reader_clamp_int32(json_int_t value)
{
    if (value > INT32_MAX)
        return INT32_MAX;
    if (value <= INT32_MIN)
        return INT32_MIN + 1;
    return (int32_t)value;
}

void ota__json_error_at(ota_json_error *error, int32_t line, int32_t column)
{
    error->line = line;
    error->column = column;
    /* Not the whole text: this runs for every device line read. */
    error->text[0] = '\0';
}

int32_t ota__json_error_usable(const ota_json_error *error)
{
    if (!error)
        return OTA_ERR_NULL;
    return error->version == OTA_JSON_ERROR_VERSION ? OTA_OK : OTA_ERR_STRUCT_VERSION;
}

/* json_loadb with duplicate keys refused, *consumed set to the bytes read
 * (jansson leaves them in `position` on success). */
static int32_t load(const char *text, size_t length, size_t flags, json_t **root, size_t *consumed,
                    ota_json_error *error)
{
    ota__json_error_at(error, 0, 0);
    ota__json_begin();
    json_error_t failure;
    if (setjmp(scope.escape)) {
        scope_end(1);
        *root = NULL;
        return OTA_ERR_NOMEM;
    }
    scope.active = 1;
    *root = json_loadb(text, length, JSON_REJECT_DUPLICATES | flags, &failure);
    scope_end(0); /* an allocation that failed did not come back here */
    if (!*root) {
        ota__reader_error_from_jansson(error, &failure);
        return OTA_ERR_ARGUMENT;
    }
    *consumed = (size_t)failure.position;
    return OTA_OK;
}

int32_t ota__reader_load(const char *text, size_t length, json_t **root, ota_json_error *error)
{
    size_t consumed;
    return load(text, length, 0, root, &consumed, error);
}

int32_t ota__reader_load_next(const char *text, size_t length, size_t *offset, json_t **root,
                              ota_json_error *error)
{
    size_t consumed = 0;
    int32_t status =
        load(text + *offset, length - *offset, JSON_DISABLE_EOF_CHECK, root, &consumed, error);
    *offset += consumed;
    return status;
}

void ota__reader_error_from_jansson(ota_json_error *error, const json_error_t *failure)
{
    error->line = failure->line > 0 ? failure->line : 1;
    error->column = failure->column > 0 ? failure->column : 1;
    snprintf(error->text, sizeof error->text, "%s", failure->text);
    ota__utf8_cut(error->text);
}

/* SPEC 3's fields in the table's order, then SPEC 11's and 14.1's. */
const char *const ota__plan_field_names[] = {"name",
                                             "product",
                                             "product_type",
                                             "bluetooth",
                                             "region",
                                             "timezone",
                                             "start",
                                             "end",
                                             "activated_at",
                                             "state",
                                             "mode",
                                             "active_push",
                                             "push_window",
                                             "auto_upgrade_window",
                                             "refusal_retry_minutes",
                                             "strategy",
                                             "blacklist",
                                             "whitelist",
                                             "components",
                                             "texts",
                                             "blackouts",
                                             "rollout",
                                             "priority",
                                             NULL};

int ota__reader_field_rank(const char *path)
{
    const char *const *fields = ota__plan_field_names;
    size_t length = strcspn(path, ".[");
    for (size_t i = 0; fields[i]; i++)
        if (strlen(fields[i]) == length && strncmp(path, fields[i], length) == 0)
            return (int)i + 1;
    return length == 0 ? 0 : 100;
}
