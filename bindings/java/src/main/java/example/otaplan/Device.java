package example.otaplan;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A device as a plan sees it (SPEC 4): immutable, and so safe to share
 * between threads.  Its C form is built once, when it is made, so that an
 * evaluation passes one pointer.  A device is checked against SPEC 4 when
 * it is evaluated, with the library's messages; a string holding a NUL
 * byte (which C would read shorter) is refused when it is made.
 *
 * <p>For a plan set (SPEC 14.2) a device has no state of its own but one
 * per plan, by the plan's name ({@link Builder#planState}); a single plan
 * reads only the device's own state.
 */
public final class Device {
    /** The version a device reports for one component. */
    public record Version(String component, String version) {}

    private final String id;
    private final String product;
    private final List<Version> versions;
    private final Integer signal;
    private final Integer battery;
    private final boolean autoUpdate;
    private final PlanState state;
    private final Map<String, PlanState> planStates;
    private final Memory block; // ota_device, its versions and its strings

    private Device(Builder b) {
        id = b.id;
        product = b.product;
        versions = List.copyOf(b.versions);
        signal = b.signal;
        battery = b.battery;
        autoUpdate = b.autoUpdate;
        state = b.state;
        planStates = Collections.unmodifiableMap(new LinkedHashMap<>(b.planStates));
        block = nativeForm();
    }

    public String id() { return id; }
    public String product() { return product; }
    public List<Version> versions() { return versions; }
    public OptionalInt signal() { return signal == null ? OptionalInt.empty() : OptionalInt.of(signal); }
    public OptionalInt battery() { return battery == null ? OptionalInt.empty() : OptionalInt.of(battery); }
    public boolean autoUpdate() { return autoUpdate; }
    /** The device's own state (a single plan's). */
    public PlanState state() { return state; }
    /** Its state per plan of a set, by name, as given. */
    public Map<String, PlanState> planStates() { return planStates; }

    /** The C struct, valid as long as this device. */
    Pointer pointer() { return block; }

    public static Builder builder(String id, String product) {
        return new Builder(id, product);
    }

    /** A copy to change. */
    public Builder toBuilder() {
        Builder b = new Builder(id, product);
        b.versions.addAll(versions);
        b.signal = signal;
        b.battery = battery;
        b.autoUpdate = autoUpdate;
        b.state = state;
        b.planStates.putAll(planStates);
        return b;
    }

    /** Builds a {@link Device}; every setter returns the builder. */
    public static final class Builder {
        private final String id;
        private final String product;
        private final List<Version> versions = new ArrayList<>();
        private Integer signal;
        private Integer battery;
        private boolean autoUpdate;
        private PlanState state = PlanState.IDLE;
        private final Map<String, PlanState> planStates = new LinkedHashMap<>();

        private Builder(String id, String product) {
            this.id = Objects.requireNonNull(id, "id");
            this.product = Objects.requireNonNull(product, "product");
        }

        /** The installed version of a component, in the order reported. */
        public Builder version(String component, String version) {
            versions.add(new Version(Objects.requireNonNull(component, "component"),
                Objects.requireNonNull(version, "version")));
            return this;
        }

        /** Signal strength in dBm. */
        public Builder signal(int dbm) { signal = dbm; return this; }
        /** Battery level in percent. */
        public Builder battery(int percent) { battery = percent; return this; }
        public Builder autoUpdate(boolean on) { autoUpdate = on; return this; }

        /** The device's own state, for a single plan. */
        public Builder state(PlanState s) { state = Objects.requireNonNull(s, "state"); return this; }
        public Builder state(DeviceState s, Instant at) { return state(PlanState.of(s, at)); }

        /** Its state in the set's plan of that name (SPEC 14.2). */
        public Builder planState(String plan, PlanState s) {
            planStates.put(Objects.requireNonNull(plan, "plan"), Objects.requireNonNull(s, "state"));
            return this;
        }

        /** The device; an {@link OtaplanException} (INVALID_DEVICE) when a string holds a NUL byte. */
        public Device build() { return new Device(this); }
    }

    private static byte[] utf8(String s, String field) {
        if (s.indexOf('\0') >= 0) {
            throw new OtaplanException(OtaplanException.INVALID_DEVICE, field + " holds a NUL byte");
        }
        return Native.utf8(s, OtaplanException.INVALID_DEVICE, field);
    }

