package example.otaplan;

/** A device's state in a plan (SPEC 4), with the SPEC's names. */
public enum DeviceState {
    IDLE("idle"),
    REFUSED("refused"),
    USER_CONFIRMED("user_confirmed"),
    UPGRADING("upgrading"),
    SUCCEEDED("succeeded"),
    FAILED("failed");

    private final String specName;

    DeviceState(String specName) {
        this.specName = specName;
    }

    /** The SPEC's name, as the JSON documents write it. */
    public String specName() {
        return specName;
    }

    /** The state of a SPEC name; IllegalArgumentException for another. */
    public static DeviceState of(String specName) {
        for (DeviceState s : values()) {
            if (s.specName.equals(specName)) {
                return s;
            }
        }
        throw new IllegalArgumentException("state must be one of idle, refused, user_confirmed, upgrading, "
            + "succeeded, failed, not " + specName);
    }
}
