/* test_hyphdict.c: our .dic loader (hyphdict.c) builds the very automaton
 * libhyphen's own loader builds, state by state (numbers, matches,
 * replacements, fallbacks, transitions in order, both levels, options), for
 * the installed English and Spanish dictionaries and for small files that
 * use every corner of the format: keywords, comments, replacements with and
 * without index, NEXTLEVEL, CRLF line ends, a line longer than libhyphen's
 * 99-byte buffer, 8-bit letters. (German is left out here only because
 * libhyphen's loader takes seconds for it.) */
#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "harness.h"
#include "hyphdict.h"

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Compares two levels (and what follows them); reports the first difference. */
static void check_same(const HyphenDict *a, const HyphenDict *b, const char *what)
{
    for (int level = 0; a || b; level++, a = a->nextlevel, b = b->nextlevel) {
        if (!a || !b) {
            fprintf(stderr, "%s level %d: present in one only\n", what, level);
            CHECK(0);
            return;
        }
        CHECK_EQ_INT(a->lhmin, b->lhmin);
        CHECK_EQ_INT(a->rhmin, b->rhmin);
        CHECK_EQ_INT(a->clhmin, b->clhmin);
        CHECK_EQ_INT(a->crhmin, b->crhmin);
        CHECK_EQ_INT(a->utf8, b->utf8);
        CHECK_EQ_STR(a->cset, b->cset);
        CHECK_EQ_INT(a->nohyphenl, b->nohyphenl);
        CHECK(same_str(a->nohyphen, b->nohyphen));
        CHECK_EQ_INT(a->num_states, b->num_states);
        if (a->num_states != b->num_states) return;
        for (int i = 0; i < a->num_states; i++) {
            const HyphenState *x = &a->states[i], *y = &b->states[i];
            int ok = same_str(x->match, y->match) && same_str(x->repl, y->repl) &&
                     x->fallback_state == y->fallback_state && x->num_trans == y->num_trans;
            if (ok && x->repl) ok = x->replindex == y->replindex && x->replcut == y->replcut;
            for (int t = 0; ok && t < x->num_trans; t++)
                ok = x->trans[t].ch == y->trans[t].ch && x->trans[t].new_state == y->trans[t].new_state;
            if (!ok) {
                fprintf(stderr, "%s level %d: state %d differs\n", what, level, i);
                CHECK(0);
                return;
            }
        }
    }
}

static void compare_file(const char *path)
{
    size_t len;
    tf_file_error err;
    char *data = tf_file_read(path, 64u << 20, &len, NULL, NULL, &err);
    CHECK(data != NULL);
    if (!data) return;
    HyphenDict *ours = tf_hyphdict_parse(data, len);
    HyphenDict *theirs = hnj_hyphen_load(path);
    CHECK(ours && theirs);
    if (ours && theirs) check_same(ours, theirs, path);
    tf_hyphdict_free(ours);
    if (theirs) hnj_hyphen_free(theirs);
    free(data);
}

static void compare_text(const char *text)
{
    const char *path = th_tmp("t.dic");
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) return;
    fputs(text, f);
    fclose(f);
    compare_file(path);
}

static void test_installed(void)
{
    compare_file("/usr/share/hyphen/hyph_en_US.dic");
    compare_file("/usr/share/hyphen/hyph_es_ES.dic");
}

static void test_format_corners(void)
{
    /* UTF-8, keywords, comment, replacement with index and cut, one without */
    compare_text("UTF-8\nLEFTHYPHENMIN 2\nRIGHTHYPHENMIN 3\n% a comment\n"
                 "COMPOUNDLEFTHYPHENMIN 4\nNOHYPHEN -,',x\n.ab1c\n1ba\nb1c\nzz1zz\n"
                 "\xc3\xa4\xc3\xa4" "1ck/k=k,3,2\nss1t/s=t\n.a2b3c4d\n\n");
    /* two levels, CRLF line ends, replacement after a dot */
    compare_text("ISO8859-1\r\nLEFTHYPHENMIN 1\r\n1-1\r\n1'1\r\nNEXTLEVEL\r\n"
                 "a1b\r\n\xe4\xe4" "1b\r\n.sch1/s=,1,2\r\nNEXTLEVEL\r\nc1d\r\n");
    /* an 8-bit dictionary with many shared prefixes, a line longer than 99
     * bytes, a charset line longer than libhyphen's 20-byte buffer */
    char big[4096] = "ISO8859-1-and-a-long-tail\n";
    for (int i = 0; i < 40; i++) {
        char line[32];
        snprintf(line, sizeof line, "%c\xfc%c1%c\xdf\n", 'a' + i % 26, 'a' + (i * 7) % 26, 'a' + i % 5);
        strcat(big, line);
    }
    for (int i = 0; i < 130; i++) strcat(big, i % 3 ? "x" : "1");
    strcat(big, "\n");
    compare_text(big);
    compare_text("");                                  /* empty file */
    compare_text("UTF-8");                             /* no line end at all */
}

int main(void)
{
    RUN(test_installed);
    RUN(test_format_corners);
    return DONE();
}
