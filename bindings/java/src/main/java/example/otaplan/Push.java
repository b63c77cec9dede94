package example.otaplan;

import java.time.Instant;

/**
 * SPEC 6's answer: status "push_at" (with {@code at}), "await_user_confirm",
 * "await_device_request" or "never" (with {@code reason}); the other two
 * are null.
 */
public record Push(String status, Instant at, String reason) {}
