/* yamltree.c: libyaml events -> tf_ynode tree, with the checks libyaml
 * leaves to its user.
 *
 * Why not libyaml's document API: it expands nothing but keeps every node
 * in one big array, costs ~7x the file in memory and gives no hook to stop
 * early. Building our own tree from events lets us stop at the first alias
 * or at TF_MAX_DEPTH before any cost is paid, check each scalar once, and
 * keep keys in order.
 *
 * Errors found before parsing (BOM, bad UTF-8, control characters) are all
 * reported with line:col and the file is not parsed. libyaml stops at its
 * first syntax error; we report that one. Errors found while building
 * (duplicate keys, long strings, escaped control characters, tags) are
 * all collected; an anchor, alias or depth overflow stops the loop. */
#include "yamltree.h"

#include <stdarg.h>

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "content.h"
#include "diag.h"
#include "file.h"
#include "utf8.h"
#include "yamlhint.h"

/* --- checks on the raw bytes ---------------------------------------------- */

/* Errors come in file order, so one cursor walks the file once for all of
 * them (a scan from the top per error made a file with a bad byte on every
 * line quadratic). */
static void error_at(const char *file, tf_utf8_cursor *pos, size_t off, const char *msg)
{
    tf_loc loc = {file, 0, 0};
    tf_utf8_cursor_at(pos, off, &loc.line, &loc.col);
    tf_diag_error(&loc, "%s", msg);
}

/* libyaml rejects these too, but only with a byte offset and a terse
 * message; checking first gives line:col and says what to do. */
/* Only spaces, tabs and U+00A0 between the line start and byte i. */
static bool in_indent(const char *buf, size_t i)
{
    while (i > 0 && buf[i - 1] != '\n') {
        unsigned char c = (unsigned char)buf[i - 1];
        if (c == ' ' || c == '\t') i--;
        else if (i >= 2 && c == 0xA0 && (unsigned char)buf[i - 2] == 0xC2) i -= 2;
        else return false;
    }
    return true;
}

static bool prescan(const char *file, const char *buf, size_t len)
{
    bool ok = true;
    size_t i = 0;
    tf_utf8_cursor pos = {.buf = buf};
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        tf_loc loc = {file, 1, 1};
        tf_diag_error(&loc, "file starts with a byte order mark (BOM); save it as UTF-8 without BOM");
        ok = false;
        i = 3;
    }
    const char *end = buf + len;
    while (i < len) {
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                char msg[64];
                snprintf(msg, sizeof msg, "control character U+%04X is not allowed", (unsigned)c);
                error_at(file, &pos, i, msg);
                ok = false;
            }
            i++;
            continue;
        }
        size_t n = tf_utf8_seq_len(buf + i, end);
        if (!n) {
            char msg[64];
            snprintf(msg, sizeof msg, "invalid UTF-8 (byte 0x%02X)", (unsigned)c);
            error_at(file, &pos, i, msg);
            ok = false;
            i++;
            continue;
        }
        const char *p = buf + i;
        uint32_t cp = tf_utf8_next(&p, end);
        char msg[128];
        msg[0] = '\0';
        if (cp == 0xA0 && in_indent(buf, i))
            snprintf(msg, sizeof msg, "a non-breaking space (U+00A0) in the indentation; indent with plain spaces");
        else if (tf_utf8_is_bidi_control(cp))
            snprintf(msg, sizeof msg, "bidi control character U+%04X is not allowed "
                     "(it can make text display differently from what it says)", (unsigned)cp);
        else if (tf_utf8_is_forbidden(cp))
            snprintf(msg, sizeof msg, "control character U+%04X is not allowed", (unsigned)cp);
        else if (cp == 0xFFFE || cp == 0xFFFF)
            snprintf(msg, sizeof msg, "non-character U+%04X is not allowed", (unsigned)cp);
        if (msg[0]) {
            error_at(file, &pos, i, msg);
            ok = false;
        }
        i += n;
    }
    return ok;
}

/* --- the event loop ------------------------------------------------------- */

