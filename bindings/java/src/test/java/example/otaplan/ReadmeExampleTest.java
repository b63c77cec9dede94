package example.otaplan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** README.md's "From Java" is ReadmeExample.main()'s body, line for line, and it prints what README says. */
class ReadmeExampleTest {
    private static final Path SOURCE = Path.of("src", "test", "java", "example", "otaplan", "ReadmeExample.java");

    @Test
    void readmeShowsTheExample() throws IOException {
        Path readme = Path.of("..", "..", "README.md");
        Assumptions.assumeTrue(Files.exists(readme), "no README beside the binding");
        String text = Files.readString(readme);
        String body = Files.readString(SOURCE);
        body = body.substring(body.indexOf("public static void main(String[] args) {\n"));
        body = body.substring(body.indexOf('\n') + 1, body.lastIndexOf("        }\n    }") + "        }\n".length());
        int lines = 0;
        for (String line : body.split("\n")) {
            String shown = line.startsWith("        ") ? line.substring(8) : line.strip();
            assertTrue(text.contains(shown + "\n"), "README.md lacks the example's line: " + shown);
            lines++;
        }
        assertTrue(lines >= 10, "the example has " + lines + " lines");
    }

    @Test
    void theExamplePrintsWhatReadmeSays() {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            ReadmeExample.main(new String[0]);
        } finally {
            System.setOut(saved);
        }
        assertEquals("ok push_at 2026-03-02T16:00:00Z\n",
            out.toString(StandardCharsets.UTF_8));
    }
}
