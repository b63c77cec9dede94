package example.otaplan;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/** An ota_diagnostics list copied into Java, and the exception of an invalid plan. */
final class Diagnostics {
    private Diagnostics() {}

    static List<Diagnostic> copy(Pointer list) {
        List<Diagnostic> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        Layout.Diagnostic d = Layout.DIAGNOSTIC;
        Memory m = new Memory(d.size());
        int count = Native.Core.ota_diagnostics_count(list);
        for (int i = 0; i < count; i++) {
            m.clear();
            m.setInt(d.at("version"), Native.DIAGNOSTIC_VERSION);
            if (Native.Core.ota_diagnostics_get(list, i, m) != Native.OK) {
                continue;
            }
            out.add(new Diagnostic(m.getInt(d.at("severity")) == Native.SEVERITY_ERROR ? "error" : "warning",
                Native.text(Native.Core.ota_code_name(m.getInt(d.at("code")))),
                Native.text(m.getPointer(d.at("path"))), Native.text(m.getPointer(d.at("message")))));
        }
        return out;
    }

    /** The refusal of a compile: its first error in the message, all of them attached. */
    static OtaplanException refusal(int status, String what, List<Diagnostic> found) {
        String message = what + ": " + Native.text(Native.Core.ota_strerror(status));
        for (Diagnostic d : found) {
            if (d.isError()) {
                message = "invalid " + what + ": " + (d.path().isEmpty() ? "" : d.path() + ": ") + d.message()
                    + " [" + d.code() + "]";
                break;
            }
        }
        return new OtaplanException(status, message, found);
    }
}
