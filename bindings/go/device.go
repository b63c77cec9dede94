package otaplan

/*
#include <stdlib.h>
#include <string.h>
#include "otaplan.h"
#include "otaplan_json.h"
*/
import "C"

import (
	"runtime"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// Version is one component's installed version, as the device reports it.
type Version struct {
	Component string
	Version   string
}

// Device is a device as a plan sees it (SPEC 4).  A nil Signal or Battery
// is not reported; a zero StateAt or appointment instant is absent; an
// empty State is "idle".
type Device struct {
	ID               string
	Product          string
	Versions         []Version
	Signal           *int32
	Battery          *int32
	AutoUpdate       bool
	State            string // idle, refused, user_confirmed, upgrading, succeeded, failed
	StateAt          time.Time
	AppointmentStart time.Time
	AppointmentEnd   time.Time
	FailedAttempts   int32
	// Plans is the device's state per plan of a set (SPEC 14.2), by the
	// plan's name, for PlanSet.Select; a single plan reads only the fields
	// above.
	Plans map[string]PlanState
}

// Int32 is a pointer to v, for Device.Signal and Device.Battery.
func Int32(v int32) *int32 { return &v }

// SPEC 4's state names (the JSON library's) to their numbers, and listed
// in order for a message.
var stateNumbers, stateList = func() (map[string]C.int32_t, string) {
	states, names := map[string]C.int32_t{}, []string{}
	for i := C.int32_t(0); ; i++ {
		name := C.ota_json_device_state_name(i)
		if name == nil {
			return states, strings.Join(names, ", ")
		}
		states[C.GoString(name)] = i
		names = append(names, C.GoString(name))
	}
}()

// ParseDevice reads a device line (SPEC 4's JSON) with the reader of the
// otaplan program, so it refuses what `otaplan evaluate` refuses, with the
// same message.
func ParseDevice(deviceJSON []byte) (*Device, error) {
	reader := C.ota_json_device_reader_new()
	if reader == nil {
		return nil, statusError(C.OTA_ERR_NOMEM, "device")
	}
	defer C.ota_json_device_reader_free(reader)
	text := C.CBytes(deviceJSON)
	defer C.free(text)
	var device *C.ota_device
	var jerr C.ota_json_error
	C.ota_json_error_init(&jerr, C.OTA_JSON_ERROR_VERSION)
	status := C.ota_json_device_read(reader, (*C.char)(text), C.size_t(len(deviceJSON)), &device, &jerr)
	if status != C.OTA_OK {
		return nil, &Error{Code: int(status), Message: C.GoString(&jerr.text[0])}
	}
	return deviceOf(device), nil
}

// deviceOf is a copy of a C device.
func deviceOf(device *C.ota_device) *Device {
	d := &Device{ID: C.GoString(device.id), Product: C.GoString(device.product),
		AutoUpdate: device.auto_update != 0, FailedAttempts: int32(device.failed_attempts),
		State:   C.GoString(C.ota_json_device_state_name(device.state)),
		StateAt: timeOf(device.state_at), AppointmentStart: timeOf(device.appointment_start),
		AppointmentEnd: timeOf(device.appointment_end)}
	if device.signal != C.OTA_UNSET {
		d.Signal = Int32(int32(device.signal))
	}
	if device.battery != C.OTA_UNSET {
		d.Battery = Int32(int32(device.battery))
	}
	versions := unsafe.Slice(device.versions, int(device.version_count))
	for _, v := range versions {
		d.Versions = append(d.Versions, Version{C.GoString(v.component_id), C.GoString(v.version)})
	}
	return d
}

func timeOf(t C.int64_t) time.Time {
	if t == C.OTA_NO_INSTANT {
		return time.Time{}
	}
	return time.Unix(int64(t), 0).UTC()
}

// instant is t in whole seconds, rounded up: an instant is never moved
// earlier (SPEC 2).  The zero time is absent.
func instant(t time.Time) C.int64_t {
	if t.IsZero() {
		return C.OTA_NO_INSTANT
	}
	seconds := t.Unix()
	if t.Nanosecond() > 0 {
		seconds++
	}
	return C.int64_t(seconds)
}

// cDevice is a device's C form: the struct, its versions and its strings
// in one block of C memory (cgo may not hand C a Go pointer to pointers).
// Blocks are pooled, so a call allocates nothing once warm.
type cDevice struct {
	block    unsafe.Pointer
	capacity uintptr
}

// A block the pool drops is freed by its finalizer.
var devicePool = sync.Pool{New: func() any {
	c := new(cDevice)
	runtime.SetFinalizer(c, func(c *cDevice) { C.free(c.block) })
	return c
}}

// The block: the call's answers (C memory, so that no Go pointer goes to
// C and the answers need no Go allocation), then the device, its versions
// and its strings.
type scratch struct {
	eligibility C.ota_eligibility
	push        C.ota_push_result
	options     C.ota_eval_options
}

const (
	scratchSize = (unsafe.Sizeof(scratch{}) + 15) &^ 15
	deviceSize  = unsafe.Sizeof(C.ota_device{})
	versionSize = unsafe.Sizeof(C.ota_device_version{})
)

// answers is the block's room for the call's answers.
func (c *cDevice) answers() *scratch { return (*scratch)(c.block) }

// fill writes d into the block; an *Error when a string holds a NUL byte
// (C would read a shorter one) or the state is not SPEC 4's.
func (c *cDevice) fill(d *Device) (*C.ota_device, error) {
	if d == nil {
		return nil, &Error{Code: ErrNull, Message: "a nil device"}
	}
	state, ok := C.int32_t(C.OTA_DEVICE_IDLE), true
	if d.State != "" {
		state, ok = stateNumbers[d.State]
	}
	if !ok {
		return nil, &Error{Code: ErrInvalidDevice, Message: "state must be one of " + stateList + ", not " + d.State}
	}
	need := scratchSize + deviceSize + uintptr(len(d.Versions))*versionSize + uintptr(len(d.ID)+len(d.Product)+2)
	for _, v := range d.Versions {
		need += uintptr(len(v.Component) + len(v.Version) + 2)
	}
	if need > c.capacity {
		C.free(c.block)
		c.block = C.malloc(C.size_t(need))
		if c.block == nil {
			c.capacity = 0
			return nil, statusError(C.OTA_ERR_NOMEM, "device")
		}
		c.capacity = need
	}
	device := (*C.ota_device)(unsafe.Add(c.block, scratchSize))
	*device = deviceDefaults
	versions := unsafe.Add(unsafe.Pointer(device), deviceSize)
	bytes := unsafe.Add(versions, uintptr(len(d.Versions))*versionSize)
	if device.id, bytes, ok = putText(bytes, d.ID); !ok {
		return nil, nulError("id")
	}
	if device.product, bytes, ok = putText(bytes, d.Product); !ok {
		return nil, nulError("product")
	}
	if len(d.Versions) > 0 {
		slots := unsafe.Slice((*C.ota_device_version)(versions), len(d.Versions))
		for i, v := range d.Versions {
			if slots[i].component_id, bytes, ok = putText(bytes, v.Component); !ok {
				return nil, nulError("versions")
			}
			if slots[i].version, bytes, ok = putText(bytes, v.Version); !ok {
				return nil, nulError("versions[\"" + v.Component + "\"]")
			}
		}
		device.versions = (*C.ota_device_version)(versions)
		device.version_count = C.uint32_t(len(d.Versions))
	}
	if d.Signal != nil {
		device.signal = C.int32_t(*d.Signal)
	}
	if d.Battery != nil {
		device.battery = C.int32_t(*d.Battery)
	}
	if d.AutoUpdate {
		device.auto_update = 1
	}
	device.state = state
	device.state_at = instant(d.StateAt)
	device.appointment_start = instant(d.AppointmentStart)
	device.appointment_end = instant(d.AppointmentEnd)
	device.failed_attempts = C.int32_t(d.FailedAttempts)
	return device, nil
}

// putText copies s and a NUL to `at`: the C string and where the next
// goes; false when s holds a NUL (C would read a shorter string).
func putText(at unsafe.Pointer, s string) (*C.char, unsafe.Pointer, bool) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, at, false
	}
	copy(unsafe.Slice((*byte)(at), len(s)), s)
	*(*byte)(unsafe.Add(at, len(s))) = 0
	return (*C.char)(at), unsafe.Add(at, len(s)+1), true
}

func nulError(field string) error {
	return &Error{Code: ErrInvalidDevice, Message: field + " holds a NUL byte"}
}

// deviceError is the refusal of a device an evaluation returned.
func deviceError(status C.int32_t, device *C.ota_device) error {
	var why *C.char
	if C.ota_device_check(device, &why) != C.OTA_OK && why != nil {
		return &Error{Code: int(status), Message: C.GoString(why)}
	}
	return statusError(status, "")
}
