/* main.c: the command line. The only file that sees argv and exit codes.
 *
 * Exit codes: 0 ok, 1 content or layout problem, 2 usage, 3 I/O or PDF
 * failure. The PDF is written to a temporary file beside the target and
 * renamed into place, so a failed or interrupted build never leaves a
 * partial PDF and never destroys the previous one. */
#define _DEFAULT_SOURCE   /* MAP_ANONYMOUS */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "clinic.h"
#include "content.h"
#include "diag.h"
#include "layout.h"
#include "paper.h"
#include "pmcheck.h"
#include "pmreport.h"
#include "rules.h"
#include "preflight.h"
#include "render.h"
#include "pcache.h"
#include "cli.h"
#include "langsel.h"
#include "cmd_new.h"
#include "cmd_watch.h"
#include "outdir.h"
#include "preview.h"
#include "yamldir.h"
#include "batch.h"
#include "sha256.h"
#include "status.h"
#include "xlate.h"

#define TF_RELEASE_EPOCH 1795824000LL   /* 2026-11-28: the date in PDFs without SOURCE_DATE_EPOCH */

enum { EXIT_OK = 0, EXIT_CONTENT = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

#define MAX_LIST TF_CLI_MAX_LIST
typedef tf_cli opts;
#define usage_error tf_cli_usage_error

static void apply_overrides(tf_doc *doc, const opts *o)
{
    if (o->paper) {
        tf_paper p = (tf_paper)tf_name_index(tf_paper_names, TF_PAPER_COUNT, o->paper);
        if (p != doc->sheet.paper) doc->sheet.fold_in_width = 0;   /* the other paper's default */
        doc->sheet.paper = p;
    }
    if (o->fold) {
        /* the plan keeps each panel's content in its place on the sheet and
         * is read in the new fold's order (docs/content-format.md) */
        tf_fold f = (tf_fold)tf_name_index(tf_fold_names, TF_FOLD_COUNT, o->fold);
        static bool told;
        if (f != doc->sheet.fold && !told && (doc->plan[TF_PANEL_FLAP].present || doc->plan[TF_PANEL_BACK].present)) {
            told = true;
            const char *fn = f == TF_FOLD_Z ? "Z-fold" : "roll fold";
            tf_diag_warning(NULL, "--fold %s: the plan's '%s' and '%s' keep their places, as the %s's '%s' "
                            "and '%s' (read %s); name the panels of a %s in brochure.yaml to plan for it",
                            tf_fold_names[f], tf_panel_name(doc->sheet.fold, TF_PANEL_FLAP),
                            tf_panel_name(doc->sheet.fold, TF_PANEL_BACK), fn,
                            tf_panel_name(f, TF_PANEL_FLAP), tf_panel_name(f, TF_PANEL_BACK),
                            f == TF_FOLD_Z ? "after the inside spread" : "second and last", fn);
        }
        doc->sheet.fold = f;
    }
    if (o->press_profile) doc->theme.press_profile = o->press_profile;
    if (o->press_condition) doc->theme.press_condition = o->press_condition;
}

/* --- atomic output --------------------------------------------------------- */

static char tmp_path[4096];

static void on_signal(int sig)
{
    if (tmp_path[0]) unlink(tmp_path);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* A signal the caller ignored stays ignored (a background job or nohup
 * starts us with SIGINT/SIGHUP ignored; POSIX utilities keep that): only a
 * signal that would kill us gets the handler that removes the temp file. */
static void catch_unless_ignored(int sig)
{
    struct sigaction old;
    if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN) return;
    signal(sig, on_signal);
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

/* Write to a temporary name beside target and rename it into place; with
 * `sync`, the file reaches the disk first (a batch syncs once at its end:
 * outdir.c). */
static int write_atomically(const char *target, const unsigned char *data, size_t len, bool sync)
{
    int n = snprintf(tmp_path, sizeof tmp_path, "%s.tmp.XXXXXX", target);
    if (n < 0 || (size_t)n >= sizeof tmp_path) {
        tf_diag_error(NULL, "output path too long: %s", target);
        tmp_path[0] = 0;
        return EXIT_IO;
    }
    catch_unless_ignored(SIGINT);
    catch_unless_ignored(SIGTERM);
    catch_unless_ignored(SIGHUP);
    int fd = mkstemp(tmp_path);
    if (fd < 0) {
        tf_diag_error(NULL, "cannot write '%s': %s", target, strerror(errno));
        tmp_path[0] = 0;
        return EXIT_IO;
    }
    fchmod(fd, 0644);
    bool ok = write_all(fd, data, len) && (!sync || fsync(fd) == 0);
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

static void print_stale(void *ctx, const char *what, const char *key, const tf_loc *base_loc)
{
    (void)ctx;
    char where[512];
    if (!strcmp(what, "stale"))
        printf("  stale: %s (base text at %s changed since it was translated)\n", key,
               tf_loc_str(base_loc, where, sizeof where));
}

static void print_fill(const tf_doc *base, const tf_doc *doc, const tf_layout *l)
{
    printf("%s (%s): %s, %s fold%s, body %.4g pt", doc->id, doc->lang, tf_paper_names[doc->sheet.paper],
           tf_fold_names[doc->sheet.fold], l->sheet.press ? ", press" : "", tf_sp_to_pt(l->body_size));
    if (l->fitted) printf(" (fit %.4g-%.4g pt)", tf_sp_to_pt(l->fit_min), tf_sp_to_pt(l->fit_max));
    if (l->leading > 0 && (l->leading < doc->theme.leading - 1e-9 || l->leading > doc->theme.leading + 1e-9))
        printf(", leading %.3g (theme %.3g)", l->leading, doc->theme.leading);
    printf("\n");
    const tf_panel_id *order = tf_fold_reading_order(doc->sheet.fold);   /* the panels as read */
    for (size_t i = 0; i < TF_PANEL_COUNT; i++) {
        const tf_panel_fill *f = &l->fill[order[i]];
        if (!f->used) {
            printf("  %-14s  empty\n", tf_panel_name(doc->sheet.fold, order[i]));
            continue;
        }
        printf("  %-14s %4.0f%%  %6.1f of %.1f pt  %s\n", tf_panel_name(doc->sheet.fold, order[i]),
               f->avail ? 100.0 * f->filled / f->avail : 0.0, tf_sp_to_pt(f->filled),
               tf_sp_to_pt(f->avail), f->what ? f->what : "");
    }
    for (size_t i = 0; i < doc->n_fallbacks; i++) {
        char where[512];
        printf("  fallback: %s (base text at %s)\n", doc->fallbacks[i].key,
               tf_loc_str(&doc->fallbacks[i].base_loc, where, sizeof where));
    }
    if (base && strcmp(doc->lang, doc->base_lang) != 0) {
        tf_status st = {0};
        tf_status_doc(base, doc, &st, print_stale, NULL);
    }
}

/* --- editions -------------------------------------------------------------- */

static int worse(int a, int b)
{
    int rank[4] = {0, 1, 0, 2};          /* ok < content < I/O; usage never happens here */
    return rank[b & 3] > rank[a & 3] ? b : a;
}

/* Expand a pattern: {brochure} {clinic} {lang}. */
static void expand(char *out, size_t size, const char *pattern, const char *brochure,
                   const char *clinic, const char *lang)
{
    size_t n = 0;
    for (const char *p = pattern; *p && n + 1 < size;) {
        const char *v = NULL;
        size_t skip = 0;
        if (!strncmp(p, "{brochure}", 10)) { v = brochure; skip = 10; }
        else if (!strncmp(p, "{clinic}", 8)) { v = clinic ? clinic : "shared"; skip = 8; }
        else if (!strncmp(p, "{lang}", 6)) { v = lang; skip = 6; }
        if (v) {
            n += (size_t)snprintf(out + n, size - n, "%s", v);
            if (n >= size) n = size - 1;
            p += skip;
        } else {
            out[n++] = *p++;
        }
    }
    out[n] = 0;
}

typedef struct batch {
    const opts *o;
    size_t *done_shared;          /* editions finished by all workers (shared memory) */
    int workers, me;              /* this process handles editions e with e % workers == me */
    size_t seq;                   /* index of the next edition in the batch's order */
    tf_res *res;
    struct tf_pcache *cache;      /* prepared texts of the current language */
    tf_sp last_size;              /* body size of the previous edition of that language */
    const char *pattern;          /* output pattern, or a plain path for one edition */
    size_t done, total;
    bool progress;                /* stderr is a terminal and there are several editions */
    tf_pm_ctx *pm;                /* patient-material checks: dictionaries, files */
    tf_json *json;                /* check --json: the editions array being written */
    tf_batch *log;                /* several editions: messages by edition, summary, manifest */
    size_t *failed_shared;        /* --fail-fast: set once an edition failed (shared memory) */
    size_t failed_local;
    const tf_doc *base;           /* the brochure in its base language (staleness in check) */
    tf_outdir_syncs syncs;        /* where several editions were written: synced once at the end */
} batch;

/* Patient-material checks of a laid-out edition: check prints the figures
 * and fails an edition that misses a threshold; build warns. */
static int patient_checks(batch *b, const tf_doc *doc, const tf_layout *l, const tf_clinic *clinic,
                          const tf_placed_report *pr, const tf_rules_result *rr)
{
    bool check = !strcmp(b->o->cmd, "check");
    tf_pm_report rep;
    bool pass = tf_pm_run(b->pm, doc, l, clinic ? clinic->id : NULL, &rep);
    if (check && b->json) {
        tf_pmreport_json_open(b->json, &rep);
        if (pr) {
            tf_json_key(b->json, "layout");
            tf_rules_json(b->json, pr, rr);
        }
        tf_json_end_object(b->json);
    }
    else if (check) tf_pmreport_print(stdout, &rep);
    tf_pmreport_diagnose(&rep, check);
    tf_pm_report_free(&rep);
    return pass || !check ? EXIT_OK : EXIT_CONTENT;
}

/* PNGs of every page, named after the PDF: out/x-en.pdf -> <dir>/x-en-1.png.
 * With --proof the PDF carries the proof layer, which shows on screen. */
static int png_pages(const opts *o, const char *target, const unsigned char *pdf, size_t len)
{
    const char *dir = o->png_dir ? o->png_dir : o->out ? o->out : "out/preview";
    const char *base = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
    char stem[4096];
    snprintf(stem, sizeof stem, "%s", base);
    size_t n = strlen(stem);
    if (n > 4 && !strcmp(stem + n - 4, ".pdf")) stem[n - 4] = 0;
    int pages = tf_preview_write(pdf, len, dir, stem, o->dpi);
    if (pages < 0) return EXIT_IO;
    fprintf(stderr, "%s/%s-{1..%d}.png: %d dpi%s\n", dir, stem, pages, o->dpi, o->proof ? ", proof layer" : "");
    return EXIT_OK;
}

static int edition_run(batch *b, const tf_doc *doc, const tf_clinic *clinic, char *target, size_t *bytes_out,
                       char *digest, double *body_pt);

/* One edition, its messages and its result recorded in the batch. */
static int edition(batch *b, const tf_doc *doc, const tf_clinic *clinic, size_t seq)
{
    int warnings_before = tf_diag_warnings();
    char target[4096] = "", digest[65] = "";
    size_t bytes = 0;
    double body_pt = 0;
    if (b->log) tf_batch_scope(b->log, clinic ? clinic->id : NULL, doc->lang, seq);
    int rc = edition_run(b, doc, clinic, target, &bytes, digest, &body_pt);
    if (b->log)
        tf_batch_done(b->log, seq, clinic ? clinic->id : NULL, doc->lang, rc, tf_diag_warnings() - warnings_before,
                      rc == EXIT_OK && digest[0] ? target : NULL, bytes, digest, body_pt);
    return rc;
}

static int edition_run(batch *b, const tf_doc *doc, const tf_clinic *clinic, char *target, size_t *bytes_out,
                       char *digest, double *body_pt)
{
    const opts *o = b->o;
    b->done = b->done_shared ? __atomic_add_fetch(b->done_shared, 1, __ATOMIC_RELAXED) : b->done + 1;
    tf_layout l;
    tf_layout_opts lo = {.press = o->press, .force_fit = o->fit, .fit_hint = b->last_size,
                         .screen = o->edition && !strcmp(o->edition, "screen"), .cache = b->cache};
    bool ok = tf_layout_run(b->res, doc, &lo, &l);
    if (ok) b->last_size = l.body_size;
    /* the layout report and its rules, on every print edition (rules.h) */
    tf_arena *ra = NULL;
    tf_placed_report pr;
    tf_rules_result rr;
    char ed[512];
    snprintf(ed, sizeof ed, "%s-%s%s%s", doc->id ? doc->id : "?", clinic ? clinic->id : "", clinic ? "-" : "",
             doc->lang ? doc->lang : "?");
    if (ok && !l.screen) {
        ra = tf_arena_new();
        tf_placed_build(&l, doc, ra, &pr);
        tf_rules_check(&pr, doc, ra, &rr);
    }
    /* a rule whose severity is an error fails the edition: no PDF, but
     * check still reports the layout */
    bool rules_ok = !ra || tf_rules_diagnose(&rr, ed) == 0;
    int rc = ok && rules_ok ? EXIT_OK : EXIT_CONTENT;
    if (!strcmp(o->cmd, "check")) {
        if (clinic && !b->json) printf("clinic %s\n", clinic->id);
        if (l.body_size && !b->json) print_fill(b->base, doc, &l);
        if (ra && o->layout && !b->json) tf_rules_print(stdout, &pr, &rr, ed);
        if (ok) rc = patient_checks(b, doc, &l, clinic, ra ? &pr : NULL, &rr);
        if (!rules_ok) rc = EXIT_CONTENT;
        if (ok && o->press) {              /* check --press: the print shop's preflight */
            tf_press_spec ps;
            tf_colour *cm = tf_render_press_spec(doc, &ps) ? tf_colour_new(&ps, true, false) : NULL;
            if (!cm || tf_preflight_run(doc, &l, cm, b->json ? stderr : stdout)) rc = EXIT_CONTENT;
            tf_colour_free(cm);
        }
    } else if (ok && rules_ok) {
        patient_checks(b, doc, &l, clinic, NULL, NULL);
        /* hyphenation is done: a lone edition's dictionary pages need not
         * stay resident while the PDF is written (res.h) */
        if (b->total == 1) tf_res_drop_pages(b->res);
        expand(target, 4096, b->pattern, doc->id, clinic ? clinic->id : NULL, doc->lang);
        int errors_before = tf_diag_errors();
        tf_render_opts ro = {o->proof, o->slug};
        tf_pdf *pdf = tf_render_with(doc, &l, pdf_epoch(), &ro);
        unsigned char *bytes = NULL;
        size_t len = 0;
        bool preview = !strcmp(o->cmd, "preview");
        if (!pdf || !tf_pdf_save_mem(pdf, &bytes, &len)) {
            rc = tf_diag_errors() != errors_before && !pdf ? EXIT_CONTENT : EXIT_IO;
        } else {
            bool one = b->total == 1;
            rc = preview                           ? EXIT_OK
                 : tf_outdir_make_parents(target) ? write_atomically(target, bytes, len, one)
                                                  : EXIT_IO;
            if (rc == EXIT_OK && !preview && !one) tf_outdir_note(&b->syncs, target);
            if (rc == EXIT_OK && !preview) {
                /* the digest is for the manifest only (a batch's records
                 * without one are never printed): 7 % of a clinic edition */
                if (b->o->manifest) tf_sha256_hex(bytes, len, digest);
                *bytes_out = len;
                *body_pt = tf_sp_to_pt(l.body_size);
            }
            if (preview) {}
            else if (rc == EXIT_OK && b->total == 1)
                fprintf(stderr, "%s: %s edition, body %.4g pt%s, %zu bytes\n", target, doc->lang,
                        tf_sp_to_pt(l.body_size), l.fitted ? " (fitted)" : "", len);
            else if (rc == EXIT_OK && b->progress)
                fprintf(stderr, "[%zu/%zu] %s: body %.4g pt\n", b->done, b->total, target,
                        tf_sp_to_pt(l.body_size));
            if (rc == EXIT_OK && (preview || o->png_dir)) rc = png_pages(o, target, bytes, len);
        }
        free(bytes);
        tf_pdf_free(pdf);
    }
    tf_layout_free(&l);
    tf_arena_free(ra);
    return rc;
}

/* --clinic arguments: files as given, folders as their *.yaml, sorted.
 * Returns a malloc'd array of malloc'd paths. */
static char **clinic_files(const opts *o, size_t *count)
{
    size_t n = 0, cap = 16;
    char **out = tf_xmalloc(cap * sizeof *out);
    for (size_t i = 0; i < o->n_clinic_args; i++) {
        struct stat st;
        const char *a = o->clinic_args[i];
        if (stat(a, &st) == 0 && S_ISDIR(st.st_mode)) {
            tf_yamldir_list(a, 1, &out, &n, &cap);
        } else {
            if (n == cap) out = tf_xrealloc(out, (cap *= 2) * sizeof *out);
            out[n++] = tf_xstrdup(a);
        }
    }
    /* the same file named twice (or through a folder and by name) is built once */
    /* (each path resolved once: a folder of 1000 clinics is 1000 realpath
     * calls, not half a million) */
    size_t kept = 0;
    char **real = tf_xmalloc((n ? n : 1) * sizeof *real);
    for (size_t i = 0; i < n; i++) {
        char *ri = realpath(out[i], NULL);
        bool dup = false;
        for (size_t j = 0; j < kept && !dup; j++)
            dup = ri && real[j] ? !strcmp(ri, real[j]) : !strcmp(out[i], out[j]);
        if (dup) {
            free(out[i]);
            free(ri);
        } else {
            real[kept] = ri;
            out[kept++] = out[i];
        }
    }
    for (size_t j = 0; j < kept; j++) free(real[j]);
    free(real);
    *count = kept;
    return out;
}

static int run(const opts *o)
{
    struct stat st;
    if (stat(o->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        tf_diag_error(NULL, "'%s' is not a brochure folder: %s", o->dir,
                      stat(o->dir, &st) != 0 ? strerror(errno) : "not a directory");
        return EXIT_CONTENT;
    }
    char probe[4200];
    snprintf(probe, sizeof probe, "%s/brochure.yaml", o->dir);
    if (access(probe, F_OK) != 0) {
        tf_diag_error(NULL, "'%s' has no brochure.yaml (start a brochure there with: trifold new %s)", o->dir, o->dir);
        return EXIT_CONTENT;
    }
    /* languages: as given (each once), or all the brochure ships */
    char *langs[MAX_LIST];
    size_t n_langs = 0;
    tf_doc *base = NULL;                /* the base language, when --lang made it load already */
    int errors0 = tf_diag_errors(), warnings0 = tf_diag_warnings();
    int lrc = tf_langsel_parse(o->dir, o->lang, langs, MAX_LIST, &n_langs, &base);
    /* loaded without a message: the batch need not load it again (below) */
    bool base_clean = base && tf_diag_errors() == errors0 && tf_diag_warnings() == warnings0;
    if (lrc != EXIT_OK) {
        for (size_t i = 0; i < n_langs; i++) free(langs[i]);
        tf_doc_free(base);
        return lrc;
    }
    size_t n_clinics;
    char **clinics = clinic_files(o, &n_clinics);
    if (o->n_clinic_args && !n_clinics) tf_diag_warning(NULL, "no clinic files found");
    /* the brochure in its base language: what translations are measured
     * against (a look-ahead load: the batch loads again and reports) */
    if (!base) {
        errors0 = tf_diag_errors();
        warnings0 = tf_diag_warnings();
        tf_diag_mute(true);
        base = tf_content_load(o->dir, NULL);
        base_clean = base && tf_diag_errors() == errors0 && tf_diag_warnings() == warnings0;   /* counted while muted */
        tf_diag_mute(false);
    }

    size_t all = n_langs * (n_clinics ? n_clinics : 1);
    /* edition i, in the order clinic then language, is in shard i mod N */
    size_t mine = all;
    if (o->shard_n) {
        mine = 0;
        for (size_t i = 0; i < all; i++) mine += i % o->shard_n == o->shard_k - 1;
    }
    batch b = {.o = o, .total = mine, .base = base};
    b.progress = b.total > 1 && isatty(2);
    char pattern[4096];
    bool screen = o->edition && !strcmp(o->edition, "screen");
    const char *dflt = n_clinics ? (screen ? "{brochure}-{clinic}-{lang}-screen.pdf" : "{brochure}-{clinic}-{lang}.pdf")
                                 : (screen ? "{brochure}-{lang}-screen.pdf" : "{brochure}-{lang}.pdf");
    int rc = EXIT_OK;
    if (!o->out) {
        snprintf(pattern, sizeof pattern, "out/%s", dflt);
        if (!strcmp(o->cmd, "preview")) snprintf(pattern, sizeof pattern, "%s", dflt);
    } else if (!strcmp(o->cmd, "preview")) {
        snprintf(pattern, sizeof pattern, "%s", dflt);      /* only the name matters: the PNG stem */
    } else if ((stat(o->out, &st) == 0 && S_ISDIR(st.st_mode)) || o->out[strlen(o->out) - 1] == '/') {
        snprintf(pattern, sizeof pattern, "%s/%s", o->out, dflt);
    } else if (all > 1 && !strchr(o->out, '{')) {
        rc = usage_error("-o '%s' names one file: several editions need a pattern with {lang} "
                         "and {clinic}, or a folder", o->out);
    } else {
        snprintf(pattern, sizeof pattern, "%s", o->out);
    }

    b.pattern = pattern;
    FILE *manifest = NULL;
    if (rc == EXIT_OK && o->manifest && !(manifest = fopen(o->manifest, "w"))) {
        tf_diag_error(NULL, "cannot write '%s': %s", o->manifest, strerror(errno));
        rc = EXIT_IO;
    }

    /* Per language: translated, falling back, stale; clinic texts
     * included. A look-ahead load with messages off: the batch below
     * loads again and reports. */
    for (size_t li = 0; li < n_langs && rc == EXIT_OK && base; li++) {
        if (!langs[li] || !strcmp(langs[li], base->base_lang)) continue;
        tf_diag_mute(true);
        tf_doc *tr = tf_content_load(o->dir, langs[li]);
        tf_status sts = {0};
        if (tr) tf_status_doc(base, tr, &sts, NULL, NULL);
        for (size_t ci = 0; tr && ci < n_clinics; ci++) {
            tf_clinic *cl = tf_clinic_load(clinics[ci], langs[li]);
            if (cl) tf_status_clinic(cl, &sts, NULL, NULL);
            tf_clinic_free(cl);
        }
        tf_diag_mute(false);
        if (tr)
            tf_status_print(stderr, tr->lang, tr->base_lang, &sts,
                            (sts.missing || sts.stale) && strcmp(o->cmd, "check") ? " (trifold check lists them)" : "");
        tf_doc_free(tr);
    }

    /* Several editions (or a record of them): messages are gathered by
     * edition and said once at the end, with a summary. */
    if (rc == EXIT_OK && base && (all > 1 || manifest || o->shard_n)) b.log = tf_batch_new(base->id, all);

    /* Many editions: one worker process per core, each taking every
     * workers-th edition, each loading fonts and dictionaries once. The
     * output is the same whichever process writes it. */
    pid_t kids[16];
    int pipes[16];
    int n_kids = 0;
    int to_parent = -1;
    b.workers = 1;
    b.failed_shared = &b.failed_local;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    const char *jobs = getenv("TRIFOLD_JOBS");
    if (jobs && atoi(jobs) > 0) cores = atoi(jobs);
    if (rc == EXIT_OK && b.total >= 8 && strcmp(o->cmd, "check") && cores > 1) {
        b.workers = (int)(cores < 16 ? cores : 16);
        if ((size_t)b.workers > b.total) b.workers = (int)b.total;
        b.done_shared = mmap(NULL, 2 * sizeof *b.done_shared, PROT_READ | PROT_WRITE,
                             MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (b.done_shared == MAP_FAILED) {
            b.done_shared = NULL;
            b.workers = 1;
        }
        if (b.done_shared) {
            b.done_shared[0] = b.done_shared[1] = 0;
            b.failed_shared = &b.done_shared[1];
        }
        fflush(NULL);
        for (int k = 1; k < b.workers; k++) {
            int fds[2];
            if (pipe(fds) != 0) { b.workers = k; break; }
            pid_t pid = fork();
            if (pid == 0) {
                b.me = k;
                for (int j = 0; j < n_kids; j++) close(pipes[j]);
                n_kids = 0;
                close(fds[0]);
                to_parent = fds[1];
                break;
            }
            close(fds[1]);
            if (pid < 0) { close(fds[0]); b.workers = k; break; }
            pipes[n_kids] = fds[0];
            kids[n_kids++] = pid;
        }
    }
    b.res = tf_res_new();
    b.pm = tf_pm_ctx_new(b.res);
    tf_json json;
    if (o->json) {
        tf_json_init(&json, stdout);
        b.json = &json;
        tf_json_begin_object(&json);
        tf_json_key(&json, "editions");
        tf_json_begin_array(&json);
    }
    size_t n_per_lang = n_clinics ? n_clinics : 1;
    for (size_t li = 0; li < n_langs && rc != EXIT_USAGE; li++) {
        /* this process's editions of the language: in the shard, and its turn among the workers */
        size_t first_turn = b.seq;
        bool any = false;
        for (size_t ci = 0; ci < n_per_lang; ci++) {
            size_t idx = ci * n_langs + li;
            if (o->shard_n && idx % o->shard_n != o->shard_k - 1) continue;
            if (b.seq++ % (size_t)b.workers == (size_t)b.me) any = true;
        }
        if (!any || (o->fail_fast && *b.failed_shared)) continue;
        if (b.log) tf_batch_scope(b.log, NULL, langs[li] ? langs[li] : base->base_lang, li);
        /* The base language's edition uses the doc loaded above when that
         * load gave no message and no option overrides the doc: a second
         * load would make the same doc and say nothing either (make bench:
         * 2.6 M instructions, a tenth of a clean edition's start). */
        bool reuse = base_clean && !o->paper && !o->fold && !o->press_profile && !o->press_condition &&
                     (!langs[li] || !strcmp(langs[li], base->base_lang));
        tf_doc *doc = reuse ? base : tf_content_load(o->dir, langs[li]);
        if (b.log) tf_batch_scope_end(b.log);
        if (!doc) {
            rc = worse(rc, EXIT_CONTENT);
            size_t turn = first_turn;
            for (size_t ci = 0; ci < n_per_lang && b.log; ci++) {
                size_t idx = ci * n_langs + li;
                if (o->shard_n && idx % o->shard_n != o->shard_k - 1) continue;
                if (turn++ % (size_t)b.workers != (size_t)b.me) continue;
                tf_batch_done(b.log, idx, NULL, langs[li] ? langs[li] : base->base_lang, EXIT_CONTENT, 0, NULL, 0,
                              NULL, 0);
            }
            *b.failed_shared = 1;
            continue;
        }
        apply_overrides(doc, o);
        b.cache = tf_pcache_new();
        b.last_size = 0;
        size_t turn = first_turn;
        for (size_t ci = 0; ci < n_per_lang; ci++) {
            size_t idx = ci * n_langs + li;
            if (o->shard_n && idx % o->shard_n != o->shard_k - 1) continue;
            if (turn++ % (size_t)b.workers != (size_t)b.me) continue;
            if (o->fail_fast && *b.failed_shared) break;
            int erc;
            if (!n_clinics) {
                erc = edition(&b, doc, NULL, idx);
            } else {
                /* each clinic edition is a view over the one loaded doc, which stays as loaded */
                if (b.log) {                 /* the clinic's id is its file name, even when it does not load */
                    const char *slash = strrchr(clinics[ci], '/');
                    char id[256];
                    snprintf(id, sizeof id, "%s", slash ? slash + 1 : clinics[ci]);
                    if (strlen(id) > 5 && !strcmp(id + strlen(id) - 5, ".yaml")) id[strlen(id) - 5] = 0;
                    tf_batch_scope(b.log, id, doc->lang, idx);
                }
                tf_clinic *cl = tf_clinic_load(clinics[ci], doc->lang);
                if (b.log && cl) tf_batch_scope(b.log, cl->id, doc->lang, idx);
                const tf_doc *view = cl ? tf_clinic_view(cl, doc) : NULL;
                if (!view) {
                    erc = EXIT_CONTENT;
                    b.done++;
                    if (b.log) tf_batch_done(b.log, idx, NULL, doc->lang, erc, 0, NULL, 0, NULL, 0);
                } else {
                    if (cl->n_fallbacks && !strcmp(o->cmd, "check") && !o->json)
                        for (size_t k = 0; k < cl->n_fallbacks; k++) {
                            char where[512];
                            printf("  fallback: %s (base text at %s)\n", cl->fallbacks[k].key,
                                   tf_loc_str(&cl->fallbacks[k].base_loc, where, sizeof where));
                        }
                    erc = edition(&b, view, cl, idx);
                }
                tf_clinic_view_free(view);
                tf_clinic_free(cl);
            }
            if (erc != EXIT_OK) *b.failed_shared = 1;
            rc = worse(rc, erc);
        }
        tf_pcache_free(b.cache);
        b.cache = NULL;
        if (doc != base) tf_doc_free(doc);
    }
    tf_pm_ctx_free(b.pm);
    tf_res_free(b.res);
    if (b.json) {
        tf_json_end_array(&json);
        tf_json_end_object(&json);
        tf_json_finish(&json);
    }
    /* before anyone reports success; a failure is the batch's, not the
     * last edition's */
    if (b.log) tf_batch_scope_end(b.log);
    if (!tf_outdir_sync(&b.syncs)) rc = worse(rc, EXIT_IO);
    if (b.me != 0) {                      /* a worker: report through the pipe and the exit status */
        if (b.log) tf_batch_send(b.log, to_parent);
        else close(to_parent);
        for (size_t i = 0; i < n_langs; i++) free(langs[i]);
        for (size_t i = 0; i < n_clinics; i++) free(clinics[i]);
        free(clinics);
        fflush(NULL);
        _exit(rc);
    }
    for (int k = 0; k < n_kids; k++) {
        if (b.log) tf_batch_receive(b.log, pipes[k]);
        else close(pipes[k]);
        int wst = 0;
        while (waitpid(kids[k], &wst, 0) < 0 && errno == EINTR) {}
        rc = worse(rc, WIFEXITED(wst) ? WEXITSTATUS(wst) : EXIT_IO);
    }
    if (b.done_shared) munmap(b.done_shared, 2 * sizeof *b.done_shared);
    if (b.log) {
        const char *verb = !strcmp(o->cmd, "check") ? "checked" : !strcmp(o->cmd, "preview") ? "previewed" : "written";
        size_t failed = tf_batch_report(b.log, stderr, verb, o->shard, mine, manifest);
        if (failed) rc = worse(rc, EXIT_CONTENT);
        tf_batch_free(b.log);
    }
    if (manifest && fclose(manifest) != 0) {
        tf_diag_error(NULL, "cannot write '%s': %s", o->manifest, strerror(errno));
        rc = worse(rc, EXIT_IO);
    }
    for (size_t i = 0; i < n_langs; i++) free(langs[i]);
    for (size_t i = 0; i < n_clinics; i++) free(clinics[i]);
    free(clinics);
    tf_doc_free(base);
    return rc;
}

int main(int argc, char **argv)
{
    tf_mem_setup();
    int xrc = tf_xlate_main(argc, argv);      /* export, import, status, mark-translated */
    if (xrc >= 0) return xrc;
    opts o;
    int rc = tf_cli_parse(argc, argv, &o);
    if (rc == TF_CLI_DONE) return EXIT_OK;
    if (rc != TF_CLI_OK) return EXIT_USAGE;
    if (!strcmp(o.cmd, "new")) return tf_new_run(&o);
    if (!strcmp(o.cmd, "watch")) return tf_watch_run(&o, run);
    return run(&o);
}
