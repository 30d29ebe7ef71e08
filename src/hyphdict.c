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
#define _DEFAULT_SOURCE          /* madvise(MADV_DONTNEED): posix_madvise's is a no-op in glibc */
#include "hyphdict.h"

#include <hyphen.h>     /* libhyphen's public structures (angle brackets: not our src/hyphen.h) */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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
    size_t n_trans, str_len;             /* sizes of the two blocks */
    size_t nohyphen_size;                /* bytes of d.nohyphen (it holds '\0's) */
    bool states_mapped;                  /* d.states lies in a cache file's mapping */
    bool blocks_mapped;                  /* so do trans and strings */
    void *map;                           /* the mapping, held by the first level only */
    size_t map_len;
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
    /* zeroed: the padding after each ch is written to the cache file too */
    lv->trans = tf_xcalloc((size_t)(b->n_trans ? b->n_trans : 1), sizeof *lv->trans);
    lv->strings = tf_xrealloc(b->str, b->str_len ? b->str_len : 1);
    lv->n_trans = (size_t)b->n_trans;
    lv->str_len = b->str_len;
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
        b->lv->nohyphen_size = n + 1;
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

static HyphenDict *parse(const char *data, size_t len)
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

/* ---- The compiled form, cached ----
 *
 * Building the automaton is most of a German edition's work (hyph_de_DE.dic,
 * 1.1 MB: about 130 M instructions and 25 MB of pages touched), and it comes
 * out the same every time. So the built levels are written once to a cache
 * file named after a checksum of the .dic bytes, laid out as libhyphen's own
 * structures with the pointers already set for one address (`base`, picked
 * from the checksum in a region the system leaves empty). A later load maps
 * the file at that address (MAP_FIXED_NOREPLACE: never over anything) and
 * uses it as it lies: no parsing, no copying, and only the pages of the
 * states a word walks through are ever read. When the address is taken,
 * the state table is copied and its pointers moved to where the file was
 * mapped instead.
 *
 * The cache folder is $TRIFOLD_CACHE, else $XDG_CACHE_HOME/trifold, else
 * ~/.cache/trifold; TRIFOLD_CACHE=off (or empty) turns it off. A file that
 * is missing, cut short, from another build of the format or for other
 * .dic bytes is passed over and the .dic parsed as before; writing is best
 * effort (a temporary file, synced, then renamed into place). */

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000     /* Linux >= 4.17; older kernels take it as a hint */
#endif

#define CACHE_MAGIC "TFHYPH\0\3"
#define CACHE_BASE ((uint64_t)0x300000000000u)   /* 48 TB: above heap and binary, below mmap's area */
#define CACHE_SLOT ((uint64_t)1 << 32)           /* one 4 GB slot a dictionary, 4096 slots */

typedef struct cache_level {
    uint64_t states, trans, strings, nohyphen;   /* offsets in the file */
    uint64_t n_trans, str_len, nohyphen_size;
    HyphenDict d;                                /* pointers unset: taken from the offsets */
} cache_level;

typedef struct cache_head {
    char magic[8];
    uint32_t order;                      /* 0x01020304 in the writer's byte order */
    uint32_t sizes;                      /* structure sizes of the writer */
    uint64_t src_len, sum1, sum2;        /* the .dic bytes this was built from */
    uint64_t base, file_len, n_levels;   /* pointers in the states are for the file at base */
    cache_level lv[2];
} cache_head;

#define CACHE_SIZES ((uint32_t)(sizeof(HyphenState) | sizeof(HyphenTrans) << 8 | \
                                sizeof(cache_head) << 16 | sizeof(void *) << 26))

static size_t pad8(size_t n) { return (n + 7) & ~(size_t)7; }

/* Two 64-bit sums of the bytes (multiply-rotate over 8-byte words): a
 * changed dictionary gets another cache file. Not cryptographic: the cache
 * is the user's own. */
