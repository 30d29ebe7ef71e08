/* cli.c: option table, GNU-style parsing, help texts.
 *
 * One table lists every option once: its name, whether it takes a value,
 * the values it accepts (matched case-insensitively), the commands it
 * belongs to and a line of help. Parsing, "did you mean" and the help
 * pages all read it, so they cannot drift apart. */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "paper.h"      /* paper and fold names: paper.def */
#include "version.h"
#include "yamltree.h"   /* tf_closest */

enum { C_BUILD = 1, C_CHECK = 2, C_NEW = 4, C_WATCH = 8, C_PREVIEW = 16,
       C_EXPORT = 32, C_IMPORT = 64, C_STATUS = 128, C_MARK = 256 };   /* the last four: xlate.c parses */
#define C_LAYOUT (C_BUILD | C_CHECK | C_WATCH | C_PREVIEW)

typedef enum { O_LANG, O_CLINIC, O_PAPER, O_FOLD, O_EDITION, O_PRESS, O_PRESS_PROFILE, O_PRESS_CONDITION,
               O_SLUG, O_FIT, O_JSON, O_LAYOUT_REPORT, O_OUT, O_PNG, O_DPI, O_PROOF, O_FORCE, O_SHARD, O_MANIFEST,
               O_KEEP_GOING, O_FAIL_FAST, O_FORMAT } opt_id;

typedef struct option {
    opt_id id;
    const char *name;         /* long name without "--" */
    char shrt;                /* short name or 0 */
    const char *arg;          /* value placeholder in help, NULL: a flag */
    const char *const *values;/* accepted values, NULL: any */
    size_t n_values;
    unsigned cmds;
    const char *help;
    unsigned alt_cmds;        /* commands that read the option differently... */
    const char *alt_help;     /* ...as this says */
} option;

static const char *const editions[] = {"print", "screen"};

static const option options[] = {
    {O_LANG, "lang", 0, "TAGS", NULL, 0, C_LAYOUT | C_NEW | C_EXPORT | C_STATUS | C_MARK,
     "edition language(s): a tag, a comma list, or 'all';\n"
     "default: the brochure's base language",
     C_NEW, "the base language (default en)"},
    {O_CLINIC, "clinic", 0, "FILE|DIR", NULL, 0, C_LAYOUT | C_STATUS,
     "a clinic edition (repeatable; a folder means every\n.yaml in it)", 0, NULL},
    {O_PAPER, "paper", 0, "letter|a4", tf_paper_names, TF_PAPER_COUNT, C_LAYOUT | C_NEW, "the sheet's paper (overrides brochure.yaml)",
     C_NEW, "the sheet's paper (default letter)"},
    {O_FOLD, "fold", 0, "roll|z", tf_fold_names, TF_FOLD_COUNT, C_LAYOUT | C_NEW, "the fold (overrides brochure.yaml)",
     C_NEW, "the fold (default roll)"},
    {O_PRESS, "press", 0, NULL, NULL, 0, C_LAYOUT,
     "print-shop output: PDF/X-4 in CMYK, bleed,\nTrimBox/BleedBox, crop and fold marks in\n"
     "registration colour (docs/print.md)",
     C_CHECK, "lay out as press output and run the print shop's\npreflight (image resolution, ink, fonts, boxes,\n"
     "margins, hairlines)"},
    {O_PRESS_PROFILE, "press-profile", 0, "ICC", NULL, 0, C_LAYOUT,
     "the CMYK output profile for press output and\ncmyk() theme colours (default FOGRA39, built by\nmake)", 0, NULL},
    {O_PRESS_CONDITION, "press-condition", 0, "ID", NULL, 0, C_LAYOUT,
     "press: its output condition identifier (default\nFOGRA39)", 0, NULL},
    {O_SLUG, "slug", 0, NULL, NULL, 0, C_BUILD | C_WATCH | C_PREVIEW,
     "press: a slug line outside the trim (brochure,\nedition, language, clinic, date)", 0, NULL},
    {O_EDITION, "edition", 0, "print|screen", editions, TF_ARRAY_LEN(editions), C_LAYOUT,
     "print: the tri-fold sheet (default); screen: portrait\n"
     "pages in reading order, for e-mail and the web", 0, NULL},
    {O_FIT, "fit", 0, NULL, NULL, 0, C_LAYOUT, "pick the largest body size that fits", 0, NULL},
    {O_JSON, "json", 0, NULL, NULL, 0, C_CHECK,
     "print the patient-material figures and the layout\nreport (every placed box, the rules) as JSON on\nstdout",
     0, NULL},
    {O_LAYOUT_REPORT, "layout", 0, NULL, NULL, 0, C_CHECK,
     "print the layout report: per panel every placed\nbox, its lines, the fill, the body size, the rules", 0, NULL},
    {O_OUT, "output", 'o', "PATH", NULL, 0, C_BUILD | C_WATCH | C_PREVIEW,
     "output PDF: a file, a folder, or a pattern with\n"
     "{brochure} {clinic} {lang} (default\n"
     "out/{brochure}-{lang}.pdf; missing folders are made)",
     C_PREVIEW, "the folder for the PNGs (default out/preview)"},
    {O_PNG, "png", 0, "DIR", NULL, 0, C_BUILD | C_WATCH, "also write every page as PNG into DIR\n(<pdf name>-<page>.png)",
     0, NULL},
    {O_DPI, "dpi", 0, "N", NULL, 0, C_BUILD | C_WATCH | C_PREVIEW, "PNG resolution (default 96, 10..600)", 0, NULL},
    {O_PROOF, "proof", 0, NULL, NULL, 0, C_BUILD | C_WATCH | C_PREVIEW,
     "print edition: a proof layer (panel names and\nreading order, folds, trim, bleed, safe areas)\n"
     "shown on screen and in PNGs, never printed; a\npress proof is not claimed as PDF/X", 0, NULL},
    {O_SHARD, "shard", 0, "K/N", NULL, 0, C_BUILD | C_CHECK,
     "make the K-th of N parts of the batch: edition i\n"
     "(in the order clinic, language) is in part i mod N + 1", 0, NULL},
    {O_MANIFEST, "manifest", 0, "FILE", NULL, 0, C_BUILD,
     "write one JSON line per edition made (brochure,\nclinic, language, file, bytes, sha256, body size,\nwarnings)", 0, NULL},
    {O_KEEP_GOING, "keep-going", 0, NULL, NULL, 0, C_BUILD | C_CHECK,
     "make every edition even when some fail (default)", 0, NULL},
    {O_FAIL_FAST, "fail-fast", 0, NULL, NULL, 0, C_BUILD | C_CHECK, "stop at the first edition that fails", 0, NULL},
    {O_FORMAT, "format", 0, "po", NULL, 0, C_EXPORT, "the exchange format: po (gettext)", 0, NULL},
    {O_FORCE, "force", 'f', NULL, NULL, 0, C_NEW, "add the missing files to a folder that is not\nempty (existing files are kept)",
     0, NULL},
};

