package example.otaplan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input is an OtaplanException with a code and a message, never a crash. */
class HostileInputTest {
    private static OtaplanException refused(int code, Executable call) {
        OtaplanException e = assertThrows(OtaplanException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        assertFalse(e.getMessage().isEmpty());
        return e;
    }

    @Test
    void badPlans() {
        OtaplanException e = refused(OtaplanException.INVALID_PLAN, () -> CompiledPlan.compile("{\"name\": 1}"));
        assertFalse(e.diagnostics().isEmpty());
        assertTrue(e.diagnostics().stream().anyMatch(Diagnostic::isError));
        for (String text : List.of("", "{", "[]", "null", "{\"a\": 1,}", "{\"a\": \"\\ud800\"}")) {
            assertThrows(OtaplanException.class, () -> CompiledPlan.compile(text), text);
        }
        refused(OtaplanException.ARGUMENT, () -> CompiledPlan.compile("{\"name\": \"a\ud800\"}"));
        assertThrows(NullPointerException.class, () -> CompiledPlan.compile(null));
        OtaplanException line = refused(OtaplanException.ARGUMENT, () -> CompiledPlan.compile("{\n\"a\": ]}"));
        assertTrue(line.getMessage().contains("line 2"), line.getMessage());
    }

    @Test
    void badDevices() {
        try (CompiledPlan plan = CompiledPlan.compile(Lamp.PLAN)) {
            refused(OtaplanException.INVALID_DEVICE, () -> Device.builder("a\0b", "lamp-1").build());
            refused(OtaplanException.INVALID_DEVICE, () -> Device.builder("dev-\ud800", "lamp-1").build());
            refused(OtaplanException.INVALID_DEVICE, () -> Lamp.device().version("x", "1\0").build());
            Map<String, Device> bad = Map.of(
                "no id", Device.builder("", "lamp-1").build(),
                "battery", Lamp.device().battery(300).build(),
                "refused without state_at", Lamp.device().state(DeviceState.REFUSED, null).build(),
                "negative attempts", Lamp.device().state(new PlanState(DeviceState.FAILED, Lamp.NOW, null, null, -1))
                    .build(),
                "long id", Device.builder("x".repeat(129), "lamp-1").build());
            bad.forEach((name, d) -> {
                OtaplanException e = assertThrows(OtaplanException.class, () -> plan.eligible(d, Lamp.NOW), name);
                assertFalse(e.getMessage().isEmpty(), name);
                assertThrows(OtaplanException.class, () -> plan.nextPush(d, Lamp.NOW, 10), name);
                assertThrows(OtaplanException.class, () -> plan.explain(d, Lamp.NOW, 10), name);
            });
            refused(OtaplanException.NULL, () -> plan.eligible(null, Lamp.NOW));
            refused(OtaplanException.NULL, () -> plan.eligible(Lamp.device().build(), null));
            refused(OtaplanException.ARGUMENT, () -> plan.nextPush(Lamp.device().build(), Lamp.NOW, 7));
            refused(OtaplanException.ARGUMENT, () -> plan.nextPush(Lamp.device().build(), Lamp.NOW, -1));
            refused(OtaplanException.RANGE,
                () -> plan.eligible(Lamp.device().build(), Instant.parse("2200-01-01T00:00:00Z")));
            refused(OtaplanException.RANGE, () -> plan.eligible(Lamp.device().build(), Instant.MIN));
            refused(OtaplanException.NULL, () -> plan.eligibleMany(Arrays.asList(Lamp.device().build(), null), Lamp.NOW));
            OtaplanException e = refused(OtaplanException.INVALID_DEVICE,
                () -> plan.eligibleMany(List.of(Lamp.device().build(), Lamp.device().battery(-5).build()), Lamp.NOW));
            assertTrue(e.getMessage().startsWith("devices[1]: "), e.getMessage());
        }
        OtaplanException e = refused(OtaplanException.INVALID_DEVICE,
            () -> Device.parse("{\"id\": \"d\", \"product\": \"lamp-1\", \"colour\": \"red\"}"));
        assertTrue(e.getMessage().contains("colour"), e.getMessage());
        refused(OtaplanException.ARGUMENT, () -> Device.parse("not json"));
        refused(OtaplanException.ARGUMENT, () -> Otaplan.bucket("salt", "a\0b"));
        refused(OtaplanException.NULL, () -> Otaplan.bucket(null, "a"));
    }

    @Test
    void closedPlans() {
        CompiledPlan plan = CompiledPlan.compile(Lamp.PLAN);
        Device d = Lamp.device().build();
        assertTrue(plan.eligible(d, Lamp.NOW).eligible());
        plan.close();
        refused(OtaplanException.CLOSED, () -> plan.eligible(d, Lamp.NOW));
        refused(OtaplanException.CLOSED, () -> plan.nextPush(d, Lamp.NOW));
        refused(OtaplanException.CLOSED, () -> plan.explain(d, Lamp.NOW, 10));
        refused(OtaplanException.CLOSED, () -> plan.windows(Lamp.NOW, Lamp.NOW.plusSeconds(3600)));
        plan.close(); // twice is no error
        PlanSet set = PlanSet.compile(List.of(Lamp.PLAN));
        set.close();
        refused(OtaplanException.CLOSED, () -> set.select(d, Lamp.NOW));
    }

    @Test
    void hugeLists() {
        StringBuilder b = new StringBuilder(Lamp.PLAN.substring(0, Lamp.PLAN.length() - 1)).append(", \"blacklist\": [");
        for (int i = 0; i < 200_000; i++) {
            b.append(i > 0 ? "," : "").append("\"blocked-").append("x".repeat(i % 7)).append((char) ('a' + i % 26))
                .append(i).append('"');
        }
        try (CompiledPlan plan = CompiledPlan.compile(b.append("]}").toString())) {
            assertEquals("blacklisted", plan.eligible(Device.builder("blocked-a0", "lamp-1").build(), Lamp.NOW).reason());
            Device.Builder many = Device.builder("dev-2", "lamp-1");
            for (int i = 0; i < 500; i++) {
                many.version("c" + i, "1.0");
            }
            assertTrue(plan.eligible(many.version("wifi", "1.0").build(), Lamp.NOW).eligible());
            List<Device> fleet = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                fleet.add(Device.builder("blocked-" + "x".repeat(i % 7) + (char) ('a' + i % 26) + i, "lamp-1").build());
            }
            assertTrue(plan.eligibleMany(fleet, Lamp.NOW).stream().allMatch(e -> e.reason().equals("blacklisted")));
        }
    }