    private Memory nativeForm() {
        byte[][] texts = new byte[2 + 2 * versions.size()][];
        texts[0] = utf8(id, "id");
        texts[1] = utf8(product, "product");
        for (int i = 0; i < versions.size(); i++) {
            Version v = versions.get(i);
            texts[2 + 2 * i] = utf8(v.component(), "versions");
            texts[3 + 2 * i] = utf8(v.version(), "versions[\"" + v.component() + "\"]");
        }
        long size = Layout.DEVICE_SIZE + (long) versions.size() * Layout.VERSION_SIZE;
        for (byte[] t : texts) {
            size += t.length + 1;
        }
        Memory m = new Memory(size);
        m.clear();
        long at = Layout.DEVICE_SIZE + (long) versions.size() * Layout.VERSION_SIZE;
        Pointer[] strings = new Pointer[texts.length];
        for (int i = 0; i < texts.length; i++) {
            m.write(at, texts[i], 0, texts[i].length);
            m.setByte(at + texts[i].length, (byte) 0);
            strings[i] = m.share(at);
            at += texts[i].length + 1;
        }
        Layout.Device d = Layout.DEVICE;
        m.setInt(d.at("version"), Native.DEVICE_STRUCT_VERSION);
        m.setPointer(d.at("id"), strings[0]);
        m.setPointer(d.at("product"), strings[1]);
        if (!versions.isEmpty()) {
            for (int i = 0; i < versions.size(); i++) {
                long slot = Layout.DEVICE_SIZE + (long) i * Layout.VERSION_SIZE;
                m.setPointer(slot, strings[2 + 2 * i]);
                m.setPointer(slot + Layout.VERSION_TEXT, strings[3 + 2 * i]);
            }
            m.setPointer(d.at("versions"), m.share(Layout.DEVICE_SIZE));
        }
        m.setInt(d.at("version_count"), versions.size());
        m.setInt(d.at("signal"), signal == null ? Native.UNSET : signal);
        m.setInt(d.at("battery"), battery == null ? Native.UNSET : battery);
        m.setInt(d.at("auto_update"), autoUpdate ? 1 : 0);
        m.setInt(d.at("state"), state.state().ordinal());
        m.setLong(d.at("state_at"), Instants.seconds(state.stateAt()));
        m.setLong(d.at("appointment_start"), Instants.seconds(state.appointmentStart()));
        m.setLong(d.at("appointment_end"), Instants.seconds(state.appointmentEnd()));
        m.setInt(d.at("failed_attempts"), state.failedAttempts());
        return m;
    }

    /**
     * Reads a device line (SPEC 4's JSON) with the reader of the otaplan
     * program: what {@code otaplan evaluate} refuses is refused here, with
     * the same message (an {@link OtaplanException}).
     */
    public static Device parse(String json) {
        Objects.requireNonNull(json, "json");
        Pointer reader = Native.Json.ota_json_device_reader_new();
        if (reader == null) {
            throw OtaplanException.of(Native.ERR_NOMEM, "device");
        }
        try {
            byte[] text = Native.utf8(json, OtaplanException.ARGUMENT, "device");
            PointerByReference out = new PointerByReference();
            Memory error = JsonErrors.make();
            int status = Native.Json.ota_json_device_read(reader, text, text.length, out, error);
            if (status != Native.OK) {
                throw new OtaplanException(status, JsonErrors.text(error));
            }
            return fromC(out.getValue(), null);
        } finally {
            Native.Json.ota_json_device_reader_free(reader);
        }
    }

    /** A copy of a C device; its states per plan (a set's) added by the caller. */
    static Device fromC(Pointer c, Map<String, PlanState> planStates) {
        Layout.Device d = Layout.DEVICE;
        Builder b = builder(Native.text(c.getPointer(d.at("id"))), Native.text(c.getPointer(d.at("product"))));
        int count = c.getInt(d.at("version_count"));
        Pointer versions = c.getPointer(d.at("versions"));
        for (int i = 0; i < count; i++) {
            long slot = (long) i * Layout.VERSION_SIZE;
            b.version(Native.text(versions.getPointer(slot)),
                Native.text(versions.getPointer(slot + Layout.VERSION_TEXT)));
        }
        int signal = c.getInt(d.at("signal"));
        int battery = c.getInt(d.at("battery"));
        if (signal != Native.UNSET) {
            b.signal(signal);
        }
        if (battery != Native.UNSET) {
            b.battery(battery);
        }
        b.autoUpdate(c.getInt(d.at("auto_update")) != 0);
        b.state(new PlanState(DeviceState.values()[c.getInt(d.at("state"))],
            Instants.of(c.getLong(d.at("state_at"))), Instants.of(c.getLong(d.at("appointment_start"))),
            Instants.of(c.getLong(d.at("appointment_end"))), c.getInt(d.at("failed_attempts"))));
        if (planStates != null) {
            planStates.forEach(b::planState);
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "Device[" + id + ", " + product + ", " + versions + "]";
    }
}
