/* fuzz_content.c: libFuzzer target for the content loader (content.c,
 * yamltree.c, utf8.c, the image and font checks). The input becomes a
 * brochure folder (fuzz_common.h); it is loaded and freed. */
#include "content.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = fuzz_prepare(data, size);
    tf_doc *doc = tf_content_load(in.dir, in.lang);
    tf_doc_free(doc);
    return 0;
}
