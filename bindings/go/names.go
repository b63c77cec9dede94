package otaplan

/*
#include "otaplan.h"
*/
import "C"

// The library's names of reasons and push statuses, asked once, so that an
// answer costs no cgo call beyond the evaluation's own.
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
