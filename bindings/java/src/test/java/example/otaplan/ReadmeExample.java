package example.otaplan;

import java.time.Instant;

/** README.md's "From Java" shows main()'s body; ReadmeExampleTest checks and runs it. */
public final class ReadmeExample {
    private ReadmeExample() {}

    public static void main(String[] args) {
        String json = """
            {"name": "night", "product": "lamp-1", "timezone": "Asia/Shanghai",
             "start": "2026-01-01T00:00", "end": "2026-12-31T00:00", "state": "active", "mode": "silent",
             "push_window": {"start_hour": 0, "end_hour": 2},
             "components": [{"type": "module", "id": "wifi", "method": "full", "target_version": "2.0"}]}""";
        try (CompiledPlan plan = CompiledPlan.compile(json)) { // OtaplanException with diagnostics()
            Device lamp = Device.builder("lamp-7", "lamp-1").version("wifi", "1.0").build();
            Instant now = Instant.parse("2026-03-01T18:30:00Z");
            Push push = plan.nextPush(lamp, now, 10);
            System.out.println(plan.eligible(lamp, now).reason() + " " + push.status() + " " + push.at());
        }
    }
}