static void checksum(const char *data, size_t len, uint64_t *s1, uint64_t *s2)
{
    uint64_t a = 0x9e3779b97f4a7c15u ^ len, b = 0xc2b2ae3d27d4eb4fu + len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, data + i, 8);
        a = (a ^ w) * 0x100000001b3u;
        a = a << 29 | a >> 35;
        b = (b + w) * 0xff51afd7ed558ccdu;
        b ^= b >> 31;
    }
    uint64_t w = 0;
    memcpy(&w, data + i, len - i);
    a = (a ^ w) * 0x100000001b3u;
    b = (b + w) * 0xff51afd7ed558ccdu;
    *s1 = a ^ a >> 33;
    *s2 = b ^ b >> 29;
}

/* The cache folder into buf (created when `make` is set); false: no cache. */
static bool cache_dir(char *buf, size_t size, bool make)
{
    const char *env = getenv("TRIFOLD_CACHE"), *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    int n;
    if (env) {
        if (!env[0] || !strcmp(env, "off")) return false;
        n = snprintf(buf, size, "%s", env);
    } else if (xdg && xdg[0] == '/') {
        n = snprintf(buf, size, "%s/trifold", xdg);
    } else if (home && home[0] == '/') {
        n = snprintf(buf, size, "%s/.cache/trifold", home);
    } else {
        return false;
    }
    if (n < 0 || (size_t)n >= size) return false;
    if (make)                            /* each missing folder on the way, as mkdir -p */
        for (char *p = buf + 1;; p++)
            if (*p == '/' || !*p) {
                char c = *p;
                *p = '\0';
                int r = mkdir(buf, 0700);       /* the user's own: see cache_load */
                *p = c;
                if (r != 0 && errno != EEXIST) return false;
                if (!c) break;
            }
    return true;
}

static bool cache_path(uint64_t s1, uint64_t s2, char *buf, size_t size, bool make)
{
    if (!cache_dir(buf, size, make)) return false;
    size_t n = strlen(buf);
    int k = snprintf(buf + n, size - n, "/hyph-%016llx%016llx.bin", (unsigned long long)s1,
                     (unsigned long long)s2);
    return k > 0 && (size_t)k < size - n;
}

static bool put(FILE *f, const void *p, size_t n)
{
    static const char zero[8];
    return fwrite(p, 1, n, f) == n && fwrite(zero, 1, pad8(n) - n, f) == pad8(n) - n;
}

/* A pointer into the file as it will lie at `base`. */
static void *at(uint64_t base, uint64_t off) { return (void *)(uintptr_t)(base + off); }

