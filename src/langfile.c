/* langfile.c: the language file writer (see langfile.h). */
#define _DEFAULT_SOURCE   /* open_memstream, mkstemp */
#include "langfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "file.h"
#include "yamltree.h"

static const char *const kind_keys[] = {
#define TF_BLOCK_KIND(id, key) [TF_BLOCK_##id] = key,
#include "blockkind.def"
#undef TF_BLOCK_KIND
};

#define WIDTH 78

/* --- scalars -------------------------------------------------------------- */

static void put_quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
        else if (*p == '\n') fputs("\\n", f);
        else if (*p == '\t') fputs("\\t", f);
        else if (*p < 0x20 || *p == 0x7f) fprintf(f, "\\x%02x", *p);
        else if (p[0] == 0xc2 && p[1] == 0x85) { fputs("\\N", f); p++; }
        else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
            fputs(p[2] == 0xa8 ? "\\L" : "\\P", f);
            p += 2;
        } else fputc(*p, f);
    }
    fputc('"', f);
}

/* Folding is safe for words separated by single spaces: every line break
 * the folding makes reads back as one space, and no line starts with a
 * space (which would keep its break). */
static bool foldable(const char *s)
{
    size_t n = strlen(s);
    if (n < 60 || s[0] == ' ' || s[n - 1] == ' ') return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f || (p[0] == ' ' && p[1] == ' ')) return false;
        if (p[0] == 0xc2 && p[1] == 0x85) return false;
        if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) return false;
        if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) return false;
    }
    return true;
}

/* Columns of UTF-8 text, a code point each: good enough for wrapping. */
static size_t cols(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xc0) != 0x80;
    return c;
}

/* `text` after "key: " at indentation `ind`, then the newline. */
static void put_text(FILE *f, const char *s, int ind)
{
    if (!foldable(s)) {
        put_quoted(f, s);
        fputc('\n', f);
        return;
    }
    fputs(">-\n", f);
    const char *p = s;
    while (*p) {
        size_t width = WIDTH - (size_t)ind - 2, used = 0, end = 0;
        const char *q = p;
        for (;;) {                         /* take words while they fit (at least one) */
            size_t w = strcspn(q, " ");
            size_t c = cols(q, w);
            if (end && used + 1 + c > width) break;
            used += (end ? 1 : 0) + c;
            q += w;
            end = (size_t)(q - p);
            if (!*q) break;
            q++;
        }
        fprintf(f, "%*s%.*s\n", ind + 2, "", (int)end, p);
        p += end;
        if (*p == ' ') p++;
    }
}

static void put_key(FILE *f, int ind, const char *key)
{
    fprintf(f, "%*s", ind, "");
    bool plain = *key != 0;
    for (const char *p = key; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
              *p == '_' || *p == '.'))
            plain = false;
    if (plain && (key[0] == '-' || key[0] == '.')) plain = false;
    if (plain) fputs(key, f);
    else put_quoted(f, key);
    fputs(": ", f);
}

/* "key:" opening a nested map */
static void put_map_key(FILE *f, int ind, const char *key)
{
    put_key(f, ind, key);
    fseek(f, -1, SEEK_CUR);               /* no space before the line break */
    fputc('\n', f);
}

static void put_pair(FILE *f, int ind, const char *key, const char *text)
{
    put_key(f, ind, key);
    put_text(f, text, ind);
}

static void put_lines(FILE *f, int ind, const char *key, const char *text)
{
    put_key(f, ind, key);
    if (!strchr(text, '\n')) {
        put_text(f, text, ind);
        return;
    }
    fputc('[', f);
    for (const char *p = text;;) {
        size_t n = strcspn(p, "\n");
        char *line = strndup(p, n);
        put_quoted(f, line);
        free(line);
        p += n;
        if (!*p) break;
        fputs(", ", f);
        p++;
    }
    fputs("]\n", f);
}

/* --- the file ------------------------------------------------------------- */

static const char source_comment[] =
    "# The base text each translation was made from (a hash per key): trifold\n"
    "# status reports a translation whose base text changed since as stale.\n";

static void put_sources(FILE *f, const char *const *keys, const char *const *hashes, size_t n)
{
    if (!n) return;
    fprintf(f, "\n%s_source:\n", source_comment);
    for (size_t i = 0; i < n; i++) {
        put_key(f, 2, keys[i]);
        put_quoted(f, hashes[i]);
        fputc('\n', f);
    }
}

static const tf_lf_entry *find(const tf_lf_entry *e, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(e[i].key, key) == 0) return e[i].text ? &e[i] : NULL;
    return NULL;
}

