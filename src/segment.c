/* segment.c: sentence and word boundaries (segment.h). */
#include "segment.h"

#include "utf8.h"

bool tf_segment_is_cjk(uint32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) ||      /* kana */
           (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xAC00 && cp <= 0xD7AF) ||      /* hangul syllables */
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F);
}

/* Letters: ASCII letters and, above U+00BF, everything but the symbol and
 * punctuation blocks a brochure's text may hold. Good enough to tell words
 * from punctuation; not a full Unicode property table. */
bool tf_segment_is_letter(uint32_t cp)
{
    if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;
    if (cp >= 0x2000 && cp <= 0x2BFF) return false;      /* punctuation, symbols, arrows */
    if (cp >= 0x3000 && cp <= 0x303F) return false;      /* CJK punctuation */
    if (cp >= 0xFE30 && cp <= 0xFE6F) return false;      /* CJK compatibility / small forms */
    if (cp >= 0xFF00 && cp <= 0xFF20) return false;      /* fullwidth punctuation, digits */
    if (cp >= 0xFF3B && cp <= 0xFF40) return false;
    if (cp >= 0xFF5B && cp <= 0xFF65) return false;
    if (cp == 0x060C || cp == 0x061B || cp == 0x061F || cp == 0x06D4 || cp == 0x066A ||
        cp == 0x066B || cp == 0x066C || cp == 0x0640)
        return false;                                    /* Arabic punctuation, tatweel */
    if (cp >= 0x0660 && cp <= 0x0669) return false;      /* Arabic-Indic digits: see is_digit */
    return true;
}

static bool is_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0x0660 && cp <= 0x0669) || (cp >= 0x06F0 && cp <= 0x06F9);
}

static bool is_lower(uint32_t cp)
{
    if (cp < 0x80) return cp >= 'a' && cp <= 'z';
    if (cp >= 0xDF && cp <= 0xFF) return cp != 0xF7;
    if (cp >= 0x100 && cp <= 0x17F) return (cp & 1) == 1;
    if (cp >= 0x3B1 && cp <= 0x3C9) return true;
    if (cp >= 0x430 && cp <= 0x44F) return true;
    if (cp >= 0x1EA0 && cp <= 0x1EF9) return (cp & 1) == 1;  /* Vietnamese */
    return false;
}

uint32_t tf_segment_lower(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z') return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
    if (cp >= 0x100 && cp <= 0x17F && (cp & 1) == 0) return cp + 1;
    return cp;
}

static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x3000 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F;
}

/* SB: STerm ends a sentence whatever follows; ATerm (the full stop) only
 * when rules SB6-SB8a allow it. */
static bool is_sterm(uint32_t cp)
{
    return cp == '!' || cp == '?' || cp == 0x203C || cp == 0x2047 || cp == 0x2048 || cp == 0x2049 ||
           cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF61 || cp == 0x061F ||
           cp == 0x06D4 || cp == 0x0964 || cp == 0x0965;
}

static bool is_aterm(uint32_t cp) { return cp == '.' || cp == 0x2024 || cp == 0xFE52 || cp == 0xFF0E; }

static bool is_close(uint32_t cp)
{
    return cp == ')' || cp == ']' || cp == '}' || cp == '"' || cp == '\'' || cp == 0x2019 ||
           cp == 0x201D || cp == 0xBB || cp == 0x203A || cp == 0x300D || cp == 0x300F ||
           cp == 0xFF09 || cp == 0x3011;
}

static bool is_scontinue(uint32_t cp)
{
    return cp == ',' || cp == ';' || cp == ':' || cp == '-' || cp == 0x2013 || cp == 0x2014 ||
           cp == 0x3001 || cp == 0xFF0C || cp == 0xFF1A || cp == 0xFF1B || cp == 0x060C;
}

/* Decode the code point at byte i (0 past the end). */
static uint32_t at(const char *t, size_t len, size_t i, size_t *next)
{
    if (i >= len) { *next = len; return 0; }
    const char *p = t + i;
    uint32_t cp = tf_utf8_next(&p, t + len);
    *next = (size_t)(p - t);
    return cp;
}

static bool has_word_char(const char *t, size_t a, size_t b)
{
    for (size_t i = a, n; i < b; i = n) {
        uint32_t cp = at(t, b, i, &n);
        if (tf_segment_is_letter(cp) || is_digit(cp)) return true;
    }
    return false;
}

