/* batch.c: a batch's messages, summary and manifest (see batch.h). */
#define _DEFAULT_SOURCE
#include "batch.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "json.h"

typedef struct msg {
    char *line;        /* "file:l:c: kind: text" */
    char *scope;       /* "attachment/riverside/es", "attachment/es" */
    size_t order;      /* edition number of the scope (for the report's order) */
} msg;

typedef struct done {
    size_t seq;
    int rc, warnings;
    char *json;        /* the manifest line, NULL when nothing was written */
} done;

struct tf_batch {
    char *brochure;
    size_t total;
    char *scope;
    size_t scope_order;
    msg *msgs;
    size_t n_msgs, cap_msgs;
    done *dones;
    size_t n_dones, cap_dones;
};

static void on_message(void *ctx, const char *line)
{
    tf_batch *b = ctx;
    if (b->n_msgs == b->cap_msgs) {
        b->cap_msgs = b->cap_msgs ? b->cap_msgs * 2 : 64;
        b->msgs = tf_xrealloc(b->msgs, b->cap_msgs * sizeof *b->msgs);
    }
    b->msgs[b->n_msgs++] = (msg){tf_xstrdup(line), tf_xstrdup(b->scope ? b->scope : b->brochure), b->scope_order};
}

tf_batch *tf_batch_new(const char *brochure, size_t total)
{
    tf_batch *b = tf_xcalloc(1, sizeof *b);
    b->brochure = tf_xstrdup(brochure);
    b->total = total;
    tf_diag_set_hook(on_message, b);
    return b;
}

void tf_batch_free(tf_batch *b)
{
    if (!b) return;
    tf_diag_set_hook(NULL, NULL);
    for (size_t i = 0; i < b->n_msgs; i++) {
        free(b->msgs[i].line);
        free(b->msgs[i].scope);
    }
    for (size_t i = 0; i < b->n_dones; i++) free(b->dones[i].json);
    free(b->msgs);
    free(b->dones);
    free(b->scope);
    free(b->brochure);
    free(b);
}

void tf_batch_scope(tf_batch *b, const char *clinic, const char *lang, size_t seq)
{
    b->scope_order = seq;
    free(b->scope);
    size_t n = strlen(b->brochure) + (clinic ? strlen(clinic) : 0) + strlen(lang) + 4;
    b->scope = tf_xmalloc(n);
    if (clinic) snprintf(b->scope, n, "%s/%s/%s", b->brochure, clinic, lang);
    else snprintf(b->scope, n, "%s/%s", b->brochure, lang);
}

void tf_batch_scope_end(tf_batch *b)
{
    free(b->scope);
    b->scope = NULL;
}

void tf_batch_done(tf_batch *b, size_t seq, const char *clinic, const char *lang, int rc, int warnings,
                   const char *file, size_t bytes, const char *sha256, double body_pt)
{
    if (b->n_dones == b->cap_dones) {
        b->cap_dones = b->cap_dones ? b->cap_dones * 2 : 32;
        b->dones = tf_xrealloc(b->dones, b->cap_dones * sizeof *b->dones);
    }
    char *json = NULL;
    if (file) {
        size_t len = 0;
        FILE *f = open_memstream(&json, &len);
        if (!f) abort();
        tf_json j;
        tf_json_init_line(&j, f);
        tf_json_begin_object(&j);
        tf_json_key(&j, "brochure"); tf_json_string(&j, b->brochure);
        tf_json_key(&j, "clinic"); tf_json_string(&j, clinic);
        tf_json_key(&j, "language"); tf_json_string(&j, lang);
        tf_json_key(&j, "file"); tf_json_string(&j, file);
        tf_json_key(&j, "bytes"); tf_json_int(&j, (long long)bytes);
        tf_json_key(&j, "sha256"); tf_json_string(&j, sha256);
        tf_json_key(&j, "body_size"); tf_json_number(&j, body_pt, 2);
        tf_json_key(&j, "warnings"); tf_json_int(&j, warnings);
        tf_json_end_object(&j);
        fclose(f);
    }
    b->dones[b->n_dones++] = (done){seq, rc, warnings, json};
}

/* --- workers ------------------------------------------------------------------ */

/* One record a line: "M <order> <scope>\t<text>", "D <seq> <rc> <warnings>\t<json or ->".
 * A message's line breaks travel as \x01 (diag never writes that byte:
 * the loader refuses control characters). */
static void put_clean(FILE *f, const char *s)
{
    for (; *s; s++) fputc(*s == '\n' ? '\x01' : *s == '\t' ? ' ' : *s, f);
}

void tf_batch_send(tf_batch *b, int fd)
{
    FILE *f = fdopen(fd, "w");
    if (!f) return;
    for (size_t i = 0; i < b->n_msgs; i++) {
        fprintf(f, "M %zu ", b->msgs[i].order);
        put_clean(f, b->msgs[i].scope);
        fputc('\t', f);
        put_clean(f, b->msgs[i].line);
        fputc('\n', f);
    }
    for (size_t i = 0; i < b->n_dones; i++) {
        fprintf(f, "D %zu %d %d\t", b->dones[i].seq, b->dones[i].rc, b->dones[i].warnings);
        put_clean(f, b->dones[i].json ? b->dones[i].json : "-");
        fputc('\n', f);
    }
    fclose(f);
}

