package example.otaplan;

import java.time.Instant;

/** A half-open interval [start, end) of instants in which a plan pushes (SPEC 11.3, 11.4). */
public record Window(Instant start, Instant end) {}
