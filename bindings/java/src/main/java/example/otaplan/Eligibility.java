package example.otaplan;

import java.util.List;

/**
 * SPEC 5's answer: reason "ok" when eligible, else the first check that
 * failed; kind is null for "ok", else "final", "wait" or "device-side".
 * components are the plan's, in order, whatever the reason.
 */
public record Eligibility(boolean eligible, String reason, String kind, List<ComponentAnswer> components) {}
