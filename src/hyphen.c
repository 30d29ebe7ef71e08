/* hyphen.c: hyphenation points from libhyphen dictionaries.
 *
 * libhyphen wants lowercase words in the dictionary's own charset (first
 * line of the .dic file). For UTF-8 dictionaries hnj_hyphen_hyphenate2
 * reports points per character; for 8-bit ones per byte. We lowercase and
 * convert one character at a time, remembering where each character
 * starts in the caller's UTF-8 word and in the converted word, so points
 * map back to the caller's byte offsets whatever the charset. The
 * dictionary is read by our own loader (hyphdict.c: libhyphen's takes
 * seconds for German); libhyphen only matches words against it. */
#include "hyphen.h"

#include <dirent.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "base.h"
#include "file.h"
#include "hyphdict.h"
#include "params.h"
#include "utf8.h"

/* libhyphen's API, declared here: its header is also called hyphen.h and
 * -Isrc would find ours first. Signatures as in libhyphen 2.8. */
typedef struct _HyphenDict HyphenDict;
int hnj_hyphen_hyphenate2(HyphenDict *dict, const char *word, int word_size, char *hyphens,
                          char *hyphenated_word, char ***rep, int **pos, int **cut);

#define MAX_WORD 100              /* bytes, as the header promises */
#define MAX_DICT_BYTES (32u * 1024u * 1024u)   /* far above any real dictionary */
#define SYSTEM_DIR "/usr/share/hyphen"

struct tf_hyphen {
    HyphenDict *dict;
    bool utf8;
    iconv_t cd;                   /* UTF-8 -> dictionary charset, when not UTF-8 */
};

/* Regions tried when the tag has none (otherwise "ll_LL", e.g. fr_FR). */
static const char *const default_region[][2] = {
    {"en", "US"}, {"es", "ES"}, {"de", "DE"}, {"pt", "PT"}, {"da", "DK"}, {"sv", "SE"},
    {"nb", "NO"}, {"nn", "NO"}, {"el", "GR"}, {"cs", "CZ"}, {"uk", "UA"}, {"ca", "ES"},
    {"sl", "SI"}, {"et", "EE"}, {"ga", "IE"}, {"be", "BY"}, {"sr", "RS"}, {"hy", "AM"},
};

/* A dictionary file we can open and libhyphen can read: a regular file
 * under the cap (a directory or FIFO named hyph_*.dic is passed over). */
static FILE *open_dict(const char *path)
{
    size_t size;
    tf_file_error err;
    return tf_file_open(path, MAX_DICT_BYTES, &size, NULL, NULL, &err);
}

static bool file_ok(const char *path)
{
    FILE *f = open_dict(path);
    if (!f) return false;
    fclose(f);
    return true;
}

/* First hyph_<ll>_*.dic in dir, in byte order (deterministic). */
static bool any_region(const char *dir, const char *ll, char *out, size_t size)
{
    DIR *d = opendir(dir);
    if (!d) return false;
    char prefix[16], best[256] = "";
    int np = snprintf(prefix, sizeof prefix, "hyph_%s_", ll);
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, prefix, (size_t)np) != 0 || len < 4 || len >= sizeof best ||
            strcmp(e->d_name + len - 4, ".dic") != 0)
            continue;
        if (!best[0] || strcmp(e->d_name, best) < 0) memcpy(best, e->d_name, len + 1);
    }
    closedir(d);
    if (!best[0]) return false;
    snprintf(out, size, "%s/%s", dir, best);
    return file_ok(out);
}

/* Dictionary path for (ll, region) in dir: region, default region, bare
 * language, any region. */
static bool find_in(const char *dir, const char *ll, const char *cc, char *out, size_t size)
{
    if (cc[0]) {
        snprintf(out, size, "%s/hyph_%s_%s.dic", dir, ll, cc);
        if (file_ok(out)) return true;
    }
    char def[4] = "";
    for (size_t i = 0; i < TF_ARRAY_LEN(default_region); i++)
        if (strcmp(default_region[i][0], ll) == 0) snprintf(def, sizeof def, "%s", default_region[i][1]);
    if (!def[0] && strlen(ll) == 2) {
        def[0] = (char)(ll[0] - 'a' + 'A');
        def[1] = (char)(ll[1] - 'a' + 'A');
        def[2] = 0;
    }
    if (def[0]) {
        snprintf(out, size, "%s/hyph_%s_%s.dic", dir, ll, def);
        if (file_ok(out)) return true;
    }
    snprintf(out, size, "%s/hyph_%s.dic", dir, ll);
    if (file_ok(out)) return true;
    return any_region(dir, ll, out, size);
}