typedef struct frame {
    tf_ynode *node;
    size_t cap;
    tf_ynode *key;        /* MAP: key waiting for its value */
} frame;

typedef struct builder {
    tf_arena *a;
    const char *file;
    const char *buf;
    size_t len;
    int errors;
    bool alias_reported;
    frame stack[TF_MAX_DEPTH + 1];
    int depth;
    tf_ynode *root;
} builder;

/* libyaml's mark.index counts characters; the byte offset is found from
 * the line's start. */
static size_t byte_index(const builder *b, yaml_mark_t m)
{
    const char *p = b->buf, *end = b->buf + b->len;
    for (size_t l = 0; l < m.line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    for (size_t c = 0; c < m.column && p < end; c++) {
        p++;
        while (p < end && ((unsigned char)*p & 0xC0) == 0x80) p++;
    }
    return (size_t)(p - b->buf);
}

static tf_loc mark_loc(const builder *b, yaml_mark_t m)
{
    tf_loc loc = {b->file, (int)m.line + 1, (int)m.column + 1};
    return loc;
}

static void berror(builder *b, const tf_loc *loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void berror(builder *b, const tf_loc *loc, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tf_diag_error(loc, "%s", msg);
    b->errors++;
}

static int cmp_pair_index(const void *x, const void *y, const tf_ypair *pairs)
{
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    int c = strcmp(pairs[i].key->str, pairs[j].key->str);
    if (c) return c;
    return i < j ? -1 : i > j;
}

/* qsort has no context argument; a mapping is sorted at a time. */
static const tf_ypair *sort_pairs;
static int cmp_idx(const void *x, const void *y) { return cmp_pair_index(x, y, sort_pairs); }
static int cmp_size(const void *x, const void *y)
{
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    return i < j ? -1 : i > j;
}

/* Sort key indices so duplicates are neighbours (n log n even for a huge
 * mapping), then report each later occurrence in file order. */
static void check_duplicates(builder *b, const tf_ynode *map)
{
    size_t n = map->n;
    if (n < 2) return;
    size_t *idx = tf_xmalloc(n * sizeof *idx);
    size_t *dups = tf_xmalloc(n * sizeof *dups);
    size_t *first = tf_xmalloc(n * sizeof *first);
    for (size_t i = 0; i < n; i++) idx[i] = i;
    sort_pairs = map->pairs;
    qsort(idx, n, sizeof *idx, cmp_idx);
    size_t n_dups = 0;
    size_t head = 0;      /* first of the current run of equal keys */
    for (size_t i = 1; i < n; i++) {
        if (strcmp(map->pairs[idx[head]].key->str, map->pairs[idx[i]].key->str) != 0) {
            head = i;
            continue;
        }
        first[idx[i]] = idx[head];
        dups[n_dups++] = idx[i];
    }
    qsort(dups, n_dups, sizeof *dups, cmp_size);
    for (size_t k = 0; k < n_dups; k++) {
        const tf_ypair *p = &map->pairs[dups[k]];
        const tf_ypair *f = &map->pairs[first[dups[k]]];
        tf_diag_error(&p->key->loc, "duplicate key '%s' (first at line %d)", p->key->str, f->key->loc.line);
        b->errors++;
    }
    free(idx);
    free(dups);
    free(first);
}

static void add_child(builder *b, tf_ynode *child)
{
    if (b->depth == 0) {
        b->root = child;
        return;
    }
    frame *f = &b->stack[b->depth - 1];
    tf_ynode *parent = f->node;
    if (parent->kind == TF_Y_SEQ) {
        if (parent->n == f->cap) {
            f->cap = f->cap ? f->cap * 2 : 8;
            parent->items = tf_arena_grow(b->a, parent->items, parent->n, f->cap, sizeof *parent->items);
        }
        parent->items[parent->n++] = child;
        return;
    }
    if (!f->key) {
        if (child->kind != TF_Y_SCALAR) {
            berror(b, &child->loc, "a key must be a plain string, not %s", tf_ynode_desc(child));
            /* keep going with a placeholder key so the value pairs up */
            tf_ynode *k = tf_arena_alloc(b->a, sizeof *k);
            k->kind = TF_Y_SCALAR;
            k->loc = child->loc;
            k->str = "";
            child = k;
        }
        f->key = child;
        return;
    }
    if (parent->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 8;
        parent->pairs = tf_arena_grow(b->a, parent->pairs, parent->n, f->cap, sizeof *parent->pairs);
    }
    parent->pairs[parent->n].key = f->key;
    parent->pairs[parent->n].val = child;
    parent->n++;
    f->key = NULL;
}

/* Escapes in quoted scalars ("\x01", "\u202E") get past the raw scan. */
static void check_scalar(builder *b, const tf_ynode *n)
{
    if (n->len > TF_MAX_STRING_BYTES) {
        char msg[96];
        snprintf(msg, sizeof msg, "string too long (%zu bytes; the limit is %d)", n->len, TF_MAX_STRING_BYTES);
        berror(b, &n->loc, "%s", msg);
        return;
    }
    const char *p = n->str, *end = n->str + n->len;
    while (p < end) {
        uint32_t cp = tf_utf8_next(&p, end);
        if (cp == TF_UTF8_BAD || tf_utf8_is_forbidden(cp)) {
            char msg[128];
            if (cp == TF_UTF8_BAD)
                snprintf(msg, sizeof msg, "string holds invalid UTF-8");
            else if (tf_utf8_is_bidi_control(cp))
                snprintf(msg, sizeof msg, "string holds bidi control character U+%04X, which is not allowed "
                         "(it can make text display differently from what it says)", (unsigned)cp);
            else
                snprintf(msg, sizeof msg, "string holds control character U+%04X, which is not allowed",
                         (unsigned)cp);
            berror(b, &n->loc, "%s", msg);
            return;
        }
    }
}

/* Returns false to stop the loop. */
static bool reject_decorations(builder *b, const yaml_event_t *ev, const char *anchor, const char *tag)
{
    if (!anchor && !tag) return true;             /* the usual case: no hint to look up (a scan of the file) */
    tf_loc loc = mark_loc(b, ev->start_mark);
    char quote[300] = "";
    if (ev->type == YAML_SCALAR_EVENT) {          /* on text, the likely cause is a leading & or ! */
        char q[256];
        tf_yamlhint_quote(b->buf, b->len, loc.line, q, sizeof q);
        snprintf(quote, sizeof quote, "; text starting with '%c' must be quoted%s", anchor ? '&' : '!', q);
    }
    if (anchor) {
        berror(b, &loc, "anchors and aliases are not allowed (found anchor '&%s')%s", anchor, quote);
        return false;
    }
    if (tag) {
        berror(b, &loc, "tags are not allowed (found '%s')%s", tag, quote);
    }
    return true;
}

static void syntax_error(builder *b, const yaml_parser_t *p, size_t len)
{
    tf_loc loc = mark_loc(b, p->problem_mark);
    const char *problem = p->problem ? p->problem : "unknown problem";
    size_t at = p->problem_mark.index;
    char hint[512];
    if (p->context && !strcmp(p->context, "while scanning an alias")) loc = mark_loc(b, p->context_mark);
    if (p->error == YAML_READER_ERROR) {
        /* the prescan should have caught it; convert the offset anyway */
        tf_utf8_line_col(b->buf, p->problem_offset < len ? p->problem_offset : len, &loc.line, &loc.col);
        tf_diag_error(&loc, "%s", problem);
    } else if (at < len && b->buf[at] == '\t') {
        tf_diag_error(&loc, "syntax error: tab character in indentation (indent with spaces)");
    } else if (tf_yamlhint_syntax(b->buf, len, loc.line, &loc.col, problem, p->context,
                                  (int)p->context_mark.line + 1, (int)p->context_mark.column + 1,
                                  hint, sizeof hint)) {
        tf_diag_error(&loc, "%s", hint);
    } else if (p->context) {
        tf_diag_error(&loc, "syntax error: %s (%s at line %d)", problem, p->context,
                      (int)p->context_mark.line + 1);
    } else {
        tf_diag_error(&loc, "syntax error: %s", problem);
    }
    b->errors++;
}

bool tf_yaml_parse(tf_arena *a, const char *file, const char *buf, size_t len, tf_ynode **root)
{
    *root = NULL;
    if (!prescan(file, buf, len)) return false;

    builder b = {.a = a, .file = file, .buf = buf, .len = len};
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fprintf(stderr, "trifold: fatal: out of memory (yaml parser)\n");
        abort();
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

    int documents = 0;
    bool done = false;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            syntax_error(&b, &parser, len);
            break;
        }
        bool go = true;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1) {
                tf_loc loc = mark_loc(&b, ev.start_mark);
                berror(&b, &loc, "%s", "only one YAML document per file is allowed");
                go = false;
            }
            break;
        case YAML_ALIAS_EVENT: {
            tf_loc loc = mark_loc(&b, ev.start_mark);
            char quote[256];
            tf_yamlhint_quote(b.buf, b.len, loc.line, quote, sizeof quote);
            berror(&b, &loc, "anchors and aliases are not allowed (found alias '*%s'); text starting with '*' "
                   "must be quoted%s", (const char *)ev.data.alias.anchor, quote);
            go = false;
            break;
        }
        case YAML_SCALAR_EVENT: {
            if (!reject_decorations(&b, &ev, (const char *)ev.data.scalar.anchor,
                                    (const char *)ev.data.scalar.tag)) {
                go = false;
                break;
            }
            tf_ynode *n = tf_arena_alloc(a, sizeof *n);
            n->kind = TF_Y_SCALAR;
            n->loc = mark_loc(&b, ev.start_mark);
            n->len = ev.data.scalar.length;
            n->str = tf_arena_strndup(a, (const char *)ev.data.scalar.value, n->len);
            n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
            int hash_col;
            if (n->plain && n->len && ev.end_mark.line == ev.start_mark.line &&
                tf_yamlhint_cut_comment(b.buf, b.len, byte_index(&b, ev.end_mark), &hash_col)) {
                tf_loc at = {b.file, n->loc.line, hash_col};
                tf_diag_warning(&at, "the text stops before ' #': YAML reads the rest of the line as a comment "
                                "(quote the text to keep it)");
            }
            check_scalar(&b, n);
            add_child(&b, n);
            break;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            bool is_map = ev.type == YAML_MAPPING_START_EVENT;
            const char *anchor = (const char *)(is_map ? ev.data.mapping_start.anchor : ev.data.sequence_start.anchor);
            const char *tag = (const char *)(is_map ? ev.data.mapping_start.tag : ev.data.sequence_start.tag);
            if (!reject_decorations(&b, &ev, anchor, tag)) {
                go = false;
                break;
            }
            tf_loc loc = mark_loc(&b, ev.start_mark);
            if (b.depth >= TF_MAX_DEPTH) {
                char msg[64];
                snprintf(msg, sizeof msg, "nesting deeper than %d levels", TF_MAX_DEPTH);
                berror(&b, &loc, "%s", msg);
                go = false;
                break;
            }
            tf_ynode *n = tf_arena_alloc(a, sizeof *n);
            n->kind = is_map ? TF_Y_MAP : TF_Y_SEQ;
            n->loc = loc;
            b.stack[b.depth].node = n;
            b.stack[b.depth].cap = 0;
            b.stack[b.depth].key = NULL;
            b.depth++;
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
            tf_ynode *n = b.stack[--b.depth].node;
            if (n->kind == TF_Y_MAP) check_duplicates(&b, n);
            add_child(&b, n);
            break;
        }
        default:
            break;
        }
        yaml_event_delete(&ev);
        if (!go) break;
    }
    yaml_parser_delete(&parser);
    if (b.errors) return false;
    *root = b.root;
    return true;
}

