/* SPEC 3: product, product_type, bluetooth and region. */
#include "checker.h"

#include "diag.h"

#include <string.h>

void ota__check_product(checker *c)
{
    const ota_plan *p = c->plan;
    if (!p->product || p->product[0] == '\0')
        ota__diag_add(c->list, OTA_CODE_PRODUCT_MISSING, "product", "the plan needs a product");
    else if (!ota__syntax_is_token(c->syntax, p->product, strlen(p->product)))
        ota__diag_add(c->list, OTA_CODE_PRODUCT_INVALID, "product",
                      "a product is 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
    if (p->product_type != OTA_PRODUCT_DIRECT && p->product_type != OTA_PRODUCT_SUBDEVICE)
        ota__diag_add(c->list, OTA_CODE_PRODUCT_TYPE_INVALID, "product_type",
                      "product_type must be direct or subdevice");
    if (p->bluetooth && p->mode == OTA_MODE_USER_CONFIRM)
        ota__diag_add(c->list, OTA_CODE_BLUETOOTH_REQUIRES_SILENT, "mode",
                      "a Bluetooth product supports silent upgrades only");
    if (p->region == OTA_REGION_MISSING) {
        if (p->mode == OTA_MODE_USER_CONFIRM)
            ota__diag_add(c->list, OTA_CODE_REGION_MISSING, "region",
                          "a user_confirm plan needs a region (cn or intl)");
    } else if (p->region != OTA_REGION_CN && p->region != OTA_REGION_INTL) {
        ota__diag_add(c->list, OTA_CODE_REGION_INVALID, "region", "region must be cn or intl");
    }
}
