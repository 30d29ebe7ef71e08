/* pmreport.c: printing the patient-material figures (pmreport.h). */
#include "pmreport.h"

#include <math.h>
#include <string.h>

#include "contrast.h"
#include "diag.h"

const char *tf_pmreport_edition(const tf_pm_report *r, char *buf, size_t size)
{
    snprintf(buf, size, "%s-%s%s%s%s", r->brochure ? r->brochure : "?", r->clinic ? r->clinic : "",
             r->clinic ? "-" : "", r->lang ? r->lang : "?", r->screen ? " (screen)" : "");
    return buf;
}

static const char *formula_name(tf_read_formula f)
{
    switch (f) {
    case TF_READ_EN: return "Flesch-Kincaid grade";
    case TF_READ_ES: return "Fernandez-Huerta ease";
    case TF_READ_DE: return "Wiener Sachtextformel grade";
    default: return NULL;
    }
}

static const char *second_name(tf_read_formula f)
{
    switch (f) {
    case TF_READ_EN: return "SMOG grade";
    case TF_READ_ES: return "Szigriszt-Pazos (INFLESZ)";
    case TF_READ_DE: return "Amstad ease";
    default: return NULL;
    }
}

static const char *formula_key(tf_read_formula f)
{
    switch (f) {
    case TF_READ_EN: return "flesch-kincaid";
    case TF_READ_ES: return "fernandez-huerta";
    case TF_READ_DE: return "wiener-sachtextformel";
    default: return NULL;
    }
}

static const char *second_key(tf_read_formula f)
{
    switch (f) {
    case TF_READ_EN: return "smog";
    case TF_READ_ES: return "szigriszt-pazos";
    case TF_READ_DE: return "amstad";
    default: return NULL;
    }
}

static double per_sentence(const tf_read_counts *c)
{
    return c->sentences ? (double)c->words / (double)c->sentences : 0;
}

static bool cjk_lang(const char *lang)
{
    return lang && (!strncmp(lang, "zh", 2) || !strncmp(lang, "ja", 2) || !strncmp(lang, "ko", 2));
}

static const char *unit(const tf_pm_report *r) { return cjk_lang(r->lang) ? "characters" : "words"; }

static bool short_text(const tf_read_counts *c) { return c->words < TF_PM_MIN_WORDS; }

static const char *mark(bool ok) { return ok ? "ok" : "MISSED"; }

