package otaplan

/*
#include "otaplan.h"
*/
import "C"

// What the library says once and Go keeps, so that a call costs no cgo
// call beyond the evaluation's own: the names of reasons and push
// statuses, the default structs, the tick lengths.
var reasonNames, pushStatusNames = names(256, false), names(16, true)

func names(limit int, push bool) []string {
	out := make([]string, limit)
	for i := range out {
		text := C.ota_reason_name(C.int32_t(i))
		if push {
			text = C.ota_push_status_name(C.int32_t(i))
		}
		if text != nil {
			out[i] = C.GoString(text)
		}
	}
	return out
}

func nameOf(table []string, n C.int32_t) string {
	if n >= 0 && int(n) < len(table) {
		return table[n]
	}
	return ""
}

// deviceDefaults is ota_device_init()'s struct, copied into each device.
var deviceDefaults = func() C.ota_device {
	var d C.ota_device
	C.ota_device_init(&d, C.OTA_DEVICE_STRUCT_VERSION)
	return d
}()

// optionDefaults is ota_eval_options_init()'s struct; allowedTicks[t] says
// whether ota_tick_is_allowed(t), for t up to an hour.
var optionDefaults = func() C.ota_eval_options {
	var o C.ota_eval_options
	C.ota_eval_options_init(&o, C.OTA_EVAL_OPTIONS_VERSION)
	return o
}()

var allowedTicks = func() (allowed [61]bool) {
	for t := range allowed {
		allowed[t] = C.ota_tick_is_allowed(C.int32_t(t)) != 0
	}
	return allowed
}()
