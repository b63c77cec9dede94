package example.otaplan;

import java.time.Instant;

/** Instants as the library counts them: whole seconds since 1970, OTA_NO_INSTANT for none. */
final class Instants {
    private Instants() {}

    /** t in whole seconds, rounded up (SPEC 2: an instant is never moved earlier); null is none. */
    static long seconds(Instant t) {
        if (t == null) {
            return Native.NO_INSTANT;
        }
        long s = t.getEpochSecond();
        return t.getNano() > 0 ? s + 1 : s;
    }

    /** The instant `now` of a call, which must be given. */
    static long now(Instant now) {
        if (now == null) {
            throw new OtaplanException(OtaplanException.NULL, "now: null");
        }
        return seconds(now);
    }

    static Instant of(long seconds) {
        return seconds == Native.NO_INSTANT ? null : Instant.ofEpochSecond(seconds);
    }
}
