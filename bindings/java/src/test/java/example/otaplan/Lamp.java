package example.otaplan;

import java.time.Instant;

/** A small plan and device for the tests that are not conformance cases. */
final class Lamp {
    private Lamp() {}

    static final String PLAN = "{\"name\": \"java\", \"product\": \"lamp-1\", \"timezone\": \"Asia/Shanghai\","
        + " \"start\": \"2026-01-01T00:00\", \"end\": \"2026-12-31T00:00\", \"state\": \"active\", \"mode\": \"silent\","
        + " \"push_window\": {\"start_hour\": 0, \"end_hour\": 2},"
        + " \"components\": [{\"type\": \"module\", \"id\": \"wifi\", \"method\": \"full\", \"target_version\": \"2.0\"}]}";

    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    static Device.Builder device() {
        return Device.builder("dev-1", "lamp-1").version("wifi", "1.0");
    }
}
