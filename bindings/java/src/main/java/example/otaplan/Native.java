package example.otaplan;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * libotaplan and libotaplan-json, by JNA's direct mapping (a native method
 * a C function: no proxy, no reflection per call).  The libraries are
 * found by name on {@code jna.library.path} and the system's library path,
 * or at the paths of the system properties {@code otaplan.library} and
 * {@code otaplan.json.library} (or the environment's OTAPLAN_LIBRARY and
 * OTAPLAN_JSON_LIBRARY, as the Python binding reads them).
 *
 * <p>size_t is mapped to long: the binding refuses to load where size_t is
 * not 8 bytes (a 32-bit JVM).
 */
final class Native {
    private Native() {}

    static final int OK = 0;
    static final int NO_MORE = 1;
    static final int ERR_NULL = -1;
    static final int ERR_NOMEM = -2;
    static final int ERR_INVALID_PLAN = -3;
    static final int ERR_INVALID_DEVICE = -4;
    static final int ERR_RANGE = -5;
    static final int ERR_ARGUMENT = -7;

    static final int SEVERITY_ERROR = 1;
    static final long NO_INSTANT = Long.MIN_VALUE;
    static final int UNSET = Integer.MIN_VALUE;
    static final int PUSH_AT = 1;
    static final int PUSH_NEVER = 4;

    static final int DIAGNOSTIC_VERSION = 1;
    static final int JSON_ERROR_VERSION = 1;
    static final int DEVICE_STRUCT_VERSION = 1;
    static final int ELIGIBILITY_VERSION = 1;
    static final int PUSH_RESULT_VERSION = 1;
    static final int EVAL_OPTIONS_VERSION = 1;
    static final int EXPLANATION_VERSION = 2;
    static final int INTERVAL_VERSION = 1;
    static final int SET_DEVICE_VERSION = 1;
    static final int SELECTION_VERSION = 1;
    static final int JSON_BUFFER_VERSION = 1;

    static String library(String property, String environment, String name) {
        String path = System.getProperty(property);
        if (path == null || path.isEmpty()) {
            path = System.getenv(environment);
        }
        return path == null || path.isEmpty() ? name : path;
    }

    /** Opens a library, the core first: libotaplan-json's dependency on it
     * is then met by the library already loaded (the same soname). */
    static NativeLibrary open(String property, String environment, String name) {
        if (com.sun.jna.Native.SIZE_T_SIZE != 8) {
            throw new UnsatisfiedLinkError("otaplan: the Java binding needs a 64-bit JVM (size_t of 8 bytes)");
        }
        return NativeLibrary.getInstance(library(property, environment, name));
    }

    /** A C string (UTF-8) as a Java string; null for NULL. */
    static String text(Pointer p) {
        return p == null ? null : p.getString(0, StandardCharsets.UTF_8.name());
    }

    /**
     * A string's UTF-8, or an {@link OtaplanException} (code) naming `what`
     * when it holds a lone surrogate: String.getBytes would write "?" for
     * it, and a device ID or a plan would change without a word.
     */
    static byte[] utf8(String s, int code, String what) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(s));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new OtaplanException(code, what + " is not valid Unicode (a lone surrogate)");
        }
    }

    /** A Java string as a C string: UTF-8 and a NUL (JNA's own String
     * mapping would use the platform's charset, which need not be UTF-8). */
    static byte[] cString(String s, int code, String what) {
        byte[] utf8 = utf8(s, code, what);
        return Arrays.copyOf(utf8, utf8.length + 1);
    }

    /** libotaplan (otaplan.h). */
    static final class Core {
        static {
            com.sun.jna.Native.register(Core.class, open("otaplan.library", "OTAPLAN_LIBRARY", "otaplan"));
        }
        private Core() {}

        static native Pointer ota_version_string();
        static native Pointer ota_strerror(int status);
        static native Pointer ota_code_name(int code);
        static native Pointer ota_reason_name(int reason);
        static native Pointer ota_push_status_name(int status);
        static native int ota_tick_is_allowed(int tick);

        static native int ota_diagnostics_count(Pointer list);
        static native int ota_diagnostics_get(Pointer list, int index, Pointer out);
        static native void ota_diagnostics_free(Pointer list);

        static native void ota_compiled_plan_free(Pointer plan);
        static native Pointer ota_compiled_plan_component_id(Pointer plan, int index);
        static native Pointer ota_compiled_plan_name(Pointer plan);
        static native int ota_device_check(Pointer device, PointerByReference problem);
        static native int ota_device_eligible(Pointer plan, Pointer device, long now, Pointer out);
        static native int ota_device_eligible_many(Pointer plan, Pointer devices, long count, long now,
                                                   Pointer out, long[] failedIndex);
        static native int ota_next_push_time(Pointer plan, Pointer device, long now, Pointer options,
                                             Pointer out);
        static native int ota_next_push_time_many(Pointer plan, Pointer devices, long count, long now,
                                                  Pointer options, Pointer out, long[] failedIndex);
        static native int ota_device_explain(Pointer plan, Pointer device, long now, Pointer options,
                                             Pointer out);
        static native int ota_compiled_plan_next_window(Pointer plan, long from, long to, Pointer out);
        static native int ota_rollout_bucket(byte[] salt, byte[] id, int[] bucket, int[] position);

        static native int ota_plan_set_count(Pointer set);
        static native Pointer ota_plan_set_plan(Pointer set, int index);
        static native int ota_plan_set_find(Pointer set, byte[] name, int[] index);
        static native int ota_plan_set_select(Pointer set, Pointer device, long now, Pointer options,
                                              Pointer out);
    }

    /** libotaplan-json (otaplan_json.h). */
    static final class Json {
        static {
            Core.ota_version_string(); // the core first
            com.sun.jna.Native.register(Json.class,
                open("otaplan.json.library", "OTAPLAN_JSON_LIBRARY", "otaplan-json"));
        }
        private Json() {}

        static native Pointer ota_json_device_state_name(int state);
        static native int ota_json_plan_read(byte[] text, long length, PointerByReference out, Pointer error);
        static native Pointer ota_json_plan_get(Pointer plan);
        static native int ota_json_plan_compile(Pointer plan, Pointer options, PointerByReference out,
                                                PointerByReference diagnostics);
        static native void ota_json_plan_free(Pointer plan);

        static native Pointer ota_json_device_reader_new();
        static native void ota_json_device_reader_free(Pointer reader);
        static native int ota_json_device_read(Pointer reader, byte[] text, long length,
                                               PointerByReference device, Pointer error);
        static native int ota_json_set_device_read(Pointer reader, Pointer set, byte[] text, long length,
                                                   PointerByReference device, Pointer error);

        static native int ota_json_set_new(PointerByReference out);
        static native int ota_json_set_add(Pointer set, byte[] text, long length, Pointer error);
        static native int ota_json_set_compile(Pointer set, Pointer options, PointerByReference diagnostics);
        static native Pointer ota_json_set_get(Pointer set);
        static native void ota_json_set_free(Pointer set);

        static native void ota_json_buffer_free(Pointer buffer);
        static native void ota_json_put_explanation(Pointer buffer, Pointer plan, Pointer device,
                                                    Pointer explanation);
    }
}
