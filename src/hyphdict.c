/* hyphdict.c: .dic pattern files into libhyphen's HyphenDict (hyphdict.h).
 *
 * The file format, as libhyphen reads it: the first line names the
 * charset; every further line (read in pieces of at most 99 bytes, the
 * way libhyphen's fixed line buffer does) is a keyword (LEFTHYPHENMIN,
 * RIGHTHYPHENMIN, COMPOUNDLEFTHYPHENMIN, COMPOUNDRIGHTHYPHENMIN,
 * NOHYPHEN), a comment ('%'), NEXTLEVEL (the patterns after it form a
 * second level), or a pattern: letters with digits between them and an
 * optional "/replacement,index,cut" tail. Each pattern's letter string is
 * a state of a trie-like automaton; every prefix of it is a state too,
 * linked by a transition on the next letter; each state falls back to its
 * longest proper suffix that is also a state. With no NEXTLEVEL, a default
 * outer level (hyphen and apostrophe rules) wraps the file's patterns.
 *
 * States are numbered in the order they are first met, and transitions
 * kept in the order they are added, as libhyphen does; but a state is found
 * by walking the trie from the root rather than through a string hash, and
 * the fallbacks are computed breadth first (Aho-Corasick failure links)
 * rather than by looking up every suffix of every state. */
#include "hyphdict.h"

#include <hyphen.h>     /* libhyphen's public structures (angle brackets: not our src/hyphen.h) */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "base.h"

#define LINE_MAX_BYTES 99          /* libhyphen reads lines into char[100] */

/* One level: the HyphenDict first (a HyphenDict * is a level *), then the
 * two blocks every state points into: all transitions, state after state,
 * and all match and replacement strings. Three allocations a level rather
 * than three a state: fewer pages touched, nothing to free one by one. */
typedef struct level {
    HyphenDict d;
    HyphenTrans *trans;
    char *strings;
} level;

/* While a level is built, transitions are chained per state in the order
 * they are added, and strings are offsets into a growing buffer; both are
 * laid out for good when the level is done. Every state is made for one
 * letter byte of the file, so the file's length bounds the state count and
 * the arrays are allocated once at that bound (untouched room costs no
 * page). */
typedef struct builder {
    level *lv;
    size_t cap;                          /* room for states and transitions */
    int *first, *last;                   /* per state: its first, last transition or -1 */
    int *t_next, *t_to;                  /* per transition, in the order added */
    char *t_ch;
    int n_trans;
    int *match, *repl;                   /* per state: offset in str or -1 */
    char *str;
    size_t str_len, str_cap;
} builder;

/* The state reached from `from` on byte ch, or -1 (while building). */
static int child(const builder *b, int from, char ch)
{
    for (int t = b->first[from]; t >= 0; t = b->t_next[t])
        if (b->t_ch[t] == ch) return b->t_to[t];
    return -1;
}

static int new_state(builder *b)
{
    HyphenDict *d = &b->lv->d;
    int v = d->num_states++;
    d->states[v] = (HyphenState){.fallback_state = -1};
    b->first[v] = b->last[v] = -1;
    b->match[v] = b->repl[v] = -1;
    return v;
}

static void add_trans(builder *b, int from, int to, char ch)
{
    int t = b->n_trans++;
    b->t_ch[t] = ch;
    b->t_to[t] = to;
    b->t_next[t] = -1;
    if (b->last[from] >= 0) b->t_next[b->last[from]] = t;
    else b->first[from] = t;
    b->last[from] = t;
    b->lv->d.states[from].num_trans++;
}

static int add_string(builder *b, const char *s)
{
    size_t n = strlen(s) + 1;
    if (b->str_len + n > b->str_cap) {
        while (b->str_len + n > b->str_cap) b->str_cap *= 2;
        b->str = tf_xrealloc(b->str, b->str_cap);
    }
    memcpy(b->str + b->str_len, s, n);
    b->str_len += n;
    return (int)(b->str_len - n);
}