/* "es-419", "en-Latn-US", "de_DE" -> language "es"/"en"/"de", region ""/"US"/"DE". */
static bool parse_tag(const char *lang, char ll[4], char cc[3])
{
    size_t i = 0;
    while (lang[i] && lang[i] != '-' && lang[i] != '_') {
        char c = lang[i];
        if (i >= 3 || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
        ll[i] = (char)(c | 0x20);
        i++;
    }
    if (i < 2) return false;
    ll[i] = 0;
    cc[0] = 0;
    while (lang[i]) {
        size_t s = ++i, n = 0;
        while (lang[i] && lang[i] != '-' && lang[i] != '_') i++, n++;
        if (n == 2 && ((lang[s] | 0x20) >= 'a' && (lang[s] | 0x20) <= 'z') &&
            ((lang[s + 1] | 0x20) >= 'a' && (lang[s + 1] | 0x20) <= 'z')) {
            cc[0] = (char)(lang[s] & ~0x20);
            cc[1] = (char)(lang[s + 1] & ~0x20);
            cc[2] = 0;
            break;
        }
    }
    return true;
}

tf_hyphen *tf_hyphen_load(const char *lang)
{
    char ll[4], cc[3], path[4096];
    if (!lang || !parse_tag(lang, ll, cc)) return NULL;
    const char *env = getenv("TRIFOLD_HYPHEN_DIR");
    const char *dirs[2] = {env && env[0] ? env : NULL, SYSTEM_DIR};
    bool found = false;
    for (int i = 0; i < 2 && !found; i++)
        if (dirs[i]) found = find_in(dirs[i], ll, cc, path, sizeof path);
    if (!found) return NULL;

    size_t len;
    tf_file_error err;
    char *data = tf_file_read(path, MAX_DICT_BYTES, &len, NULL, NULL, &err);
    if (!data) return NULL;
    char cset[64];
    size_t n = strcspn(data, " \t\r\n");
    snprintf(cset, sizeof cset, "%.*s", (int)(n < sizeof cset ? n : sizeof cset - 1), data);

    tf_hyphen *h = tf_xcalloc(1, sizeof *h);
    h->utf8 = n == 0 || strcmp(cset, "UTF-8") == 0 || strcmp(cset, "utf-8") == 0 ||
              strcmp(cset, "UTF8") == 0;
    h->cd = (iconv_t)-1;
    if (!h->utf8) {
        h->cd = iconv_open(cset, "UTF-8");
        if (h->cd == (iconv_t)-1) { free(data); free(h); return NULL; }
    }
    h->dict = tf_hyphdict_parse(data, len);
    free(data);
    return h;
}

void tf_hyphen_drop_pages(const tf_hyphen *h)
{
    if (h) tf_hyphdict_drop_pages(h->dict);
}

void tf_hyphen_free(tf_hyphen *h)
{
    if (!h) return;
    tf_hyphdict_free(h->dict);
    if (h->cd != (iconv_t)-1) iconv_close(h->cd);
    free(h);
}

/* Letters as far as hyphenation cares: everything but ASCII non-letters,
 * digits, and the punctuation, symbol and private-use blocks. */
static bool is_letter(uint32_t c)
{
    if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    if (c < 0xC0) return c == 0xAA || c == 0xB5 || c == 0xBA;
    if (c == 0xD7 || c == 0xF7) return false;
    if ((c >= 0x660 && c <= 0x669) || (c >= 0x6F0 && c <= 0x6F9) || (c >= 0x966 && c <= 0x96F))
        return false;                                      /* other scripts' digits */
    if (c >= 0x2000 && c <= 0x2BFF) return false;          /* punctuation, symbols */
    if (c >= 0x2E00 && c <= 0x2E7F) return false;
    if (c >= 0x3000 && c <= 0x303F) return false;
    if (c >= 0xE000 && c <= 0xF8FF) return false;          /* private use */
    if (c >= 0xFE00 && c <= 0xFE0F) return false;
    if (c >= 0xFF00 && c <= 0xFF20) return false;
    if (c >= 0x1F000) return false;                        /* emoji and beyond */
    return true;
}

/* Lowercase for ASCII, Latin-1, Latin Extended-A, Latin Extended
 * Additional, basic Greek and Cyrillic; other characters unchanged. */
static uint32_t to_lower(uint32_t c)
{
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c < 0xC0) return c;
    if (c <= 0xDE) return c == 0xD7 ? c : c + 32;
    if (c >= 0x100 && c <= 0x137) return c == 0x130 ? 'i' : (c & 1) ? c : c + 1;
    if (c >= 0x139 && c <= 0x148) return (c & 1) ? c + 1 : c;
    if (c >= 0x14A && c <= 0x177) return (c & 1) ? c : c + 1;
    if (c == 0x178) return 0xFF;
    if (c >= 0x179 && c <= 0x17E) return (c & 1) ? c + 1 : c;
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 37;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 63;
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if ((c >= 0x1E00 && c <= 0x1E95) || (c >= 0x1EA0 && c <= 0x1EFF)) return (c & 1) ? c : c + 1;
    return c;
}