    @Test
    void setDevicesKeepTheirStatePerPlan() {
        try (PlanSet set = PlanSet.compile(List.of(Lamp.PLAN))) {
            Device own = Lamp.device().state(DeviceState.SUCCEEDED, Lamp.NOW).build();
            OtaplanException e = refused(OtaplanException.INVALID_DEVICE, () -> set.select(own, Lamp.NOW));
            assertTrue(e.getMessage().contains("plans"), e.getMessage());
            Device done = Lamp.device().planState(" java ", PlanState.of(DeviceState.SUCCEEDED, Lamp.NOW)).build();
            // A plan that is done with the device governs it no more (SPEC 14.3).
            Selection after = set.select(done, Lamp.NOW);
            assertEquals(null, after.plan());
            assertEquals(List.of(new Candidate("java", "already_succeeded", null)), after.others());
            Device other = Lamp.device().planState("another", PlanState.of(DeviceState.SUCCEEDED, Lamp.NOW)).build();
            assertEquals("java", set.select(other, Lamp.NOW).plan());
            Device twice = Lamp.device().planState("java", PlanState.IDLE).planState(" java", PlanState.IDLE).build();
            refused(OtaplanException.INVALID_DEVICE, () -> set.select(twice, Lamp.NOW));
            Device parsed = set.parseDevice("{\"id\": \"dev-1\", \"product\": \"lamp-1\", \"versions\": {\"wifi\": \"1.0\"},"
                + " \"plans\": {\"java\": {\"state\": \"failed\", \"failed_attempts\": 1}}}");
            assertEquals(DeviceState.FAILED, parsed.planStates().get("java").state());
            refused(OtaplanException.INVALID_DEVICE, () -> set.parseDevice("{\"id\": \"d\", \"product\": \"lamp-1\","
                + " \"state\": \"failed\"}"));
        }
        OtaplanException e = refused(OtaplanException.INVALID_PLAN, () -> PlanSet.compile(List.of(Lamp.PLAN, Lamp.PLAN)));
        assertTrue(e.diagnostics().stream().anyMatch(d -> d.code().equals("name_duplicate")), e.getMessage());
        refused(OtaplanException.ARGUMENT, () -> PlanSet.compile(List.of()));
        OtaplanException bad = refused(OtaplanException.ARGUMENT, () -> PlanSet.compile(List.of(Lamp.PLAN, "[")));
        assertTrue(bad.getMessage().startsWith("plans[1]"), bad.getMessage());
    }

    @Test
    void instantsRoundUp() {
        try (CompiledPlan plan = CompiledPlan.compile(Lamp.PLAN)) {
            Device d = Lamp.device().build();
            // 2026-03-01T18:00:00.5Z is 18:00:01 to the library, after the window's start at 16:00 UTC.
            Instant half = Instant.parse("2026-03-01T16:00:00.000000001Z");
            assertEquals(Instant.parse("2026-03-01T16:10:00Z"), plan.nextPush(d, half, 10).at());
            assertEquals(Instant.parse("2026-03-01T16:00:00Z"),
                plan.nextPush(d, Instant.parse("2026-03-01T16:00:00Z"), 10).at());
        }
    }
}
