/* syllable.c: syllables per word (syllable.h). */
#include "syllable.h"

#include <string.h>

#include "segment.h"
#include "utf8.h"

tf_syl_lang tf_syllable_lang(const char *tag)
{
    if (!tag) return TF_SYL_NONE;
    size_t n = strcspn(tag, "-_");
    if (n != 2) return TF_SYL_NONE;
    if (!strncmp(tag, "en", 2)) return TF_SYL_EN;
    if (!strncmp(tag, "es", 2)) return TF_SYL_ES;
    if (!strncmp(tag, "de", 2)) return TF_SYL_DE;
    return TF_SYL_NONE;
}

#define MAXW 64                       /* longer words are counted on their first 64 letters */

/* The word's letters, lowercased, as code points; digit groups become a
 * single '#'. Returns the count. */
static size_t letters_of(const char *w, size_t len, uint32_t *out, unsigned *digit_groups)
{
    size_t n = 0;
    bool in_digits = false;
    *digit_groups = 0;
    for (const char *p = w, *end = w + len; p < end && n < MAXW;) {
        uint32_t cp = tf_utf8_next(&p, end);
        if (cp >= '0' && cp <= '9') {
            if (!in_digits) (*digit_groups)++;
            in_digits = true;
            continue;
        }
        in_digits = false;
        if (tf_segment_is_letter(cp)) out[n++] = tf_segment_lower(cp);
        else if (cp != '\'' && cp != 0x2019) out[n++] = '-';   /* a hyphen parts a compound; */
                                                                /* an apostrophe does not ("mother's") */
    }
    return n;
}

static bool en_vowel(const uint32_t *s, size_t i)
{
    uint32_t c = s[i];
    if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') return true;
    /* y is a vowel except before a vowel at the start of a part ("you", "yes") */
    if (c == 'y') {
        bool start = i == 0 || s[i - 1] == '-';
        bool before_vowel = s[i + 1] == 'a' || s[i + 1] == 'e' || s[i + 1] == 'i' ||
                            s[i + 1] == 'o' || s[i + 1] == 'u';
        return !(start && before_vowel);
    }
    return false;
}

static bool ends_with(const uint32_t *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    if (k > n) return false;
    for (size_t i = 0; i < k; i++)
        if (s[n - k + i] != (uint32_t)(unsigned char)suffix[i]) return false;
    return true;
}

/* One English part (no hyphens). */
static unsigned en_part(const uint32_t *s, size_t n)
{
    if (n == 0) return 0;
    unsigned count = 0;
    for (size_t i = 0; i < n; i++)
        if (en_vowel(s, i) && (i == 0 || !en_vowel(s, i - 1))) count++;
    if (count == 0) return 1;                          /* "hmm", "Mr" */
    /* silent final e: "home", "made"; not "-le" after a consonant ("table"), not "-ee", "-ie", "-ye", "-oe" */
    if (n >= 3 && s[n - 1] == 'e' && !en_vowel(s, n - 2)) {
        bool le = s[n - 2] == 'l' && !en_vowel(s, n - 3);
        if (!le && count > 1) count--;
    }
    /* silent -es / -ed: "homes", "lived"; sounded after s x z ch sh ce ge / t d */
    if (n >= 4 && (ends_with(s, n, "es") || ends_with(s, n, "ed")) && !en_vowel(s, n - 3) && count > 1) {
        uint32_t c = s[n - 3];
        bool sounded = ends_with(s, n, "es")
                           ? (c == 's' || c == 'x' || c == 'z' || ends_with(s, n, "ches") ||
                              ends_with(s, n, "shes") || ends_with(s, n, "ces") || ends_with(s, n, "ges"))
                           : (c == 't' || c == 'd');
        bool le = ends_with(s, n, "les") && !en_vowel(s, n - 4);   /* "tables" */
        if (!sounded && !le) count--;
    }
    /* vowel pairs said as two syllables */
    for (size_t i = 1; i < n; i++) {
        uint32_t a = s[i - 1], b = s[i];
        uint32_t before = i >= 2 ? s[i - 2] : 0;
        if (a == 'i' && (b == 'a' || b == 'o') && before != 't' && before != 's' && before != 'c' &&
            before != 'x' && before != 'g' &&
            !(b == 'o' && i + 1 < n && s[i + 1] == 'r'))
            count++;                                   /* radio, media, serious; not -tion -sion -cial -gion -cious -ior */
        else if (a == 'e' && b == 'o' && before != 'p' && before != 'g')
            count++;                                   /* video, rodeo; not people, George */
        else if (a == 'u' && b == 'a' && before != 'q' && before != 'g')
            count++;                                   /* usual, actual; not quality, language */
        else if (a == 'i' && b == 'e' && i + 1 < n && s[i + 1] == 't')
            count++;                                   /* quiet, diet, society */
        else if (a == 'e' && b == 'a' && i + 1 == n)
            count++;                                   /* idea, area */
        else if (a == 'e' && b == 'a' && i + 3 < n + 1 && i + 1 < n && s[i + 1] == 't' &&
                 (i + 2 == n || s[i + 2] == 'e' || s[i + 2] == 'i') && i >= 2 && s[i - 2] == 'r' &&
                 i >= 3 && !en_vowel(s, i - 3) && s[i - 3] == 'c')
            count++;                                   /* create, creating, creation */
    }
    /* "-ing" after a vowel: being, going, seeing */
    if (ends_with(s, n, "ing") && n >= 4 && en_vowel(s, n - 4)) count++;
    return count;
}

