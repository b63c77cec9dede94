package example.otaplan;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * All the plans a platform runs (SPEC 14), and which of them governs a
 * device.  Immutable and thread-safe, closed as {@link CompiledPlan} is.
 * The plans are given as JSON texts, in the order that gives them their
 * indexes (the paths "plans[i]" of the diagnostics).
 */
public final class PlanSet implements AutoCloseable {
    private static final class Held implements Runnable {
        Pointer set; // the ota_json_set, which owns its compiled plans and the ota_plan_set

        @Override
        public void run() {
            Native.Json.ota_json_set_free(set);
            set = null;
        }
    }

    private final Guard guard;
    private final Pointer compiled; // the ota_plan_set, valid while `guard` is entered
    private final String[] names;
    private final List<List<String>> components;
    private final List<Diagnostic> warnings;

    private PlanSet(Pointer set, List<Diagnostic> warnings) {
        Held held = new Held();
        held.set = set;
        guard = new Guard(this, held, "plan set");
        compiled = Native.Json.ota_json_set_get(set);
        int count = Native.Core.ota_plan_set_count(compiled);
        names = new String[count];
        List<List<String>> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Pointer plan = Native.Core.ota_plan_set_plan(compiled, i);
            names[i] = Native.text(Native.Core.ota_compiled_plan_name(plan));
            List<String> own = new ArrayList<>();
            for (int k = 0;; k++) {
                String id = Native.text(Native.Core.ota_compiled_plan_component_id(plan, k));
                if (id == null) {
                    break;
                }
                own.add(id);
            }
            ids.add(List.copyOf(own));
        }
        components = List.copyOf(ids);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Reads and compiles the plans as a set.  A text that is no JSON object
     * is an ARGUMENT exception naming plans[i]; an invalid set INVALID_PLAN
     * with every diagnostic (SPEC 14.4).
     */
    public static PlanSet compile(List<String> plans) {
        Objects.requireNonNull(plans, "plans");
        if (plans.isEmpty()) {
            throw new OtaplanException(OtaplanException.ARGUMENT, "a plan set holds 1 to 100000 plans, not 0");
        }
        PointerByReference out = new PointerByReference();
        int status = Native.Json.ota_json_set_new(out);
        if (status != Native.OK) {
            throw OtaplanException.of(status, "plan set");
        }
        Pointer set = out.getValue();
        try {
            Memory error = JsonErrors.make();
            for (int i = 0; i < plans.size(); i++) {
                String plan = Objects.requireNonNull(plans.get(i), "plans[" + i + "]");
                byte[] text = Native.utf8(plan, OtaplanException.ARGUMENT, "plans[" + i + "]");
                status = Native.Json.ota_json_set_add(set, text, text.length, error);
                if (status != Native.OK) {
                    String why = status == Native.ERR_ARGUMENT ? "line " + JsonErrors.line(error) + ", column "
                        + JsonErrors.column(error) + ": " + JsonErrors.text(error) : null;
                    throw why == null ? OtaplanException.of(status, "plans[" + i + "]")
                                      : new OtaplanException(status, "plans[" + i + "]: " + why);
                }
            }
            PointerByReference diagnostics = new PointerByReference();
            status = Native.Json.ota_json_set_compile(set, null, diagnostics);
            List<Diagnostic> found = Diagnostics.copy(diagnostics.getValue());
            Native.Core.ota_diagnostics_free(diagnostics.getValue());
            if (status != Native.OK) {
                throw Diagnostics.refusal(status, "plan set", found);
            }
            PlanSet made = new PlanSet(set, found);
            set = null;
            return made;
        } finally {
            Native.Json.ota_json_set_free(set); // NULL once the set owns it
        }
    }

    /** The plans' names (trimmed), by index. */
    public List<String> names() {
        return List.of(names);
    }

    /** The set's warnings (upgrade_cycle) and its plans'. */
    public List<Diagnostic> warnings() {
        return warnings;
    }

    @Override
    public void close() {
        guard.close();
    }

