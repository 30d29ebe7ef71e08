/* fuzz_pack.c: libFuzzer target for the PDF packer (pdf_pack.c): the input
 * is a whole file. Whatever it is, tf_pdf_pack must not crash, and what it
 * writes must be a PDF it does not take as a classic one again (packing is
 * done once). tf_pdf_pack_or_keep must keep a refused input byte for byte. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *out = NULL, *again = NULL;
    size_t n = 0, m = 0;
    if (tf_pdf_pack(data, size, &out, &n)) {
        if (n < 16 || memcmp(out, "%PDF-", 5) != 0) abort();
        if (tf_pdf_pack(out, n, &again, &m)) abort();
        free(out);
    } else {
        unsigned char *copy = malloc(size ? size : 1), *keep = copy;
        if (size) memcpy(copy, data, size);
        size_t len = size;
        if (tf_pdf_pack_or_keep(&copy, &len) || copy != keep || len != size ||
            (size && memcmp(copy, data, size) != 0))
            abort();
        free(copy);
    }
    return 0;
}
