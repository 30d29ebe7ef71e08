/* qr.h: a QR code as a matrix of modules (libqrencode), for drawing as
 * vector squares. */
#ifndef TF_QR_H
#define TF_QR_H

#include <stdbool.h>
#include <stddef.h>

typedef struct tf_qr {
    int width;                 /* modules per side, without the quiet zone */
    unsigned char *dark;       /* width*width, row-major, 1 = dark; malloc'd */
} tf_qr;

/* Encode `text` (a URL; non-ASCII is percent-encoded first) at error
 * correction level M. False if it cannot be encoded (too long), or when
 * libqrencode cannot be loaded (reported: lazylib.h). */
bool tf_qr_encode(const char *text, tf_qr *out);
void tf_qr_free(tf_qr *q);

#endif