bool tf_yaml_load(tf_arena *a, const char *file, tf_ynode **root)
{
    *root = NULL;
    size_t len;
    tf_loc where = {file, 0, 0};
    char *buf = tf_file_read(file, TF_MAX_FILE_BYTES, &len, NULL, &where, NULL);
    if (!buf) return false;
    bool ok = tf_yaml_parse(a, file, buf, len, root);   /* the tree copies what it keeps */
    free(buf);
    if (!ok) return false;
    if (!*root) {
        tf_diag_error(&where, "empty file");
        return false;
    }
    return true;
}

/* --- shared checks -------------------------------------------------------- */

bool tf_ynode_is_null(const tf_ynode *n)
{
    if (!n) return true;
    if (n->kind != TF_Y_SCALAR || !n->plain) return false;
    return n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 ||
           strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0;
}

const char *tf_ynode_desc(const tf_ynode *n)
{
    if (tf_ynode_is_null(n)) return "an empty value";
    switch (n->kind) {
    case TF_Y_MAP: return "a mapping";
    case TF_Y_SEQ: return "a sequence";
    default: return "a string";
    }
}

bool tf_ynode_expect(const tf_ynode *n, tf_ykind kind)
{
    if (n->kind == kind && !(kind == TF_Y_SCALAR && tf_ynode_is_null(n))) return true;
    static const char *const want[] = {"a string", "a mapping", "a sequence"};
    const char *hint = "";
    if (kind == TF_Y_SCALAR && n->kind == TF_Y_MAP)
        hint = " (if this is text: quote it, as ': ' and a leading '{' make a mapping)";
    else if (kind == TF_Y_SCALAR && n->kind == TF_Y_SEQ)
        hint = " (if this is text: quote it, as a leading '[' or '- ' makes a sequence)";
    tf_diag_error(&n->loc, "expected %s, got %s%s", want[kind], tf_ynode_desc(n), hint);
    return false;
}