static const char *text_at(const tf_lf_entry *e, size_t n, const char *fmt, const char *a, const char *b,
                           const char *c, const char *d)
{
    char key[1024];
    snprintf(key, sizeof key, fmt, a, b, c, d);
    const tf_lf_entry *x = find(e, n, key);
    return x ? x->text : NULL;
}

static void put_block(FILE *f, const tf_block *b, const char *sid, const tf_lf_entry *e, size_t n, bool *story_open)
{
    const char *main = text_at(e, n, b->kind == TF_BLOCK_IMAGE ? "stories.%s.%s.alt" : "stories.%s.%s", sid, b->id,
                               NULL, NULL);
    bool any_item = false, any_contact = false;
    for (size_t k = 0; k < b->n_items; k++)
        if (text_at(e, n, "stories.%s.%s.items.%s", sid, b->id, b->items[k].id, NULL)) any_item = true;
    static const char *const fields[] = {"name", "description", "address"};
    for (size_t k = 0; k < b->n_contacts; k++)
        for (size_t fi = 0; fi < 3; fi++)
            if (text_at(e, n, "stories.%s.%s.entries.%s.%s", sid, b->id, b->contacts[k].id, fields[fi]))
                any_contact = true;
    if (!main && !any_item && !any_contact) return;
    if (!*story_open) {
        fputc('\n', f);
        put_map_key(f, 2, sid);
        *story_open = true;
    }
    /* the base's shape: a paragraph as a plain scalar, other kinds as
     * {kind: text} (on one line when the text is short) */
    if (!any_item && !any_contact && b->kind == TF_BLOCK_PARAGRAPH) {
        put_pair(f, 4, b->id, main);
        return;
    }
    if (!any_item && !any_contact && !foldable(main)) {
        put_key(f, 4, b->id);
        fputc('{', f);
        put_key(f, 0, b->kind == TF_BLOCK_IMAGE ? "alt" : kind_keys[b->kind]);
        put_quoted(f, main);
        fputs("}\n", f);
        return;
    }
    put_map_key(f, 4, b->id);
    if (main) put_pair(f, 6, b->kind == TF_BLOCK_IMAGE ? "alt" : kind_keys[b->kind], main);
    if (any_item) {
        fprintf(f, "      items:\n");
        for (size_t k = 0; k < b->n_items; k++) {
            const char *t = text_at(e, n, "stories.%s.%s.items.%s", sid, b->id, b->items[k].id, NULL);
            if (t) put_pair(f, 8, b->items[k].id, t);
        }
    }
    if (any_contact) {
        fprintf(f, "      entries:\n");
        for (size_t k = 0; k < b->n_contacts; k++) {
            const char *t[3];
            for (size_t fi = 0; fi < 3; fi++)
                t[fi] = text_at(e, n, "stories.%s.%s.entries.%s.%s", sid, b->id, b->contacts[k].id, fields[fi]);
            if (!t[0] && !t[1] && !t[2]) continue;
            put_map_key(f, 8, b->contacts[k].id);
            if (t[0]) put_pair(f, 10, "name", t[0]);
            if (t[1]) put_pair(f, 10, "description", t[1]);
            if (t[2]) put_lines(f, 10, "address", t[2]);
        }
    }
}

static void put_section(FILE *f, const char *name, const char *const *keys, size_t nk, const tf_lf_entry *e, size_t n)
{
    bool open = false;
    for (size_t i = 0; i < nk; i++) {
        const char *t = text_at(e, n, "%s.%s", name, keys[i], NULL, NULL);
        if (!t) continue;
        if (!open) fprintf(f, "%s:\n", name);
        open = true;
        put_pair(f, 2, keys[i], t);
    }
}

