package example.otaplan;

/** The library's version, and the rollout buckets (SPEC 11.2), which need no plan. */
public final class Otaplan {
    private Otaplan() {}

    /** libotaplan's version ("0.5.0"). */
    public static String version() {
        return Native.text(Native.Core.ota_version_string());
    }

    /** A device's rollout bucket and position for a plan's salt (SPEC 11.2). */
    public static Bucket bucket(String salt, String deviceId) {
        if (salt == null || deviceId == null) {
            throw new OtaplanException(OtaplanException.NULL, "bucket: a null salt or ID");
        }
        if (salt.indexOf('\0') >= 0 || deviceId.indexOf('\0') >= 0) {
            throw new OtaplanException(OtaplanException.ARGUMENT, "bucket: a NUL byte in the salt or the ID");
        }
        int[] bucket = new int[1];
        int[] position = new int[1];
        int status = Native.Core.ota_rollout_bucket(Native.cString(salt, OtaplanException.ARGUMENT, "bucket: the salt"),
            Native.cString(deviceId, OtaplanException.ARGUMENT, "bucket: the ID"), bucket, position);
        if (status != Native.OK) {
            throw OtaplanException.of(status, "bucket");
        }
        return new Bucket(bucket[0], position[0]);
    }
}
