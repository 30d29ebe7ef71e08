/* main.c: the command line. The only file that sees argv and exit codes.
 *
 * Exit codes: 0 ok, 1 content or layout problem, 2 usage, 3 I/O or PDF
 * failure. The PDF is written to a temporary file beside the target and
 * renamed into place, so a failed or interrupted build never leaves a
 * partial PDF and never destroys the previous one. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content.h"
#include "diag.h"
#include "layout.h"
#include "render.h"

#ifndef TF_VERSION
#define TF_VERSION "0.1.0"
#endif
#define TF_RELEASE_EPOCH 1795824000LL   /* 2026-11-28: the date in PDFs without SOURCE_DATE_EPOCH */

enum { EXIT_OK = 0, EXIT_CONTENT = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

static const char usage_text[] =
    "usage: trifold build <brochure-dir> [options]   lay out and write the PDF\n"
    "       trifold check <brochure-dir> [options]   lay out, print a fill report, write nothing\n"
    "       trifold --help | --version\n"
    "\n"
    "options:\n"
    "  --lang <tag>          edition language (default: the brochure's base language)\n"
    "  --paper letter|a4     override the sheet's paper\n"
    "  --fold roll|z         override the fold\n"
    "  --press               print-shop output: bleed, TrimBox/BleedBox, crop and fold marks\n"
    "  --fit                 pick the largest body size that fits (theme fit range, or size-2..size+1 pt)\n"
    "  -o <file>             output PDF (default: out/<brochure>-<lang>.pdf)\n"
    "\n"
    "exit status: 0 ok, 1 content or layout problem, 2 usage, 3 I/O or PDF failure\n";

typedef struct opts {
    const char *cmd, *dir, *lang, *paper, *fold, *out;
    bool press, fit;
} opts;

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "trifold: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(run 'trifold --help' for usage)\n");
    return EXIT_USAGE;
}

static int parse(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (!strcmp(a, "--lang")) slot = &o->lang;
        else if (!strcmp(a, "--paper")) slot = &o->paper;
        else if (!strcmp(a, "--fold")) slot = &o->fold;
        else if (!strcmp(a, "-o") || !strcmp(a, "--output")) slot = &o->out;
        else if (!strcmp(a, "--press")) { o->press = true; continue; }
        else if (!strcmp(a, "--fit")) { o->fit = true; continue; }
        else if (a[0] == '-' && a[1]) return usage_error("unknown option '%s'", a);
        else if (!o->cmd) { o->cmd = a; continue; }
        else if (!o->dir) { o->dir = a; continue; }
        else return usage_error("unexpected argument '%s'", a);
        if (i + 1 >= argc) return usage_error("option '%s' needs a value", a);
        *slot = argv[++i];
    }
    if (!o->cmd) return usage_error("%s", "no command given");
    if (strcmp(o->cmd, "build") && strcmp(o->cmd, "check"))
        return usage_error("unknown command '%s' (use build or check)", o->cmd);
    if (!o->dir) return usage_error("'%s' needs a brochure folder", o->cmd);
    if (o->paper && strcmp(o->paper, "letter") && strcmp(o->paper, "a4"))
        return usage_error("--paper must be letter or a4, not '%s'", o->paper);
    if (o->fold && strcmp(o->fold, "roll") && strcmp(o->fold, "z"))
        return usage_error("--fold must be roll or z, not '%s'", o->fold);
    return EXIT_OK;
}

static void apply_overrides(tf_doc *doc, const opts *o)
{
    if (o->paper) {
        tf_paper p = strcmp(o->paper, "a4") ? TF_PAPER_LETTER : TF_PAPER_A4;
        if (p != doc->sheet.paper) doc->sheet.fold_in_width = 0;   /* the other paper's default */
        doc->sheet.paper = p;
    }
    if (o->fold) doc->sheet.fold = strcmp(o->fold, "z") ? TF_FOLD_ROLL : TF_FOLD_Z;
}

/* --- atomic output --------------------------------------------------------- */

static char tmp_path[4096];

static void on_signal(int sig)
{
    if (tmp_path[0]) unlink(tmp_path);
    signal(sig, SIG_DFL);
    raise(sig);
}