void tf_pmreport_print(FILE *out, const tf_pm_report *r)
{
    char ed[256];
    fprintf(out, "  patient-material checks, %s (theme checks: grade %.4g, size %.4g pt, contrast %.4g:1, "
            "large text %.4g:1)\n", tf_pmreport_edition(r, ed, sizeof ed), r->th.grade,
            tf_sp_to_pt(r->th.size), r->th.contrast, r->th.contrast_large);
    /* reading level */
    const char *fn = formula_name(r->formula);
    if (!fn) {
        fprintf(out, "    reading level: no standard formula for '%s'; %zu sentences, %.1f %s per sentence\n",
                r->lang, r->total.sentences, per_sentence(&r->total), unit(r));
    } else if (r->grade_is_score) {
        fprintf(out, "    reading level: %s %.1f (at least %.0f for grade %.4g), %s %.1f; %zu sentences, "
                "%.1f words per sentence, %.2f syllables per word%s  %s\n", fn, r->grade, r->limit,
                r->th.grade, second_name(r->formula), r->second, r->total.sentences, per_sentence(&r->total),
                r->total.words ? (double)r->total.syllables / (double)r->total.words : 0,
                short_text(&r->total) ? " (under 100 words: not judged)" : "", mark(r->grade_ok));
    } else {
        fprintf(out, "    reading level: %s %.1f (at most %.4g), %s %.1f; %zu sentences, %.1f words per "
                "sentence, %.2f syllables per word%s  %s\n", fn, r->grade, r->limit, second_name(r->formula),
                r->second, r->total.sentences, per_sentence(&r->total),
                r->total.words ? (double)r->total.syllables / (double)r->total.words : 0,
                short_text(&r->total) ? " (under 100 words: not judged)" : "", mark(r->grade_ok));
    }
    if (fn && !r->dict) fprintf(out, "    (syllables by rule only: no hyphenation dictionary for '%s')\n", r->lang);
    for (size_t i = 0; i < r->n_stories; i++) {
        const tf_pm_story *s = &r->stories[i];
        if (!s->counts.words) continue;
        if (fn)
            fprintf(out, "      story %-12s %5.1f  (%s %.1f; %zu sentences, %zu words%s)\n", s->id, s->grade,
                    second_key(r->formula), s->second, s->counts.sentences, s->counts.words,
                    short_text(&s->counts) ? ", short" : "");
        else
            fprintf(out, "      story %-12s %zu sentences, %.1f %s per sentence\n", s->id, s->counts.sentences,
                    per_sentence(&s->counts), unit(r));
    }
    if (r->skipped_texts)
        fprintf(out, "      %zu text%s in another language (fallbacks) not counted\n", r->skipped_texts,
                r->skipped_texts == 1 ? "" : "s");
    if (r->n_hardest) fprintf(out, "    %s sentences:\n", fn ? "hardest" : "longest");
    for (size_t i = 0; i < r->n_hardest; i++) {
        const tf_pm_sentence *s = &r->hardest[i];
        char where[512];
        int shown = (int)strlen(s->text) > 70 ? 70 : (int)strlen(s->text);
        while (shown > 0 && ((unsigned char)s->text[shown] & 0xC0) == 0x80) shown--;
        if (fn)
            fprintf(out, "      %s: %.1f, %zu words: %.*s%s\n", tf_loc_str(&s->loc, where, sizeof where),
                    s->figure, s->words, shown, s->text, (int)strlen(s->text) > shown ? "..." : "");
        else
            fprintf(out, "      %s: %zu %s: %.*s%s\n", tf_loc_str(&s->loc, where, sizeof where), s->words,
                    unit(r), shown, s->text, (int)strlen(s->text) > shown ? "..." : "");
    }
    /* sizes */
    fprintf(out, "    smallest text:");
    for (int k = 0; k < TF_PM_ROLE_COUNT; k++) {
        if (!r->min_size[k]) continue;
        fprintf(out, " %s %.4g pt%s", tf_pm_role_name((tf_pm_role)k), tf_sp_to_pt(r->min_size[k]),
                k != TF_PM_HEADING && r->min_size[k] < r->th.size ? " (below)" : "");
        fputc(k + 1 < TF_PM_ROLE_COUNT ? ';' : ' ', out);
    }
    fprintf(out, "  %s\n", mark(r->size_ok));
    if (r->lines)
        fprintf(out, "    body line length: %.0f characters on average (%d to %d; %zu of %zu full lines outside "
                "%d-%d)%s\n", r->line_mean, r->line_min, r->line_max, r->lines_outside, r->lines,
                TF_PM_LINE_MIN, TF_PM_LINE_MAX,
                !r->lines_checked ? "  not judged" : r->lines_ok ? "  ok" : "  WARNING");
    /* contrast */
    if (r->n_pairs)
        fprintf(out, "    contrast: lowest %.2f:1  %s\n", isfinite(r->contrast_min) ? r->contrast_min : 0,
                mark(r->contrast_ok));
    for (size_t i = 0; i < r->n_pairs; i++) {
        const tf_pm_pair *p = &r->pairs[i];
        char a[8], b[8];
        if (p->on_image)
            fprintf(out, "      %s on an image (%s, %s): not measured\n", tf_contrast_hex(p->fg, a), p->where,
                    tf_pm_role_name(p->role));
        else
            fprintf(out, "      %s on %s %5.2f:1 (needs %.4g%s) %s, %s, %zu run%s, e.g. \"%s\"%s\n",
                    tf_contrast_hex(p->fg, a), tf_contrast_hex(p->bg, b), p->ratio, p->required,
                    p->large ? ", large text" : "", tf_pm_role_name(p->role), p->where, p->runs,
                    p->runs == 1 ? "" : "s", p->sample, p->ratio + 1e-9 < p->required ? "  MISSED" : "");
    }
}

static void counts_json(tf_json *j, const tf_read_counts *c)
{
    tf_json_key(j, "sentences"); tf_json_int(j, (long long)c->sentences);
    tf_json_key(j, "words"); tf_json_int(j, (long long)c->words);
    tf_json_key(j, "syllables"); tf_json_int(j, (long long)c->syllables);
    tf_json_key(j, "polysyllables"); tf_json_int(j, (long long)c->poly);
    tf_json_key(j, "words_per_sentence"); tf_json_number(j, per_sentence(c), 2);
}

void tf_pmreport_json(tf_json *j, const tf_pm_report *r)
{
    tf_pmreport_json_open(j, r);
    tf_json_end_object(j);
}

