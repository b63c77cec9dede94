package example.otaplan;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.time.Instant;
import java.util.Arrays;

/**
 * The Java binding's single calls against the C call, on bench_python.py's
 * plan and device, in one process: CompiledPlan.eligible() and
 * .nextPush() in warmed loops, and the C evaluation alone
 * (ota_device_eligible_many over the same device, one call of the
 * library, so that no Java work is in it), the baseline of the binding's
 * overhead (issue 31: <= 5x).  The median of 7 alternating runs.
 *
 * <p>In the package of the binding, to reach the library's functions
 * for the baseline.  usage: bindings/java/build.py bench ... [CALLS]
 */
public final class Bench {
    private Bench() {}

    static final String PLAN = "{\"name\": \"bench\", \"product\": \"smart-lock_v2\", \"timezone\": \"Asia/Shanghai\","
        + " \"start\": \"2026-12-01T00:00\", \"end\": \"2027-03-01T00:00\", \"state\": \"active\", \"mode\": \"silent\","
        + " \"active_push\": true, \"push_window\": {\"start_hour\": 0, \"end_hour\": 2},"
        + " \"strategy\": {\"min_battery\": 30}, \"blacklist\": [\"lock-0013\", \"lock-0042\"],"
        + " \"components\": [{\"type\": \"module\", \"id\": \"wifi-fw\", \"method\": \"delta\","
        + " \"source_version\": \"2.3.1\", \"target_version\": \"2.4.0\"}, {\"type\": \"mcu\", \"id\": \"mcu.ctrl\","
        + " \"method\": \"full\", \"target_version\": \"1.8\"}]}";
    static final Instant NOW = Instant.ofEpochSecond(1796236200L); // 2026-12-02T18:30:00Z

    static volatile Object sink;

    interface Run {
        long run(int calls); // nanoseconds
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        String quick = System.getenv("OTAPLAN_BENCH_QUICK");
        if (quick != null && !quick.equals("0")) {
            calls = Math.min(calls, 20_000); // the smoke run: it runs, no figure
        }
        try (CompiledPlan plan = CompiledPlan.compile(PLAN)) {
            Device device = Device.builder("lock-0000007", "smart-lock_v2").version("wifi-fw", "2.3.1")
                .version("mcu.ctrl", "1.7").signal(-70).battery(57).build();
            if (!plan.eligible(device, NOW).eligible()) {
                throw new AssertionError("the bench device is not eligible");
            }
            // The baseline's arrays: every entry the same device and the same answer block.
            int batch = 1000;
            Memory devices = new Memory(8L * batch);
            Memory out = new Memory(8L * batch);
            Memory answer = new Memory(Layout.ELIGIBILITY.size());
            answer.setInt(0, Native.ELIGIBILITY_VERSION);
            for (int i = 0; i < batch; i++) {
                devices.setPointer(8L * i, device.pointer());
                out.setPointer(8L * i, answer);
            }
            long now = Instants.seconds(NOW);
            Memory pushOut = new Memory(8L * batch);
            Memory pushAnswer = new Memory(Layout.PUSH.size());
            pushAnswer.setInt(0, Native.PUSH_RESULT_VERSION);
            for (int i = 0; i < batch; i++) {
                pushOut.setPointer(8L * i, pushAnswer);
            }
            Memory options = new Memory(Layout.EVAL_OPTIONS.size());
            CompiledPlan.setOptions(options, 10);
            String[] names = {"C: ota_device_eligible_many, the same device", "Java: CompiledPlan.eligible()",
                "C: ota_next_push_time_many, the same device", "Java: CompiledPlan.nextPush()"};
            int[] baseline = {0, 0, 2, 2};
            Run[] runs = {
                n -> inC(plan, batch, n,
                    p -> Native.Core.ota_device_eligible_many(p, devices, batch, now, out, null)),
                n -> {
                    long start = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        sink = plan.eligible(device, NOW);
                    }
                    return System.nanoTime() - start;
                },
                n -> inC(plan, batch, n,
                    p -> Native.Core.ota_next_push_time_many(p, devices, batch, now, options, pushOut, null)),
                n -> {
                    long start = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        sink = plan.nextPush(device, NOW, 10);
                    }
                    return System.nanoTime() - start;
                },
            };
            for (Run r : runs) { // warm up: the JIT compiles the loops
                r.run(Math.max(batch, calls / 4));
            }
            double[][] ns = new double[runs.length][7];
            for (int k = 0; k < 7; k++) {
                for (int r = 0; r < runs.length; r++) {
                    ns[r][k] = (double) runs[r].run(calls) / calls;
                }
            }
            System.out.printf("## The Java binding's single call (%,d calls a run, median of 7, %s %s)%n%n", calls,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
            System.out.println("| call | ns a call | × its C call |");
            System.out.println("|---|---:|---:|");
            for (int r = 0; r < runs.length; r++) {
                double m = median(ns[r]);
                System.out.printf("| %s | %.1f | %.2f |%n", names[r], m, m / median(ns[baseline[r]]));
            }
        }
    }

    interface Batch {
        int call(Pointer plan); // a status
    }

    /** n evaluations in calls of `batch` devices each, the plan held: nanoseconds. */
    static long inC(CompiledPlan plan, int batch, int n, Batch call) {
        long stamp = plan.begin();
        try {
            Pointer p = plan.handle();
            long start = System.nanoTime();
            for (int done = 0; done < n; done += batch) {
                if (call.call(p) != 0) {
                    throw new AssertionError("C refused the device");
                }
            }
            return System.nanoTime() - start;
        } finally {
            plan.end(stamp);
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