typedef struct command {
    const char *name;
    unsigned bit;
    const char *synopsis, *what, *examples;
} command;

static const command commands[] = {
    {"build", C_BUILD, "trifold build DIR [options]", "lay out the brochure in DIR and write the PDF(s)",
     "  trifold build content/attachment\n"
     "  trifold build content/attachment --lang=es --paper=A4 -o es.pdf\n"
     "  trifold build content/attachment --lang all --clinic content/clinics -o out/\n"
     "  trifold build my-brochure --png out/png --dpi 72\n"
     "  trifold build content/attachment --press --slug -o press.pdf\n"},
    {"check", C_CHECK, "trifold check DIR [options]",
     "lay out, print how full each panel is, the\nuntranslated texts and the patient-material\nchecks; write nothing",
     "  trifold check content/attachment --lang all\n"
     "  trifold check content/attachment --json\n"
     "  trifold check content/attachment --layout\n"
     "  trifold check content/attachment --press\n"},
    {"new", C_NEW, "trifold new DIR [--fold roll|z] [--paper letter|a4] [--lang TAG]",
     "create a brochure folder that builds at once: a\n"
     "commented brochure.yaml and a short text file with\nevery block kind",
     "  trifold new my-brochure && trifold build my-brochure\n"
     "  trifold new flyer --fold z --paper a4 --lang es\n"},
    {"watch", C_WATCH, "trifold watch DIR [build options]",
     "build, then rebuild on every save; errors are shown\n"
     "in place and the last good PDF stays; with --png the\npreviews are refreshed too. Ctrl-C stops",
     "  trifold watch my-brochure --png out/png\n"},
    {"export", C_EXPORT, "trifold export DIR --lang TAGS --format po [-o FILE|PATTERN|DIR]",
     "write a gettext PO file per language for translators:\n"
     "msgctxt the key, msgid the base text, msgstr the\n"
     "translation; stale ones are fuzzy (docs/translating.md)",
     "  trifold export content/attachment --lang de --format po -o de.po\n"
     "  trifold export content/attachment --lang all --format po -o 'po/{lang}.po'\n"},
    {"import", C_IMPORT, "trifold import FILE.po... [DIR] [-o FILE]",
     "write the language file a PO file holds (DIR: the\nbrochure folder; default: the one its header names)",
     "  trifold import de.po content/attachment\n"},
    {"status", C_STATUS, "trifold status DIR [--lang TAGS] [--clinic FILE|DIR]",
     "per language: texts translated, falling back to the\nbase language, and stale (base text changed since)",
     "  trifold status content/attachment\n"},
    {"mark-translated", C_MARK, "trifold mark-translated DIR --lang TAG [KEY...]",
     "record that the translations (or the keys named)\nwere made from the base text as it is now",
     "  trifold mark-translated content/attachment --lang de stories.find\n"},
    {"preview", C_PREVIEW, "trifold preview DIR [options]",
     "lay out and write every page as a PNG image (no PDF\nis kept)",
     "  trifold preview my-brochure --dpi 150 --proof\n"
     "  trifold preview content/attachment --lang ar -o /tmp/pages\n"},
};

