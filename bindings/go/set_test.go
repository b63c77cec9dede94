package otaplan

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestEverySelectCase(t *testing.T) {
	cases := conformance(t, "select.jsonl")
	devices := 0
	for _, c := range cases {
		var label string
		var plans, fleet []json.RawMessage
		var expected []struct {
			expectedLine
			Plan   *string `json:"plan"`
			Others []struct {
				Plan        string `json:"plan"`
				Reason      string `json:"reason"`
				OutrankedBy string `json:"outranked_by"`
			} `json:"others"`
		}
		var tick int
		json.Unmarshal(c["case"], &label)
		json.Unmarshal(c["plans"], &plans)
		json.Unmarshal(c["fleet"], &fleet)
		json.Unmarshal(c["expected"], &expected)
		json.Unmarshal(c["tick"], &tick)
		now := parseNow(t, c["now"])
		texts := make([][]byte, len(plans))
		for i, p := range plans {
			texts[i] = p
		}
		set, err := CompileSet(texts)
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		for i, line := range fleet {
			devices++
			want := expected[i]
			d, err := set.ParseDevice(line)
			if err != nil {
				t.Fatalf("%s: device %d: %v", label, i, err)
			}
			got, err := set.Select(d, now, tick)
			if err != nil {
				t.Fatalf("%s: %s: %v", label, want.ID, err)
			}
			plan := ""
			if want.Plan != nil {
				plan = *want.Plan
			}
			e := got.Eligibility
			if got.Plan != plan || e.Eligible != want.Eligible || e.Reason != want.Reason ||
				len(e.Components) != len(want.Components) || got.Push.Status != want.Push.Status ||
				got.Push.Reason != want.Push.Reason || len(got.Others) != len(want.Others) {
				t.Fatalf("%s: %s: got %+v, want %+v", label, want.ID, got, want)
			}
			for k, c := range e.Components {
				w := want.Components[k]
				if c.ID != w.ID || c.Applies != w.Applies || c.Reason != w.Reason {
					t.Fatalf("%s: %s: component %d: got %+v, want %+v", label, want.ID, k, c, w)
				}
			}
			at := ""
			if !got.Push.At.IsZero() {
				at = got.Push.At.Format("2006-01-02T15:04:05Z")
			}
			if at != want.Push.At {
				t.Fatalf("%s: %s: push at %s, want %s", label, want.ID, at, want.Push.At)
			}
			for k, o := range got.Others {
				w := want.Others[k]
				if o != (Candidate{w.Plan, w.Reason, w.OutrankedBy}) {
					t.Fatalf("%s: %s: other %d: got %+v, want %+v", label, want.ID, k, o, w)
				}
			}
		}
		set.Close()
	}
	if len(cases) != 150 || devices != 923 {
		t.Fatalf("%d cases, %d devices", len(cases), devices)
	}
}

// The set's own diagnostics (SPEC 14.4), as a multiset: a path does not
// say which plan a warning pairs with.
func TestEverySetValidateCase(t *testing.T) {
	cases := conformance(t, "set-validate.jsonl")
	invalid := 0
	for _, c := range cases {
		var label string
		var plans []json.RawMessage
		var expected []Diagnostic
		json.Unmarshal(c["case"], &label)
		json.Unmarshal(c["plans"], &plans)
		json.Unmarshal(c["expected"], &expected)
		texts := make([][]byte, len(plans))
		for i, p := range plans {
			texts[i] = p
		}
		var found []Diagnostic
		set, err := CompileSet(texts)
		if err != nil {
			e, ok := err.(*Error)
			if !ok || e.Code != ErrInvalidPlan {
				t.Fatalf("%s: %v", label, err)
			}
			found, invalid = e.Diagnostics, invalid+1
		} else {
			found = set.Warnings
			set.Close()
		}
		var want, got []string
		for _, d := range expected {
			want = append(want, d.Severity+" "+d.Code+" "+d.Path)
		}
		for _, d := range found {
			if d.Code == "name_duplicate" || d.Code == "upgrade_cycle" {
				got = append(got, d.Severity+" "+d.Code+" "+d.Path)
			} else if d.Severity != "warning" {
				t.Fatalf("%s: another error: %+v", label, d)
			}
		}
		sort.Strings(want)
		sort.Strings(got)
		if strings.Join(want, "\n") != strings.Join(got, "\n") {
			t.Fatalf("%s: got %q, want %q", label, got, want)
		}
	}
	if len(cases) != 80 || invalid != 19 {
		t.Fatalf("%d cases, %d invalid", len(cases), invalid)
	}
}

