/* fuzz_content.c: libFuzzer target for the content loader (content.c,
 * yamltree.c, utf8.c, the image and font checks, clinic.c). The input becomes a
 * brochure folder (fuzz_common.h); it is loaded and freed. */
#include "clinic.h"
#include "content.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = fuzz_prepare(data, size);
    tf_doc *doc = tf_content_load(in.dir, in.lang);
    if (doc && in.clinic) {
        tf_clinic *cl = tf_clinic_load(in.clinic, doc->lang);
        if (cl) tf_clinic_view_free(tf_clinic_view(cl, doc));
        tf_clinic_free(cl);
    }
    tf_doc_free(doc);
    return 0;
}