int tf_cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("trifold: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n(run 'trifold --help' for usage)\n", stderr);
    return TF_CLI_USAGE;
}

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < TF_ARRAY_LEN(commands); i++)
        if (!strcmp(commands[i].name, name)) return &commands[i];
    return NULL;
}

#define HELP_COL 24

static void print_option(FILE *out, const option *op, unsigned cmd)
{
    char head[64];
    if (op->shrt)
        snprintf(head, sizeof head, "-%c, --%s%s%s", op->shrt, op->name, op->arg ? " " : "", op->arg ? op->arg : "");
    else
        snprintf(head, sizeof head, "    --%s%s%s", op->name, op->arg ? " " : "", op->arg ? op->arg : "");
    if (strlen(head) >= HELP_COL) fprintf(out, "  %s\n  %-*s ", head, HELP_COL, "");
    else fprintf(out, "  %-*s ", HELP_COL, head);
    const char *help = (cmd & op->alt_cmds) ? op->alt_help : op->help;
    for (const char *p = help; *p; p++) {
        fputc(*p, out);
        if (*p == '\n') fprintf(out, "  %-*s ", HELP_COL, "");
    }
    fputc('\n', out);
}

void tf_cli_help(const char *cmd, void *stream)
{
    FILE *out = stream;
    const command *c = cmd ? find_command(cmd) : NULL;
    if (c) {
        fprintf(out, "usage: %s\n\n%s.\n\noptions:\n", c->synopsis, c->what);
        for (size_t i = 0; i < TF_ARRAY_LEN(options); i++)
            if (options[i].cmds & c->bit) print_option(out, &options[i], c->bit);
        fprintf(out, "  %-*s %s\n\nexamples:\n%s", HELP_COL, "-h, --help", "this help", c->examples);
        fputs("\nexit status: 0 ok, 1 content or layout problem, 2 usage, 3 I/O or PDF failure\n", out);
        return;
    }
    fputs("usage: trifold COMMAND [ARGS] [options]\n\ncommands:\n", out);
    for (size_t i = 0; i < TF_ARRAY_LEN(commands); i++) {
        fprintf(out, "  %-8s ", commands[i].name);
        for (const char *p = commands[i].what; *p; p++) {
            fputc(*p, out);
            if (*p == '\n') fprintf(out, "  %-8s ", "");
        }
        fputc('\n', out);
    }
    fputs("  help     help for one command: trifold help build\n\n"
          "options (see 'trifold help COMMAND' for which command takes which):\n", out);
    for (size_t i = 0; i < TF_ARRAY_LEN(options); i++) print_option(out, &options[i], 0);
    fprintf(out, "  %-*s %s\n  %-*s %s\n", HELP_COL, "-h, --help", "this help", HELP_COL, "    --version",
            "print the version");
    fputs("\nexamples:\n"
          "  trifold new my-brochure          start a brochure\n"
          "  trifold watch my-brochure --png out/png\n"
          "  trifold build my-brochure --lang=all\n"
          "  trifold check content/attachment --lang es\n"
          "\nValues of --paper, --fold and --edition are case-insensitive; --opt=value and\n"
          "--opt value are the same. Content format: docs/content-format.md, man trifold.\n"
          "\nexit status: 0 ok, 1 content or layout problem, 2 usage, 3 I/O or PDF failure\n", out);
}

