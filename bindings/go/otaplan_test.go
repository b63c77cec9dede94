package otaplan

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The public conformance cases' folder (OTAPLAN_CONFORMANCE_DIR; the
// repository's copy by default).
func conformance(t testing.TB, name string) []map[string]json.RawMessage {
	dir := os.Getenv("OTAPLAN_CONFORMANCE_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "tests", "conformance")
	}
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []map[string]json.RawMessage
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 1<<20), 1<<26)
	for scanner.Scan() {
		var c map[string]json.RawMessage
		if err := json.Unmarshal(scanner.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	if err := scanner.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

type expectedLine struct {
	ID         string `json:"id"`
	Eligible   bool   `json:"eligible"`
	Reason     string `json:"reason"`
	Components []struct {
		ID      string `json:"id"`
		Applies bool   `json:"applies"`
		Reason  string `json:"reason"`
	} `json:"components"`
	Push struct {
		Status string `json:"status"`
		At     string `json:"at"`
		Reason string `json:"reason"`
	} `json:"push"`
}

func parseNow(t testing.TB, raw json.RawMessage) time.Time {
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		t.Fatal(err)
	}
	now, err := time.Parse(time.RFC3339, text)
	if err != nil {
		t.Fatal(err)
	}
	return now
}

// evaluateCase is an evaluate case's name, compiled plan, device lines,
// expected lines, now and tick.
func evaluateCase(t *testing.T, c map[string]json.RawMessage) (string, *CompiledPlan, []json.RawMessage,
	[]expectedLine, time.Time, int) {
	var label string
	var fleet []json.RawMessage
	var expected []expectedLine
	var tick int
	json.Unmarshal(c["case"], &label)
	json.Unmarshal(c["fleet"], &fleet)
	json.Unmarshal(c["expected"], &expected)
	json.Unmarshal(c["tick"], &tick)
	plan, err := Compile(c["plan"])
	if err != nil {
		t.Fatalf("%s: %v", label, err)
	}
	return label, plan, fleet, expected, parseNow(t, c["now"]), tick
}

func checkEvaluate(t *testing.T, name string, wantCases, wantDevices int) {
	cases := conformance(t, name)
	devices := 0
	for _, c := range cases {
		label, plan, fleet, expected, now, tick := evaluateCase(t, c)
		for i, line := range fleet {
			devices++
			d, err := ParseDevice(line)
			if err != nil {
				t.Fatalf("%s: device %d: %v", label, i, err)
			}
			want := expected[i]
			e, err := plan.Eligible(d, now)
			if err != nil {
				t.Fatalf("%s: %s: %v", label, want.ID, err)
			}
			if e.Eligible != want.Eligible || e.Reason != want.Reason || len(e.Components) != len(want.Components) {
				t.Fatalf("%s: %s: got %+v, want %+v", label, want.ID, e, want)
			}
			for k, c := range e.Components {
				w := want.Components[k]
				if c.ID != w.ID || c.Applies != w.Applies || c.Reason != w.Reason {
					t.Fatalf("%s: %s: component %d: got %+v, want %+v", label, want.ID, k, c, w)
				}
			}
			p, err := plan.NextPush(d, now, tick)
			if err != nil {
				t.Fatalf("%s: %s: %v", label, want.ID, err)
			}
			at := ""
			if !p.At.IsZero() {
				at = p.At.Format("2006-01-02T15:04:05Z")
			}
			if p.Status != want.Push.Status || at != want.Push.At || p.Reason != want.Push.Reason {
				t.Fatalf("%s: %s: push %+v, want %+v", label, want.ID, p, want.Push)
			}
		}
		plan.Close()
	}
	if len(cases) != wantCases || devices != wantDevices {
		t.Fatalf("%s: %d cases, %d devices; want %d, %d", name, len(cases), devices, wantCases, wantDevices)
	}
}

func TestEveryEvaluateCase(t *testing.T) { checkEvaluate(t, "evaluate.jsonl", 300, 1473) }
func TestEveryRolloutEvaluateCase(t *testing.T) {
	checkEvaluate(t, "rollout-evaluate.jsonl", 200, 1295)
}
func TestEveryVersionsEvaluateCase(t *testing.T) {
	checkEvaluate(t, "versions-evaluate.jsonl", 150, 894)
}

func TestEveryBucketVector(t *testing.T) {
	vectors := conformance(t, "buckets.jsonl")
	if len(vectors) != 197 {
		t.Fatalf("%d vectors", len(vectors))
	}
	for _, v := range vectors {
		var salt, id string
		var bucket, position int
		json.Unmarshal(v["salt"], &salt)
		json.Unmarshal(v["id"], &id)
		json.Unmarshal(v["bucket"], &bucket)
		json.Unmarshal(v["position"], &position)
		b, p, err := Bucket(salt, id)
		if err != nil || b != bucket || p != position {
			t.Fatalf("%q %q: %d %d %v, want %d %d", salt, id, b, p, err, bucket, position)
		}
	}
}

// Explain's document agrees with evaluate on every rollout case.
func TestExplainAgreesWithEvaluate(t *testing.T) {
	for _, c := range conformance(t, "rollout-evaluate.jsonl") {
		_, plan, fleet, expected, now, tick := evaluateCase(t, c)
		for i, line := range fleet {
			d, _ := ParseDevice(line)
			document, err := plan.Explain(d, now, tick)
			if err != nil {
				t.Fatal(err)
			}
			var got expectedLine
			if err := json.Unmarshal(document, &got); err != nil {
				t.Fatal(err)
			}
			if got.ID != expected[i].ID || got.Reason != expected[i].Reason || got.Push.Status != expected[i].Push.Status {
				t.Fatalf("explain %+v, evaluate %+v", got, expected[i])
			}
		}
		plan.Close()
	}
}

const lampPlan = `{"name": "go", "product": "lamp-1", "timezone": "Asia/Shanghai",
 "start": "2026-01-01T00:00", "end": "2026-12-31T00:00", "state": "active", "mode": "silent",
 "push_window": {"start_hour": 0, "end_hour": 2},
 "components": [{"type": "module", "id": "wifi", "method": "full", "target_version": "2.0"}]}`

var lampNow = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func lamp() *Device {
	return &Device{ID: "dev-1", Product: "lamp-1", Versions: []Version{{"wifi", "1.0"}}}
}

func TestBadInputIsAnError(t *testing.T) {
	if _, err := Compile([]byte(`{"name": 1}`)); !IsCode(err, ErrInvalidPlan) {
		t.Fatalf("a plan of the wrong types: %v", err)
	} else if e := err.(*Error); len(e.Diagnostics) == 0 {
		t.Fatal("no diagnostics")
	}
	for _, text := range []string{"", "{", "[]", "null", "{\"a\": \xff}"} {
		if _, err := Compile([]byte(text)); err == nil {
			t.Fatalf("%q compiled", text)
		}
	}
	plan, err := Compile([]byte(lampPlan))
	if err != nil {
		t.Fatal(err)
	}
	defer plan.Close()
	bad := map[string]*Device{
		"nil":                      nil,
		"NUL in id":                {ID: "a\x00b", Product: "lamp-1"},
		"invalid UTF-8":            {ID: "dev-\xff", Product: "lamp-1"},
		"no id":                    {Product: "lamp-1"},
		"battery":                  {ID: "d", Product: "lamp-1", Battery: Int32(300)},
		"state":                    {ID: "d", Product: "lamp-1", State: "asleep"},
		"refused without state_at": {ID: "d", Product: "lamp-1", State: "refused"},
	}
	for name, d := range bad {
		_, err := plan.Eligible(d, lampNow)
		var e *Error
		if !errors.As(err, &e) || e.Message == "" {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := plan.NextPush(d, lampNow, 10); err == nil {
			t.Fatalf("%s: next push answered", name)
		}
	}
	if _, err := plan.NextPush(lamp(), lampNow, 7); !IsCode(err, ErrArgument) {
		t.Fatalf("tick 7: %v", err)
	}
	if _, err := plan.Eligible(lamp(), time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)); !IsCode(err, ErrRange) {
		t.Fatalf("year 2200: %v", err)
	}
	if _, err := plan.Eligible(lamp(), time.Time{}); !IsCode(err, ErrRange) {
		t.Fatalf("the zero time: %v", err)
	}
	if _, err := ParseDevice([]byte(`{"id": "d", "product": "lamp-1", "colour": "red"}`)); !IsCode(err, ErrInvalidDevice) ||
		!strings.Contains(err.Error(), "colour") {
		t.Fatalf("an unknown key: %v", err)
	}
	var none *CompiledPlan
	if _, err := none.Eligible(lamp(), lampNow); !IsCode(err, ErrNull) {
		t.Fatalf("a nil plan: %v", err)
	}
	plan.Close()
	if _, err := plan.Eligible(lamp(), lampNow); !IsCode(err, ErrClosed) {
		t.Fatalf("a closed plan: %v", err)
	}
	if err := plan.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestHugeLists(t *testing.T) {
	var b strings.Builder
	b.WriteString(lampPlan[:len(lampPlan)-1] + `, "blacklist": [`)
	for i := 0; i < 200000; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"blocked-` + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + itoaTest(i) + `"`)
	}
	b.WriteString("]}")
	plan, err := Compile([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	defer plan.Close()
	d := lamp()
	d.ID = "blocked-a0"
	if e, err := plan.Eligible(d, lampNow); err != nil || e.Reason != "blacklisted" {
		t.Fatalf("%+v %v", e, err)
	}
	many := make([]Version, 500)
	for i := range many {
		many[i] = Version{"c" + itoaTest(i), "1.0"}
	}
	d.ID, d.Versions = "dev-2", append(many, Version{"wifi", "1.0"})
	if e, err := plan.Eligible(d, lampNow); err != nil || !e.Eligible {
		t.Fatalf("500 versions: %+v %v", e, err)
	}
}

func itoaTest(i int) string { return strconv.Itoa(i) }

// Eight goroutines share one compiled plan while another closes it: every
// answer is right or ErrClosed, never a crash (go test -race).
func TestGoroutinesAndClose(t *testing.T) {
	plan, err := Compile([]byte(lampPlan))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Until the close: each goroutine is inside calls when it comes.
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
				e, err := plan.Eligible(lamp(), lampNow)
				if IsCode(err, ErrClosed) {
					return
				}
				if err != nil || !e.Eligible {
					errs <- err
					return
				}
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	plan.Close()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("a wrong answer: %v", err)
	}
}

func TestManyAgreeWithOneAtATime(t *testing.T) {
	plan, _ := Compile([]byte(lampPlan))
	defer plan.Close()
	devices := []*Device{lamp(), {ID: "x", Product: "other"}, {ID: "y", Product: "lamp-1", Versions: []Version{{"wifi", "2.0"}}}}
	answers, err := plan.EligibleMany(devices, lampNow)
	if err != nil {
		t.Fatal(err)
	}
	pushes, err := plan.NextPushMany(devices, lampNow, 10)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range devices {
		e, _ := plan.Eligible(d, lampNow)
		p, _ := plan.NextPush(d, lampNow, 10)
		if e.Reason != answers[i].Reason || p != pushes[i] {
			t.Fatalf("device %d: %+v %+v / %+v %+v", i, e, p, answers[i], pushes[i])
		}
	}
	if _, err := plan.EligibleMany([]*Device{lamp(), nil}, lampNow); err == nil || !strings.HasPrefix(err.Error(), "devices[1]") {
		t.Fatalf("a nil device in a list: %v", err)
	}
}