func checkWindows(t *testing.T, name string) int {
	cases := conformance(t, name)
	for _, c := range cases {
		var label string
		var expected []struct{ Start, End string }
		json.Unmarshal(c["case"], &label)
		json.Unmarshal(c["expected"], &expected)
		plan, err := Compile(c["plan"])
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		got, err := plan.Windows(parseNow(t, c["from"]), parseNow(t, c["to"]))
		if err != nil || len(got) != len(expected) {
			t.Fatalf("%s: %d windows (%v), want %d", label, len(got), err, len(expected))
		}
		for i, w := range got {
			if w.Start.Format(time.RFC3339) != expected[i].Start || w.End.Format(time.RFC3339) != expected[i].End {
				t.Fatalf("%s: window %d: %v, want %v", label, i, w, expected[i])
			}
		}
		plan.Close()
	}
	return len(cases)
}

func TestEveryWindowsCase(t *testing.T) {
	if n := checkWindows(t, "windows.jsonl"); n != 60 {
		t.Fatalf("%d windows cases", n)
	}
	if n := checkWindows(t, "rollout-windows.jsonl"); n != 50 {
		t.Fatalf("%d rollout-windows cases", n)
	}
}

func TestSetBadInput(t *testing.T) {
	if _, err := CompileSet(nil); !IsCode(err, ErrArgument) {
		t.Fatalf("no plans: %v", err)
	}
	if _, err := CompileSet([][]byte{[]byte(lampPlan), []byte("[")}); !IsCode(err, ErrArgument) ||
		!strings.HasPrefix(err.Error(), "plans[1]") {
		t.Fatalf("a bad text: %v", err)
	}
	_, err := CompileSet([][]byte{[]byte(lampPlan), []byte(lampPlan)})
	if e, ok := err.(*Error); !ok || e.Code != ErrInvalidPlan || len(e.Diagnostics) == 0 ||
		!strings.Contains(e.Message, "name_duplicate") {
		t.Fatalf("two plans of one name: %v", err)
	}
	set, err := CompileSet([][]byte{[]byte(lampPlan)})
	if err != nil {
		t.Fatal(err)
	}
	own := lamp()
	own.State, own.StateAt = "succeeded", lampNow
	if _, err := set.Select(own, lampNow, 10); !IsCode(err, ErrInvalidDevice) || !strings.Contains(err.Error(), "Plans") {
		t.Fatalf("a device's own state in a set: %v", err)
	}
	done := lamp()
	done.Plans = map[string]PlanState{" go ": {State: "succeeded", StateAt: lampNow}}
	if s, err := set.Select(done, lampNow, 10); err != nil || s.Plan != "" ||
		len(s.Others) != 1 || s.Others[0] != (Candidate{"go", "already_succeeded", ""}) {
		t.Fatalf("a plan done with the device: %+v %v", s, err)
	}
	other := lamp()
	other.Plans = map[string]PlanState{"another": {State: "succeeded", StateAt: lampNow}}
	if s, err := set.Select(other, lampNow, 10); err != nil || s.Plan != "go" || !s.Eligibility.Eligible {
		t.Fatalf("a name not in the set: %+v %v", s, err)
	}
	twice := lamp()
	twice.Plans = map[string]PlanState{"go": {}, " go": {}}
	if _, err := set.Select(twice, lampNow, 10); !IsCode(err, ErrInvalidDevice) {
		t.Fatalf("two names of one plan: %v", err)
	}
	bad := lamp()
	bad.Plans = map[string]PlanState{"go": {State: "asleep"}}
	if _, err := set.Select(bad, lampNow, 10); !IsCode(err, ErrInvalidDevice) {
		t.Fatalf("a bad state: %v", err)
	}
	if _, err := set.Select(nil, lampNow, 10); !IsCode(err, ErrNull) {
		t.Fatalf("a nil device: %v", err)
	}
	if _, err := set.Select(lamp(), lampNow, 7); !IsCode(err, ErrArgument) {
		t.Fatalf("tick 7: %v", err)
	}
	if _, err := set.ParseDevice([]byte(`{"id": "d", "product": "lamp-1", "state": "failed"}`)); !IsCode(err, ErrInvalidDevice) {
		t.Fatalf("a top-level state in a set's device: %v", err)
	}
	set.Close()
	if _, err := set.Select(lamp(), lampNow, 10); !IsCode(err, ErrClosed) {
		t.Fatalf("a closed set: %v", err)
	}
	var none *PlanSet
	if _, err := none.Select(lamp(), lampNow, 10); !IsCode(err, ErrNull) {
		t.Fatalf("a nil set: %v", err)
	}
}