void tf_pmreport_json_open(tf_json *j, const tf_pm_report *r)
{
    char buf[512];
    tf_json_begin_object(j);
    tf_json_key(j, "edition"); tf_json_string(j, tf_pmreport_edition(r, buf, sizeof buf));
    tf_json_key(j, "brochure"); tf_json_string(j, r->brochure);
    tf_json_key(j, "lang"); tf_json_string(j, r->lang);
    tf_json_key(j, "clinic"); tf_json_string(j, r->clinic);
    tf_json_key(j, "screen"); tf_json_bool(j, r->screen);
    tf_json_key(j, "body_size"); tf_json_number(j, tf_sp_to_pt(r->body_size), 2);
    tf_json_key(j, "pass"); tf_json_bool(j, r->grade_ok && r->size_ok && r->contrast_ok);
    tf_json_key(j, "thresholds");
    tf_json_begin_object(j);
    tf_json_key(j, "grade"); tf_json_number(j, r->th.grade, 2);
    tf_json_key(j, "size"); tf_json_number(j, tf_sp_to_pt(r->th.size), 2);
    tf_json_key(j, "contrast"); tf_json_number(j, r->th.contrast, 2);
    tf_json_key(j, "contrast_large"); tf_json_number(j, r->th.contrast_large, 2);
    tf_json_end_object(j);

    tf_json_key(j, "readability");
    tf_json_begin_object(j);
    tf_json_key(j, "formula"); tf_json_string(j, formula_key(r->formula));
    tf_json_key(j, "second_formula"); tf_json_string(j, second_key(r->formula));
    tf_json_key(j, "value"); tf_json_number(j, r->grade, 2);
    tf_json_key(j, "second_value"); tf_json_number(j, r->second, 2);
    tf_json_key(j, "limit"); tf_json_number(j, r->formula == TF_READ_NONE ? NAN : r->limit, 2);
    tf_json_key(j, "higher_is_easier"); tf_json_bool(j, r->grade_is_score);
    tf_json_key(j, "judged"); tf_json_bool(j, r->formula != TF_READ_NONE && !short_text(&r->total));
    tf_json_key(j, "pass"); tf_json_bool(j, r->grade_ok);
    tf_json_key(j, "syllables_from_dictionary"); tf_json_bool(j, r->dict);
    tf_json_key(j, "length_unit"); tf_json_string(j, unit(r));
    counts_json(j, &r->total);
    tf_json_key(j, "skipped_texts"); tf_json_int(j, (long long)r->skipped_texts);
    tf_json_key(j, "stories");
    tf_json_begin_array(j);
    for (size_t i = 0; i < r->n_stories; i++) {
        const tf_pm_story *s = &r->stories[i];
        tf_json_begin_object(j);
        tf_json_key(j, "story"); tf_json_string(j, s->id);
        tf_json_key(j, "where"); tf_json_string(j, tf_loc_str(&s->loc, buf, sizeof buf));
        tf_json_key(j, "value"); tf_json_number(j, s->grade, 2);
        tf_json_key(j, "second_value"); tf_json_number(j, s->second, 2);
        counts_json(j, &s->counts);
        tf_json_end_object(j);
    }
    tf_json_end_array(j);
    tf_json_key(j, "hardest");
    tf_json_begin_array(j);
    for (size_t i = 0; i < r->n_hardest; i++) {
        const tf_pm_sentence *s = &r->hardest[i];
        tf_json_begin_object(j);
        tf_json_key(j, "where"); tf_json_string(j, tf_loc_str(&s->loc, buf, sizeof buf));
        tf_json_key(j, "words"); tf_json_int(j, (long long)s->words);
        tf_json_key(j, "value"); tf_json_number(j, s->figure, 2);
        tf_json_key(j, "text"); tf_json_string(j, s->text);
        tf_json_end_object(j);
    }
    tf_json_end_array(j);
    tf_json_end_object(j);

    tf_json_key(j, "sizes");
    tf_json_begin_object(j);
    tf_json_key(j, "pass"); tf_json_bool(j, r->size_ok);
    tf_json_key(j, "roles");
    tf_json_begin_array(j);
    for (int k = 0; k < TF_PM_ROLE_COUNT; k++) {
        if (!r->min_size[k]) continue;
        tf_json_begin_object(j);
        tf_json_key(j, "role"); tf_json_string(j, tf_pm_role_name((tf_pm_role)k));
        tf_json_key(j, "min"); tf_json_number(j, tf_sp_to_pt(r->min_size[k]), 2);
        tf_json_key(j, "where"); tf_json_string(j, r->min_where[k]);
        tf_json_key(j, "below_threshold"); tf_json_bool(j, k != TF_PM_HEADING && r->min_size[k] < r->th.size);
        tf_json_key(j, "checked"); tf_json_bool(j, k == TF_PM_BODY);
        tf_json_end_object(j);
    }
    tf_json_end_array(j);
    tf_json_key(j, "line_length");
    tf_json_begin_object(j);
    tf_json_key(j, "lines"); tf_json_int(j, (long long)r->lines);
    tf_json_key(j, "mean"); tf_json_number(j, r->line_mean, 1);
    tf_json_key(j, "min"); tf_json_int(j, r->line_min);
    tf_json_key(j, "max"); tf_json_int(j, r->line_max);
    tf_json_key(j, "outside"); tf_json_int(j, (long long)r->lines_outside);
    tf_json_key(j, "range"); tf_json_begin_array(j); tf_json_int(j, TF_PM_LINE_MIN); tf_json_int(j, TF_PM_LINE_MAX); tf_json_end_array(j);
    tf_json_key(j, "judged"); tf_json_bool(j, r->lines_checked);
    tf_json_key(j, "ok"); tf_json_bool(j, r->lines_ok);
    tf_json_end_object(j);
    tf_json_end_object(j);

    tf_json_key(j, "contrast");
    tf_json_begin_object(j);
    tf_json_key(j, "pass"); tf_json_bool(j, r->contrast_ok);
    tf_json_key(j, "min"); tf_json_number(j, r->contrast_min, 2);
    tf_json_key(j, "pairs");
    tf_json_begin_array(j);
    for (size_t i = 0; i < r->n_pairs; i++) {
        const tf_pm_pair *p = &r->pairs[i];
        char a[8], b[8];
        tf_json_begin_object(j);
        tf_json_key(j, "text"); tf_json_string(j, tf_contrast_hex(p->fg, a));
        tf_json_key(j, "background"); p->on_image ? tf_json_string(j, "image") : tf_json_string(j, tf_contrast_hex(p->bg, b));
        tf_json_key(j, "ratio"); tf_json_number(j, p->on_image ? NAN : p->ratio, 2);
        tf_json_key(j, "required"); tf_json_number(j, p->required, 2);
        tf_json_key(j, "large"); tf_json_bool(j, p->large);
        tf_json_key(j, "role"); tf_json_string(j, tf_pm_role_name(p->role));
        tf_json_key(j, "where"); tf_json_string(j, p->where);
        tf_json_key(j, "runs"); tf_json_int(j, (long long)p->runs);
        tf_json_key(j, "sample"); tf_json_string(j, p->sample);
        tf_json_key(j, "pass"); tf_json_bool(j, p->on_image || p->ratio + 1e-9 >= p->required);
        tf_json_end_object(j);
    }
    tf_json_end_array(j);
    tf_json_end_object(j);
}