const tf_ypair *tf_ymap_find(const tf_ynode *map, const char *key)
{
    if (!map || map->kind != TF_Y_MAP) return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->pairs[i].key->str, key) == 0) return &map->pairs[i];
    return NULL;
}

const tf_ynode *tf_ymap_get(const tf_ynode *map, const char *key)
{
    const tf_ypair *p = tf_ymap_find(map, key);
    return p ? p->val : NULL;
}

/* TRIFOLD_DUMP_KEYS=<file>: append "what<TAB>key key ..." for every key
 * list the loaders check against, so tests/e2e/test_schema.py can compare
 * them with schema/ (a hidden hook for that test, no effect otherwise). */
static void dump_keys(const char *what, const char *const *known, size_t n)
{
    const char *path = getenv("TRIFOLD_DUMP_KEYS");
    if (!path || !*path) return;
    FILE *f = fopen(path, "a");
    if (!f) return;
    fprintf(f, "%s\t", what);
    for (size_t i = 0; i < n; i++) fprintf(f, "%s%s", i ? " " : "", known[i]);
    fputc('\n', f);
    fclose(f);
}

bool tf_ymap_check_keys(const tf_ynode *map, const char *what, const char *const *known, size_t n)
{
    bool ok = true;
    dump_keys(what, known, n);
    for (size_t i = 0; i < map->n; i++) {
        const tf_ynode *k = map->pairs[i].key;
        size_t j = 0;
        while (j < n && strcmp(known[j], k->str) != 0) j++;
        if (j < n) continue;
        const char *near = tf_closest(k->str, known, n);
        if (near)
            tf_diag_error(&k->loc, "unknown key '%s' in %s (did you mean '%s'?)", k->str, what, near);
        else
            tf_diag_error(&k->loc, "unknown key '%s' in %s", k->str, what);
        ok = false;
    }
    return ok;
}