size_t tf_hyphen_points(const tf_hyphen *h, const char *word, size_t len,
                        int left_min, int right_min, size_t *offsets, size_t cap)
{
    if (!h || !word || len == 0 || len > MAX_WORD || cap == 0) return 0;
    size_t off[MAX_WORD + 1], enc_off[MAX_WORD + 1], nc = 0, elen = 0;
    char enc[MAX_WORD * 4 + 8];
    if (h->cd != (iconv_t)-1) iconv(h->cd, NULL, NULL, NULL, NULL);   /* reset state */
    for (const char *p = word, *end = word + len; p < end;) {
        size_t i = (size_t)(p - word);
        uint32_t cp = tf_utf8_next(&p, end);
        if (cp == TF_UTF8_BAD || !is_letter(cp)) return 0;
        off[nc] = i;
        enc_off[nc] = elen;
        char u[4];
        size_t ul = tf_utf8_encode(to_lower(cp), u);
        if (ul == 0) return 0;
        if (h->utf8) {
            memcpy(enc + elen, u, ul);
            elen += ul;
        } else {
            char *in = u, *out = enc + elen;
            size_t inleft = ul, outleft = sizeof enc - elen - 1;
            if (iconv(h->cd, &in, &inleft, &out, &outleft) == (size_t)-1 || inleft) return 0;
            elen = (size_t)(out - enc);
        }
        nc++;
    }
    off[nc] = len;
    enc_off[nc] = elen;
    enc[elen] = 0;
    size_t lmin = left_min < 1 ? 1 : (size_t)left_min, rmin = right_min < 1 ? 1 : (size_t)right_min;
    if (nc < lmin + rmin) return 0;

    char hyph[sizeof enc + 5];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    size_t count = 0;
    if (hnj_hyphen_hyphenate2(h->dict, enc, (int)elen, hyph, NULL, &rep, &pos, &cut) == 0) {
        for (size_t k = lmin; k + rmin <= nc && count < cap; k++) {
            /* boundary before character k: UTF-8 dictionaries index points
             * by character, 8-bit ones by byte (after the last byte of k-1) */
            size_t idx = h->utf8 ? k - 1 : enc_off[k] - 1;
            if ((hyph[idx] & 1) && !(rep && rep[idx])) offsets[count++] = off[k];
        }
    }
    if (rep) {
        for (size_t i = 0; i < elen; i++) free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    return count;
}

void tf_hyphen_mins(const char *lang, const tf_params *params, int *left, int *right)
{
    /* TeX's defaults per language (babel's hyphenmins) where they differ
     * from 2/3; the rest keep 2/3. */
    static const struct { const char *ll; int l, r; } by_lang[] = {
        {"de", 2, 2}, {"nl", 2, 2}, {"da", 2, 2}, {"sv", 2, 2}, {"nb", 2, 2}, {"nn", 2, 2},
        {"fr", 2, 3}, {"en", 2, 3}, {"es", 2, 3}, {"pt", 2, 3}, {"it", 2, 2},
    };
    *left = 2;
    *right = 3;
    for (size_t i = 0; lang && i < TF_ARRAY_LEN(by_lang); i++) {
        size_t n = strlen(by_lang[i].ll);
        if (strncmp(lang, by_lang[i].ll, n) == 0 && (lang[n] == 0 || lang[n] == '-' || lang[n] == '_')) {
            *left = by_lang[i].l;
            *right = by_lang[i].r;
        }
    }
    if (params && params->hyphen_left_min >= 1) *left = (int)params->hyphen_left_min;
    if (params && params->hyphen_right_min >= 1) *right = (int)params->hyphen_right_min;
}
