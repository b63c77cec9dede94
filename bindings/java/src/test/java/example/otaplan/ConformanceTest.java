package example.otaplan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every public conformance file through the binding. */
class ConformanceTest {
    private static void checkEligibility(String label, JsonObject want, Eligibility got) {
        assertEquals(want.get("eligible").getAsBoolean(), got.eligible(), label);
        assertEquals(want.get("reason").getAsString(), got.reason(), label);
        JsonArray components = want.getAsJsonArray("components");
        assertEquals(components.size(), got.components().size(), label);
        for (int k = 0; k < components.size(); k++) {
            JsonObject w = components.get(k).getAsJsonObject();
            ComponentAnswer c = got.components().get(k);
            assertEquals(w.get("id").getAsString(), c.id(), label + ": component " + k);
            assertEquals(w.get("applies").getAsBoolean(), c.applies(), label + ": component " + k);
            assertEquals(Conformance.string(w, "reason"), c.reason(), label + ": component " + k);
        }
    }

    private static void checkPush(String label, JsonObject want, Push got) {
        assertEquals(want.get("status").getAsString(), got.status(), label);
        String at = Conformance.string(want, "at");
        assertEquals(at == null ? null : Instant.parse(at), got.at(), label);
        assertEquals(Conformance.string(want, "reason"), got.reason(), label);
    }

    private static void checkEvaluate(String name, int wantCases, int wantDevices) throws IOException {
        List<JsonObject> cases = Conformance.cases(name);
        int devices = 0;
        for (JsonObject c : cases) {
            String label = c.get("case").getAsString();
            Instant now = Conformance.instant(c.get("now"));
            int tick = Conformance.tick(c);
            JsonArray expected = c.getAsJsonArray("expected");
            try (CompiledPlan plan = CompiledPlan.compile(c.get("plan").toString())) {
                JsonArray fleet = c.getAsJsonArray("fleet");
                List<Device> all = new ArrayList<>();
                for (int i = 0; i < fleet.size(); i++) {
                    devices++;
                    Device d = Device.parse(fleet.get(i).toString());
                    all.add(d);
                    JsonObject want = expected.get(i).getAsJsonObject();
                    String where = label + ": " + want.get("id").getAsString();
                    checkEligibility(where, want, plan.eligible(d, now));
                    checkPush(where, want.getAsJsonObject("push"), plan.nextPush(d, now, tick));
                }
                // The batch calls answer as the single ones.
                List<Eligibility> many = plan.eligibleMany(all, now);
                List<Push> pushes = plan.nextPushMany(all, now, tick);
                for (int i = 0; i < all.size(); i++) {
                    JsonObject want = expected.get(i).getAsJsonObject();
                    checkEligibility(label + " (many)", want, many.get(i));
                    checkPush(label + " (many)", want.getAsJsonObject("push"), pushes.get(i));
                }
            }
        }
        assertEquals(wantCases, cases.size(), name + ": cases");
        assertEquals(wantDevices, devices, name + ": devices");
    }

    @Test
    void everyEvaluateCase() throws IOException {
        checkEvaluate("evaluate.jsonl", 300, 1473);
    }

    @Test
    void everyRolloutEvaluateCase() throws IOException {
        checkEvaluate("rollout-evaluate.jsonl", 200, 1295);
    }

    @Test
    void everyVersionsEvaluateCase() throws IOException {
        checkEvaluate("versions-evaluate.jsonl", 150, 894);
    }

    private static int checkWindows(String name) throws IOException {
        List<JsonObject> cases = Conformance.cases(name);
        for (JsonObject c : cases) {
            String label = c.get("case").getAsString();
            try (CompiledPlan plan = CompiledPlan.compile(c.get("plan").toString())) {
                List<Window> got = plan.windows(Conformance.instant(c.get("from")), Conformance.instant(c.get("to")));
                JsonArray expected = c.getAsJsonArray("expected");
                assertEquals(expected.size(), got.size(), label);
                for (int i = 0; i < expected.size(); i++) {
                    JsonObject w = expected.get(i).getAsJsonObject();
                    assertEquals(new Window(Conformance.instant(w.get("start")), Conformance.instant(w.get("end"))),
                        got.get(i), label + ": window " + i);
                }
            }
        }
        return cases.size();
    }

    @Test
    void everyWindowsCase() throws IOException {
        assertEquals(60, checkWindows("windows.jsonl"));
        assertEquals(50, checkWindows("rollout-windows.jsonl"));
    }