/* Optimal string alignment: Levenshtein plus adjacent transpositions, the
 * commonest typo ("titel"). */
size_t tf_levenshtein(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return la > lb ? la : lb;   /* ids are short; no typo that long */
    size_t d[65][65];
    for (size_t i = 0; i <= la; i++) d[i][0] = i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < v) v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    }
    return d[la][lb];
}

/* Key spelling for comparison: lower case, '-' and ' ' as '_' (Bold-Italic ~ bold_italic). */
static void fold_key(const char *s, char *out, size_t size)
{
    size_t n = 0;
    for (; *s && n + 1 < size; s++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c == '-' || c == ' ') c = '_';
        out[n++] = c;
    }
    out[n] = 0;
}

const char *tf_closest(const char *s, const char *const *cands, size_t n)
{
    if (tf_diag_capped()) return NULL;
    const char *best = NULL, *prefix = NULL;
    size_t best_d = (size_t)-1;
    char fs[128], fc[128];
    fold_key(s, fs, sizeof fs);
    size_t len = strlen(fs);
    /* a third of the word, at least 1 and at most 3 edits */
    size_t limit = len / 3;
    if (limit < 1) limit = 1;
    if (limit > 3) limit = 3;
    for (size_t i = 0; i < n; i++) {
        fold_key(cands[i], fc, sizeof fc);
        size_t d = tf_levenshtein(fs, fc), lc = strlen(fc);
        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
        /* one is the start of the other (align ~ alignment, lang ~ languages) */
        size_t shorter = len < lc ? len : lc;
        if (!prefix && shorter >= 4 && !strncmp(fs, fc, shorter)) prefix = cands[i];
    }
    return best_d <= limit ? best : prefix;
}

