package example.otaplan;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The public conformance cases (OTAPLAN_CONFORMANCE_DIR; the repository's copy by default). */
final class Conformance {
    private Conformance() {}

    static Path dir() {
        String dir = System.getenv("OTAPLAN_CONFORMANCE_DIR");
        return dir == null || dir.isEmpty() ? Path.of("..", "..", "tests", "conformance") : Path.of(dir);
    }

    static List<JsonObject> cases(String name) throws IOException {
        List<JsonObject> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir().resolve(name), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(JsonParser.parseString(line).getAsJsonObject());
            }
        }
        return out;
    }

    static Instant instant(JsonElement e) {
        return Instant.parse(e.getAsString());
    }

    /** A string member, or null when absent or JSON null. */
    static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    static int tick(JsonObject c) {
        return c.has("tick") ? c.get("tick").getAsInt() : 10;
    }
}