size_t tf_segment_sentences(const char *text, size_t len, tf_span_off *out, size_t cap)
{
    size_t count = 0, start = 0, i = 0;
    uint32_t prev = 0;                 /* the code point before the terminator run */
    while (i < len) {
        size_t n;
        uint32_t cp = at(text, len, i, &n);
        if (!is_sterm(cp) && !is_aterm(cp)) {
            prev = cp;
            i = n;
            continue;
        }
        /* a run of terminators, then closers, then spaces */
        bool sterm = false, aterm_only = true;
        size_t j = i, after_term;
        uint32_t c = cp;
        while (j < len && (is_sterm(c) || is_aterm(c))) {
            if (is_sterm(c)) { sterm = true; aterm_only = false; }
            j = n;
            c = at(text, len, j, &n);
        }
        after_term = j;
        while (j < len && is_close(c)) { j = n; c = at(text, len, j, &n); }
        size_t before_space = j;
        while (j < len && is_space(c)) { j = n; c = at(text, len, j, &n); }
        bool brk = true;
        if (aterm_only && !sterm) {
            uint32_t next;
            size_t k = after_term, kn;
            next = at(text, len, k, &kn);
            if (is_digit(next)) brk = false;                                   /* SB6 */
            else if (before_space == after_term && j == after_term &&
                     (tf_segment_is_letter(prev) && tf_segment_is_letter(next)))
                brk = false;                                                   /* SB7: "U.S" "e.g" */
            else {
                /* SB8: skip what is not a letter; a lowercase letter continues */
                size_t m = j, mn;
                uint32_t d = at(text, len, m, &mn);
                if (is_scontinue(d)) brk = false;                              /* SB8a */
                while (m < len && !tf_segment_is_letter(d) && !is_sterm(d) && !is_aterm(d)) {
                    m = mn;
                    d = at(text, len, m, &mn);
                }
                if (m < len && is_lower(d)) brk = false;
            }
        }
        if (j >= len) brk = true;
        if (brk) {
            if (has_word_char(text, start, before_space)) {
                if (count < cap) out[count] = (tf_span_off){start, before_space};
                count++;
            }
            start = j;
        }
        prev = 0;
        i = j > after_term ? j : after_term;
        if (i == j && !brk) prev = c;
    }
    if (start < len && has_word_char(text, start, len)) {
        size_t e = len;
        while (e > start && (text[e - 1] == ' ' || text[e - 1] == '\n' || text[e - 1] == '\t')) e--;
        if (count < cap) out[count] = (tf_span_off){start, e};
        count++;
    }
    for (size_t k = 0; k < count && k < cap; k++) {       /* trim leading spaces */
        while (out[k].start < out[k].end) {
            size_t n;
            uint32_t cp = at(text, len, out[k].start, &n);
            if (!is_space(cp)) break;
            out[k].start = n;
        }
    }
    return count;
}

/* Marks that stay inside a word when letters or digits are on both sides. */
static bool is_joiner(uint32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == '.' ||
           cp == ',' || cp == 0xB7;
}

bool tf_segment_next_word(const char *text, size_t len, size_t *pos, tf_span_off *word)
{
    size_t i = *pos, n;
    uint32_t cp = 0;
    while (i < len) {
        cp = at(text, len, i, &n);
        if (tf_segment_is_letter(cp) || is_digit(cp)) break;
        i = n;
    }
    if (i >= len) {
        *pos = len;
        return false;
    }
    word->start = i;
    if (tf_segment_is_cjk(cp)) {                 /* one character, one word */
        word->end = n;
        *pos = n;
        return true;
    }
    size_t end = n;
    i = n;
    while (i < len) {
        cp = at(text, len, i, &n);
        if ((tf_segment_is_letter(cp) && !tf_segment_is_cjk(cp)) || is_digit(cp)) {
            end = n;
            i = n;
            continue;
        }
        if (is_joiner(cp)) {                     /* only between two word characters */
            size_t n2;
            uint32_t nx = at(text, len, n, &n2);
            if (n < len && ((tf_segment_is_letter(nx) && !tf_segment_is_cjk(nx)) || is_digit(nx))) {
                /* a comma or a dot joins only digits: "1,000" "3.5" */
                if ((cp == ',' || cp == '.') && !is_digit(nx)) break;
                i = n;
                continue;
            }
        }
        break;
    }
    word->end = end;
    *pos = end;
    return true;
}
