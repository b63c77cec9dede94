/* A fleet file (JSON Lines, "-" for standard input) read a device at a
 * time, for evaluate and simulate: memory does not grow with the fleet, and
 * every line gives a device or a bad line, never nothing. */
#ifndef OTAPLAN_FLEET_H
#define OTAPLAN_FLEET_H

#include "otaplan.h"

typedef struct fleet_visitor {
    /* One device read from line `line` (valid until the next call). */
    void (*device)(void *context, const ota_device *device, unsigned long long line);
    /* A line that holds no valid device, and why. */
    void (*bad_line)(void *context, unsigned long long line, const char *why);
    /* 1 to stop reading (the output is lost, or memory ran out). */
    int (*stop)(void *context);
    void *context;
} fleet_visitor;

/* Reads the whole fleet.  Returns 0, or EXIT_USAGE after printing why the
 * file could not be read (from which line on); *last_line is the number of
 * the last line read. */
int fleet_stream(const char *path, const fleet_visitor *visitor, unsigned long long *last_line);

#endif