static void builder_init(builder *b, size_t file_len)
{
    memset(b, 0, sizeof *b);
    b->lv = tf_xcalloc(1, sizeof *b->lv);
    b->cap = file_len + 64;              /* + the default level's few lines */
    b->lv->d.states = tf_xmalloc(b->cap * sizeof *b->lv->d.states);
    b->first = tf_xmalloc(b->cap * sizeof *b->first);
    b->last = tf_xmalloc(b->cap * sizeof *b->last);
    b->match = tf_xmalloc(b->cap * sizeof *b->match);
    b->repl = tf_xmalloc(b->cap * sizeof *b->repl);
    b->t_next = tf_xmalloc(b->cap * sizeof *b->t_next);
    b->t_to = tf_xmalloc(b->cap * sizeof *b->t_to);
    b->t_ch = tf_xmalloc(b->cap);
    b->str_cap = 4096;
    b->str = tf_xmalloc(b->str_cap);
    new_state(b);                                   /* state 0: the empty string */
}

/* The state of word (n bytes), created with the prefixes it lacks. The
 * states are strings and every prefix of a state is one, so they form a
 * trie: walk it as far as word goes, then number the new states the way
 * libhyphen does: the whole word first, then ever shorter prefixes, each
 * linked to the next longer one. */
static int word_state(builder *b, const char *word, size_t n)
{
    int s = 0;
    size_t have = 0;
    for (int c; have < n && (c = child(b, s, word[have])) >= 0; have++) s = c;
    if (have == n) return s;
    int top = new_state(b), to = top;
    for (size_t k = n - 1; k > have; k--) {
        int from = new_state(b);
        add_trans(b, from, to, word[k]);
        to = from;
    }
    add_trans(b, s, to, word[have]);
    return top;
}

/* The state reached from `from` on byte ch, or -1 (a finished level). */
static int next_state(const HyphenDict *d, int from, char ch)
{
    const HyphenState *st = &d->states[from];
    for (int i = 0; i < st->num_trans; i++)
        if (st->trans[i].ch == ch) return st->trans[i].new_state;
    return -1;
}

/* Every state but the empty one falls back to its longest proper suffix
 * that is a state: the failure links of an Aho-Corasick automaton, found
 * breadth first (a suffix is shorter, so its own link is known). */
static void set_fallbacks(HyphenDict *d)
{
    int *queue = tf_xmalloc((size_t)d->num_states * sizeof *queue);
    size_t head = 0, tail = 0;
    const HyphenState *root = &d->states[0];
    int from_root[256];                 /* most chains end at the root: one look-up there */
    for (int i = 0; i < 256; i++) from_root[i] = 0;
    for (int i = 0; i < root->num_trans; i++) from_root[(unsigned char)root->trans[i].ch] = root->trans[i].new_state;
    for (int i = 0; i < root->num_trans; i++) {
        int c = root->trans[i].new_state;
        d->states[c].fallback_state = 0;
        queue[tail++] = c;
    }
    while (head < tail) {
        int u = queue[head++];
        const HyphenState *su = &d->states[u];
        for (int i = 0; i < su->num_trans; i++) {
            char ch = su->trans[i].ch;
            int v = su->trans[i].new_state, f = su->fallback_state, to;
            while (f != 0 && (to = next_state(d, f, ch)) < 0) f = d->states[f].fallback_state;
            if (f == 0) to = from_root[(unsigned char)ch];      /* 0: no such child, the root */
            d->states[v].fallback_state = to;
            queue[tail++] = v;
        }
    }
    free(queue);
}

/* Lay the level out for good: transitions in one block, state by state in
 * the order they were added; strings in one block of the exact size. */
static HyphenDict *builder_done(builder *b)
{
    level *lv = b->lv;
    HyphenDict *d = &lv->d;
    d->states = tf_xrealloc(d->states, (size_t)d->num_states * sizeof *d->states);
    lv->trans = tf_xmalloc((size_t)(b->n_trans ? b->n_trans : 1) * sizeof *lv->trans);
    lv->strings = tf_xrealloc(b->str, b->str_len ? b->str_len : 1);
    size_t k = 0;
    for (int v = 0; v < d->num_states; v++) {
        HyphenState *st = &d->states[v];
        st->trans = st->num_trans ? lv->trans + k : NULL;
        for (int t = b->first[v]; t >= 0; t = b->t_next[t])
            lv->trans[k++] = (HyphenTrans){.ch = b->t_ch[t], .new_state = b->t_to[t]};
        st->match = b->match[v] >= 0 ? lv->strings + b->match[v] : NULL;
        st->repl = b->repl[v] >= 0 ? lv->strings + b->repl[v] : NULL;
    }
    set_fallbacks(d);
    free(b->first);
    free(b->last);
    free(b->match);
    free(b->repl);
    free(b->t_next);
    free(b->t_to);
    free(b->t_ch);
    return d;
}

