package otaplan

/*
#include <stdlib.h>
#include "otaplan.h"
#include "otaplan_json.h"
*/
import "C"

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// PlanState is a device's state in one plan of a set (SPEC 14.2), with
// the rules of Device's fields of the same names.
type PlanState struct {
	State            string // "" is idle
	StateAt          time.Time
	AppointmentStart time.Time
	AppointmentEnd   time.Time
	FailedAttempts   int32
}

// Candidate is another plan that targets the device (SPEC 14.3): its
// eligibility reason and, when it is live but outranked, the governing
// plan's name.
type Candidate struct {
	Plan        string
	Reason      string
	OutrankedBy string
}

// Selection says which plan of a set governs a device, and its answer
// (SPEC 14.3).  Plan is "" when none does: then Eligibility.Reason is
// "no_plan" and the push never/no_plan.
type Selection struct {
	Plan        string
	Eligibility Eligibility
	Push        Push
	Others      []Candidate
}

// PlanSet is all the plans a platform runs (SPEC 14), immutable and safe
// for concurrent use; Close as CompiledPlan's.
type PlanSet struct {
	mu         sync.RWMutex
	set        *C.ota_json_set // owns its compiled plans and the ota_plan_set
	compiled   *C.ota_plan_set
	names      []string
	components [][]string
	// Warnings holds the set's and its plans' warnings.
	Warnings []Diagnostic
}

// CompileSet reads and compiles plans (SPEC 3 JSON texts) as a set; their
// order gives them their indexes (the paths "plans[i]").  A text that is
// no JSON object is an *Error naming plans[i]; an invalid set an *Error
// with Code ErrInvalidPlan and every diagnostic (SPEC 14.4).
func CompileSet(plans [][]byte) (*PlanSet, error) {
	if len(plans) == 0 || len(plans) > C.OTA_MAX_SET_PLANS {
		return nil, &Error{Code: ErrArgument, Message: fmt.Sprintf("a plan set holds 1 to %d plans, not %d",
			C.OTA_MAX_SET_PLANS, len(plans))}
	}
	var set *C.ota_json_set
	if status := C.ota_json_set_new(&set); status != C.OTA_OK {
		return nil, statusError(status, "plan set")
	}
	for i, plan := range plans {
		if len(plan) == 0 {
			C.ota_json_set_free(set)
			return nil, &Error{Code: ErrArgument, Message: fmt.Sprintf("plans[%d]: empty JSON text", i)}
		}
		text := C.CBytes(plan)
		var jerr C.ota_json_error
		C.ota_json_error_init(&jerr, C.OTA_JSON_ERROR_VERSION)
		status := C.ota_json_set_add(set, (*C.char)(text), C.size_t(len(plan)), &jerr)
		C.free(text)
		if status != C.OTA_OK {
			C.ota_json_set_free(set)
			if status != C.OTA_ERR_ARGUMENT {
				return nil, statusError(status, fmt.Sprintf("plans[%d]", i))
			}
			return nil, &Error{Code: int(status), Message: fmt.Sprintf("plans[%d]: line %d, column %d: %s", i,
				int(jerr.line), int(jerr.column), C.GoString(&jerr.text[0]))}
		}
	}
	var diagnostics *C.ota_diagnostics
	status := C.ota_json_set_compile(set, nil, &diagnostics)
	found := diagnosticsOf(diagnostics)
	C.ota_diagnostics_free(diagnostics)
	if status != C.OTA_OK {
		C.ota_json_set_free(set)
		return nil, refusal(status, "plan set", found)
	}
	s := &PlanSet{set: set, compiled: C.ota_json_set_get(set), Warnings: found}
	count := int(C.ota_plan_set_count(s.compiled))
	for i := 0; i < count; i++ {
		plan := C.ota_plan_set_plan(s.compiled, C.uint32_t(i))
		s.names = append(s.names, C.GoString(C.ota_compiled_plan_name(plan)))
		var ids []string
		for k := 0; ; k++ {
			id := C.ota_compiled_plan_component_id(plan, C.uint32_t(k))
			if id == nil {
				break
			}
			ids = append(ids, C.GoString(id))
		}
		s.components = append(s.components, ids)
	}
	runtime.SetFinalizer(s, (*PlanSet).Close)
	return s, nil
}

// Names are the plans' names (trimmed), by index.
func (s *PlanSet) Names() []string { return append([]string(nil), s.names...) }

