package example.otaplan;

import java.util.List;

/**
 * Which plan of a set governs a device, and its answer (SPEC 14.3): plan
 * is the governing plan's name, or null, and then the eligibility's
 * reason is "no_plan" and the push never/no_plan; others are the other
 * plans that target the device, in precedence order.
 */
public record Selection(String plan, Eligibility eligibility, Push push, List<Candidate> others) {}
