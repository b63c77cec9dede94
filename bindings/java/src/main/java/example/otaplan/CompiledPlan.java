package example.otaplan;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A plan (SPEC 3) compiled, ready to answer for devices.  Immutable and
 * thread-safe: any number of threads may evaluate at once.  {@link #close()}
 * frees it once the calls in flight have returned; later calls throw an
 * {@link OtaplanException} with code CLOSED.  A plan never closed is freed
 * when it becomes unreachable.
 */
public final class CompiledPlan implements AutoCloseable {
    /** What C holds, freed once by close() or the cleaner. */
    private static final class Held implements Runnable {
        Pointer compiled;
        Pointer source; // the ota_json_plan, for explain's texts

        @Override
        public void run() {
            Native.Core.ota_compiled_plan_free(compiled);
            Native.Json.ota_json_plan_free(source);
            compiled = null;
            source = null;
        }
    }

    private final Pointer compiled; // valid while `guard` is entered
    private final Pointer source;
    private final Guard guard;
    private final List<String> components;
    private final List<Diagnostic> warnings;
    // The answers for one component, by component and reason: records are
    // immutable, so a call shares them instead of making new ones.
    private final ComponentAnswer[][] componentAnswers;

    private CompiledPlan(Pointer compiled, Pointer source, List<Diagnostic> warnings) {
        Held held = new Held();
        held.compiled = compiled;
        held.source = source;
        this.compiled = compiled;
        this.source = source;
        guard = new Guard(this, held, "compiled plan");
        List<String> ids = new ArrayList<>();
        for (int i = 0;; i++) {
            String id = Native.text(Native.Core.ota_compiled_plan_component_id(compiled, i));
            if (id == null) {
                break;
            }
            ids.add(id);
        }
        components = List.copyOf(ids);
        this.warnings = List.copyOf(warnings);
        componentAnswers = new ComponentAnswer[components.size()][];
    }

    /**
     * Reads a plan's JSON (SPEC 3) and compiles it.  A text that is no JSON
     * object is an ARGUMENT exception naming line and column; an invalid
     * plan INVALID_PLAN with every diagnostic.
     */
    public static CompiledPlan compile(String json) {
        Objects.requireNonNull(json, "json");
        byte[] text = Native.utf8(json, OtaplanException.ARGUMENT, "plan");
        if (text.length == 0) {
            throw new OtaplanException(OtaplanException.ARGUMENT, "plan: empty JSON text");
        }
        PointerByReference plan = new PointerByReference();
        Memory error = JsonErrors.make();
        int status = Native.Json.ota_json_plan_read(text, text.length, plan, error);
        if (status != Native.OK) {
            if (status == Native.ERR_NOMEM) {
                throw OtaplanException.of(status, "plan");
            }
            throw new OtaplanException(status, "plan JSON, line " + JsonErrors.line(error) + ", column "
                + JsonErrors.column(error) + ": " + JsonErrors.text(error));
        }
        PointerByReference compiled = new PointerByReference();
        PointerByReference diagnostics = new PointerByReference();
        status = Native.Json.ota_json_plan_compile(plan.getValue(), null, compiled, diagnostics);
        List<Diagnostic> found = Diagnostics.copy(diagnostics.getValue());
        Native.Core.ota_diagnostics_free(diagnostics.getValue());
        if (status != Native.OK) {
            Native.Json.ota_json_plan_free(plan.getValue());
            throw Diagnostics.refusal(status, "plan", found);
        }
        return new CompiledPlan(compiled.getValue(), plan.getValue(), found);
    }

    /** The IDs of the plan's components, in order. */
    public List<String> components() {
        return components;
    }

    /** The warnings of the plan (it compiled, so it has no errors). */
    public List<Diagnostic> warnings() {
        return warnings;
    }

    /** Frees the plan once the calls in flight have returned.  Closing twice is no error. */
    @Override
    public void close() {
        guard.close();
    }

    /** Holds the plan against close() for a call (CLOSED after it): the stamp for end(). */
    long begin() {
        return guard.enter();
    }

    void end(long stamp) {
        guard.exit(stamp);
    }

    /** The ota_compiled_plan, for callers between begin() and end(). */
    Pointer handle() {
        return compiled;
    }

    // The answers of one call, per thread: C memory reused, never shared.
    // The library writes no version field, so each is set once here, and
    // the options only when the tick changes.
    private static final class Scratch {
        final Memory eligibility = new Memory(Layout.ELIGIBILITY.size());
        final Memory push = new Memory(Layout.PUSH.size());
        final Memory options = new Memory(Layout.EVAL_OPTIONS.size());
        final int[] words = new int[(int) (eligibility.size() / 4)];
        int tick = -1;

        Scratch() {
            eligibility.setInt(Layout.ELIGIBILITY.at("version"), Native.ELIGIBILITY_VERSION);
            push.setInt(Layout.PUSH.at("version"), Native.PUSH_RESULT_VERSION);
        }

        Memory options(int tick) {
            if (tick != this.tick) {
                setOptions(options, tick);
                this.tick = tick;
            }
            return options;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    static final int ELIGIBILITY_WORDS_HEAD = Layout.ELIGIBILITY.at("components") / 4;

    private static Device checked(Device device) {
        if (device == null) {
            throw new OtaplanException(OtaplanException.NULL, "device: null");
        }
        return device;
    }

    /** Whether the plan may upgrade the device at {@code now} (SPEC 5). */
    public Eligibility eligible(Device device, Instant now) {
        long at = Instants.now(now);
        checked(device);
        Scratch s = SCRATCH.get();
        long stamp = begin();
        try {
            Pointer plan = compiled;
            int status = Native.Core.ota_device_eligible(plan, device.pointer(), at, s.eligibility);
            if (status != Native.OK) {
                throw deviceError(status, device, null);
            }
            return eligibility(s.eligibility, s.words);
        } finally {
            end(stamp);
            Reference.reachabilityFence(device);
        }
    }

    /** The answer in an ota_eligibility at `m`, read in one copy. */
    Eligibility eligibility(Pointer m, int[] words) {
        // The whole answer in one copy: the library fills every component of the plan.
        m.read(0, words, 0, ELIGIBILITY_WORDS_HEAD + 2 * components.size());
        int reason = words[1];
        int count = Math.min(words[3], components.size());
        ComponentAnswer[] answers = new ComponentAnswer[count];
        for (int i = 0; i < count; i++) {
            answers[i] = componentAnswer(i, words[ELIGIBILITY_WORDS_HEAD + 2 * i] != 0,
                words[ELIGIBILITY_WORDS_HEAD + 2 * i + 1]);
        }
        return new Eligibility(reason == 0, Names.reason(reason), Names.kind(words[2]), List.of(answers));
    }

    private ComponentAnswer componentAnswer(int i, boolean applies, int reason) {
        if (applies) {
            reason = 0;
        }
        if (reason < 0 || reason >= 64) {
            return new ComponentAnswer(components.get(i), applies, Names.reason(reason));
        }
        ComponentAnswer[] row = componentAnswers[i];
        if (row == null) {
            row = new ComponentAnswer[64];
            componentAnswers[i] = row; // racy but benign: records are immutable
        }
        ComponentAnswer a = row[reason];
        if (a == null) {
            a = new ComponentAnswer(components.get(i), applies, applies ? null : Names.reason(reason));
            row[reason] = a;
        }
        return a;
    }

    /** The exception of a refused device (SPEC 4's sentence), or of another status. */
    static OtaplanException deviceError(int status, Device device, String where) {
        String prefix = where == null ? "" : where + ": ";
        if (status == Native.ERR_INVALID_DEVICE || status == Native.ERR_RANGE) {
            PointerByReference why = new PointerByReference();
            if (Native.Core.ota_device_check(device.pointer(), why) != Native.OK && why.getValue() != null) {
                return new OtaplanException(status, prefix + Native.text(why.getValue()));
            }
        }
        return OtaplanException.of(status, where);
    }

    // SPEC 2.3's tick lengths, asked of the library once.
    private static final boolean[] TICKS = new boolean[61];

    static {
        for (int t = 0; t < TICKS.length; t++) {
            TICKS[t] = Native.Core.ota_tick_is_allowed(t) != 0;
        }
    }

    static void setOptions(Memory options, int tick) {
        if (tick < 0 || tick >= TICKS.length || !TICKS[tick]) {
            throw new OtaplanException(OtaplanException.ARGUMENT,
                "tick: not a tick length (0-6, 10, 12, 15, 20, 30 or 60 minutes), not " + tick);
        }
        options.setInt(Layout.EVAL_OPTIONS.at("version"), Native.EVAL_OPTIONS_VERSION);
        options.setInt(Layout.EVAL_OPTIONS.at("tick_minutes"), tick);
    }

    /** When the platform next pushes the plan to the device (SPEC 6), on ticks of 10 minutes. */
    public Push nextPush(Device device, Instant now) {
        return nextPush(device, now, 10);
    }

    /** The same on ticks of {@code tick} minutes (0-6, 10, 12, 15, 20, 30, 60; 0 = no alignment). */
    public Push nextPush(Device device, Instant now, int tick) {
        long at = Instants.now(now);
        checked(device);
        Scratch s = SCRATCH.get();
        Memory options = s.options(tick);
        long stamp = begin();
        try {
            Pointer plan = compiled;
            int status = Native.Core.ota_next_push_time(plan, device.pointer(), at, options, s.push);
            if (status != Native.OK) {
                throw deviceError(status, device, null);
            }
            return push(s.push, 0, s.words);
        } finally {
            end(stamp);
            Reference.reachabilityFence(device);
        }
    }

    private static final int PUSH_STATUS = Layout.PUSH.at("status") / 4;
    private static final int PUSH_REASON = Layout.PUSH.at("reason") / 4;
    private static final int PUSH_AT_WORD = Layout.PUSH.at("at") / 4;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    /** The ota_push_result at m + offset, read in one copy into `words`. */
    static Push push(Pointer m, long offset, int[] words) {
        m.read(offset, words, 0, Layout.PUSH.size() / 4);
        int status = words[PUSH_STATUS];
        Instant at = null;
        if (status == Native.PUSH_AT) {
            long low = words[PUSH_AT_WORD + (LITTLE_ENDIAN ? 0 : 1)] & 0xffffffffL;
            long high = words[PUSH_AT_WORD + (LITTLE_ENDIAN ? 1 : 0)];
            at = Instant.ofEpochSecond(high << 32 | low);
        }
        String reason = status == Native.PUSH_NEVER ? Names.reason(words[PUSH_REASON]) : null;
        return new Push(Names.pushStatus(status), at, reason);
    }

    /** The whole decision as the JSON document {@code otaplan explain --json} prints (doc/rules.md 9). */
    public String explain(Device device, Instant now, int tick) {
        long at = Instants.now(now);
        checked(device);
        Memory options = new Memory(Layout.EVAL_OPTIONS.size());
        setOptions(options, tick);
        Memory explanation = new Memory(Layout.EXPLANATION.size());
        explanation.clear();
        explanation.setInt(0, Native.EXPLANATION_VERSION);
        Memory buffer = new Memory(Layout.JSON_BUFFER.size());
        buffer.clear();
        buffer.setInt(Layout.JSON_BUFFER.at("version"), Native.JSON_BUFFER_VERSION);
        long stamp = begin();
        try {
            Pointer plan = compiled;
            int status = Native.Core.ota_device_explain(plan, device.pointer(), at, options, explanation);
            if (status != Native.OK) {
                throw deviceError(status, device, null);
            }
            Native.Json.ota_json_put_explanation(buffer, Native.Json.ota_json_plan_get(source), device.pointer(),
                explanation);
            Pointer data = buffer.getPointer(Layout.JSON_BUFFER.at("data"));
            if (buffer.getInt(Layout.JSON_BUFFER.at("failed")) != 0 || data == null) {
                throw OtaplanException.of(Native.ERR_NOMEM, "explain");
            }
            long length = buffer.getLong(Layout.JSON_BUFFER.at("length"));
            return new String(data.getByteArray(0, (int) length), StandardCharsets.UTF_8);
        } finally {
            Native.Json.ota_json_buffer_free(buffer);
            end(stamp);
            Reference.reachabilityFence(device);
        }
    }

    /** An array of the devices' C pointers, for a _many call. */
    private static Memory pointers(List<Device> devices) {
        Memory array = new Memory(8L * Math.max(1, devices.size()));
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            if (d == null) {
                throw new OtaplanException(OtaplanException.NULL, "devices[" + i + "]: null");
            }
            array.setPointer(8L * i, d.pointer());
        }
        return array;
    }

    /** Output blocks of `size` bytes for each device, and the array of their pointers. */
    private static Memory[] outputs(int count, int size, int version) {
        Memory blocks = new Memory((long) size * Math.max(1, count));
        Memory array = new Memory(8L * Math.max(1, count));
        for (int i = 0; i < count; i++) {
            blocks.setInt((long) size * i, version);
            array.setPointer(8L * i, blocks.share((long) size * i));
        }
        return new Memory[] {blocks, array};
    }

    /**
     * {@link #eligible} for each device, in one call of the library (which
     * overlaps the list lookups of devices a few places apart).  The first
     * device refused stops it; its index is in the message.
     */
    public List<Eligibility> eligibleMany(List<Device> devices, Instant now) {
        long at = Instants.now(now);
        Objects.requireNonNull(devices, "devices");
        Memory in = pointers(devices);
        int size = Layout.ELIGIBILITY.size();
        Memory[] out = outputs(devices.size(), size, Native.ELIGIBILITY_VERSION);
        long[] failed = new long[1];
        long stamp = begin();
        try {
            Pointer plan = compiled;
            int status = Native.Core.ota_device_eligible_many(plan, in, devices.size(), at, out[1], failed);
            if (status != Native.OK) {
                int i = (int) failed[0];
                throw deviceError(status, devices.get(i), "devices[" + i + "]");
            }
            int[] words = new int[size / 4];
            List<Eligibility> answers = new ArrayList<>(devices.size());
            for (int i = 0; i < devices.size(); i++) {
                answers.add(eligibility(out[0].share((long) size * i), words));
            }
            return answers;
        } finally {
            end(stamp);
            Reference.reachabilityFence(devices);
        }
    }

    /** {@link #nextPush} for each device, in one call of the library, as {@link #eligibleMany}. */
    public List<Push> nextPushMany(List<Device> devices, Instant now, int tick) {
        long at = Instants.now(now);
        Objects.requireNonNull(devices, "devices");
        Memory options = new Memory(Layout.EVAL_OPTIONS.size());
        setOptions(options, tick);
        Memory in = pointers(devices);
        int size = Layout.PUSH.size();
        Memory[] out = outputs(devices.size(), size, Native.PUSH_RESULT_VERSION);
        long[] failed = new long[1];
        long stamp = begin();
        try {
            Pointer plan = compiled;
            int status = Native.Core.ota_next_push_time_many(plan, in, devices.size(), at, options, out[1], failed);
            if (status != Native.OK) {
                int i = (int) failed[0];
                throw deviceError(status, devices.get(i), "devices[" + i + "]");
            }
            List<Push> answers = new ArrayList<>(devices.size());
            int[] words = new int[size / 4];
            for (int i = 0; i < devices.size(); i++) {
                answers.add(push(out[0], (long) size * i, words));
            }
            return answers;
        } finally {
            end(stamp);
            Reference.reachabilityFence(devices);
        }
    }

    /**
     * The intervals in [from, to) in which the plan pushes (its governing
     * window on the days it opens, outside blackouts: SPEC 11.3, 11.4), in
     * order; none for a silent plan without active push.
     */
    public List<Window> windows(Instant from, Instant to) {
        long start = Instants.now(from);
        long end = Instants.now(to);
        Layout.Interval shape = Layout.INTERVAL;
        Memory interval = new Memory(shape.size());
        List<Window> out = new ArrayList<>();
        long stamp = begin();
        try {
            Pointer plan = compiled;
            for (long at = start;;) {
                interval.clear();
                interval.setInt(shape.at("version"), Native.INTERVAL_VERSION);
                int status = Native.Core.ota_compiled_plan_next_window(plan, at, end, interval);
                if (status == Native.NO_MORE) {
                    return out;
                }
                if (status != Native.OK) {
                    throw OtaplanException.of(status, "windows");
                }
                long s = interval.getLong(shape.at("start"));
                long e = interval.getLong(shape.at("end"));
                out.add(new Window(Instant.ofEpochSecond(s), Instant.ofEpochSecond(e)));
                if (e <= at) {
                    return out; // never loops: each interval ends after `at`
                }
                at = e;
            }
        } finally {
            end(stamp);
        }
    }

    @Override
    public String toString() {
        return "CompiledPlan" + components;
    }

}
