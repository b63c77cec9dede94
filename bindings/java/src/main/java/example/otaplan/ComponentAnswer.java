package example.otaplan;

/** Whether one component of the plan applies to the device (SPEC 5); reason null when it applies. */
public record ComponentAnswer(String id, boolean applies, String reason) {}
