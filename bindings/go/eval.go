package otaplan

/*
#include <stdlib.h>
#include "otaplan.h"
#include "otaplan_json.h"
*/
import "C"

import (
	"encoding/json"
	"strconv"
	"time"
	"unsafe"
)

// ComponentAnswer says whether one component of the plan applies to the
// device (SPEC 5), and if not, why.
type ComponentAnswer struct {
	ID      string
	Applies bool
	Reason  string // "" when it applies
}

// Eligibility is SPEC 5's answer: Reason "ok" when Eligible; Kind is
// "final", "wait" or "device-side" for another reason.
type Eligibility struct {
	Eligible   bool
	Reason     string
	Kind       string
	Components []ComponentAnswer
}

// Push is SPEC 6's answer: Status "push_at" (with At), "await_user_confirm",
// "await_device_request" or "never" (with Reason).
type Push struct {
	Status string
	At     time.Time
	Reason string
}

var kinds = [...]string{C.OTA_KIND_NONE: "", C.OTA_KIND_FINAL: "final", C.OTA_KIND_WAIT: "wait",
	C.OTA_KIND_DEVICE_SIDE: "device-side"}

func checkNow(now time.Time) (C.int64_t, error) {
	if now.IsZero() {
		return 0, &Error{Code: ErrRange, Message: "now: the zero time"}
	}
	return instant(now), nil
}

// Eligible says whether the plan may upgrade the device at now.
func (p *CompiledPlan) Eligible(d *Device, now time.Time) (Eligibility, error) {
	var answer Eligibility
	at, err := checkNow(now)
	if err != nil {
		return answer, err
	}
	plan, device, c, err := p.begin(d)
	if err != nil {
		return answer, err
	}
	defer p.end(c)
	result := &c.answers().eligibility
	result.version = C.OTA_ELIGIBILITY_VERSION
	if status := C.ota_device_eligible(plan, device, at, result); status != C.OTA_OK {
		return answer, deviceOrStatus(status, device)
	}
	return p.eligibility(result), nil
}

func deviceOrStatus(status C.int32_t, device *C.ota_device) error {
	if status == C.OTA_ERR_INVALID_DEVICE || status == C.OTA_ERR_RANGE {
		if err := deviceError(status, device); IsCode(err, int(status)) {
			return err
		}
	}
	return statusError(status, "")
}

func (p *CompiledPlan) eligibility(r *C.ota_eligibility) Eligibility {
	return eligibilityOf(r, p.components)
}

// eligibilityOf is the answer in r of a plan whose components are these.
func eligibilityOf(r *C.ota_eligibility, components []string) Eligibility {
	reason := nameOf(reasonNames, r.reason)
	answer := Eligibility{Eligible: r.reason == C.OTA_REASON_OK, Reason: reason, Kind: kinds[r.kind],
		Components: make([]ComponentAnswer, min(int(r.component_count), len(components)))}
	for i := range answer.Components {
		c := r.components[i]
		answer.Components[i] = ComponentAnswer{ID: components[i], Applies: c.applies != 0}
		if c.applies == 0 {
			answer.Components[i].Reason = nameOf(reasonNames, c.reason)
		}
	}
	return answer
}

func options(tick int) (C.ota_eval_options, error) {
	o := optionDefaults
	if tick < 0 || tick >= len(allowedTicks) || !allowedTicks[tick] {
		return o, &Error{Code: ErrArgument, Message: "tick: not a tick length (0-6, 10, 12, 15, 20, 30 or 60 minutes)"}
	}
	o.tick_minutes = C.int32_t(tick)
	return o, nil
}

// NextPush says when the platform next pushes the plan to the device
// (SPEC 6), on ticks of `tick` minutes (10 by default on the platform).
func (p *CompiledPlan) NextPush(d *Device, now time.Time, tick int) (Push, error) {
	var push Push
	at, err := checkNow(now)
	if err != nil {
		return push, err
	}
	o, err := options(tick)
	if err != nil {
		return push, err
	}
	plan, device, c, err := p.begin(d)
	if err != nil {
		return push, err
	}
	defer p.end(c)
	result, options := &c.answers().push, &c.answers().options
	result.version = C.OTA_PUSH_RESULT_VERSION
	*options = o
	if status := C.ota_next_push_time(plan, device, at, options, result); status != C.OTA_OK {
		return push, deviceOrStatus(status, device)
	}
	return pushOf(result), nil
}