/* libhyphen's fgets: the next piece of a line, at most `LINE_MAX_BYTES`
 * bytes, through the newline if it comes first. */
static bool next_piece(const char *data, size_t len, size_t *pos, char *buf, size_t max)
{
    if (*pos >= len) return false;
    size_t n = 0;
    while (*pos < len && n < max) {
        char c = data[(*pos)++];
        buf[n++] = c;
        if (c == '\n') break;
    }
    buf[n] = '\0';
    return true;
}

static bool starts(const char *s, const char *kw) { return strncmp(s, kw, strlen(kw)) == 0; }

static char *dup_str(const char *s)
{
    return tf_xstrdup(s);
}

/* One line: a keyword or a pattern. `buf` is modified. */
static void load_line(builder *b, char *buf)
{
    HyphenDict *d = &b->lv->d;
    if (starts(buf, "LEFTHYPHENMIN")) { d->lhmin = (char)atoi(buf + 13); return; }
    if (starts(buf, "RIGHTHYPHENMIN")) { d->rhmin = (char)atoi(buf + 14); return; }
    if (starts(buf, "COMPOUNDLEFTHYPHENMIN")) { d->clhmin = (char)atoi(buf + 21); return; }
    if (starts(buf, "COMPOUNDRIGHTHYPHENMIN")) { d->crhmin = (char)atoi(buf + 22); return; }
    if (starts(buf, "NOHYPHEN")) {
        /* the list after the keyword, its last byte (the newline) dropped,
         * each comma after the first byte made a terminator and counted */
        const char *s = buf + 8;
        while (*s == ' ' || *s == '\t') s++;
        free(d->nohyphen);
        d->nohyphen = dup_str(s);
        size_t n = strlen(d->nohyphen);
        if (n > 0) {
            d->nohyphen[n - 1] = '\0';
            for (size_t i = n - 1; i-- > 1;)
                if (d->nohyphen[i] == ',') {
                    d->nohyphenl++;
                    d->nohyphen[i] = '\0';
                }
        }
        return;
    }

    /* "/replacement,index,cut": index counts from 1 in the file */
    char *repl = strchr(buf, '/');
    signed char replindex = 0, replcut = 0;
    int repl_off = -1;
    if (repl) {
        *repl = '\0';
        char *comma = strchr(repl + 1, ',');
        if (comma) {
            *comma = '\0';
            char *comma2 = strchr(comma + 1, ',');
            if (comma2) {
                *comma2 = '\0';
                replindex = (signed char)(atoi(comma + 1) - 1);
                replcut = (signed char)atoi(comma2 + 1);
            }
        } else {
            /* drop a line end: the last byte if \r or \n, the one before if \r */
            char *t = repl + 1;
            size_t n = strlen(t);
            if (n > 0 && (t[n - 1] == '\r' || t[n - 1] == '\n')) t[n - 1] = '\0';
            if (n > 1 && t[n - 2] == '\r') t[n - 2] = '\0';
            replcut = (signed char)strlen(buf);
        }
        repl_off = add_string(b, repl + 1);
    }

    /* letters into word, digits into pattern (one digit slot more than letters) */
    char word[LINE_MAX_BYTES + 2], pattern[LINE_MAX_BYTES + 3];
    size_t j = 0;
    pattern[0] = '0';
    for (size_t i = 0; (unsigned char)buf[i] > ' '; i++) {
        if (buf[i] >= '0' && buf[i] <= '9') {
            pattern[j] = buf[i];
        } else {
            word[j] = buf[i];
            pattern[++j] = '0';
        }
    }
    word[j] = '\0';
    pattern[j + 1] = '\0';

    size_t skip = 0;
    if (!repl) {
        while (pattern[skip] == '0') skip++;           /* leading zeros say nothing */
    } else {
        if (word[0] == '.') skip++;
        if (d->utf8) {
            /* index and cut count characters in the file; the matcher wants bytes */
            int chr = -1, start = -1;
            size_t wl = strlen(word);
            for (size_t pc = word[0] == '.' ? 1 : 0; pc < wl + 1; pc++) {
                if (((unsigned char)word[pc] >> 6) != 2) chr++;
                if (start < 0 && replindex == chr) {
                    start = replindex;
                    replindex = (signed char)pc;
                }
                if (start >= 0 && chr - start == replcut) {
                    replcut = (signed char)(pc - (size_t)replindex);
                    break;
                }
            }
            if (word[0] == '.') replindex--;
        }
    }

    int st = word_state(b, word, j);
    HyphenState *hs = &d->states[st];
    b->match[st] = add_string(b, pattern + skip);   /* a repeated pattern: the last one counts */
    b->repl[st] = repl_off;
    hs->replindex = replindex;
    hs->replcut = replcut ? replcut : (signed char)strlen(word);
}

