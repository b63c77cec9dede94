package example.otaplan;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;

/** The ota_json_error struct a reader fills: where, and what. */
final class JsonErrors {
    private JsonErrors() {}

    static Memory make() {
        Memory m = new Memory(Layout.JSON_ERROR.size());
        m.clear();
        m.setInt(Layout.JSON_ERROR.at("version"), Native.JSON_ERROR_VERSION);
        return m;
    }

    static String text(Memory m) {
        long at = Layout.JSON_ERROR.at("text");
        byte[] bytes = m.getByteArray(at, 200);
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    static int line(Memory m) { return m.getInt(Layout.JSON_ERROR.at("line")); }
    static int column(Memory m) { return m.getInt(Layout.JSON_ERROR.at("column")); }
}