    @Test
    void everyBucketVector() throws IOException {
        List<JsonObject> vectors = Conformance.cases("buckets.jsonl");
        assertEquals(197, vectors.size());
        for (JsonObject v : vectors) {
            Bucket b = Otaplan.bucket(v.get("salt").getAsString(), v.get("id").getAsString());
            assertEquals(new Bucket(v.get("bucket").getAsInt(), v.get("position").getAsInt()), b, v.toString());
        }
    }

    @Test
    void everySelectCase() throws IOException {
        List<JsonObject> cases = Conformance.cases("select.jsonl");
        int devices = 0;
        for (JsonObject c : cases) {
            String label = c.get("case").getAsString();
            List<String> plans = new ArrayList<>();
            for (JsonElement p : c.getAsJsonArray("plans")) {
                plans.add(p.toString());
            }
            Instant now = Conformance.instant(c.get("now"));
            int tick = Conformance.tick(c);
            JsonArray expected = c.getAsJsonArray("expected");
            try (PlanSet set = PlanSet.compile(plans)) {
                JsonArray fleet = c.getAsJsonArray("fleet");
                for (int i = 0; i < fleet.size(); i++) {
                    devices++;
                    JsonObject want = expected.get(i).getAsJsonObject();
                    String where = label + ": " + want.get("id").getAsString();
                    Selection got = set.select(set.parseDevice(fleet.get(i).toString()), now, tick);
                    assertEquals(Conformance.string(want, "plan"), got.plan(), where);
                    checkEligibility(where, want, got.eligibility());
                    checkPush(where, want.getAsJsonObject("push"), got.push());
                    JsonArray others = want.getAsJsonArray("others");
                    assertEquals(others.size(), got.others().size(), where + ": others");
                    for (int k = 0; k < others.size(); k++) {
                        JsonObject o = others.get(k).getAsJsonObject();
                        assertEquals(new Candidate(o.get("plan").getAsString(), o.get("reason").getAsString(),
                            Conformance.string(o, "outranked_by")), got.others().get(k), where + ": other " + k);
                    }
                }
            }
        }
        assertEquals(150, cases.size());
        assertEquals(923, devices);
    }

    /** The set's own diagnostics (SPEC 14.4), as a multiset: a path does not say which plan a warning pairs with. */
    @Test
    void everySetValidateCase() throws IOException {
        List<JsonObject> cases = Conformance.cases("set-validate.jsonl");
        int invalid = 0;
        for (JsonObject c : cases) {
            List<String> plans = new ArrayList<>();
            for (JsonElement p : c.getAsJsonArray("plans")) {
                plans.add(p.toString());
            }
            List<String> want = new ArrayList<>();
            for (JsonElement e : c.getAsJsonArray("expected")) {
                JsonObject d = e.getAsJsonObject();
                want.add(d.get("severity").getAsString() + " " + d.get("code").getAsString() + " "
                    + d.get("path").getAsString());
            }
            List<Diagnostic> found;
            try (PlanSet set = PlanSet.compile(plans)) {
                found = set.warnings();
            } catch (OtaplanException e) {
                assertEquals(OtaplanException.INVALID_PLAN, e.code(), e.getMessage());
                found = e.diagnostics();
                invalid++;
            }
            List<String> got = new ArrayList<>();
            for (Diagnostic d : found) {
                if (d.code().equals("name_duplicate") || d.code().equals("upgrade_cycle")) {
                    got.add(d.severity() + " " + d.code() + " " + d.path());
                } else {
                    assertEquals("warning", d.severity(), c.get("case").getAsString() + ": " + d);
                }
            }
            Collections.sort(want);
            Collections.sort(got);
            assertEquals(want, got, c.get("case").getAsString());
        }
        assertEquals(80, cases.size());
        assertEquals(19, invalid);
    }

    /** Explain's document agrees with evaluate on every rollout case. */
    @Test
    void explainAgreesWithEvaluate() throws IOException {
        for (JsonObject c : Conformance.cases("rollout-evaluate.jsonl")) {
            Instant now = Conformance.instant(c.get("now"));
            try (CompiledPlan plan = CompiledPlan.compile(c.get("plan").toString())) {
                JsonArray fleet = c.getAsJsonArray("fleet");
                for (int i = 0; i < fleet.size(); i++) {
                    JsonObject want = c.getAsJsonArray("expected").get(i).getAsJsonObject();
                    String document = plan.explain(Device.parse(fleet.get(i).toString()), now, Conformance.tick(c));
                    JsonObject got = JsonParser.parseString(document).getAsJsonObject();
                    assertNotNull(got.get("checks"));
                    assertEquals(want.get("id"), got.get("id"));
                    assertEquals(want.get("reason"), got.get("reason"));
                    assertEquals(want.getAsJsonObject("push").get("status"),
                        got.getAsJsonObject("push").get("status"));
                }
            }
        }
    }
}