char *tf_langfile_render(const tf_doc *base, const char *lang, const tf_lf_entry *e, size_t n, const tf_lf_old *old)
{
    static const char *const meta[] = {"title", "author", "subject"};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        fprintf(stderr, "trifold: out of memory\n");
        abort();
    }
    if (old && old->header) fputs(old->header, f);
    else fprintf(f, "# yaml-language-server: $schema=../../schema/text.schema.json\n"
                    "# %s: the %s text (written by trifold import)\n", base->id, lang);
    fprintf(f, "lang: %s\n", lang);
    put_section(f, "meta", meta, 3, e, n);
    put_section(f, "labels", tf_label_keys, TF_LABEL_COUNT, e, n);
    char *sbuf = NULL;                    /* the stories, to know whether there are any */
    size_t slen = 0;
    FILE *sf = open_memstream(&sbuf, &slen);
    if (!sf) abort();
    for (size_t i = 0; i < base->n_stories; i++) {
        const tf_story *s = &base->stories[i];
        size_t r = 0;
        while (old && r < old->n_stories && strcmp(old->story_ids[r], s->id) != 0) r++;
        if (old && r < old->n_stories) {
            fputc('\n', sf);
            fputs(old->story_text[r], sf);
            continue;
        }
        bool open = false;
        for (size_t j = 0; j < s->n_blocks; j++) put_block(sf, &s->blocks[j], s->id, e, n, &open);
    }
    fclose(sf);
    if (slen) fprintf(f, "\nstories:%s\n", sbuf);
    else fprintf(f, "\nstories: {}\n");
    free(sbuf);
    size_t ns = 0;
    const char **sk = tf_xmalloc((n + (old ? old->n_stories : 0) + 1) * sizeof *sk);
    const char **sh = tf_xmalloc((n + (old ? old->n_stories : 0) + 1) * sizeof *sh);
    char **own = tf_xmalloc(((old ? old->n_stories : 0) + 1) * sizeof *own);
    size_t n_own = 0;
    for (size_t i = 0; i < n; i++)
        if (e[i].source) { sk[ns] = e[i].key; sh[ns++] = e[i].source; }
    for (size_t i = 0; old && i < old->n_stories; i++) {
        if (!old->story_source[i]) continue;
        size_t m = strlen(old->story_ids[i]) + 9;
        own[n_own] = tf_xmalloc(m);
        snprintf(own[n_own], m, "stories.%s", old->story_ids[i]);
        sk[ns] = own[n_own++];
        sh[ns++] = old->story_source[i];
    }
    put_sources(f, sk, sh, ns);
    for (size_t i = 0; i < n_own; i++) free(own[i]);
    free(own);
    free(sk);
    free(sh);
    fclose(f);
    return buf;
}

/* --- an existing file ---------------------------------------------------- */

/* Lines [from, to) of buf (1-based), re-indented by `shift` columns, with
 * trailing blank and comment lines left out (they belong to what follows). */
static const char *lines_of(tf_arena *a, const char *buf, int from, int to, int shift)
{
    const char **starts = NULL;
    int line = 1, n = 0;
    const char *p = buf;
    while (*p && line < from) {
        if (*p++ == '\n') line++;
    }
    const char *first = p;
    for (const char *q = p; *q && line < to; line++) {
        n++;
        const char *nl = strchr(q, '\n');
        q = nl ? nl + 1 : q + strlen(q);
    }
    starts = tf_arena_alloc(a, ((size_t)n + 1) * sizeof *starts);
    const char *q = first;
    for (int i = 0; i < n; i++) {
        starts[i] = q;
        const char *nl = strchr(q, '\n');
        q = nl ? nl + 1 : q + strlen(q);
    }
    starts[n] = q;
    while (n > 1) {                            /* drop trailing blank and comment lines */
        const char *l = starts[n - 1];
        while (*l == ' ') l++;
        if (*l != '\n' && *l != '#' && *l) break;
        n--;
    }
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f) abort();
    for (int i = 0; i < n; i++) {
        const char *l = starts[i];
        size_t m = (size_t)(starts[i + 1] - l);
        if (shift > 0 && *l != '\n') fprintf(f, "%*s", shift, "");
        for (int k = 0; shift < 0 && k < -shift && *l == ' '; k++, m--) l++;
        fwrite(l, 1, m, f);
        if (m == 0 || l[m - 1] != '\n') fputc('\n', f);
    }
    fclose(f);
    const char *r = tf_arena_strdup(a, out ? out : "");
    free(out);
    return r;
}

