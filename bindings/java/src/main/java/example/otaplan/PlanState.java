package example.otaplan;

import java.time.Instant;
import java.util.Objects;

/**
 * A device's state in one plan (SPEC 4, and SPEC 14.2 for a plan of a
 * set): the state, when it last changed, the confirmed slot of a
 * user_confirmed device, and the failed attempts.  Absent instants are
 * null.
 */
public record PlanState(DeviceState state, Instant stateAt, Instant appointmentStart, Instant appointmentEnd,
                        int failedAttempts) {
    /** Idle, nothing else: the state of a plan a device has no entry for. */
    public static final PlanState IDLE = new PlanState(DeviceState.IDLE, null, null, null, 0);

    public PlanState {
        Objects.requireNonNull(state, "state");
    }

    /** A state and its instant, nothing else. */
    public static PlanState of(DeviceState state, Instant stateAt) {
        return new PlanState(state, stateAt, null, null, 0);
    }
}
