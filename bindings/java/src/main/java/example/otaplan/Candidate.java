package example.otaplan;

/**
 * Another plan that targets the device (SPEC 14.3): its name, its
 * eligibility reason, and, when it is live but outranked, the governing
 * plan's name (else null).
 */
public record Candidate(String plan, String reason, String outrankedBy) {}
