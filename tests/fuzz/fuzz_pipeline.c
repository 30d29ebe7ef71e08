/* fuzz_pipeline.c: libFuzzer target for the whole pipeline, YAML text to
 * PDF bytes in memory: load (+ clinic file) -> layout -> render -> save. One tf_res lives
 * across iterations, as in a long-running build of many editions, so the
 * fonts load once (and the cache itself gets exercised).
 *
 * After the edition the input asks for, the same document is laid out again
 * as up to three other languages, picked by the input's last byte from
 * LANGS (tags with and without hyphenation dictionaries, right to left,
 * CJK): over a run the shared tf_res collects dictionaries for dozens of
 * languages while earlier layouts' texts were hyphenated with others, the
 * batch of `--lang all` on a one-core machine. */
#include "clinic.h"
#include "content.h"
#include "fuzz_common.h"
#include "layout.h"
#include "pdf.h"
#include "render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tf_res *res;

static const char *const LANGS[] = {
    "en", "en-GB", "en-US", "es", "es-AR", "es-BO", "es-CL", "es-CO", "es-CR", "es-CU", "es-DO",
    "es-EC", "es-GT", "es-HN", "es-MX", "es-NI", "es-PA", "es-PE", "es-PR", "es-PY", "es-SV",
    "es-US", "es-UY", "es-VE", "es-419", "de", "fr", "pt-BR", "vi", "zh-Hans", "ja", "ko", "ar",
    "he", "fa", "ur", "hi", "ru", "qaa", "qab",
};

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
    /* more editions of the same document in other languages, one tf_res */
    unsigned pick = size ? data[size - 1] : 0;
    const char *lang = doc->lang;
    for (unsigned k = 0; k < pick % 4; k++) {
        doc->lang = LANGS[(pick / 4 + k * 7) % (sizeof LANGS / sizeof LANGS[0])];
        tf_layout_opts lk = {.press = in.press, .force_fit = in.fit};
        tf_layout_run(res, doc, &lk, &l);
        tf_layout_free(&l);
    }
    doc->lang = lang;
    tf_clinic_free(cl);      /* after the view: it points into the clinic */
    tf_doc_free(doc);
    return 0;
}