const tf_ynode *tf_ymap_require(const tf_ynode *map, const char *key, const char *what)
{
    const tf_ynode *v = tf_ymap_get(map, key);
    if (!v) {
        if (what)
            tf_diag_error(&map->loc, "missing required key '%s' in %s", key, what);
        else
            tf_diag_error(&map->loc, "missing required key '%s'", key);
    }
    return v;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* cmyk(c, m, y, k): four whole percentages 0..100 (press inks as written;
 * r, g, b get a rough equivalent for colour mixing in layout). */
static bool cmyk_color(const tf_ynode *n, tf_color *out)
{
    int v[4];
    const char *p = n->str + 5;
    for (int i = 0; i < 4; i++) {
        while (*p == ' ') p++;
        if (*p < '0' || *p > '9') goto bad;
        long x = 0;
        while (*p >= '0' && *p <= '9' && x <= 100) x = x * 10 + (*p++ - '0');
        if (x > 100) goto bad;
        v[i] = (int)x;
        while (*p == ' ') p++;
        if (*p++ != (i < 3 ? ',' : ')')) goto bad;
    }
    if (*p) goto bad;
    *out = (tf_color){0};
    out->cmyk = true;
    out->c = (uint8_t)v[0]; out->m = (uint8_t)v[1]; out->y = (uint8_t)v[2]; out->k = (uint8_t)v[3];
    out->r = (uint8_t)((100 - v[0]) * (100 - v[3]) * 255 / 10000);
    out->g = (uint8_t)((100 - v[1]) * (100 - v[3]) * 255 / 10000);
    out->b = (uint8_t)((100 - v[2]) * (100 - v[3]) * 255 / 10000);
    return true;
bad:
    tf_diag_error(&n->loc, "invalid colour '%s' (cmyk(c, m, y, k) takes four whole percentages 0 to 100)", n->str);
    return false;
}

bool tf_ynode_color(const tf_ynode *n, tf_color *out)
{
    if (tf_ynode_is_null(n)) {
        tf_diag_error(&n->loc, "missing colour (write it quoted, \"#rrggbb\": an unquoted # starts a comment)");
        return false;
    }
    if (!tf_ynode_expect(n, TF_Y_SCALAR)) return false;
    const char *s = n->str;
    if (!strncmp(s, "cmyk(", 5)) return cmyk_color(n, out);
    bool ok = n->len == 7 && s[0] == '#';
    for (int i = 1; ok && i < 7; i++) ok = hexval(s[i]) >= 0;
    if (!ok) {
        tf_diag_error(&n->loc, "invalid colour '%s' (use \"#rrggbb\")", s);
        return false;
    }
    *out = TF_RGB((uint8_t)(hexval(s[1]) * 16 + hexval(s[2])), (uint8_t)(hexval(s[3]) * 16 + hexval(s[4])),
                  (uint8_t)(hexval(s[5]) * 16 + hexval(s[6])));
    return true;
}