static bool write_all(int fd, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static int write_atomically(const char *target, const unsigned char *data, size_t len)
{
    int n = snprintf(tmp_path, sizeof tmp_path, "%s.tmp.XXXXXX", target);
    if (n < 0 || (size_t)n >= sizeof tmp_path) {
        tf_diag_error(NULL, "output path too long: %s", target);
        tmp_path[0] = 0;
        return EXIT_IO;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    int fd = mkstemp(tmp_path);
    if (fd < 0) {
        tf_diag_error(NULL, "cannot write '%s': %s", target, strerror(errno));
        tmp_path[0] = 0;
        return EXIT_IO;
    }
    fchmod(fd, 0644);
    bool ok = write_all(fd, data, len) && fsync(fd) == 0;
    int err = errno;
    ok = (close(fd) == 0) && ok;
    if (ok && rename(tmp_path, target) != 0) { ok = false; err = errno; }
    if (!ok) {
        unlink(tmp_path);
        tmp_path[0] = 0;
        tf_diag_error(NULL, "cannot write '%s': %s", target, strerror(err ? err : EIO));
        return EXIT_IO;
    }
    tmp_path[0] = 0;
    return EXIT_OK;
}

/* --- commands -------------------------------------------------------------- */

static long long pdf_epoch(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (s && *s) {
        char *end;
        long long v = strtoll(s, &end, 10);
        if (!*end && v >= 0) return v;
        tf_diag_warning(NULL, "ignoring SOURCE_DATE_EPOCH='%s' (not a number of seconds)", s);
    }
    return TF_RELEASE_EPOCH;
}

static void print_fill(const tf_doc *doc, const tf_layout *l)
{
    static const char *paper[] = {"letter", "a4"}, *fold[] = {"roll", "z"};
    printf("%s (%s): %s, %s fold%s, body %.4g pt", doc->id, doc->lang, paper[doc->sheet.paper],
           fold[doc->sheet.fold], l->sheet.press ? ", press" : "", tf_sp_to_pt(l->body_size));
    if (l->fitted) printf(" (fit %.4g-%.4g pt)", tf_sp_to_pt(l->fit_min), tf_sp_to_pt(l->fit_max));
    printf("\n");
    static const tf_panel_id order[] = {TF_PANEL_COVER, TF_PANEL_FLAP, TF_PANEL_INSIDE_LEFT,
                                        TF_PANEL_INSIDE_MIDDLE, TF_PANEL_INSIDE_RIGHT, TF_PANEL_BACK};
    for (size_t i = 0; i < TF_ARRAY_LEN(order); i++) {
        const tf_panel_fill *f = &l->fill[order[i]];
        if (!f->used) {
            printf("  %-14s  empty\n", tf_panel_name(order[i]));
            continue;
        }
        printf("  %-14s %4.0f%%  %6.1f of %.1f pt  %s\n", tf_panel_name(order[i]),
               f->avail ? 100.0 * f->filled / f->avail : 0.0, tf_sp_to_pt(f->filled),
               tf_sp_to_pt(f->avail), f->what ? f->what : "");
    }
    for (size_t i = 0; i < doc->n_fallbacks; i++) {
        char where[512];
        printf("  fallback: %s (base text at %s)\n", doc->fallbacks[i].key,
               tf_loc_str(&doc->fallbacks[i].base_loc, where, sizeof where));
    }
}

static int run(const opts *o)
{
    struct stat st;
    if (stat(o->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        tf_diag_error(NULL, "'%s' is not a brochure folder: %s", o->dir,
                      stat(o->dir, &st) != 0 ? strerror(errno) : "not a directory");
        return EXIT_CONTENT;
    }
    tf_doc *doc = tf_content_load(o->dir, o->lang);
    if (!doc) return EXIT_CONTENT;
    apply_overrides(doc, o);
    if (strcmp(doc->lang, doc->base_lang) != 0)
        fprintf(stderr, "%s: %zu text%s fall%s back to %s%s\n", doc->lang, doc->n_fallbacks,
                doc->n_fallbacks == 1 ? "" : "s", doc->n_fallbacks == 1 ? "s" : "", doc->base_lang,
                doc->n_fallbacks && strcmp(o->cmd, "check") ? " (trifold check lists them)" : "");
    tf_res *res = tf_res_new();
    tf_layout l;
    tf_layout_opts lo = {o->press, o->fit};
    bool ok = tf_layout_run(res, doc, &lo, &l);
    int rc = ok ? EXIT_OK : EXIT_CONTENT;
    bool check = !strcmp(o->cmd, "check");
    if (check) {
        if (l.body_size) print_fill(doc, &l);
        if (ok && l.body_size < TF_PT(12))
            tf_diag_warning(NULL, "body text is %.4g pt, below the 12 pt recommended for patient material",
                            tf_sp_to_pt(l.body_size));
    } else if (ok) {
        char defpath[4096];
        const char *target = o->out;
        if (!target) {
            snprintf(defpath, sizeof defpath, "out/%s-%s.pdf", doc->id, doc->lang);
            mkdir("out", 0777);
            target = defpath;
        }
        tf_pdf *pdf = tf_render(doc, &l, pdf_epoch());
        unsigned char *bytes = NULL;
        size_t len = 0;
        if (!pdf || !tf_pdf_save_mem(pdf, &bytes, &len)) {
            rc = tf_diag_errors() && !pdf ? EXIT_CONTENT : EXIT_IO;
        } else {
            rc = write_atomically(target, bytes, len);
            if (rc == EXIT_OK)
                fprintf(stderr, "%s: %s edition, body %.4g pt%s, %zu bytes\n", target, doc->lang,
                        tf_sp_to_pt(l.body_size), l.fitted ? " (fitted)" : "", len);
        }
        free(bytes);
        tf_pdf_free(pdf);
    }
    tf_layout_free(&l);
    tf_res_free(res);
    tf_doc_free(doc);
    return rc;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage_text, stdout);
            return EXIT_OK;
        }
        if (!strcmp(argv[i], "--version")) {
            printf("trifold %s\n", TF_VERSION);
            return EXIT_OK;
        }
    }
    opts o;
    int rc = parse(argc, argv, &o);
    if (rc != EXIT_OK) return rc;
    return run(&o);
}
