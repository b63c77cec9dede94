package otaplan

import (
	"testing"
	"time"
)

// The binding's call against the C call alone, on the same plan and
// device: go test -bench . -benchtime 1000000x.  BenchmarkEligibleC loops
// in C; the ratio of the two is the binding's overhead (issue 31: <= 3x).
func BenchmarkEligible(b *testing.B) {
	plan, err := Compile([]byte(benchPlan))
	if err != nil {
		b.Fatal(err)
	}
	defer plan.Close()
	d := benchDevice()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := plan.Eligible(d, benchNow); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNextPush(b *testing.B) {
	plan, _ := Compile([]byte(benchPlan))
	defer plan.Close()
	d := benchDevice()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := plan.NextPush(d, benchNow, 10); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEligibleC(b *testing.B) {
	plan, _ := Compile([]byte(benchPlan))
	defer plan.Close()
	elapsed, err := plan.eligibleInC(benchDevice(), benchNow, b.N)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N), "C-ns/op")
}

// The cgo crossing alone: the C call from Go on a device already in C.
func BenchmarkEligibleCrossing(b *testing.B) {
	plan, _ := Compile([]byte(benchPlan))
	defer plan.Close()
	elapsed, err := plan.eligibleCrossing(benchDevice(), benchNow, b.N)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N), "crossing-ns/op")
}

// bench/bench_python.py's plan and device.
const benchPlan = `{"name": "bench", "product": "smart-lock_v2", "timezone": "Asia/Shanghai",
 "start": "2026-12-01T00:00", "end": "2027-03-01T00:00", "state": "active", "mode": "silent",
 "active_push": true, "push_window": {"start_hour": 0, "end_hour": 2}, "strategy": {"min_battery": 30},
 "blacklist": ["lock-0013", "lock-0042"],
 "components": [{"type": "module", "id": "wifi-fw", "method": "delta", "source_version": "2.3.1",
   "target_version": "2.4.0"}, {"type": "mcu", "id": "mcu.ctrl", "method": "full", "target_version": "1.8"}]}`

var benchNow = time.Unix(1796236200, 0)

func benchDevice() *Device {
	return &Device{ID: "lock-0000007", Product: "smart-lock_v2",
		Versions: []Version{{"wifi-fw", "2.3.1"}, {"mcu.ctrl", "1.7"}}, Signal: Int32(-70), Battery: Int32(57)}
}
