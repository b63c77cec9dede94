package example.otaplan;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * Where the fields of the C structs the binding reads and writes are: JNA
 * lays a {@link Structure} out by the platform's C rules, and the binding
 * then reads and writes at those offsets with {@link Pointer}'s get/set
 * calls, which cost no reflection per call.  The classes mirror
 * otaplan.h's structs field for field; nothing else uses them.
 */
final class Layout {
    private Layout() {}

    static final int MAX_COMPONENTS = 16;  // OTA_MAX_COMPONENTS
    static final int EXPLAIN_CHECKS = 16;  // OTA_EXPLAIN_CHECKS
    static final int EXPLAIN_TERMS = 7;    // OTA_EXPLAIN_TERMS
    static final int MAX_BLACKOUTS = 32;   // OTA_MAX_BLACKOUTS

    /** A Structure that tells its fields' offsets. */
    abstract static class Shape extends Structure {
        int at(String field) { return fieldOffset(field); }
    }

    @Structure.FieldOrder({"version", "id", "product", "versions", "version_count", "signal", "battery",
        "auto_update", "state", "state_at", "appointment_start", "appointment_end", "failed_attempts"})
    public static final class Device extends Shape {
        public int version;
        public Pointer id, product, versions;
        public int version_count, signal, battery, auto_update, state;
        public long state_at, appointment_start, appointment_end;
        public int failed_attempts;
    }

    @Structure.FieldOrder({"component_id", "version"})
    public static final class DeviceVersion extends Shape {
        public Pointer component_id, version;
    }

    @Structure.FieldOrder({"applies", "reason"})
    public static final class ComponentResult extends Shape {
        public int applies, reason;
    }

    @Structure.FieldOrder({"version", "reason", "kind", "component_count", "components"})
    public static final class Eligibility extends Shape {
        public int version, reason, kind, component_count;
        public ComponentResult[] components = new ComponentResult[MAX_COMPONENTS];
    }

    @Structure.FieldOrder({"version", "status", "reason", "at"})
    public static final class PushResult extends Shape {
        public int version, status, reason;
        public long at;
    }

    @Structure.FieldOrder({"version", "tick_minutes"})
    public static final class EvalOptions extends Shape {
        public int version, tick_minutes;
    }

    @Structure.FieldOrder({"version", "severity", "code", "path", "message"})
    public static final class Diagnostic extends Shape {
        public int version, severity, code;
        public Pointer path, message;
    }

    @Structure.FieldOrder({"version", "line", "column", "text"})
    public static final class JsonError extends Shape {
        public int version, line, column;
        public byte[] text = new byte[200];
    }

    @Structure.FieldOrder({"version", "failed", "data", "length", "capacity"})
    public static final class JsonBuffer extends Shape {
        public int version, failed;
        public Pointer data;
        public long length, capacity;
    }

    @Structure.FieldOrder({"version", "start", "end"})
    public static final class Interval extends Shape {
        public int version;
        public long start, end;
    }

    @Structure.FieldOrder({"check", "failed", "value", "limit"})
    public static final class CheckResult extends Shape {
        public int check, failed;
        public long value, limit;
    }

    @Structure.FieldOrder({"term", "at"})
    public static final class T0Term extends Shape {
        public int term;
        public long at;
    }

    @Structure.FieldOrder({"version", "push", "bucket", "position", "t0", "t0_set_by", "term_count",
        "occurrence_day", "occurrence_weekday", "closed_days", "slot_index", "slot_count", "slot_at",
        "check_count", "blackout_count", "checks", "terms", "blackout_start", "blackout_end", "eligibility"})
    public static final class Explanation extends Shape {
        public int version;
        public PushResult push;
        public int bucket, position;
        public long t0;
        public int t0_set_by, term_count;
        public long occurrence_day;
        public int occurrence_weekday, closed_days, slot_index, slot_count;
        public long slot_at;
        public int check_count, blackout_count;
        public CheckResult[] checks = new CheckResult[EXPLAIN_CHECKS];
        public T0Term[] terms = new T0Term[EXPLAIN_TERMS];
        public long[] blackout_start = new long[MAX_BLACKOUTS];
        public long[] blackout_end = new long[MAX_BLACKOUTS];
        public Eligibility eligibility;
    }

    @Structure.FieldOrder({"plan", "state", "state_at", "appointment_start", "appointment_end",
        "failed_attempts"})
    public static final class PlanState extends Shape {
        public int plan, state;
        public long state_at, appointment_start, appointment_end;
        public int failed_attempts;
    }

    @Structure.FieldOrder({"version", "device", "states", "state_count"})
    public static final class SetDevice extends Shape {
        public int version;
        public Pointer device, states;
        public int state_count;
    }

    @Structure.FieldOrder({"plan", "reason", "outranked_by"})
    public static final class Candidate extends Shape {
        public int plan, reason, outranked_by;
    }

    @Structure.FieldOrder({"version", "plan", "candidate_count", "others", "other_capacity", "other_count",
        "push", "eligibility"})
    public static final class Selection extends Shape {
        public int version, plan, candidate_count;
        public Pointer others;
        public int other_capacity, other_count;
        public PushResult push;
        public Eligibility eligibility;
    }

    // The offsets, read once.
    static final Device DEVICE = new Device();
    static final int DEVICE_SIZE = DEVICE.size();
    static final int VERSION_SIZE = new DeviceVersion().size();
    static final int VERSION_TEXT = new DeviceVersion().at("version");
    static final Eligibility ELIGIBILITY = new Eligibility();
    static final int COMPONENT_RESULT_SIZE = new ComponentResult().size();
    static final PushResult PUSH = new PushResult();
    static final Diagnostic DIAGNOSTIC = new Diagnostic();
    static final JsonError JSON_ERROR = new JsonError();
    static final JsonBuffer JSON_BUFFER = new JsonBuffer();
    static final Interval INTERVAL = new Interval();
    static final Explanation EXPLANATION = new Explanation();
    static final PlanState PLAN_STATE = new PlanState();
    static final SetDevice SET_DEVICE = new SetDevice();
    static final Candidate CANDIDATE = new Candidate();
    static final Selection SELECTION = new Selection();
    static final EvalOptions EVAL_OPTIONS = new EvalOptions();
}