static void cache_save(const HyphenDict *d, size_t src_len, uint64_t s1, uint64_t s2)
{
    cache_head h;
    memset(&h, 0, sizeof h);                   /* padding too: every byte of the file is defined */
    memcpy(h.magic, CACHE_MAGIC, 8);
    h.order = 0x01020304u;
    h.sizes = CACHE_SIZES;
    h.src_len = src_len;
    h.sum1 = s1;
    h.sum2 = s2;
    h.base = CACHE_BASE + (s1 & 0xfff) * CACHE_SLOT;
    uint64_t off = pad8(sizeof h);
    const HyphenDict *lvs[2] = {NULL, NULL};
    for (const HyphenDict *x = d; x; x = x->nextlevel) {
        if (h.n_levels == 2) return;
        const level *lv = (const level *)x;
        cache_level *c = &h.lv[h.n_levels];
        lvs[h.n_levels++] = x;
        c->d = *x;
        c->d.states = NULL;
        c->d.nohyphen = NULL;
        c->d.nextlevel = NULL;
        c->n_trans = lv->n_trans;
        c->str_len = lv->str_len;
        c->nohyphen_size = x->nohyphen ? lv->nohyphen_size : 0;
        c->states = off;
        off += pad8((size_t)x->num_states * sizeof(HyphenState));
        c->trans = off;
        off += pad8(lv->n_trans * sizeof(HyphenTrans));
        c->strings = off;
        off += pad8(lv->str_len);
        c->nohyphen = off;
        off += pad8(c->nohyphen_size);
    }
    h.file_len = off;
    if (off >= CACHE_SLOT) return;

    char path[4096], tmp[4200];
    if (!cache_path(s1, s2, path, sizeof path, true)) return;
    snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) return;
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        close(fd);
        unlink(tmp);
        return;
    }
    bool ok = put(f, &h, sizeof h);
    for (uint64_t k = 0; ok && k < h.n_levels; k++) {
        const HyphenDict *x = lvs[k];
        const level *lv = (const level *)x;
        const cache_level *c = &h.lv[k];
        for (int i = 0; ok && i < x->num_states; i++) {
            const HyphenState *st = &x->states[i];
            HyphenState o;
            memset(&o, 0, sizeof o);
            o.match = st->match ? at(h.base, c->strings + (uint64_t)(st->match - lv->strings)) : NULL;
            o.repl = st->repl ? at(h.base, c->strings + (uint64_t)(st->repl - lv->strings)) : NULL;
            o.trans = st->trans ? at(h.base, c->trans + (uint64_t)(st->trans - lv->trans) * sizeof(HyphenTrans))
                                : NULL;
            o.replindex = st->replindex;
            o.replcut = st->replcut;
            o.fallback_state = st->fallback_state;
            o.num_trans = st->num_trans;
            ok = fwrite(&o, sizeof o, 1, f) == 1;
        }
        ok = ok && put(f, lv->trans, lv->n_trans * sizeof(HyphenTrans)) && put(f, lv->strings, lv->str_len) &&
             put(f, x->nohyphen ? x->nohyphen : "", c->nohyphen_size);
    }
    ok = fflush(f) == 0 && ok && fsync(fd) == 0;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) unlink(tmp);
}

/* The cached levels, mapped at h's base (or copied and moved when mapped
 * elsewhere); NULL if anything does not fit. */
static HyphenDict *from_map(char *m, const cache_head *h)
{
    uint64_t delta = (uint64_t)(uintptr_t)m - h->base;
    HyphenDict *first = NULL, **link = &first;
    uint64_t expect = pad8(sizeof *h);           /* the blocks follow each other */
    for (uint64_t k = 0; k < h->n_levels; k++) {
        const cache_level *c = &h->lv[k];
        uint64_t n_states = c->d.num_states > 0 ? (uint64_t)c->d.num_states : 0;
        if (!n_states || n_states > h->file_len / sizeof(HyphenState) || c->states != expect ||
            c->trans != c->states + pad8(n_states * sizeof(HyphenState)) ||
            c->strings != c->trans + pad8(c->n_trans * sizeof(HyphenTrans)) ||
            c->nohyphen != c->strings + pad8(c->str_len) || c->nohyphen + pad8(c->nohyphen_size) > h->file_len ||
            (c->str_len && m[c->strings + c->str_len - 1] != '\0') ||
            (c->nohyphen_size && m[c->nohyphen + c->nohyphen_size - 1] != '\0')) {
            tf_hyphdict_free(first);
            return NULL;
        }
        expect = c->nohyphen + pad8(c->nohyphen_size);
        level *lv = tf_xcalloc(1, sizeof *lv);
        lv->d = c->d;
        lv->blocks_mapped = true;
        lv->trans = (HyphenTrans *)(void *)(m + c->trans);
        lv->strings = m + c->strings;
        lv->n_trans = c->n_trans;
        lv->str_len = c->str_len;
        if (c->nohyphen_size) {
            lv->d.nohyphen = tf_xmalloc(c->nohyphen_size);
            memcpy(lv->d.nohyphen, m + c->nohyphen, c->nohyphen_size);
            lv->nohyphen_size = c->nohyphen_size;
        }
        *link = &lv->d;
        link = &lv->d.nextlevel;
        HyphenState *st = (HyphenState *)(void *)(m + c->states);
        if (!delta) {                    /* at its address: the table as it lies */
            lv->d.states = st;
            lv->states_mapped = true;
            continue;
        }
        /* elsewhere: a copy of the table with every pointer moved by delta */
        lv->d.states = tf_xmalloc(n_states * sizeof *st);
        for (uint64_t i = 0; i < n_states; i++) {
            HyphenState s = st[i];
            if (s.match) s.match = (char *)(uintptr_t)((uintptr_t)s.match + delta);
            if (s.repl) s.repl = (char *)(uintptr_t)((uintptr_t)s.repl + delta);
            if (s.trans) s.trans = (HyphenTrans *)(uintptr_t)((uintptr_t)s.trans + delta);
            lv->d.states[i] = s;
        }
    }
    return first;
}