static bool es_vowel(uint32_t c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 0xE1 || c == 0xE9 ||
           c == 0xED || c == 0xF3 || c == 0xFA || c == 0xFC;
}

/* Strong vowels, and accented i/u which break a diphthong (hiatus: "día"). */
static bool es_strong(uint32_t c)
{
    return c == 'a' || c == 'e' || c == 'o' || c == 0xE1 || c == 0xE9 || c == 0xF3 || c == 0xED ||
           c == 0xFA;
}

static unsigned es_part(const uint32_t *s, size_t n)
{
    unsigned count = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = s[i];
        bool v = es_vowel(c) || (c == 'y' && i + 1 == n && i > 0 && es_vowel(s[i - 1]));
        if (!v) continue;
        bool prev_v = i > 0 && es_vowel(s[i - 1]);
        if (!prev_v || (es_strong(c) && es_strong(s[i - 1]))) count++;
    }
    return count ? count : 1;
}

static bool de_vowel(uint32_t c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' || c == 0xE4 ||
           c == 0xF6 || c == 0xFC;
}

static bool de_digraph(uint32_t a, uint32_t b)
{
    return (a == 'a' && (b == 'i' || b == 'u' || b == 'a' || b == 'y')) ||
           (a == 0xE4 && b == 'u') ||
           (a == 'e' && (b == 'i' || b == 'u' || b == 'e' || b == 'y')) ||
           (a == 'i' && b == 'e') || (a == 'o' && b == 'o');
}

static unsigned de_part(const uint32_t *s, size_t n)
{
    unsigned count = 0;
    size_t nucleus = 0;                       /* letters in the current nucleus */
    for (size_t i = 0; i < n; i++) {
        if (!de_vowel(s[i])) { nucleus = 0; continue; }
        if (nucleus == 1 && de_digraph(s[i - 1], s[i])) { nucleus = 2; continue; }
        count++;
        nucleus = 1;
    }
    return count ? count : 1;
}

unsigned tf_syllables(tf_syl_lang lang, const char *word, size_t len, const tf_hyphen *dict)
{
    if (lang == TF_SYL_NONE) return 0;
    uint32_t s[MAXW + 1];
    unsigned digit_groups;
    size_t n = letters_of(word, len, s, &digit_groups);
    s[n] = 0;
    unsigned total = digit_groups;
    size_t a = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '-') continue;
        if (i > a) {
            const uint32_t *p = s + a;
            size_t k = i - a;
            unsigned c = lang == TF_SYL_EN ? en_part(p, k) : lang == TF_SYL_ES ? es_part(p, k) : de_part(p, k);
            total += c;
        }
        a = i + 1;
    }
    if (dict && !digit_groups) {
        /* the dictionary, part by part in the caller's bytes */
        unsigned from_dict = 0;
        const char *p = word, *end = word + len;
        while (p < end) {
            const char *q = p;
            while (q < end) {
                const char *r = q;
                uint32_t cp = tf_utf8_next(&r, end);
                if (!tf_segment_is_letter(cp)) break;
                q = r;
            }
            if (q > p) {
                size_t off[64];
                from_dict += 1 + (unsigned)tf_hyphen_points(dict, p, (size_t)(q - p), 1, 1, off, 64);
            }
            if (q < end) {
                const char *r = q;
                tf_utf8_next(&r, end);
                q = r;
            }
            p = q;
        }
        if (from_dict > total) total = from_dict;
    }
    return total ? total : 1;
}

unsigned tf_syllable_letters(const char *word, size_t len)
{
    unsigned n = 0;
    for (const char *p = word, *end = word + len; p < end;)
        if (tf_segment_is_letter(tf_utf8_next(&p, end))) n++;
    return n;
}
