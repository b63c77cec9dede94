/* A plan's content identifier: the SHA-256 of its canonical form, by
 * nettle (never a hand-written digest). */
#include "otaplan_json.h"

#include <nettle/sha2.h>

#include <string.h>

int32_t ota_plan_hash(const ota_plan *plan, char out[OTA_PLAN_HASH_SIZE])
{
    if (!out)
        return OTA_ERR_NULL;
    out[0] = '\0';
    ota_json_buffer canonical = OTA_JSON_BUFFER_INIT;
    int32_t status = ota_json_put_plan_canonical(&canonical, plan, OTA_JSON_CANONICAL_BLOCK);
    if (status == OTA_OK) {
        struct sha256_ctx context;
        uint8_t digest[SHA256_DIGEST_SIZE];
        sha256_init(&context);
        sha256_update(&context, canonical.length, (const uint8_t *)canonical.data);
        sha256_digest(&context, sizeof digest, digest);
        static const char hex[] = "0123456789abcdef";
        memcpy(out, "sha256:", 7);
        for (size_t i = 0; i < sizeof digest; i++) {
            out[7 + 2 * i] = hex[digest[i] >> 4];
            out[8 + 2 * i] = hex[digest[i] & 15];
        }
        out[7 + 2 * sizeof digest] = '\0';
    }
    ota_json_buffer_free(&canonical);
    return status;
}
