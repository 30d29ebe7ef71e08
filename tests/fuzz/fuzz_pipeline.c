/* fuzz_pipeline.c: libFuzzer target for the whole pipeline, YAML text to
 * PDF bytes in memory: load (+ clinic file) -> layout -> render -> save. One tf_res lives
 * across iterations, as in a long-running build of many editions, so the
 * fonts load once (and the cache itself gets exercised). */
#include "clinic.h"
#include "content.h"
#include "fuzz_common.h"
#include "layout.h"
#include "pdf.h"
#include "render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tf_res *res;

static void free_res(void)
{
    tf_res_free(res);
    res = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = fuzz_prepare(data, size);
    if (!res) {
        res = tf_res_new();
        atexit(free_res);
    }
    tf_doc *doc = tf_content_load(in.dir, in.lang);
    if (!doc) return 0;
    tf_clinic *cl = NULL;
    const tf_doc *view = NULL;
    if (in.clinic && (!(cl = tf_clinic_load(in.clinic, doc->lang)) || !(view = tf_clinic_view(cl, doc)))) {
        tf_clinic_free(cl);
        tf_doc_free(doc);
        return 0;
    }
    const tf_doc *ed = view ? view : doc;
    tf_layout l;
    tf_layout_opts lo = {.press = in.press, .force_fit = in.fit};
    if (tf_layout_run(res, ed, &lo, &l)) {
        tf_pdf *pdf = tf_render(ed, &l, 1795824000LL);
        unsigned char *bytes = NULL;
        size_t len = 0;
        if (pdf && tf_pdf_save_mem(pdf, &bytes, &len) && len < 5) abort();   /* not a PDF */
        free(bytes);
        tf_pdf_free(pdf);
    }
    tf_layout_free(&l);
    tf_clinic_view_free(view);
    tf_clinic_free(cl);      /* after the view: it points into the clinic */
    tf_doc_free(doc);
    return 0;
}