/* The folder holding `path` is ours and writable by no one else (so no
 * one else can have put or swapped the file in it). */
static bool dir_private(const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 0;
    if (!n || n >= sizeof dir) return false;
    memcpy(dir, path, n);
    dir[n] = '\0';
    struct stat sd;
    return stat(dir, &sd) == 0 && S_ISDIR(sd.st_mode) && sd.st_uid == geteuid() && !(sd.st_mode & 022);
}

static HyphenDict *cache_load(size_t src_len, uint64_t s1, uint64_t s2)
{
    char path[4096];
    if (!cache_path(s1, s2, path, sizeof path, false)) return NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return NULL;
    struct stat sb;
    cache_head h;
    uint64_t base = CACHE_BASE + (s1 & 0xfff) * CACHE_SLOT;
    /* The file's state table is used as it lies (pointers and indices that
     * libhyphen follows), so only a file this user wrote is trusted: owned
     * by us, writable by no one else, in a folder no one else can write. */
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_uid != geteuid() || (sb.st_mode & 022) ||
        !dir_private(path) || (uint64_t)sb.st_size < sizeof h ||
        pread(fd, &h, sizeof h, 0) != (ssize_t)sizeof h || memcmp(h.magic, CACHE_MAGIC, 8) ||
        h.order != 0x01020304u || h.sizes != CACHE_SIZES || h.src_len != src_len || h.sum1 != s1 ||
        h.sum2 != s2 || h.base != base || h.file_len != (uint64_t)sb.st_size || h.n_levels < 1 ||
        h.n_levels > 2) {
        close(fd);
        return NULL;
    }
    size_t len = (size_t)h.file_len;
    /* Writable but private: libhyphen only reads, and a write would stay ours. */
    char *m = mmap(at(base, 0), len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd, 0);
    if (m != MAP_FAILED && (uint64_t)(uintptr_t)m != base) {
        munmap(m, len);                  /* an old kernel took the address as a hint only */
        m = MAP_FAILED;
    }
    if (m == MAP_FAILED) m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED) return NULL;
    posix_madvise(m, len, POSIX_MADV_RANDOM);
    HyphenDict *d = from_map(m, &h);
    if (!d) {
        munmap(m, len);
        return NULL;
    }
    level *top = (level *)d;
    top->map = m;
    top->map_len = len;
    return d;
}

HyphenDict *tf_hyphdict_parse(const char *data, size_t len)
{
    uint64_t s1, s2;
    checksum(data, len, &s1, &s2);
    HyphenDict *d = cache_load(len, s1, s2);
    if (d) return d;
    d = parse(data, len);
    if (d) cache_save(d, len, s1, s2);
    return d;
}

void tf_hyphdict_drop_pages(const HyphenDict *d)
{
    const level *lv = (const level *)d;
    if (lv && lv->map) (void)madvise(lv->map, lv->map_len, MADV_DONTNEED);
}

void tf_hyphdict_free(HyphenDict *d)
{
    while (d) {
        level *lv = (level *)d;
        HyphenDict *next = d->nextlevel;
        if (!lv->states_mapped) free(d->states);
        free(d->nohyphen);
        if (!lv->blocks_mapped) {
            free(lv->trans);
            free(lv->strings);
        }
        if (lv->map) munmap(lv->map, lv->map_len);
        free(lv);
        d = next;
    }
}