static const option *find_long(const char *name, size_t len)
{
    for (size_t i = 0; i < TF_ARRAY_LEN(options); i++)
        if (strlen(options[i].name) == len && !strncmp(options[i].name, name, len)) return &options[i];
    return NULL;
}

static int unknown_option(const char *arg, size_t len)
{
    const char *names[TF_ARRAY_LEN(options) + 2];
    size_t n = 0;
    for (size_t i = 0; i < TF_ARRAY_LEN(options); i++) names[n++] = options[i].name;
    names[n++] = "help";
    names[n++] = "version";
    char buf[128];
    snprintf(buf, sizeof buf, "%.*s", (int)(len < 100 ? len : 100), arg);
    const char *near = tf_closest(buf, names, n);
    /* a prefix of a longer name (--lan) or a plural (--langs) is close too */
    for (size_t i = 0; !near && len >= 3 && i < n; i++)
        if (!strncmp(names[i], buf, len < strlen(names[i]) ? len : strlen(names[i]))) near = names[i];
    if (near) return tf_cli_usage_error("unknown option '--%s' (did you mean '--%s'?)", buf, near);
    return tf_cli_usage_error("unknown option '--%s'", buf);
}

/* Store a value, canonicalising enum values to their lower-case spelling. */
static int set_value(tf_cli *o, const option *op, const char *v)
{
    if (op->values) {
        const char *canon = NULL;
        for (size_t i = 0; i < op->n_values; i++)
            if (!strcasecmp(op->values[i], v)) canon = op->values[i];
        if (!canon) {
            const char *near = tf_closest(v, op->values, op->n_values);
            char list[64];
            tf_name_choices(op->values, op->n_values, list, sizeof list);
            if (near) return tf_cli_usage_error("--%s must be %s, not '%s' (did you mean '%s'?)", op->name, list, v, near);
            return tf_cli_usage_error("--%s must be %s, not '%s'", op->name, list, v);
        }
        v = canon;
    }
    switch (op->id) {
    case O_LANG: o->lang = v; break;
    case O_PAPER: o->paper = v; break;
    case O_FOLD: o->fold = v; break;
    case O_EDITION: o->edition = v; break;
    case O_OUT: o->out = v; break;
    case O_PNG: o->png_dir = v; break;
    case O_PRESS_PROFILE: o->press_profile = v; break;
    case O_PRESS_CONDITION: o->press_condition = v; break;
    case O_MANIFEST: o->manifest = v; break;
    case O_SHARD: {
        char *end;
        unsigned long k = strtoul(v, &end, 10), n = 0;
        if (end != v && *end == '/') n = strtoul(end + 1, &end, 10);
        if (*end || k < 1 || n < 1 || k > n || n > 100000)
            return tf_cli_usage_error("--shard must be K/N with 1 <= K <= N, not '%s'", v);
        o->shard = v;
        o->shard_k = (unsigned)k;
        o->shard_n = (unsigned)n;
        break;
    }
    case O_CLINIC:
        if (o->n_clinic_args == TF_CLI_MAX_LIST) return tf_cli_usage_error("too many --clinic options");
        o->clinic_args[o->n_clinic_args++] = v;
        break;
    case O_DPI: {
        char *end;
        long d = strtol(v, &end, 10);
        if (!*v || *end || d < 10 || d > 600)
            return tf_cli_usage_error("--dpi must be a whole number from 10 to 600, not '%s' (600 dpi is "
                                      "already 140 MB of pixels for a letter sheet)", v);
        o->dpi = (int)d;
        break;
    }
    default: break;
    }
    return TF_CLI_OK;
}

static void set_flag(tf_cli *o, const option *op)
{
    if (op->id == O_PRESS) o->press = true;
    else if (op->id == O_FIT) o->fit = true;
    else if (op->id == O_JSON) o->json = true;
    else if (op->id == O_LAYOUT_REPORT) o->layout = true;
    else if (op->id == O_PROOF) o->proof = true;
    else if (op->id == O_SLUG) o->slug = true;
    else if (op->id == O_FORCE) o->force = true;
    else if (op->id == O_FAIL_FAST) o->fail_fast = true;
    else if (op->id == O_KEEP_GOING) o->fail_fast = false;
}

