package example.otaplan;

/** The SPEC's names of the library's numbers, read from it once. */
final class Names {
    private Names() {}

    private static final String[] REASONS = new String[64];
    private static final String[] PUSH_STATUSES = new String[8];
    static final String[] KINDS = {null, "final", "wait", "device-side"};

    static {
        for (int i = 0; i < REASONS.length; i++) {
            REASONS[i] = Native.text(Native.Core.ota_reason_name(i));
        }
        for (int i = 0; i < PUSH_STATUSES.length; i++) {
            PUSH_STATUSES[i] = Native.text(Native.Core.ota_push_status_name(i));
        }
    }

    static String reason(int r) {
        String name = r >= 0 && r < REASONS.length ? REASONS[r] : null;
        return name != null ? name : Native.text(Native.Core.ota_reason_name(r));
    }

    static String pushStatus(int s) {
        return s >= 0 && s < PUSH_STATUSES.length ? PUSH_STATUSES[s] : null;
    }

    static String kind(int k) {
        return k >= 0 && k < KINDS.length ? KINDS[k] : null;
    }
}
