package example.otaplan;

/**
 * One problem of a plan (SPEC 7): "error" or "warning", the code
 * ("timezone_invalid"), the field path ("components[1].target_version";
 * "" for the plan) and a sentence.
 */
public record Diagnostic(String severity, String code, String path, String message) {
    public boolean isError() {
        return "error".equals(severity);
    }
}