func pushOf(result *C.ota_push_result) Push {
	push := Push{Status: nameOf(pushStatusNames, result.status)}
	if result.status == C.OTA_PUSH_AT {
		push.At = time.Unix(int64(result.at), 0).UTC()
	}
	if result.status == C.OTA_PUSH_NEVER {
		push.Reason = nameOf(reasonNames, result.reason)
	}
	return push
}

// Explain is the whole decision as the JSON document `otaplan explain
// --json` prints (doc/rules.md 9).
func (p *CompiledPlan) Explain(d *Device, now time.Time, tick int) (json.RawMessage, error) {
	at, err := checkNow(now)
	if err != nil {
		return nil, err
	}
	o, err := options(tick)
	if err != nil {
		return nil, err
	}
	plan, device, c, err := p.begin(d)
	if err != nil {
		return nil, err
	}
	defer p.end(c)
	options := &c.answers().options
	*options = o
	var result C.ota_explanation
	C.ota_explanation_init(&result, C.OTA_EXPLANATION_VERSION)
	if status := C.ota_device_explain(plan, device, at, options, &result); status != C.OTA_OK {
		return nil, deviceOrStatus(status, device)
	}
	var buffer C.ota_json_buffer
	C.ota_json_buffer_init(&buffer, C.OTA_JSON_BUFFER_VERSION)
	defer C.ota_json_buffer_free(&buffer)
	C.ota_json_put_explanation(&buffer, C.ota_json_plan_get(p.source), device, &result)
	if buffer.failed != 0 || buffer.data == nil {
		return nil, statusError(C.OTA_ERR_NOMEM, "explain")
	}
	return C.GoBytes(unsafe.Pointer(buffer.data), C.int(buffer.length)), nil
}

// EligibleMany is Eligible for each device, in order; the first device
// refused stops it, and its index is in the error's message.
func (p *CompiledPlan) EligibleMany(devices []*Device, now time.Time) ([]Eligibility, error) {
	answers := make([]Eligibility, len(devices))
	for i, d := range devices {
		var err error
		if answers[i], err = p.Eligible(d, now); err != nil {
			return answers[:i], indexed(err, i)
		}
	}
	return answers, nil
}

// NextPushMany is NextPush for each device, in order, as EligibleMany.
func (p *CompiledPlan) NextPushMany(devices []*Device, now time.Time, tick int) ([]Push, error) {
	pushes := make([]Push, len(devices))
	for i, d := range devices {
		var err error
		if pushes[i], err = p.NextPush(d, now, tick); err != nil {
			return pushes[:i], indexed(err, i)
		}
	}
	return pushes, nil
}

func indexed(err error, i int) error {
	if e, ok := err.(*Error); ok {
		copy := *e
		copy.Message = "devices[" + strconv.Itoa(i) + "]: " + e.Message
		return &copy
	}
	return err
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

// Window is a half-open interval [Start, End) in which a plan pushes.
type Window struct {
	Start, End time.Time
}

// Windows are the intervals in [from, to) in which the plan pushes (its
// governing window on the days it opens, outside blackouts: SPEC 11.3,
// 11.4), in order; none for a silent plan without active push.
func (p *CompiledPlan) Windows(from, to time.Time) ([]Window, error) {
	start, err := checkNow(from)
	if err != nil {
		return nil, err
	}
	end, err := checkNow(to)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, &Error{Code: ErrNull, Message: "a nil compiled plan"}
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.compiled == nil {
		return nil, errClosed
	}
	var out []Window
	for at := start; ; {
		var interval C.ota_interval
		C.ota_interval_init(&interval, C.OTA_INTERVAL_VERSION)
		status := C.ota_compiled_plan_next_window(p.compiled, at, end, &interval)
		if status == C.OTA_NO_MORE {
			return out, nil
		}
		if status != C.OTA_OK {
			return out, statusError(status, "windows")
		}
		out = append(out, Window{time.Unix(int64(interval.start), 0).UTC(), time.Unix(int64(interval.end), 0).UTC()})
		if interval.end <= at {
			return out, nil // each interval ends after `at`: never loops
		}
		at = interval.end
	}
}
