/* inline.c: a small single-pass scanner; styles toggle, links and language
 * spans nest one deep each. */
#include "inline.h"

#include <string.h>

#include "diag.h"
#include "lang.h"

typedef struct scan {
    tf_arena *a;
    tf_span *v;
    size_t n, cap;
    char *buf;             /* text of the span being collected */
    size_t len;
    unsigned style;
    const char *href;
    const char *lang;
} scan;

static void flush(scan *s)
{
    if (s->len == 0) return;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        s->v = tf_arena_grow(s->a, s->v, s->n, cap, sizeof *s->v);
        s->cap = cap;
    }
    s->v[s->n++] = (tf_span){tf_arena_strndup(s->a, s->buf, s->len), s->len, s->style, s->href, s->lang};
    s->len = 0;
}

/* The ']' that closes a '[' opened just before p (NULL: none). */
static const char *bracket_end(const char *p)
{
    int depth = 0;
    for (; *p; p++) {
        if (*p == '\\' && p[1]) { p++; continue; }
        if (*p == '[') depth++;
        else if (*p == ']' && depth-- == 0) return p;
    }
    return NULL;
}

/* `]{lang=TAG}` at p: the tag (its length in *n), else NULL. */
static const char *lang_tag(const char *p, size_t *n)
{
    static const char key[] = "]{lang=";
    if (strncmp(p, key, sizeof key - 1) != 0) return NULL;
    const char *t = p + sizeof key - 1, *e = strchr(t, '}');
    if (!e) return NULL;
    *n = (size_t)(e - t);
    return t;
}

/* Find the `](url)` that closes a link opened at p (just after '['). */
static const char *link_end(const char *p, const char **url, size_t *url_len)
{
    int depth = 0;
    for (; *p; p++) {
        if (*p == '\\' && p[1]) { p++; continue; }
        if (*p == '[') depth++;
        else if (*p == ']') {
            if (depth-- > 0) continue;
            if (p[1] != '(') return NULL;
            const char *u = p + 2, *e = strchr(u, ')');
            if (!e || e == u) return NULL;
            *url = u;
            *url_len = (size_t)(e - u);
            return p;
        }
    }
    return NULL;
}

bool tf_inline_parse(tf_arena *a, const tf_text *t, tf_span **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!t->src) return true;
    size_t srclen = strlen(t->src);
    scan s = {.a = a};
    s.buf = tf_arena_alloc(a, srclen + 1);
    const char *link_close = NULL, *lang_close = NULL;
    for (const char *p = t->src; *p; p++) {
        const char *lclose;
        size_t tag_len;
        if (*p == '[' && !s.lang && (lclose = bracket_end(p + 1)) && lang_tag(lclose, &tag_len)) {
            /* [words]{lang=en}: a span in another language */
            char *tag = tf_arena_strndup(a, lang_tag(lclose, &tag_len), tag_len);
            if (!tf_lang_tag_ok(tag)) {
                tf_diag_error(&t->loc, "invalid language tag '%s' in [...]{lang=...}", tag);
                return false;
            }
            flush(&s);
            s.lang = tag;
            lang_close = lclose;
            continue;
        }
        if (p == lang_close) {
            flush(&s);
            s.lang = NULL;
            lang_close = NULL;
            p = strchr(p, '}');
            continue;
        }
        if (*p == '\\' && p[1] && strchr("\\*[]()_`", p[1])) {
            s.buf[s.len++] = *++p;
        } else if (p[0] == '*' && p[1] == '*') {
            flush(&s);
            s.style ^= TF_SPAN_BOLD;
            p++;
        } else if (*p == '*') {
            flush(&s);
            s.style ^= TF_SPAN_ITALIC;
        } else if (*p == '[' && !s.href) {
            const char *url;
            size_t url_len;
            const char *close = link_end(p + 1, &url, &url_len);
            if (!close) {
                s.buf[s.len++] = *p;    /* a plain bracket */
                continue;
            }
            flush(&s);
            s.href = tf_arena_strndup(a, url, url_len);
            link_close = close;
        } else if (p == link_close) {
            flush(&s);
            s.href = NULL;
            link_close = NULL;
            p = strchr(p, ')');
        } else {
            s.buf[s.len++] = *p;
        }
    }
    flush(&s);
    if (s.style) {
        tf_diag_error(&t->loc, "unclosed '%s' in text (write \\* for a literal asterisk)",
                      (s.style & TF_SPAN_BOLD) ? "**" : "*");
        return false;
    }
    *out = s.v;
    *n = s.n;
    return true;
}
