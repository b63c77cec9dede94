package example.otaplan;

/** A device's rollout bucket (0-9999) and its position in it under spread (SPEC 11.2). */
public record Bucket(int bucket, int position) {}
