/* sha256.h: SHA-256 (FIPS 180-4), for the batch manifest (a checksum per
 * PDF that `sha256sum -c` agrees with) and for the short hash a language
 * file records of the base text each translation was made from. No
 * allocation. */
#ifndef TF_SHA256_H
#define TF_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct tf_sha256 {
    uint32_t h[8];
    uint64_t len;              /* bytes hashed so far */
    unsigned char buf[64];
    size_t used;               /* bytes waiting in buf */
} tf_sha256;

void tf_sha256_init(tf_sha256 *s);
void tf_sha256_add(tf_sha256 *s, const void *data, size_t n);
void tf_sha256_end(tf_sha256 *s, unsigned char out[32]);

/* The digest of data as 64 lowercase hex digits (+ NUL) in hex. */
void tf_sha256_hex(const void *data, size_t n, char hex[65]);

#endif