void tf_batch_receive(tf_batch *b, int fd)
{
    FILE *f = fdopen(fd, "r");
    if (!f) return;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n') line[--n] = 0;
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = 0;
        if (line[0] == 'M') {
            size_t order;
            int used = 0;
            if (sscanf(line, "M %zu %n", &order, &used) != 1) continue;
            char *saved = b->scope;
            size_t saved_order = b->scope_order;
            b->scope = line + used;
            b->scope_order = order;
            for (char *p = tab + 1; *p; p++)
                if (*p == '\x01') *p = '\n';
            on_message(b, tab + 1);
            b->scope = saved;
            b->scope_order = saved_order;
        } else if (line[0] == 'D') {
            size_t seq;
            int rc, w;
            if (sscanf(line, "D %zu %d %d", &seq, &rc, &w) != 3) continue;
            if (b->n_dones == b->cap_dones) {
                b->cap_dones = b->cap_dones ? b->cap_dones * 2 : 32;
                b->dones = tf_xrealloc(b->dones, b->cap_dones * sizeof *b->dones);
            }
            b->dones[b->n_dones++] = (done){seq, rc, w, strcmp(tab + 1, "-") ? tf_xstrdup(tab + 1) : NULL};
        }
    }
    free(line);
    fclose(f);
}

/* --- the report ------------------------------------------------------------- */

static int by_seq(const void *x, const void *y)
{
    const done *a = x, *b = y;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int by_order(const void *x, const void *y)
{
    const msg *a = x, *b = y;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* A message said in every edition's own scope (not a language's). */
static bool scopes_all(const tf_batch *b, size_t i)
{
    size_t n = 0;
    for (size_t j = i; j < b->n_msgs; j++)
        if (!strcmp(b->msgs[j].line, b->msgs[i].line)) n++;
    return n == b->total;
}

size_t tf_batch_report(tf_batch *b, FILE *err, const char *verb, const char *shard, size_t mine, FILE *manifest)
{
    tf_diag_set_hook(NULL, NULL);
    qsort(b->dones, b->n_dones, sizeof *b->dones, by_seq);
    /* messages in edition order (stable: mergesort-like by insertion within one order) */
    for (size_t i = 1; i < b->n_msgs; i++) {          /* insertion sort keeps equal orders as they came */
        msg m = b->msgs[i];
        size_t j = i;
        while (j > 0 && by_order(&b->msgs[j - 1], &m) > 0) {
            b->msgs[j] = b->msgs[j - 1];
            j--;
        }
        b->msgs[j] = m;
    }
    bool *said = tf_xcalloc(b->n_msgs + 1, 1);
    size_t editions = b->n_dones;
    for (size_t i = 0; i < b->n_msgs; i++) {
        if (said[i]) continue;
        size_t count = 0;
        for (size_t j = i; j < b->n_msgs; j++)
            if (!said[j] && !strcmp(b->msgs[j].line, b->msgs[i].line)) count++;
        const char *text = b->msgs[i].line;
        int first_len = (int)strcspn(text, "\n");
        fprintf(err, "%.*s [", first_len, text);
        if (count > 1 && count == editions && editions == b->total && scopes_all(b, i)) {
            fprintf(err, "every edition");
            for (size_t j = i; j < b->n_msgs; j++)
                if (!strcmp(b->msgs[j].line, b->msgs[i].line)) said[j] = true;
        } else {
            bool first = true;
            for (size_t j = i; j < b->n_msgs; j++) {
                if (said[j] || strcmp(b->msgs[j].line, b->msgs[i].line)) continue;
                said[j] = true;
                bool dup = false;                    /* one scope said once */
                for (size_t k = i; k < j; k++)
                    if (!strcmp(b->msgs[k].line, b->msgs[j].line) && !strcmp(b->msgs[k].scope, b->msgs[j].scope))
                        dup = true;
                if (dup) continue;
                fprintf(err, "%s%s", first ? "" : ", ", b->msgs[j].scope);
                first = false;
            }
        }
        fprintf(err, "]\n%s", text[first_len] ? text + first_len + 1 : "");
    }
    free(said);
    size_t failed = 0, made = 0;
    long warnings = 0;
    for (size_t i = 0; i < b->n_dones; i++) {
        if (b->dones[i].rc) failed++;
        else made++;
        warnings += b->dones[i].warnings;
        if (manifest && b->dones[i].json) fprintf(manifest, "%s\n", b->dones[i].json);
    }
    size_t not_made = mine > b->n_dones ? mine - b->n_dones : 0;
    fprintf(err, "%s: ", b->brochure);
    if (shard) fprintf(err, "shard %s: ", shard);
    fprintf(err, "%zu of %zu edition%s %s, %zu failed", made, mine, mine == 1 ? "" : "s", verb, failed);
    if (not_made) fprintf(err, ", %zu not made (--fail-fast)", not_made);
    if (shard) fprintf(err, " (%zu in the whole batch)", b->total);
    fprintf(err, ", %ld warning%s\n", warnings, warnings == 1 ? "" : "s");
    return failed;
}