static void say(bool as_errors, const char *fmt, const char *ed, const char *detail)
{
    if (as_errors) tf_diag_error(NULL, fmt, ed, detail);
    else tf_diag_warning(NULL, fmt, ed, detail);
}

void tf_pmreport_diagnose(const tf_pm_report *r, bool as_errors)
{
    char ed[256], d[512];
    tf_pmreport_edition(r, ed, sizeof ed);
    if (!r->grade_ok) {
        if (r->grade_is_score)
            snprintf(d, sizeof d, "%s %.1f is below %.0f (grade %.4g, theme checks.grade)",
                     formula_name(r->formula), r->grade, r->limit, r->th.grade);
        else
            snprintf(d, sizeof d, "%s %.1f is above %.4g (theme checks.grade)", formula_name(r->formula), r->grade,
                     r->limit);
        say(as_errors, "%s: reading level: %s", ed, d);
    }
    if (!r->size_ok) {
        snprintf(d, sizeof d, "body text is %.4g pt (%s), below %.4g pt (theme checks.size)",
                 tf_sp_to_pt(r->min_size[TF_PM_BODY]), r->min_where[TF_PM_BODY], tf_sp_to_pt(r->th.size));
        say(as_errors, "%s: size: %s", ed, d);
    }
    for (size_t i = 0; i < r->n_pairs; i++) {
        const tf_pm_pair *p = &r->pairs[i];
        if (p->on_image || p->ratio + 1e-9 >= p->required) continue;
        char a[8], b[8];
        snprintf(d, sizeof d, "%s text on %s is %.2f:1, below %.4g:1 (%s, \"%s\")", tf_contrast_hex(p->fg, a),
                 tf_contrast_hex(p->bg, b), p->ratio, p->required, p->where, p->sample);
        say(as_errors, "%s: contrast: %s", ed, d);
    }
    if (!r->lines_ok && as_errors) {           /* check only: guidance, not a threshold */
        snprintf(d, sizeof d, "body lines average %.0f characters, outside %d-%d", r->line_mean, TF_PM_LINE_MIN,
                 TF_PM_LINE_MAX);
        tf_diag_warning(NULL, "%s: line length: %s", ed, d);
    }
}
