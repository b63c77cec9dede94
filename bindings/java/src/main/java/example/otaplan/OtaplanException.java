package example.otaplan;

import java.util.List;

/**
 * A refusal of the library: {@link #code()} is its status (one of the
 * constants here), the message the sentence that says why, and an invalid
 * plan's or set's {@link #diagnostics()}.
 */
public class OtaplanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A required argument was null. */
    public static final int NULL = -1;
    /** Out of memory; nothing was built. */
    public static final int NO_MEMORY = -2;
    /** The plan (or set) has errors: see {@link #diagnostics()}. */
    public static final int INVALID_PLAN = -3;
    /** The device breaks SPEC 4. */
    public static final int INVALID_DEVICE = -4;
    /** An instant outside [2000, 2100). */
    public static final int RANGE = -5;
    /** An argument out of its documented range, or a document that is no JSON object. */
    public static final int ARGUMENT = -7;
    /** The binding's own: a call on a closed plan or set. */
    public static final int CLOSED = -100;

    private final int code;
    private final transient List<Diagnostic> diagnostics;

    public OtaplanException(int code, String message) {
        this(code, message, List.of());
    }

    public OtaplanException(int code, String message, List<Diagnostic> diagnostics) {
        super(message);
        this.code = code;
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** The library's status code (one of the constants of this class). */
    public int code() {
        return code;
    }

    /** The diagnostics of an invalid plan or set; empty otherwise. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    static OtaplanException of(int status, String what) {
        String message = Native.text(Native.Core.ota_strerror(status));
        return new OtaplanException(status, what == null ? message : what + ": " + message);
    }
}