// Close frees the set once the calls in flight have returned; later calls
// return an *Error with Code ErrClosed.  Closing twice is no error.
func (s *PlanSet) Close() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.set != nil {
		C.ota_json_set_free(s.set)
		s.set, s.compiled = nil, nil
		runtime.SetFinalizer(s, nil)
	}
	return nil
}

var errSetClosed = &Error{Code: ErrClosed, Message: "the plan set is closed"}

func (s *PlanSet) begin() error {
	if s == nil {
		return &Error{Code: ErrNull, Message: "a nil plan set"}
	}
	s.mu.RLock()
	if s.set == nil {
		s.mu.RUnlock()
		return errSetClosed
	}
	return nil
}

// ParseDevice reads a device of the set (SPEC 14.2: its state per plan
// under "plans") with the otaplan program's reader; names not in the set
// are dropped, as the program drops them.
func (s *PlanSet) ParseDevice(deviceJSON []byte) (*Device, error) {
	if err := s.begin(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	reader := C.ota_json_device_reader_new()
	if reader == nil {
		return nil, statusError(C.OTA_ERR_NOMEM, "device")
	}
	defer C.ota_json_device_reader_free(reader)
	text := C.CBytes(deviceJSON)
	defer C.free(text)
	var device *C.ota_set_device
	var jerr C.ota_json_error
	C.ota_json_error_init(&jerr, C.OTA_JSON_ERROR_VERSION)
	status := C.ota_json_set_device_read(reader, s.compiled, (*C.char)(text), C.size_t(len(deviceJSON)), &device, &jerr)
	if status != C.OTA_OK {
		return nil, &Error{Code: int(status), Message: C.GoString(&jerr.text[0])}
	}
	d := deviceOf(device.device)
	if device.state_count > 0 {
		d.Plans = map[string]PlanState{}
		for _, st := range unsafe.Slice(device.states, int(device.state_count)) {
			d.Plans[s.names[st.plan]] = PlanState{State: C.GoString(C.ota_json_device_state_name(st.state)),
				StateAt: timeOf(st.state_at), AppointmentStart: timeOf(st.appointment_start),
				AppointmentEnd: timeOf(st.appointment_end), FailedAttempts: int32(st.failed_attempts)}
		}
	}
	return d, nil
}

// Select says which plan of the set governs the device at now, and its
// answer (SPEC 14.3), on ticks of `tick` minutes.  The device has no state
// of its own in a set (its State, StateAt, appointment and FailedAttempts
// must be zero) but one per plan in Plans; names not in the set are
// ignored.
func (s *PlanSet) Select(d *Device, now time.Time, tick int) (Selection, error) {
	var answer Selection
	at, err := checkNow(now)
	if err != nil {
		return answer, err
	}
	o, err := options(tick)
	if err != nil {
		return answer, err
	}
	if d != nil && ((d.State != "" && d.State != "idle") || !d.StateAt.IsZero() || !d.AppointmentStart.IsZero() ||
		!d.AppointmentEnd.IsZero() || d.FailedAttempts != 0) {
		return answer, &Error{Code: ErrInvalidDevice, Message: "state: a device of a plan set has its state " +
			"per plan (Device.Plans, \"plans\" in JSON), not its own"}
	}
	if err := s.begin(); err != nil {
		return answer, err
	}
	defer s.mu.RUnlock()
	c := devicePool.Get().(*cDevice)
	defer devicePool.Put(c)
	device, err := c.fill(d)
	if err != nil {
		return answer, err
	}
	states, count, err := s.states(d.Plans)
	if err != nil {
		return answer, err
	}
	defer C.free(unsafe.Pointer(states))
	var setDevice C.ota_set_device
	C.ota_set_device_init(&setDevice, C.OTA_SET_DEVICE_VERSION)
	setDevice.device, setDevice.states, setDevice.state_count = device, states, C.uint32_t(count)
	options := &c.answers().options
	*options = o
	// Room for 16 other candidates first, for all the plans when more target the device.
	for capacity := 16; ; capacity = len(s.names) {
		answer, done, err := s.selectOnce(&setDevice, at, options, capacity)
		if err != nil || done {
			return answer, err
		}
	}
}

// selectOnce runs the selection with room for `capacity` other
// candidates; done is false when they did not all fit.
func (s *PlanSet) selectOnce(device *C.ota_set_device, at C.int64_t, options *C.ota_eval_options,
	capacity int) (answer Selection, done bool, err error) {
	others := (*C.ota_candidate)(C.malloc(C.size_t(capacity) * C.size_t(unsafe.Sizeof(C.ota_candidate{}))))
	result := (*C.ota_selection)(C.malloc(C.size_t(unsafe.Sizeof(C.ota_selection{}))))
	defer C.free(unsafe.Pointer(others))
	defer C.free(unsafe.Pointer(result))
	if others == nil || result == nil {
		return answer, true, statusError(C.OTA_ERR_NOMEM, "select")
	}
	C.ota_selection_init(result, C.OTA_SELECTION_VERSION)
	result.others, result.other_capacity = others, C.uint32_t(capacity)
	if status := C.ota_plan_set_select(s.compiled, device, at, options, result); status != C.OTA_OK {
		return answer, true, deviceOrStatus(status, device.device)
	}
	if int(result.other_count) == capacity && capacity < len(s.names) {
		return answer, false, nil
	}
	return s.selection(result), true, nil
}

func (s *PlanSet) selection(r *C.ota_selection) Selection {
	answer := Selection{Push: pushOf(&r.push)}
	if r.plan < 0 {
		answer.Eligibility = Eligibility{Reason: nameOf(reasonNames, r.eligibility.reason),
			Kind: kinds[r.eligibility.kind], Components: []ComponentAnswer{}}
	} else {
		answer.Plan = s.names[r.plan]
		answer.Eligibility = eligibilityOf(&r.eligibility, s.components[r.plan])
	}
	answer.Others = make([]Candidate, int(r.other_count))
	for i, c := range unsafe.Slice(r.others, int(r.other_count)) {
		answer.Others[i] = Candidate{Plan: s.names[c.plan], Reason: nameOf(reasonNames, c.reason)}
		if c.outranked_by >= 0 {
			answer.Others[i].OutrankedBy = s.names[c.outranked_by]
		}
	}
	return answer
}

// states is a device's Plans as the C array, sorted by plan index (C
// memory, freed by the caller; nil for none), and its length.
func (s *PlanSet) states(plans map[string]PlanState) (*C.ota_plan_state, int, error) {
	type entry struct {
		index uint32
		name  string
		state PlanState
	}
	var found []entry
	for name, state := range plans {
		if strings.IndexByte(name, 0) >= 0 {
			continue // no plan has such a name
		}
		text := C.CString(name)
		var index C.uint32_t
		status := C.ota_plan_set_find(s.compiled, text, &index)
		C.free(unsafe.Pointer(text))
		if status == C.OTA_OK {
			found = append(found, entry{uint32(index), name, state})
		} else if status != C.OTA_NO_MORE {
			return nil, 0, statusError(status, "plans")
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].index < found[j].index })
	for i := 1; i < len(found); i++ {
		if found[i].index == found[i-1].index {
			return nil, 0, &Error{Code: ErrInvalidDevice, Message: fmt.Sprintf("plans: %q and %q name one plan",
				found[i-1].name, found[i].name)}
		}
	}
	if len(found) == 0 {
		return nil, 0, nil
	}
	states := (*C.ota_plan_state)(C.malloc(C.size_t(len(found)) * C.size_t(unsafe.Sizeof(C.ota_plan_state{}))))
	if states == nil {
		return nil, 0, statusError(C.OTA_ERR_NOMEM, "plans")
	}
	slots := unsafe.Slice(states, len(found))
	for i := range slots {
		state, ok := C.int32_t(C.OTA_DEVICE_IDLE), true
		if found[i].state.State != "" {
			state, ok = stateNumbers[found[i].state.State]
		}
		if !ok {
			C.free(unsafe.Pointer(states))
			return nil, 0, &Error{Code: ErrInvalidDevice, Message: fmt.Sprintf("plans[%q].state must be one of %s, not %s",
				found[i].name, stateList, found[i].state.State)}
		}
		slots[i] = C.ota_plan_state{plan: C.uint32_t(found[i].index), state: state,
			state_at: instant(found[i].state.StateAt), appointment_start: instant(found[i].state.AppointmentStart),
			appointment_end: instant(found[i].state.AppointmentEnd), failed_attempts: C.int32_t(found[i].state.FailedAttempts)}
	}
	return states, len(found), nil
}
