/* Built only under AddressSanitizer, and expected to fail: a device read
 * keeps its strings in the reader (the one-pass scan's space, or the arena
 * of jansson's tree), which the next read reuses.  Using the previous
 * line's strings must still be reported (under ASan both give every line
 * new memory), as it was when every line's tree was freed block by
 * block. */
#include "otaplan_json.h"

#include <stdio.h>
#include <string.h>

int main(void)
{
    const char *first = "{\"id\":\"first-device\",\"product\":\"p\"}";
    const char *second = "{\"id\":\"x\",\"product\":\"q\"}";
    ota_json_device_reader *reader = ota_json_device_reader_new();
    const ota_device *device = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    if (!reader || ota_json_device_read(reader, first, strlen(first), &device, &error) != OTA_OK)
        return 0; /* not the failure this test expects */
    const char *kept = device->id;
    if (ota_json_device_read(reader, second, strlen(second), &device, &error) != OTA_OK)
        return 0;
    printf("%c\n", kept[3]); /* the use after the next read */
    ota_json_device_reader_free(reader);
    return 0;
}
