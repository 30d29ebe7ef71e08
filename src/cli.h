/* cli.h: the command line, parsed the GNU way.
 *
 *   trifold build DIR --lang=en,es --paper A4 -o 'out/{lang}.pdf'
 *
 * `--opt value` and `--opt=value` both work; enum values (paper, fold,
 * edition) are case-insensitive and stored in their canonical lower case;
 * a mistyped option or command gets a "did you mean"; every usage problem
 * exits 2. Per-command help: `trifold help build`, `trifold build --help`.
 *
 * tf_cli_parse never exits: it returns TF_CLI_OK (run the command),
 * TF_CLI_DONE (help or version printed, exit 0) or TF_CLI_USAGE (message
 * printed, exit 2). Strings point into argv or static tables. */
#ifndef TF_CLI_H
#define TF_CLI_H

#include <stdbool.h>
#include <stddef.h>

#define TF_CLI_MAX_LIST 256

enum { TF_CLI_OK = 0, TF_CLI_DONE = 1, TF_CLI_USAGE = 2 };

typedef struct tf_cli {
    const char *cmd;        /* build check new watch preview */
    const char *dir;        /* the brochure folder (for new: the folder to create) */
    const char *lang, *paper, *fold, *out, *edition;
    const char *png_dir;    /* build --png DIR, preview --png DIR: PNGs of every page */
    const char *press_profile, *press_condition;   /* press: override the theme's */
    int dpi;                /* PNG resolution (default 96) */
    bool press, fit, json, proof, slug, force;   /* json: check --json */
    bool layout;                                  /* check --layout: the layout report as text */
    const char *shard;      /* --shard K/N: shard_k of shard_n (0: the whole batch) */
    unsigned shard_k, shard_n;
    const char *manifest;   /* build --manifest FILE: one JSON line per edition */
    bool fail_fast;         /* --fail-fast (default --keep-going) */
    const char *clinic_args[TF_CLI_MAX_LIST];
    size_t n_clinic_args;
} tf_cli;

int tf_cli_parse(int argc, char **argv, tf_cli *o);

/* Print "trifold: <message>" and the help hint to stderr; returns TF_CLI_USAGE. */
int tf_cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Help for one command (or the overview for NULL) on `out`. */
void tf_cli_help(const char *cmd, void *out);

#endif
