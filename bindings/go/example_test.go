package otaplan_test

import (
	"fmt"
	"os"
	"time"

	"otaplan.example/otaplan"
)

// README.md shows this function's body ("From Go"); TestReadmeShowsTheExample checks it.
func Example() {
	plan, err := otaplan.Compile([]byte(`{"name": "night", "product": "lamp-1", "timezone": "Asia/Shanghai",
  "start": "2026-01-01T00:00", "end": "2026-12-31T00:00", "state": "active", "mode": "silent",
  "push_window": {"start_hour": 0, "end_hour": 2},
  "components": [{"type": "module", "id": "wifi", "method": "full", "target_version": "2.0"}]}`))
	if err != nil {
		fmt.Fprintln(os.Stderr, err) // an *otaplan.Error with .Diagnostics
		return
	}
	defer plan.Close()
	lamp := &otaplan.Device{ID: "lamp-7", Product: "lamp-1", Versions: []otaplan.Version{{"wifi", "1.0"}}}
	now := time.Date(2026, 3, 1, 18, 30, 0, 0, time.UTC)
	e, _ := plan.Eligible(lamp, now)
	push, _ := plan.NextPush(lamp, now, 10)
	fmt.Println(e.Reason, push.Status, push.At)
	// Output: ok push_at 2026-03-02 16:00:00 +0000 UTC
}
