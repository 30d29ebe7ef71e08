/* tool_lines.c: the engine's own line data for one edition (not a test:
 * `make build/tests/tool_lines`). Lays out a brochure folder in a language
 * and prints, per set line of text, its page, its flags (tf_op.line:
 * J justified, H ends with a hyphen, L last line of its text, R running
 * text, G justified text set ragged) and the widest word space as set over its natural width, then a
 * summary of the justified lines: how many have spaces over 2x and the
 * worst ratio.
 *
 *   build/tests/tool_lines content/sleep en          # summary only
 *   build/tests/tool_lines content/sleep en -v       # every line
 */
#include <stdio.h>
#include <string.h>

#include "content.h"
#include "diag.h"
#include "layout.h"
#include "res.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s DIR LANG [-v]\n", argv[0]);
        return 2;
    }
    bool verbose = argc > 3 && !strcmp(argv[3], "-v");
    tf_doc *doc = tf_content_load(argv[1], argv[2]);
    if (!doc) return 1;
    tf_res *res = tf_res_new();
    tf_layout l;
    tf_layout_opts o = {0};
    bool ok = tf_layout_run(res, doc, &o, &l);
    int justified = 0, over2 = 0, hyph = 0, run = 0, max_run = 0, lines = 0, ragged = 0;
    const tf_loc *last_ragged = NULL;
    double worst = 0;
    for (size_t i = 0; i < l.dl.n; i++) {
        const tf_op *op = &l.dl.ops[i];
        if (op->kind != TF_OP_GLYPHS || !(op->line & TF_LINE_START)) continue;
        lines++;
        bool j = op->line & TF_LINE_JUSTIFIED;
        if ((op->line & TF_LINE_RAGGED) && op->loc != last_ragged) {
            ragged++;
            last_ragged = op->loc;
        }
        if (op->line & TF_LINE_HYPHEN) {
            hyph++;
            if (++run > max_run) max_run = run;
        } else {
            run = 0;
        }
        if (j) {
            justified++;
            if (op->space_ratio > 2.0f + 1e-4f) over2++;
            if (op->space_ratio > worst) worst = op->space_ratio;
        }
        if (verbose) {
            char words[48] = {0};
            size_t n = op->text_len < 40 ? op->text_len : 40;
            memcpy(words, op->text, n);
            for (char *p = words; *p; p++)
                if (*p == '\n') *p = ' ';
            printf("p%d y=%7.1f %c%c%c%c%c ratio %.2f  %s\n", op->page, tf_sp_to_pt(op->y), j ? 'J' : '-',
                   op->line & TF_LINE_HYPHEN ? 'H' : '-', op->line & TF_LINE_LAST ? 'L' : '-',
                   op->line & TF_LINE_RUNNING ? 'R' : '-', op->line & TF_LINE_RAGGED ? 'G' : '-',
                   op->space_ratio, words);
        }
    }
    printf("%s %s: body %.2f pt, %d lines, %d justified, %d with spaces over 2x, worst %.2f, "
           "%d hyphenated (at most %d in a row), %d justified paragraphs set ragged%s\n",
           argv[1], argv[2], tf_sp_to_pt(l.body_size), lines, justified, over2, worst, hyph, max_run, ragged,
           ok ? "" : " (layout failed)");
    tf_layout_free(&l);
    tf_res_free(res);
    tf_doc_free(doc);
    return ok ? 0 : 1;
}