HyphenDict *tf_hyphdict_parse(const char *data, size_t len)
{
    size_t pos = 0;
    char buf[LINE_MAX_BYTES + 1];
    builder b;

    /* level 1: the file's patterns up to NEXTLEVEL (or all of them) */
    builder_init(&b, len);
    HyphenDict *first = &b.lv->d;
    char cset[MAX_NAME] = "";
    if (next_piece(data, len, &pos, cset, MAX_NAME - 1))
        for (size_t i = 0; i < MAX_NAME; i++)
            if (cset[i] == '\r' || cset[i] == '\n') cset[i] = '\0';
    memcpy(first->cset, cset, MAX_NAME);
    first->utf8 = strcmp(cset, "UTF-8") == 0;
    bool nextlevel = false;
    while (next_piece(data, len, &pos, buf, LINE_MAX_BYTES)) {
        if (starts(buf, "NEXTLEVEL")) { nextlevel = true; break; }
        if (buf[0] != '%') load_line(&b, buf);
    }
    builder_done(&b);

    /* level 2: the rest of the file, or the default outer level */
    builder_init(&b, len);
    HyphenDict *second = &b.lv->d;
    memcpy(second->cset, cset, MAX_NAME - 1);
    second->utf8 = first->utf8;
    if (nextlevel) {
        while (next_piece(data, len, &pos, buf, LINE_MAX_BYTES)) {
            if (starts(buf, "NEXTLEVEL")) break;             /* a third level is ignored */
            if (buf[0] != '%') load_line(&b, buf);
        }
    } else {
        static const char *const latin[] = {"NOHYPHEN ',-\n", "1-1\n", "1'1\n"};
        static const char *const utf8[] = {
            "NOHYPHEN ',\xe2\x80\x93,\xe2\x80\x99,-\n", "1-1\n", "1'1\n",
            "1\xe2\x80\x93" "1\n", "1\xe2\x80\x99" "1\n"};
        const char *const *lines = first->utf8 ? utf8 : latin;
        size_t n = first->utf8 ? TF_ARRAY_LEN(utf8) : TF_ARRAY_LEN(latin);
        for (size_t i = 0; i < n; i++) {
            snprintf(buf, sizeof buf, "%s", lines[i]);
            load_line(&b, buf);
        }
    }
    builder_done(&b);

    if (nextlevel) {
        first->nextlevel = second;
        return first;
    }
    second->nextlevel = first;
    second->lhmin = first->lhmin;
    second->rhmin = first->rhmin;
    second->clhmin = first->clhmin ? first->clhmin : first->lhmin ? first->lhmin : 3;
    second->crhmin = first->crhmin ? first->crhmin : first->rhmin ? first->rhmin : 3;
    return second;
}

void tf_hyphdict_free(HyphenDict *d)
{
    while (d) {
        level *lv = (level *)d;
        HyphenDict *next = d->nextlevel;
        free(d->states);
        free(d->nohyphen);
        free(lv->trans);
        free(lv->strings);
        free(lv);
        d = next;
    }
}