    /**
     * Reads a device of the set (SPEC 14.2: its state per plan under
     * "plans") with the otaplan program's reader; names not in the set are
     * dropped, as the program drops them.
     */
    public Device parseDevice(String json) {
        Objects.requireNonNull(json, "json");
        long stamp = guard.enter();
        Pointer set = compiled;
        Pointer reader = Native.Json.ota_json_device_reader_new();
        try {
            if (reader == null) {
                throw OtaplanException.of(Native.ERR_NOMEM, "device");
            }
            byte[] text = Native.utf8(json, OtaplanException.ARGUMENT, "device");
            PointerByReference out = new PointerByReference();
            Memory error = JsonErrors.make();
            int status = Native.Json.ota_json_set_device_read(reader, set, text, text.length, out, error);
            if (status != Native.OK) {
                throw new OtaplanException(status, JsonErrors.text(error));
            }
            Layout.SetDevice shape = Layout.SET_DEVICE;
            Layout.PlanState st = Layout.PLAN_STATE;
            Pointer c = out.getValue();
            Pointer states = c.getPointer(shape.at("states"));
            Map<String, PlanState> byName = new LinkedHashMap<>();
            for (int i = 0; i < c.getInt(shape.at("state_count")); i++) {
                long at = (long) i * st.size();
                byName.put(names[states.getInt(at + st.at("plan"))],
                    new PlanState(DeviceState.values()[states.getInt(at + st.at("state"))],
                        Instants.of(states.getLong(at + st.at("state_at"))),
                        Instants.of(states.getLong(at + st.at("appointment_start"))),
                        Instants.of(states.getLong(at + st.at("appointment_end"))),
                        states.getInt(at + st.at("failed_attempts"))));
            }
            return Device.fromC(c.getPointer(shape.at("device")), byName);
        } finally {
            Native.Json.ota_json_device_reader_free(reader);
            guard.exit(stamp);
        }
    }

    /** {@link #select(Device, Instant, int)} on ticks of 10 minutes. */
    public Selection select(Device device, Instant now) {
        return select(device, now, 10);
    }

    /**
     * Which plan governs the device at {@code now}, and its answer (SPEC
     * 14.3).  The device's own state must be idle: in a set a device has
     * a state per plan ({@link Device.Builder#planState}); names not in the
     * set are ignored.
     */
    public Selection select(Device device, Instant now, int tick) {
        long at = Instants.now(now);
        if (device == null) {
            throw new OtaplanException(OtaplanException.NULL, "device: null");
        }
        if (!device.state().equals(PlanState.IDLE)) {
            throw new OtaplanException(OtaplanException.INVALID_DEVICE, "state: a device of a plan set has its "
                + "state per plan (Device.Builder.planState, \"plans\" in JSON), not its own");
        }
        Memory options = new Memory(Layout.EVAL_OPTIONS.size());
        CompiledPlan.setOptions(options, tick);
        long stamp = guard.enter();
        Pointer set = compiled;
        try {
            Memory setDevice = setDevice(set, device);
            for (int capacity = 16;; capacity = names.length) {
                Layout.Selection shape = Layout.SELECTION;
                Memory out = new Memory(shape.size());
                out.clear();
                Memory others = new Memory((long) Layout.CANDIDATE.size() * capacity);
                out.setInt(shape.at("version"), Native.SELECTION_VERSION);
                out.setPointer(shape.at("others"), others);
                out.setInt(shape.at("other_capacity"), capacity);
                int status = Native.Core.ota_plan_set_select(set, setDevice, at, options, out);
                if (status != Native.OK) {
                    throw CompiledPlan.deviceError(status, device, null);
                }
                int count = out.getInt(shape.at("other_count"));
                if (count < capacity || capacity == names.length) {
                    return selection(out, others, count);
                }
            }
        } finally {
            guard.exit(stamp);
            Reference.reachabilityFence(device);
        }
    }

