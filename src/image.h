/* image.h: check an image file by its bytes (PNG or JPEG), read its pixel
 * size, enforce the byte and pixel caps. Decoding for output is libharu's. */
#ifndef TF_IMAGE_H
#define TF_IMAGE_H

#include "base.h"

#define TF_MAX_IMAGE_BYTES  (8 * 1024 * 1024)
#define TF_MAX_IMAGE_PIXELS (25u * 1000u * 1000u)

typedef enum tf_image_type { TF_IMAGE_PNG, TF_IMAGE_JPEG } tf_image_type;

typedef struct tf_image_info {
    tf_image_type type;
    uint32_t width, height;    /* pixels */
    size_t bytes;
} tf_image_info;

/* Reports "<where>: error: ..." (missing, unreadable, not PNG/JPEG,
 * truncated header, too big, 16-bit PNG) and returns false on failure. */
bool tf_image_probe(const char *path, const tf_loc *where, tf_image_info *out);

#endif