int tf_cli_parse(int argc, char **argv, tf_cli *o)
{
    memset(o, 0, sizeof *o);
    o->dpi = 96;
    const option *seen[TF_CLI_MAX_LIST];
    size_t n_seen = 0;
    bool help = false, only_args = false;
    const char *help_topic = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_args || a[0] != '-' || !a[1]) {
            if (!o->cmd) o->cmd = a;
            else if (!strcmp(o->cmd, "help") && !help_topic) help_topic = a;
            else if (!o->dir) o->dir = a;
            else return tf_cli_usage_error("unexpected argument '%s' (one folder per call; "
                                           "several languages go in one --lang list)", a);
            continue;
        }
        if (!strcmp(a, "--")) { only_args = true; continue; }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { help = true; continue; }
        if (!strcmp(a, "--version")) {
            printf("trifold %s\n", TF_VERSION);
            return TF_CLI_DONE;
        }
        const option *op = NULL;
        const char *value = NULL;
        if (a[1] == '-') {
            const char *name = a + 2, *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            if (!(op = find_long(name, len))) return unknown_option(name, len);
            if (eq) {
                if (!op->arg) return tf_cli_usage_error("option '--%s' takes no value", op->name);
                value = eq + 1;
            }
        } else {
            for (size_t k = 0; k < TF_ARRAY_LEN(options); k++)
                if (options[k].shrt && options[k].shrt == a[1]) op = &options[k];
            if (!op) return tf_cli_usage_error("unknown option '%s'", a);
            if (a[2]) {
                if (!op->arg) return tf_cli_usage_error("option '-%c' takes no value", op->shrt);
                value = a + 2;          /* -ofile */
            }
        }
        if (op->arg && !value) {
            if (i + 1 >= argc) {
                size_t k = strcspn(a, "=");
                return tf_cli_usage_error("option '%.*s' needs a value (%s)", (int)k, a, op->arg);
            }
            value = argv[++i];
        }
        if (n_seen < TF_CLI_MAX_LIST) seen[n_seen++] = op;
        if (op->arg) {
            int rc = set_value(o, op, value);
            if (rc != TF_CLI_OK) return rc;
        } else {
            set_flag(o, op);
        }
    }
    if (o->cmd && !strcmp(o->cmd, "help")) {
        if (help_topic && !find_command(help_topic))
            return tf_cli_usage_error("no help for '%s' (commands: build check new watch preview)", help_topic);
        tf_cli_help(help_topic, stdout);
        return TF_CLI_DONE;
    }
    const command *c = o->cmd ? find_command(o->cmd) : NULL;
    if (help) {
        tf_cli_help(c ? c->name : NULL, stdout);
        return TF_CLI_DONE;
    }
    if (!o->cmd) return tf_cli_usage_error("no command given (build, check, new, watch, preview or help)");
    if (!c) {
        const char *names[TF_ARRAY_LEN(commands) + 1];
        for (size_t i = 0; i < TF_ARRAY_LEN(commands); i++) names[i] = commands[i].name;
        names[TF_ARRAY_LEN(commands)] = "help";
        const char *near = tf_closest(o->cmd, names, TF_ARRAY_LEN(names));
        if (near) return tf_cli_usage_error("unknown command '%s' (did you mean '%s'?)", o->cmd, near);
        return tf_cli_usage_error("unknown command '%s' (use build, check, new, watch, preview or help)", o->cmd);
    }
    for (size_t i = 0; i < n_seen; i++)
        if (!(seen[i]->cmds & c->bit))
            return tf_cli_usage_error("option '--%s' is not for '%s' (see 'trifold help %s')", seen[i]->name,
                                      c->name, c->name);
    if (!o->dir)
        return tf_cli_usage_error("'%s' needs a %s", o->cmd, c->bit == C_NEW ? "folder to create" : "brochure folder");
    if (o->edition && !strcmp(o->edition, "screen") && o->press)
        return tf_cli_usage_error("--press is for the print edition, not --edition screen");
    if (o->dpi != 96 && c->bit != C_PREVIEW && !o->png_dir)
        return tf_cli_usage_error("--dpi is for PNG output: add --png DIR");
    if (o->edition && !strcmp(o->edition, "screen") && o->proof)
        return tf_cli_usage_error("--proof is for the print edition, not --edition screen");
    if (o->slug && !o->press) return tf_cli_usage_error("--slug is for press output: add --press");
    if (c->bit == C_NEW && o->lang && strchr(o->lang, ','))
        return tf_cli_usage_error("new takes one base language, not '%s' (add translations later)", o->lang);
    return TF_CLI_OK;
}