    /** The ota_set_device of a device: its C form and its states, sorted by plan. */
    private Memory setDevice(Pointer set, Device device) {
        List<long[]> found = new ArrayList<>(); // {plan index, position in planStates}
        List<PlanState> states = new ArrayList<>(device.planStates().values());
        List<String> keys = new ArrayList<>(device.planStates().keySet());
        int[] index = new int[1];
        for (int i = 0; i < keys.size(); i++) {
            String name = keys.get(i);
            if (name.indexOf('\0') >= 0) {
                continue; // no plan has such a name
            }
            if (Native.Core.ota_plan_set_find(set, Native.cString(name, OtaplanException.INVALID_DEVICE, "plans: a name"), index) == Native.OK) {
                found.add(new long[] {index[0], i});
            }
        }
        found.sort((a, b) -> Long.compare(a[0], b[0]));
        for (int i = 1; i < found.size(); i++) {
            if (found.get(i)[0] == found.get(i - 1)[0]) {
                throw new OtaplanException(OtaplanException.INVALID_DEVICE, "plans: \""
                    + keys.get((int) found.get(i - 1)[1]) + "\" and \"" + keys.get((int) found.get(i)[1])
                    + "\" name one plan");
            }
        }
        Layout.SetDevice shape = Layout.SET_DEVICE;
        Layout.PlanState st = Layout.PLAN_STATE;
        Memory m = new Memory(shape.size() + (long) st.size() * Math.max(1, found.size()));
        m.clear();
        m.setInt(shape.at("version"), Native.SET_DEVICE_VERSION);
        m.setPointer(shape.at("device"), device.pointer());
        for (int i = 0; i < found.size(); i++) {
            long at = shape.size() + (long) i * st.size();
            PlanState s = states.get((int) found.get(i)[1]);
            m.setInt(at + st.at("plan"), (int) found.get(i)[0]);
            m.setInt(at + st.at("state"), s.state().ordinal());
            m.setLong(at + st.at("state_at"), Instants.seconds(s.stateAt()));
            m.setLong(at + st.at("appointment_start"), Instants.seconds(s.appointmentStart()));
            m.setLong(at + st.at("appointment_end"), Instants.seconds(s.appointmentEnd()));
            m.setInt(at + st.at("failed_attempts"), s.failedAttempts());
        }
        if (!found.isEmpty()) {
            m.setPointer(shape.at("states"), m.share(shape.size()));
        }
        m.setInt(shape.at("state_count"), found.size());
        return m;
    }

    private Selection selection(Memory out, Memory others, int count) {
        Layout.Selection shape = Layout.SELECTION;
        int plan = out.getInt(shape.at("plan"));
        Push push = CompiledPlan.push(out, shape.at("push"), new int[Layout.PUSH.size() / 4]);
        Pointer e = out.share(shape.at("eligibility"));
        Eligibility eligibility;
        if (plan < 0) {
            int reason = e.getInt(Layout.ELIGIBILITY.at("reason"));
            eligibility = new Eligibility(false, Names.reason(reason), Names.kind(e.getInt(Layout.ELIGIBILITY.at("kind"))),
                List.of());
        } else {
            eligibility = eligibilityOf(e, components.get(plan));
        }
        Layout.Candidate c = Layout.CANDIDATE;
        Candidate[] list = new Candidate[count];
        for (int i = 0; i < count; i++) {
            long at = (long) i * c.size();
            int by = others.getInt(at + c.at("outranked_by"));
            list[i] = new Candidate(names[others.getInt(at + c.at("plan"))],
                Names.reason(others.getInt(at + c.at("reason"))), by >= 0 ? names[by] : null);
        }
        return new Selection(plan < 0 ? null : names[plan], eligibility, push, Arrays.asList(list));
    }

    private static Eligibility eligibilityOf(Pointer e, List<String> ids) {
        Layout.Eligibility shape = Layout.ELIGIBILITY;
        int reason = e.getInt(shape.at("reason"));
        int count = Math.min(e.getInt(shape.at("component_count")), ids.size());
        List<ComponentAnswer> answers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = shape.at("components") + (long) i * Layout.COMPONENT_RESULT_SIZE;
            boolean applies = e.getInt(at) != 0;
            answers.add(new ComponentAnswer(ids.get(i), applies, applies ? null : Names.reason(e.getInt(at + 4))));
        }
        return new Eligibility(reason == 0, Names.reason(reason), Names.kind(e.getInt(shape.at("kind"))),
            List.copyOf(answers));
    }
}
