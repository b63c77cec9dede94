// Package otaplan decides OTA firmware-upgrade plans for IoT fleets: it
// binds libotaplan and libotaplan-json (found through pkg-config) for Go.
//
// A CompiledPlan is immutable and safe for concurrent use by goroutines;
// Close frees it once the calls in flight have returned (a finalizer frees
// a plan that was never closed).  Errors are *Error values carrying the
// library's status code and, for an invalid plan, its diagnostics.
package otaplan

/*
#cgo pkg-config: otaplan otaplan-json
#include <stdlib.h>
#include "otaplan.h"
#include "otaplan_json.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"unsafe"
)

// Status codes of the library (OTA_ERR_*), as Error.Code carries them.
const (
	ErrNull          = -1
	ErrNoMemory      = -2
	ErrInvalidPlan   = -3
	ErrInvalidDevice = -4
	ErrRange         = -5
	ErrArgument      = -7
	ErrClosed        = -100 // the binding's own: a call on a closed plan
)

// Diagnostic is one problem of a plan (SPEC 7).
type Diagnostic struct {
	Severity string // "error" or "warning"
	Code     string // e.g. "timezone_invalid"
	Path     string // e.g. "components[1].target_version"; "" for the plan
	Message  string
}

// Error is a refusal of the library: Code is its status (ErrInvalidPlan,
// ErrInvalidDevice, ...), Message the sentence that says why.
type Error struct {
	Code        int
	Message     string
	Diagnostics []Diagnostic // an invalid plan's
}

func (e *Error) Error() string { return e.Message }

func statusError(status C.int32_t, what string) error {
	message := C.GoString(C.ota_strerror(status))
	if what != "" {
		message = what + ": " + message
	}
	return &Error{Code: int(status), Message: message}
}

// CompiledPlan is a plan ready to answer for devices.
type CompiledPlan struct {
	mu         sync.RWMutex
	compiled   *C.ota_compiled_plan
	source     *C.ota_json_plan // for Explain's texts
	components []string
	// Diagnostics holds the warnings of a plan that compiled.
	Diagnostics []Diagnostic
}

// Compile reads a plan's JSON (SPEC 3) and compiles it.  An invalid plan
// is an *Error with Code ErrInvalidPlan and every diagnostic.
func Compile(planJSON []byte) (*CompiledPlan, error) {
	if len(planJSON) == 0 {
		return nil, &Error{Code: ErrArgument, Message: "plan: empty JSON text"}
	}
	text := C.CBytes(planJSON)
	defer C.free(text)
	var plan *C.ota_json_plan
	var jerr C.ota_json_error
	C.ota_json_error_init(&jerr, C.OTA_JSON_ERROR_VERSION)
	if status := C.ota_json_plan_read((*C.char)(text), C.size_t(len(planJSON)), &plan, &jerr); status != C.OTA_OK {
		if status == C.OTA_ERR_NOMEM {
			return nil, statusError(status, "plan")
		}
		return nil, &Error{Code: int(status), Message: fmt.Sprintf("plan JSON, line %d, column %d: %s",
			int(jerr.line), int(jerr.column), C.GoString(&jerr.text[0]))}
	}
	var compiled *C.ota_compiled_plan
	var diagnostics *C.ota_diagnostics
	status := C.ota_json_plan_compile(plan, nil, &compiled, &diagnostics)
	found := diagnosticsOf(diagnostics)
	C.ota_diagnostics_free(diagnostics)
	if status != C.OTA_OK {
		C.ota_json_plan_free(plan)
		return nil, refusal(status, "plan", found)
	}
	p := &CompiledPlan{compiled: compiled, source: plan, Diagnostics: found}
	for i := 0; ; i++ {
		id := C.ota_compiled_plan_component_id(compiled, C.uint32_t(i))
		if id == nil {
			break
		}
		p.components = append(p.components, C.GoString(id))
	}
	runtime.SetFinalizer(p, (*CompiledPlan).Close)
	return p, nil
}

// refusal is the error of a compile that failed: its first error in the
// message, every diagnostic attached.
func refusal(status C.int32_t, what string, found []Diagnostic) error {
	e := statusError(status, what).(*Error)
	e.Diagnostics = found
	for _, d := range found {
		if d.Severity == "error" {
			e.Message = fmt.Sprintf("invalid %s: %s: %s [%s]", what, d.Path, d.Message, d.Code)
			break
		}
	}
	return e
}

func diagnosticsOf(list *C.ota_diagnostics) []Diagnostic {
	var out []Diagnostic
	count := C.ota_diagnostics_count(list)
	for i := C.uint32_t(0); i < count; i++ {
		var d C.ota_diagnostic
		C.ota_diagnostic_init(&d, C.OTA_DIAGNOSTIC_VERSION)
		if C.ota_diagnostics_get(list, i, &d) != C.OTA_OK {
			continue
		}
		severity := "warning"
		if d.severity == C.OTA_SEVERITY_ERROR {
			severity = "error"
		}
		out = append(out, Diagnostic{Severity: severity, Code: C.GoString(C.ota_code_name(d.code)),
			Path: C.GoString(d.path), Message: C.GoString(d.message)})
	}
	return out
}

// Close frees the plan, once the calls in flight have returned; later
// calls return an *Error with Code ErrClosed.  Closing twice is no error.
func (p *CompiledPlan) Close() error {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.compiled != nil {
		C.ota_compiled_plan_free(p.compiled)
		C.ota_json_plan_free(p.source)
		p.compiled, p.source = nil, nil
		runtime.SetFinalizer(p, nil)
	}
	return nil
}

var errClosed = &Error{Code: ErrClosed, Message: "the compiled plan is closed"}

// begin holds the plan against Close and makes d's C form, for a call;
// end(c) undoes both.  On an error nothing is held.
func (p *CompiledPlan) begin(d *Device) (*C.ota_compiled_plan, *C.ota_device, *cDevice, error) {
	if p == nil {
		return nil, nil, nil, &Error{Code: ErrNull, Message: "a nil compiled plan"}
	}
	p.mu.RLock()
	if p.compiled == nil {
		p.mu.RUnlock()
		return nil, nil, nil, errClosed
	}
	c := devicePool.Get().(*cDevice)
	device, err := c.fill(d)
	if err != nil {
		devicePool.Put(c)
		p.mu.RUnlock()
		return nil, nil, nil, err
	}
	return p.compiled, device, c, nil
}

func (p *CompiledPlan) end(c *cDevice) {
	devicePool.Put(c)
	p.mu.RUnlock()
}

// Components are the IDs of the plan's components, in order.
func (p *CompiledPlan) Components() []string { return append([]string(nil), p.components...) }

// IsCode reports whether err is an *Error with that code.
func IsCode(err error, code int) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

// Bucket is a device's rollout bucket (0-9999) and its position within
// it under spread, for a plan's salt (SPEC 11.2).
func Bucket(salt, deviceID string) (bucket, position int, err error) {
	if strings.IndexByte(salt, 0) >= 0 || strings.IndexByte(deviceID, 0) >= 0 {
		return 0, 0, &Error{Code: ErrArgument, Message: "bucket: a NUL byte in the salt or the ID"}
	}
	s, id := C.CString(salt), C.CString(deviceID)
	defer C.free(unsafe.Pointer(s))
	defer C.free(unsafe.Pointer(id))
	var b, p C.int32_t
	if status := C.ota_rollout_bucket(s, id, &b, &p); status != C.OTA_OK {
		return 0, 0, statusError(status, "bucket")
	}
	return int(b), int(p), nil
}
