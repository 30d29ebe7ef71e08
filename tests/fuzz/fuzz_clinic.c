/* fuzz_clinic.c: libFuzzer target for the clinic-file loader (clinic.c):
 * the whole input is a clinic file, loaded for the en edition and applied
 * as a view over the fixed brochure (tests/fuzz/brochure.yaml +
 * content/attachment/en.yaml). The logo may name pixel.png or photo.png
 * beside it. */
#include "clinic.h"
#include "content.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *en;
static size_t en_len;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!en) en = fuzz_slurp(TF_FUZZ_ROOT "/content/attachment/en.yaml", &en_len);
    fuzz_input in = fuzz_prepare((const uint8_t *)en, en_len);   /* brochure + en, no clinic yet */
    fuzz_put("clinic.yaml", data, size);
    tf_doc *doc = tf_content_load(in.dir, NULL);
    if (!doc) abort();                                          /* the fixed brochure must load */
    char path[400];
    snprintf(path, sizeof path, "%s/clinic.yaml", in.dir);
    tf_clinic *cl = tf_clinic_load(path, doc->lang);
    if (cl) tf_clinic_view_free(tf_clinic_view(cl, doc));
    tf_clinic_free(cl);
    tf_doc_free(doc);
    return 0;
}