bool tf_langfile_read_old(tf_arena *a, const char *path, tf_lf_old *old)
{
    memset(old, 0, sizeof *old);
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) return true;
    tf_loc where = {tf_arena_strdup(a, path), 0, 0};
    size_t len;
    char *buf = tf_file_read(path, TF_MAX_FILE_BYTES, &len, NULL, &where, NULL);
    if (!buf) return false;
    tf_ynode *root;
    bool ok = tf_yaml_parse(a, where.file, buf, len, &root) && root && tf_ynode_expect(root, TF_Y_MAP);
    if (!ok) {
        free(buf);
        return false;
    }
    size_t h = 0;                              /* opening comment lines */
    while (buf[h] == '#') {
        const char *nl = strchr(buf + h, '\n');
        if (!nl) break;
        h = (size_t)(nl - buf) + 1;
    }
    if (h) old->header = tf_arena_strndup(a, buf, h);
    const tf_ynode *src = tf_ymap_get(root, "_source");
    if (src && src->kind == TF_Y_MAP) {
        old->source_keys = tf_arena_alloc(a, (src->n + 1) * sizeof *old->source_keys);
        old->source_hashes = tf_arena_alloc(a, (src->n + 1) * sizeof *old->source_hashes);
        for (size_t i = 0; i < src->n; i++) {
            if (src->pairs[i].val->kind != TF_Y_SCALAR) continue;
            old->source_keys[old->n_sources] = src->pairs[i].key->str;
            old->source_hashes[old->n_sources++] = src->pairs[i].val->str;
        }
    }
    const tf_ypair *sp = tf_ymap_find(root, "stories");
    if (sp && sp->val->kind == TF_Y_MAP) {
        const tf_ynode *m = sp->val;
        int after = 0;                          /* first line after the stories map */
        for (size_t i = 0; i < root->n; i++)
            if (root->pairs[i].key->loc.line > sp->key->loc.line &&
                (!after || root->pairs[i].key->loc.line < after))
                after = root->pairs[i].key->loc.line;
        if (!after) after = 1 << 30;
        old->story_ids = tf_arena_alloc(a, (m->n + 1) * sizeof *old->story_ids);
        old->story_text = tf_arena_alloc(a, (m->n + 1) * sizeof *old->story_text);
        old->story_source = tf_arena_alloc(a, (m->n + 1) * sizeof *old->story_source);
        for (size_t i = 0; i < m->n; i++) {
            const tf_ynode *k = m->pairs[i].key, *v = m->pairs[i].val;
            if (v->kind != TF_Y_MAP || !tf_ymap_find(v, "_blocks")) continue;
            int to = i + 1 < m->n ? m->pairs[i + 1].key->loc.line : after;
            size_t r = old->n_stories++;
            old->story_ids[r] = k->str;
            old->story_text[r] = lines_of(a, buf, k->loc.line, to, 2 - (k->loc.col - 1));
            char key[512];
            snprintf(key, sizeof key, "stories.%s", k->str);
            for (size_t j = 0; j < old->n_sources; j++)
                if (strcmp(old->source_keys[j], key) == 0) old->story_source[r] = old->source_hashes[j];
        }
    }
    free(buf);
    return true;
}

char *tf_langfile_with_sources(const char *path, const char *const *keys, const char *const *hashes, size_t n)
{
    tf_loc where = {path, 0, 0};
    size_t len;
    char *buf = tf_file_read(path, TF_MAX_FILE_BYTES, &len, NULL, &where, NULL);
    if (!buf) return NULL;
    char *out = NULL;
    size_t olen = 0;
    FILE *f = open_memstream(&out, &olen);
    if (!f) abort();
    bool in_source = false;
    size_t keep_end = 0;                       /* bytes written, without trailing blank lines */
    for (const char *p = buf; *p;) {
        const char *nl = strchr(p, '\n');
        size_t m = nl ? (size_t)(nl - p) + 1 : strlen(p);
        if (!strncmp(p, "_source:", 8)) in_source = true;
        else if (in_source && *p != ' ' && *p != '\n' && *p != '#') in_source = false;
        bool ours = !strncmp(p, source_comment, strcspn(source_comment, "\n") + 1) ||
                    !strncmp(p, source_comment + strcspn(source_comment, "\n") + 1, m);
        if (!in_source && !ours) {
            fwrite(p, 1, m, f);
            if (nl == NULL) fputc('\n', f);
            fflush(f);
            if (!(m == 1 && *p == '\n')) keep_end = olen;
        }
        p += m;
    }
    fflush(f);
    fclose(f);
    out[keep_end] = 0;                          /* trailing blank lines go; _source follows one */
    char *res = NULL;
    size_t rlen = 0;
    f = open_memstream(&res, &rlen);
    if (!f) abort();
    fputs(out, f);
    put_sources(f, keys, hashes, n);
    fclose(f);
    free(out);
    free(buf);
    return res;
}

bool tf_langfile_save(const char *path, const char *text)
{
    size_t n = strlen(path) + 16;
    char *tmp = tf_xmalloc(n);
    snprintf(tmp, n, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    bool ok = fd >= 0;
    if (ok) {
        fchmod(fd, 0644);
        size_t len = strlen(text);
        ok = write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
        ok = close(fd) == 0 && ok;
        ok = ok && rename(tmp, path) == 0;
        if (!ok) unlink(tmp);
    }
    if (!ok) tf_diag_error(NULL, "cannot write '%s': %s", path, strerror(errno));
    free(tmp);
    return ok;
}
