/* content.c: brochure folder -> tf_doc (see content.h and
 * docs/content-format.md).
 *
 * Three files, three passes: brochure.yaml (settings, plan), the base text
 * (all structure and every text), then the translation, which may only
 * replace texts the base has. Every text starts out in the base language;
 * whatever the translation does not replace is recorded as a fallback.
 * The overlay rules (what may be replaced, what fell back) are locale.c's,
 * shared with clinic files; this file only maps keys to texts.
 * Each pass reports every problem it finds and goes on; the doc is
 * returned only if nothing was reported. YAML trees live in a scratch
 * arena freed before returning; the doc keeps copies of what it needs. */
#include "content.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "file.h"
#include "fontfind.h"
#include "lang.h"
#include "image.h"
#include "locale.h"
#include "paper.h"
#include "yamltree.h"

typedef struct loader {
    tf_doc *doc;
    tf_arena *a;            /* the doc's arena */
    tf_arena *scratch;      /* YAML trees */
    const char *dir;
    const char *base_file;  /* "<base>.yaml", for messages */
    size_t n_blocks;
    bool too_many_blocks;
    const tf_slot *clinic_slot;   /* the plan's one clinic slot */
    tf_locale lc;           /* the translation over the base text (locale.h) */
    const char *text_lang;  /* language of block texts being read: the base's, or the translation's
                               in a restructured story */
} loader;

/* Panel names per fold, by place (content.h). A Z-fold has no fold-in flap
 * and its folded back is inside-right, so the two outside places a roll
 * fold calls flap and back are named by where they are. */
static const char *const panel_names[TF_FOLD_COUNT][TF_PANEL_COUNT] = {
    [TF_FOLD_ROLL] = {"cover", "flap", "inside-left", "inside-middle", "inside-right", "back"},
    [TF_FOLD_Z] = {"cover", "outside-left", "inside-left", "inside-middle", "inside-right", "outside-middle"},
};

static const char *const block_kinds[TF_BLOCK_KIND_COUNT] = {
#define TF_BLOCK_KIND(id, key) [TF_BLOCK_##id] = key,
#include "blockkind.def"
#undef TF_BLOCK_KIND
};

const char *tf_block_kind_name(tf_block_kind k)
{
    return (unsigned)k < TF_BLOCK_KIND_COUNT ? block_kinds[k] : "block";
}

const char *tf_panel_name(tf_fold fold, tf_panel_id p)
{
    return (unsigned)fold < TF_FOLD_COUNT && (unsigned)p < TF_PANEL_COUNT ? panel_names[fold][p] : "?";
}

/* The panel `name` names on a `fold` sheet, or -1 with an error that says
 * what to write instead: the other fold's name for the same place, or the
 * closest name. */
static int panel_of(tf_fold fold, const char *name, const tf_loc *loc)
{
    const char *const *names = panel_names[fold];
    for (int p = 0; p < TF_PANEL_COUNT; p++)
        if (!strcmp(names[p], name)) return p;
    const char *const *onames = panel_names[fold == TF_FOLD_Z ? TF_FOLD_ROLL : TF_FOLD_Z];
    for (int p = 0; p < TF_PANEL_COUNT; p++) {
        if (strcmp(onames[p], name)) continue;
        if (fold == TF_FOLD_Z)
            tf_diag_error(loc, "a Z-fold has no panel '%s' (a roll-fold name): the panel in its place is '%s'%s",
                          name, names[p],
                          p == TF_PANEL_BACK ? ", read last; the back of a folded Z-fold is 'inside-right'" :
                          p == TF_PANEL_FLAP ? ", read after the inside spread (not after the cover)" : "");
        else
            tf_diag_error(loc, "a roll fold has no panel '%s' (a Z-fold name): the panel in its place is '%s'",
                          name, names[p]);
        return -1;
    }
    const char *near = tf_closest(name, names, TF_PANEL_COUNT);
    if (near)
        tf_diag_error(loc, "unknown panel '%s' (did you mean '%s'?)", name, near);
    else
        tf_diag_error(loc, "unknown panel '%s' (%s)", name, fold == TF_FOLD_Z
                      ? "panels of a Z-fold: cover, inside-left, inside-middle, inside-right, outside-left, "
                        "outside-middle"
                      : "panels: cover, flap, inside-left, inside-middle, inside-right, back");
    return -1;
}

const tf_story *tf_doc_story(const tf_doc *doc, const char *id)
{
    for (size_t i = 0; i < doc->n_stories; i++)
        if (strcmp(doc->stories[i].id, id) == 0) return &doc->stories[i];
    return NULL;
}

void tf_doc_free(tf_doc *doc)
{
    if (doc) tf_arena_free(doc->arena);   /* the doc itself lives in its arena */
}

/* --- scalar values -------------------------------------------------------- */

static const char *str_val(loader *L, const tf_ynode *n)
{
    if (!tf_ynode_expect(n, TF_Y_SCALAR)) return NULL;
    return tf_arena_strndup(L->a, n->str, n->len);
}

static bool text_val(loader *L, const tf_ynode *n, tf_text *t, const char *lang)
{
    return tf_locale_read(L->a, n, t, lang);
}

/* "1", "-2.5", ".5": digits with at most one point; no exponents, no inf/nan */
static bool parse_decimal(const char *s, size_t *used, double *out)
{
    size_t i = 0, digits = 0;
    bool point = false;
    if (s[i] == '-' || s[i] == '+') i++;
    for (;; i++) {
        if (isdigit((unsigned char)s[i])) digits++;
        else if (s[i] == '.' && !point) point = true;
        else break;
    }
    if (!digits) return false;
    *out = strtod(s, NULL);
    *used = i;
    return true;
}

/* v in [min, max], else "<n> is out of range (min to max)" (with `unit`
 * after each bound and "length" before, for a length). */
static bool in_range(const tf_ynode *n, double v, double min, double max, const char *unit)
{
    if (v >= min && v <= max) return true;
    if (*unit)
        tf_diag_error(&n->loc, "length %s is out of range (%g%s to %g%s)", n->str, min, unit, max, unit);
    else
        tf_diag_error(&n->loc, "%s is out of range (%g to %g)", n->str, min, max);
    return false;
}

static bool number_val(const tf_ynode *n, double min, double max, double *out)
{
    if (!tf_ynode_expect(n, TF_Y_SCALAR)) return false;
    size_t used;
    double v;
    if (!parse_decimal(n->str, &used, &v) || n->str[used]) {
        tf_diag_error(&n->loc, "invalid number '%s'", n->str);
        return false;
    }
    if (!in_range(n, v, min, max, "")) return false;
    *out = v;
    return true;
}

/* A length in points: a decimal followed by pt (or nothing), in or mm. */
static bool length_pt(const tf_ynode *n, double *pt)
{
    static const struct { const char *name; double pt; } units[] = {
        {"", 1.0}, {"pt", 1.0}, {"in", 72.0}, {"mm", 72.0 / 25.4}};
    if (!tf_ynode_expect(n, TF_Y_SCALAR)) return false;
    size_t used;
    double v;
    if (parse_decimal(n->str, &used, &v))
        for (size_t i = 0; i < TF_ARRAY_LEN(units); i++)
            if (strcmp(n->str + used, units[i].name) == 0) {
                *pt = v * units[i].pt;
                return true;
            }
    tf_diag_error(&n->loc, "invalid length '%s' (use pt, in or mm)", n->str);
    return false;
}

/* min and max in points */
static bool length_val(const tf_ynode *n, double min, double max, tf_sp *out)
{
    double v;
    if (!length_pt(n, &v) || !in_range(n, v, min, max, "pt")) return false;
    *out = TF_PT(v);
    return true;
}

static bool enum_val(const tf_ynode *n, const char *what, const char *const *names, size_t count, int *out)
{
    if (!tf_ynode_expect(n, TF_Y_SCALAR)) return false;
    int i = tf_name_index(names, count, n->str);
    if (i >= 0) {
        *out = i;
        return true;
    }
    char list[256];
    tf_diag_error(&n->loc, "invalid %s '%s' (use %s)", what, n->str, tf_name_choices(names, count, list, sizeof list));
    return false;
}

static bool bool_val(const tf_ynode *n, bool *out)
{
    static const char *const names[] = {"false", "true"};
    int v;
    if (!enum_val(n, "boolean", names, 2, &v)) return false;
    *out = v == 1;
    return true;
}

static const char *join_path(loader *L, const char *dir, const char *rel)
{
    if (rel[0] == '/') return tf_arena_strdup(L->a, rel);
    return tf_arena_printf(L->a, "%s/%s", dir, rel);
}

/* --- brochure.yaml -------------------------------------------------------- */

static void check_font(const char *path, const tf_loc *where)
{
    size_t size;
    FILE *f = tf_file_open(path, TF_MAX_FONT_BYTES, &size, "font", where, NULL);
    if (!f) return;
    unsigned char m[4];
    if (fread(m, 1, 4, f) != 4)
        tf_diag_error(where, "'%s' is not a font (too short)", path);
    else if (memcmp(m, "OTTO", 4) == 0)
        tf_diag_error(where, "font '%s': CFF/OpenType-CFF fonts are not supported (use a TrueType .ttf)", path);
    else if (memcmp(m, "ttcf", 4) == 0)
        tf_diag_error(where, "font '%s': font collections (.ttc) are not supported (use a single .ttf)", path);
    else if (memcmp(m, "\x00\x01\x00\x00", 4) != 0 && memcmp(m, "true", 4) != 0)
        tf_diag_error(where, "'%s' is not a TrueType font", path);
    fclose(f);
}

static void load_sheet(loader *L, const tf_ynode *n)
{
    static const char *const keys[] = {"paper", "fold", "fold_in"};
    if (!tf_ynode_expect(n, TF_Y_MAP)) return;
    tf_ymap_check_keys(n, "sheet", keys, TF_ARRAY_LEN(keys));
    const tf_ynode *v;
    int e;
    if ((v = tf_ymap_get(n, "paper")) && enum_val(v, "paper", tf_paper_names, TF_PAPER_COUNT, &e)) {
        L->doc->sheet.paper = (tf_paper)e;
        L->doc->sheet.fold = tf_paper_get(L->doc->sheet.paper)->default_fold;
    }
    if ((v = tf_ymap_get(n, "fold")) && enum_val(v, "fold", tf_fold_names, TF_FOLD_COUNT, &e))
        L->doc->sheet.fold = (tf_fold)e;
    if ((v = tf_ymap_get(n, "fold_in"))) {
        length_val(v, 72, 8 * 72, &L->doc->sheet.fold_in_width);
        tf_sp in = L->doc->sheet.fold_in_width;
        tf_sp outer = (tf_paper_get(L->doc->sheet.paper)->trim_w - in) / 2;
        if (L->doc->sheet.fold == TF_FOLD_Z)
            tf_diag_error(&v->loc, "fold_in is the width of a roll fold's fold-in panel; a Z-fold's panels "
                          "are equal thirds (remove fold_in, or use fold: roll)");
        else if (in && in <= outer && outer - in < TF_IN(1.0 / 32))
            /* wider ones are fold.c's error; a panel this close to the others buckles in the fold */
            tf_diag_warning(&v->loc, "the fold-in panel (%.4g in) is only %.3g in narrower than the outer "
                            "panels (%.4g in); it tucks in flat when 1/32 to 1/8 in narrower (more on thick "
                            "paper)", in / 72.0 / 65536.0, (outer - in) / 72.0 / 65536.0, outer / 72.0 / 65536.0);
    }
}

/* One typesetting parameter (params.def) in its unit: a length ("pt", "in")
 * may be written in pt, in or mm (no unit: pt, as every length here); the
 * others are plain numbers, "1/x" divisors whole ones. */
static void param_val(const tf_ynode *n, const tf_param_info *p, double *out)
{
    double v;
    if (strcmp(p->unit, "pt") == 0 || strcmp(p->unit, "in") == 0) {
        if (!length_pt(n, &v)) return;
        if (strcmp(p->unit, "in") == 0) v /= 72.0;
        if (!in_range(n, v, p->min, p->max, p->unit)) return;
    } else {
        if (!number_val(n, p->min, p->max, &v)) return;
        if (strcmp(p->unit, "1/x") == 0 && v != (double)(long)v) {
            tf_diag_error(&n->loc, "%s takes a whole number, not '%s'", p->name, n->str);
            return;
        }
    }
    *out = v;
}

/* theme: typesetting: keys are params.def's names. */
static void load_params(const tf_ynode *m, tf_params *P)
{
    if (!tf_ynode_expect(m, TF_Y_MAP)) return;
    const char *names[sizeof(tf_params) / sizeof(double)];
    for (size_t i = 0; i < tf_param_count; i++) names[i] = tf_param_table[i].name;
    tf_ymap_check_keys(m, "typesetting", names, tf_param_count);
    for (size_t i = 0; i < tf_param_count; i++) {
        const tf_ynode *v = tf_ymap_get(m, names[i]);
        if (v) param_val(v, &tf_param_table[i], (double *)(void *)((char *)P + tf_param_table[i].offset));
    }
}

static void load_theme(loader *L, const tf_ynode *n)
{
    static const char *const keys[] = {"fonts", "text", "sizes", "colors", "safe", "checks", "press", "typesetting"};
    static const char *const face_keys[] = {"regular", "italic", "bold", "bold_italic"};
    static const char *const text_keys[] = {"size", "leading", "leading_min", "fit", "align", "hyphenate", "gap",
                                            "gap_min"};
    static const char *const size_keys[] = {"title", "subtitle", "heading", "sidebar", "small", "contacts_min",
                                             "sidebar_min", "title_min"};
    static const char *const color_keys[] = {"text", "heading", "accent", "accent_text", "tint"};
    static const char *const aligns[] = {"ragged", "justify"};
    tf_theme *t = &L->doc->theme;
    if (!tf_ynode_expect(n, TF_Y_MAP)) return;
    tf_ymap_check_keys(n, "theme", keys, TF_ARRAY_LEN(keys));
    const tf_ynode *v, *m;

    if ((m = tf_ymap_require(n, "fonts", "theme")) && tf_ynode_expect(m, TF_Y_MAP)) {
        static const char *const font_keys[] = {"regular", "italic", "bold", "bold_italic", "fallback"};
        tf_ymap_check_keys(m, "fonts", font_keys, TF_ARRAY_LEN(font_keys));
        for (int f = 0; f < TF_FACE_COUNT; f++) {
            const char *rel;
            if (!(v = tf_ymap_require(m, face_keys[f], "fonts")) || !(rel = str_val(L, v))) continue;
            if (!(t->font[f] = tf_fontfind_path(L->a, L->dir, rel, f, &v->loc))) continue;
            t->font_loc[f] = v->loc;
            check_font(t->font[f], &v->loc);
        }
        const tf_ynode *fb = tf_ymap_get(m, "fallback");
        if (fb && tf_ynode_expect(fb, TF_Y_SEQ)) {
            if (fb->n > TF_MAX_FALLBACK_FONTS)
                tf_diag_error(&fb->loc, "too many fallback fonts (%zu, at most %d)", fb->n, TF_MAX_FALLBACK_FONTS);
            for (size_t i = 0; i < fb->n && i < TF_MAX_FALLBACK_FONTS; i++) {
                const tf_ynode *fam = fb->items[i];
                if (!tf_ynode_expect(fam, TF_Y_MAP)) continue;
                tf_ymap_check_keys(fam, "fallback font", face_keys, TF_ARRAY_LEN(face_keys));
                tf_font_family *ff = &t->fallback[t->n_fallback++];
                for (int f = 0; f < TF_FACE_COUNT; f++) {
                    const char *rel;
                    v = f == TF_FACE_REGULAR ? tf_ymap_require(fam, face_keys[f], "fallback font") : tf_ymap_get(fam, face_keys[f]);
                    if (!v || !(rel = str_val(L, v))) continue;
                    if (!(ff->font[f] = tf_fontfind_path(L->a, L->dir, rel, f, &v->loc))) continue;
                    ff->font_loc[f] = v->loc;
                    check_font(ff->font[f], &v->loc);
                }
            }
        }
    }

    bool size_given = false;
    if ((m = tf_ymap_get(n, "text")) && tf_ynode_expect(m, TF_Y_MAP)) {
        tf_ymap_check_keys(m, "text", text_keys, TF_ARRAY_LEN(text_keys));
        if ((v = tf_ymap_get(m, "size"))) size_given = length_val(v, 4, 72, &t->body_size);
        if ((v = tf_ymap_get(m, "leading"))) number_val(v, 1.0, 2.5, &t->leading);
        if ((v = tf_ymap_get(m, "leading_min")) && number_val(v, 1.0, 2.5, &t->leading_min) &&
            t->leading_min > t->leading) {
            tf_diag_error(&v->loc, "leading_min (%s) is larger than leading (%.4g)", v->str, t->leading);
            t->leading_min = 0;
        }
        const tf_ynode *fit = tf_ymap_get(m, "fit");
        if (fit && tf_ynode_expect(fit, TF_Y_MAP)) {
            static const char *const fit_keys[] = {"min", "max"};
            tf_ymap_check_keys(fit, "fit", fit_keys, 2);
            const tf_ynode *lo = tf_ymap_require(fit, "min", "fit"), *hi = tf_ymap_require(fit, "max", "fit");
            if (lo && hi && length_val(lo, 4, 72, &t->fit_min) && length_val(hi, 4, 72, &t->fit_max)) {
                if (t->fit_min > t->fit_max)
                    tf_diag_error(&fit->loc, "fit: min (%s) is larger than max (%s)", lo->str, hi->str);
                else
                    t->fit = true;
            }
        }
        int e;
        if ((v = tf_ymap_get(m, "align")) && enum_val(v, "align", aligns, 2, &e)) t->justify = e == 1;
        if ((v = tf_ymap_get(m, "hyphenate"))) bool_val(v, &t->hyphenate);
        if ((v = tf_ymap_get(m, "gap"))) length_val(v, 0, 72, &t->gap);
        if ((v = tf_ymap_get(m, "gap_min"))) length_val(v, 0, 72, &t->gap_min);
    }
    if (t->fit && !size_given) t->body_size = t->fit_max;
    if (!t->gap) t->gap = (tf_sp)((double)t->body_size * t->leading / 2.0 + 0.5);

    if ((m = tf_ymap_get(n, "sizes")) && tf_ynode_expect(m, TF_Y_MAP)) {
        tf_ymap_check_keys(m, "sizes", size_keys, TF_ARRAY_LEN(size_keys));
        if ((v = tf_ymap_get(m, "title"))) length_val(v, 4, 144, &t->title_size);
        if ((v = tf_ymap_get(m, "subtitle"))) length_val(v, 4, 144, &t->subtitle_size);
        if ((v = tf_ymap_get(m, "heading"))) number_val(v, 0.25, 4, &t->heading_scale);
        if ((v = tf_ymap_get(m, "sidebar"))) number_val(v, 0.25, 4, &t->sidebar_scale);
        if ((v = tf_ymap_get(m, "small"))) number_val(v, 0.25, 4, &t->small_scale);
        if ((v = tf_ymap_get(m, "contacts_min"))) length_val(v, 4, 72, &t->contacts_min);
        if ((v = tf_ymap_get(m, "sidebar_min"))) length_val(v, 4, 72, &t->sidebar_min);
        if ((v = tf_ymap_get(m, "title_min"))) length_val(v, 4, 144, &t->title_min);
    }
    if ((m = tf_ymap_get(n, "colors")) && tf_ynode_expect(m, TF_Y_MAP)) {
        tf_color *dst[] = {&t->text, &t->heading, &t->accent, &t->accent_text, &t->tint};
        tf_ymap_check_keys(m, "colors", color_keys, TF_ARRAY_LEN(color_keys));
        for (size_t i = 0; i < TF_ARRAY_LEN(color_keys); i++)
            if ((v = tf_ymap_get(m, color_keys[i]))) tf_ynode_color(v, dst[i]);
    }
    if ((v = tf_ymap_get(n, "safe"))) length_val(v, 9, 144, &t->safe);
    if ((m = tf_ymap_get(n, "checks")) && tf_ynode_expect(m, TF_Y_MAP)) {
        static const char *const check_keys[] = {"grade", "size", "contrast", "contrast_large"};
        tf_ymap_check_keys(m, "checks", check_keys, TF_ARRAY_LEN(check_keys));
        t->checks.loc = m->loc;
        if ((v = tf_ymap_get(m, "grade"))) number_val(v, 1, 20, &t->checks.grade);
        if ((v = tf_ymap_get(m, "size"))) length_val(v, 4, 72, &t->checks.size);
        if ((v = tf_ymap_get(m, "contrast"))) number_val(v, 1, 21, &t->checks.contrast);
        if ((v = tf_ymap_get(m, "contrast_large"))) number_val(v, 1, 21, &t->checks.contrast_large);
    }
    if ((m = tf_ymap_get(n, "press")) && tf_ynode_expect(m, TF_Y_MAP)) {
        /* the print condition (colour.h): checked when a press edition is made */
        static const char *const press_keys[] = {"profile", "condition", "intent", "ink_limit"};
        tf_ymap_check_keys(m, "press", press_keys, TF_ARRAY_LEN(press_keys));
        t->press_loc = m->loc;
        if ((v = tf_ymap_get(m, "profile")) && (t->press_profile = str_val(L, v)))
            t->press_profile = join_path(L, L->dir, t->press_profile);
        if ((v = tf_ymap_get(m, "condition"))) t->press_condition = str_val(L, v);
        if ((v = tf_ymap_get(m, "intent"))) t->press_intent = str_val(L, v);
        if ((v = tf_ymap_get(m, "ink_limit"))) number_val(v, 100, 400, &t->press_ink_limit);
    }
    if ((m = tf_ymap_get(n, "typesetting"))) load_params(m, &t->params);
}

static void load_plan(loader *L, const tf_ynode *n)
{
    static const char *const panel_keys[] = {"style", "valign", "content"};
    static const char *const slot_keys[] = {"flow", "sidebar", "story", "clinic"};
    static const char *const clinic_styles[] = {"sidebar", "plain"};
    static const char *const styles[] = {"plain", "cover", "tint"};
    static const char *const valigns[] = {"top", "center", "bottom"};
    if (!tf_ynode_expect(n, TF_Y_MAP)) return;
    for (size_t i = 0; i < n->n; i++) {
        const tf_ynode *k = n->pairs[i].key, *pn = n->pairs[i].val;
        int p = panel_of(L->doc->sheet.fold, k->str, &k->loc);
        if (p < 0) continue;
        tf_panel_plan *pp = &L->doc->plan[p];
        pp->present = true;
        pp->loc = k->loc;
        if (!tf_ynode_expect(pn, TF_Y_MAP)) continue;
        tf_ymap_check_keys(pn, "panel", panel_keys, TF_ARRAY_LEN(panel_keys));
        const tf_ynode *v;
        int e;
        if ((v = tf_ymap_get(pn, "style")) && enum_val(v, "style", styles, 3, &e)) pp->style = (tf_panel_style)e;
        if ((v = tf_ymap_get(pn, "valign")) && enum_val(v, "valign", valigns, 3, &e)) pp->valign = (tf_valign)e;
        const tf_ynode *c = tf_ymap_require(pn, "content", "panel");
        if (!c || !tf_ynode_expect(c, TF_Y_SEQ)) continue;
        pp->slots = tf_arena_alloc(L->a, (c->n ? c->n : 1) * sizeof *pp->slots);
        const tf_slot *flow = NULL;
        for (size_t j = 0; j < c->n; j++) {
            const tf_ynode *s = c->items[j];
            if (!tf_ynode_expect(s, TF_Y_MAP)) continue;
            if (!tf_ymap_check_keys(s, "slot", slot_keys, TF_ARRAY_LEN(slot_keys))) continue;
            if (s->n != 1) {
                tf_diag_error(&s->loc, "a slot has exactly one of flow, sidebar or story");
                continue;
            }
            tf_slot *slot = &pp->slots[pp->n_slots];
            int kind = 0;
            while (strcmp(slot_keys[kind], s->pairs[0].key->str) != 0) kind++;
            if (kind == TF_SLOT_CLINIC) {
                /* the clinic's card: its place and look, never a story */
                int style;
                if (!enum_val(s->pairs[0].val, "clinic slot", clinic_styles, 2, &style)) continue;
                if (L->clinic_slot) {
                    tf_diag_error(&s->loc, "the clinic slot is already placed at line %d (one per brochure)",
                                  L->clinic_slot->loc.line);
                    continue;
                }
                slot->kind = TF_SLOT_CLINIC;
                slot->boxed = style == 0;
                slot->loc = s->pairs[0].val->loc;
                L->clinic_slot = slot;
                pp->n_slots++;
                continue;
            }
            const char *id = str_val(L, s->pairs[0].val);
            if (!id) continue;
            slot->kind = (tf_slot_kind)kind;
            slot->story = id;
            slot->loc = s->pairs[0].val->loc;
            if (slot->kind == TF_SLOT_FLOW) {
                if (flow) {
                    tf_diag_error(&s->loc, "panel '%s' has two flow slots (first at line %d)",
                                  panel_names[L->doc->sheet.fold][p], flow->loc.line);
                    continue;
                }
                flow = slot;
            }
            pp->n_slots++;
        }
    }
}

static void load_brochure(loader *L, const tf_ynode *root)
{
    static const char *const keys[] = {"trifold", "id", "base", "languages", "sheet", "theme", "plan", "referrals"};
    tf_doc *doc = L->doc;
    if (!tf_ynode_expect(root, TF_Y_MAP)) return;
    tf_ymap_check_keys(root, "brochure.yaml", keys, TF_ARRAY_LEN(keys));
    const tf_ynode *v;
    if ((v = tf_ymap_require(root, "trifold", NULL)) && tf_ynode_expect(v, TF_Y_SCALAR) && strcmp(v->str, "1") != 0)
        tf_diag_error(&v->loc, "unsupported format version '%s' (this trifold reads version 1)", v->str);
    if ((v = tf_ymap_require(root, "id", NULL)) && (doc->id = str_val(L, v))) {
        bool ok = *doc->id != '\0';
        for (const char *p = doc->id; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) ok = false;
        if (!ok) tf_diag_error(&v->loc, "invalid id '%s' (use a-z, 0-9 and -)", doc->id);
    }
    if ((v = tf_ymap_require(root, "base", NULL)) && (doc->base_lang = str_val(L, v)) && !tf_lang_tag_ok(doc->base_lang)) {
        tf_diag_error(&v->loc, "invalid language tag '%s'", doc->base_lang);
        doc->base_lang = NULL;
    }
    if ((v = tf_ymap_get(root, "languages")) && tf_ynode_expect(v, TF_Y_SEQ)) {
        doc->languages = tf_arena_alloc(L->a, (v->n ? v->n : 1) * sizeof *doc->languages);
        bool has_base = false;
        for (size_t i = 0; i < v->n; i++) {
            const char *l = str_val(L, v->items[i]);
            if (!l) continue;
            if (!tf_lang_tag_ok(l)) {
                tf_diag_error(&v->items[i]->loc, "invalid language tag '%s'", l);
                continue;
            }
            for (size_t j = 0; j < doc->n_languages; j++)
                if (strcmp(doc->languages[j], l) == 0)
                    tf_diag_error(&v->items[i]->loc, "language '%s' is listed twice", l);
            if (doc->base_lang && strcmp(l, doc->base_lang) == 0) has_base = true;
            doc->languages[doc->n_languages++] = l;
        }
        if (doc->base_lang && !has_base)
            tf_diag_error(&v->loc, "languages must include the base language '%s'", doc->base_lang);
    } else if (!v && doc->base_lang) {
        doc->languages = tf_arena_alloc(L->a, sizeof *doc->languages);
        doc->languages[0] = doc->base_lang;
        doc->n_languages = 1;
    }
    if ((v = tf_ymap_get(root, "sheet"))) load_sheet(L, v);
    if ((v = tf_ymap_require(root, "theme", NULL))) load_theme(L, v);
    if ((v = tf_ymap_require(root, "plan", NULL))) load_plan(L, v);
    if ((v = tf_ymap_get(root, "referrals")) && (doc->referrals = str_val(L, v))) doc->referrals_loc = v->loc;
}

/* --- base text ------------------------------------------------------------ */

/* The keys besides its kind that a block may have, and the kinds that take each. */
#define BLOCK_EXTRAS(X)                                         \
    X("items", 1u << TF_BLOCK_LIST | 1u << TF_BLOCK_CHECKLIST)  \
    X("entries", 1u << TF_BLOCK_CONTACTS)                        \
    X("alt", 1u << TF_BLOCK_IMAGE)                               \
    X("width", 1u << TF_BLOCK_IMAGE)
#define EXTRA_KEY(key, kinds) key,
#define EXTRA_ROW(key, kinds) {key, kinds},

/* A block's keys: its kind, then the extras. */
static const char *const block_keys[] = {
#define TF_BLOCK_KIND(id, key) key,
#include "blockkind.def"
#undef TF_BLOCK_KIND
    BLOCK_EXTRAS(EXTRA_KEY)
};
#define N_KINDS TF_ARRAY_LEN(block_kinds)

static int kind_of(const char *key)
{
    for (size_t i = 0; i < N_KINDS; i++)
        if (strcmp(block_kinds[i], key) == 0) return (int)i;
    return -1;
}

static void load_items(loader *L, tf_block *b, const tf_ynode *n)
{
    if (n->kind == TF_Y_SCALAR) {
        tf_ynode_expect(n, TF_Y_MAP);
        return;
    }
    if (n->n == 0) {
        tf_diag_error(&n->loc, "a %s needs at least one item", block_kinds[b->kind]);
        return;
    }
    if (n->n > TF_MAX_ITEMS) {
        tf_diag_error(&n->loc, "too many items (%zu; the limit is %d)", n->n, TF_MAX_ITEMS);
        return;
    }
    b->items = tf_arena_alloc(L->a, n->n * sizeof *b->items);
    for (size_t i = 0; i < n->n; i++) {
        tf_item *it = &b->items[b->n_items];
        const tf_ynode *v = n->kind == TF_Y_MAP ? n->pairs[i].val : n->items[i];
        it->id = n->kind == TF_Y_MAP ? tf_arena_strdup(L->a, n->pairs[i].key->str)
                                     : tf_arena_printf(L->a, "%zu", i + 1);
        if (text_val(L, v, &it->text, L->text_lang)) b->n_items++;
    }
}

static void load_contacts(loader *L, tf_block *b, const tf_ynode *n)
{
    if (!tf_ynode_expect(n, TF_Y_MAP)) return;
    if (n->n == 0) {
        tf_diag_error(&n->loc, "a contacts block needs at least one entry");
        return;
    }
    if (n->n > TF_MAX_CONTACTS) {
        tf_diag_error(&n->loc, "too many contacts (%zu; the limit is %d)", n->n, TF_MAX_CONTACTS);
        return;
    }
    b->contacts = tf_arena_alloc(L->a, n->n * sizeof *b->contacts);
    for (size_t i = 0; i < n->n; i++) {
        tf_contact *c = &b->contacts[b->n_contacts++];
        c->id = tf_arena_strdup(L->a, n->pairs[i].key->str);
        c->loc = n->pairs[i].key->loc;
        tf_locale_read_contact(L->a, n->pairs[i].val, L->text_lang, "contact", NULL, c);
    }
}

static void load_block(loader *L, tf_block *b, const tf_ynode *key, const tf_ynode *n)
{
    const char *lang = L->text_lang;
    b->id = tf_arena_strdup(L->a, key->str);
    b->loc = key->loc;
    b->image_width = 1.0;
    if (n->kind == TF_Y_SCALAR) {           /* shorthand for {paragraph: ...} */
        b->kind = TF_BLOCK_PARAGRAPH;
        text_val(L, n, &b->text, lang);
        return;
    }
    if (!tf_ynode_expect(n, TF_Y_MAP)) return;
    bool keys_ok = tf_ymap_check_keys(n, "block", block_keys, TF_ARRAY_LEN(block_keys));
    const tf_ypair *kp = NULL;
    for (size_t i = 0; i < n->n; i++) {
        if (kind_of(n->pairs[i].key->str) < 0) continue;
        if (kp) {
            tf_diag_error(&n->pairs[i].key->loc, "block '%s' has two kinds ('%s' and '%s')", b->id,
                          kp->key->str, n->pairs[i].key->str);
            return;
        }
        kp = &n->pairs[i];
    }
    if (!kp) {
        if (!keys_ok) return;   /* the unknown key was most likely the kind, misspelt */
        char kinds[256] = "";
        for (size_t i = 0, used = 0; i < N_KINDS && used < sizeof kinds; i++)
            used += (size_t)snprintf(kinds + used, sizeof kinds - used, "%s%s", i ? ", " : "", block_kinds[i]);
        tf_diag_error(&n->loc, "block '%s' has no kind (one of %s)", b->id, kinds);
        return;
    }
    b->kind = (tf_block_kind)kind_of(kp->key->str);
    /* the extra keys each kind takes */
    static const struct { const char *key; unsigned kinds; } extras[] = {BLOCK_EXTRAS(EXTRA_ROW)};
    for (size_t i = 0; i < TF_ARRAY_LEN(extras); i++) {
        const tf_ypair *p = tf_ymap_find(n, extras[i].key);
        if (p && !(extras[i].kinds & (1u << b->kind)))
            tf_diag_error(&p->key->loc, "'%s' is not allowed in a %s block", extras[i].key, kp->key->str);
    }
    const tf_ynode *v = kp->val;
    switch (b->kind) {
    case TF_BLOCK_LIST:
        if (!tf_ynode_is_null(v)) text_val(L, v, &b->text, lang);
        /* fall through */
    case TF_BLOCK_CHECKLIST:
        if (b->kind == TF_BLOCK_CHECKLIST) text_val(L, v, &b->text, lang);
        if ((v = tf_ymap_require(n, "items", "block"))) load_items(L, b, v);
        break;
    case TF_BLOCK_CONTACTS:
        text_val(L, v, &b->text, lang);
        if ((v = tf_ymap_require(n, "entries", "block"))) load_contacts(L, b, v);
        break;
    case TF_BLOCK_IMAGE: {
        const char *rel = str_val(L, v);
        if (rel) {
            b->image_path = join_path(L, L->dir, rel);
            b->image_loc = v->loc;
            tf_image_info info;
            tf_image_probe(b->image_path, &v->loc, &info);
        }
        /* PDF/UA: a figure needs alternate text; alt: "" says it is decoration */
        if ((v = tf_ymap_get(n, "alt"))) text_val(L, v, &b->text, lang);
        else tf_diag_error(&kp->key->loc, "image block '%s' has no 'alt' (a text saying what it "
                           "shows, or alt: \"\" when it is only decoration)", b->id);
        if ((v = tf_ymap_get(n, "width"))) number_val(v, 0.05, 1.0, &b->image_width);
        break;
    }
    default:
        text_val(L, v, &b->text, lang);
        break;
    }
}

static void load_story(loader *L, tf_story *s, const tf_ynode *key, const tf_ynode *n)
{
    s->id = tf_arena_strdup(L->a, key->str);
    s->loc = key->loc;
    if (!tf_ynode_expect(n, TF_Y_MAP)) return;
    if (n->n == 0) {
        tf_diag_error(&n->loc, "story '%s' has no blocks", s->id);
        return;
    }
    if (L->too_many_blocks) return;
    if (L->n_blocks + n->n > TF_MAX_BLOCKS) {
        tf_diag_error(&n->pairs[TF_MAX_BLOCKS - L->n_blocks].key->loc,
                      "too many blocks (the limit is %d in a document)", TF_MAX_BLOCKS);
        L->too_many_blocks = true;
        return;
    }
    L->n_blocks += n->n;
    s->blocks = tf_arena_alloc(L->a, n->n * sizeof *s->blocks);
    s->n_blocks = n->n;
    for (size_t i = 0; i < n->n; i++)
        load_block(L, &s->blocks[i], n->pairs[i].key, n->pairs[i].val);
}

static void check_lang_key(const tf_ynode *root, const char *lang, const char *file)
{
    const tf_ynode *v = tf_ymap_require(root, "lang", NULL);
    if (v && tf_ynode_expect(v, TF_Y_SCALAR) && strcmp(v->str, lang) != 0)
        tf_diag_error(&v->loc, "lang '%s' does not match the file name (%s.yaml)", v->str, lang);
    (void)file;
}

static const char *const text_keys[] = {"lang", "meta", "labels", "stories", "_source"};
static const char *const meta_keys[] = {"title", "author", "subject"};
const char *const tf_label_keys[TF_LABEL_COUNT] = {"phone", "email", "web", "address",
                                                   "call", "write", "website", "logo", "qr_code",
                                                   "outside", "inside"};
#define label_keys tf_label_keys

tf_text *tf_labels_slot(tf_labels *lb, size_t i)
{
    tf_text *all[TF_LABEL_COUNT] = {&lb->phone, &lb->email, &lb->web, &lb->address,
                                    &lb->call, &lb->write, &lb->website, &lb->logo, &lb->qr_code,
                                    &lb->outside, &lb->inside};
    return i < TF_LABEL_COUNT ? all[i] : NULL;
}

/* The labels in tf_label_keys' order. */
static void label_slots(tf_doc *doc, tf_text **dst)
{
    for (size_t i = 0; i < TF_LABEL_COUNT; i++) dst[i] = tf_labels_slot(&doc->labels, i);
}

static void load_base(loader *L, const tf_ynode *root, const char *file)
{
    tf_doc *doc = L->doc;
    const char *lang = doc->base_lang;
    if (!tf_ynode_expect(root, TF_Y_MAP)) return;
    tf_ymap_check_keys(root, "text file", text_keys, TF_ARRAY_LEN(text_keys));
    check_lang_key(root, lang, file);
    const tf_ypair *src = tf_ymap_find(root, "_source");
    if (src)
        tf_diag_error(&src->key->loc, "'_source' is for translations: it records the base text each was made from");
    const tf_ynode *m, *v;
    if ((m = tf_ymap_require(root, "meta", NULL)) && tf_ynode_expect(m, TF_Y_MAP)) {
        tf_ymap_check_keys(m, "meta", meta_keys, TF_ARRAY_LEN(meta_keys));
        tf_text *dst[] = {&doc->title, &doc->author, &doc->subject};
        if ((v = tf_ymap_require(m, "title", "meta"))) text_val(L, v, &doc->title, lang);
        for (size_t i = 1; i < TF_ARRAY_LEN(meta_keys); i++)
            if ((v = tf_ymap_get(m, meta_keys[i]))) text_val(L, v, dst[i], lang);
    }
    if ((m = tf_ymap_get(root, "labels")) && tf_ynode_expect(m, TF_Y_MAP)) {
        tf_ymap_check_keys(m, "labels", label_keys, TF_ARRAY_LEN(label_keys));
        tf_text *dst[TF_ARRAY_LEN(label_keys)];
        label_slots(doc, dst);
        for (size_t i = 0; i < TF_ARRAY_LEN(label_keys); i++)
            if ((v = tf_ymap_get(m, label_keys[i]))) text_val(L, v, dst[i], lang);
    }
    if ((m = tf_ymap_require(root, "stories", NULL)) && tf_ynode_expect(m, TF_Y_MAP)) {
        if (m->n == 0) tf_diag_error(&m->loc, "no stories");
        doc->stories = tf_arena_alloc(L->a, (m->n ? m->n : 1) * sizeof *doc->stories);
        doc->n_stories = m->n;
        for (size_t i = 0; i < m->n; i++)
            load_story(L, &doc->stories[i], m->pairs[i].key, m->pairs[i].val);
    }
}

/* --- translation ---------------------------------------------------------- */

static const char **ids_of_blocks(loader *L, const tf_story *s)
{
    const char **ids = tf_arena_alloc(L->scratch, (s->n_blocks + 1) * sizeof *ids);
    for (size_t i = 0; i < s->n_blocks; i++) ids[i] = s->blocks[i].id;
    return ids;
}

static void tr_items(loader *L, tf_block *b, const tf_ynode *n, const char *path)
{
    if (n->kind == TF_Y_SCALAR) {
        tf_ynode_expect(n, TF_Y_MAP);
        return;
    }
    for (size_t i = 0; i < n->n; i++) {
        const tf_ynode *key = n->kind == TF_Y_MAP ? n->pairs[i].key : n->items[i];
        const tf_ynode *v = n->kind == TF_Y_MAP ? n->pairs[i].val : n->items[i];
        char num[32];
        snprintf(num, sizeof num, "%zu", i + 1);
        const char *id = n->kind == TF_Y_MAP ? key->str : num;
        size_t j = 0;
        while (j < b->n_items && strcmp(b->items[j].id, id) != 0) j++;
        if (j == b->n_items) {
            tf_locale_not_in_base(&L->lc, key, tf_arena_printf(L->scratch, "%s.items.%s", path, id), NULL);
            continue;
        }
        text_val(L, v, &b->items[j].text, L->doc->lang);
    }
}

static void tr_contacts(loader *L, tf_block *b, const tf_ynode *n, const char *path)
{
    if (!tf_ynode_expect(n, TF_Y_MAP)) return;
    for (size_t i = 0; i < n->n; i++) {
        const tf_ynode *key = n->pairs[i].key;
        const char *cpath = tf_arena_printf(L->scratch, "%s.entries.%s", path, key->str);
        size_t j = 0;
        while (j < b->n_contacts && strcmp(b->contacts[j].id, key->str) != 0) j++;
        if (j == b->n_contacts)
            tf_locale_not_in_base(&L->lc, key, cpath, NULL);
        else
            tf_locale_contact(&L->lc, L->scratch, &b->contacts[j], n->pairs[i].val, cpath, "contact");
    }
}

static void tr_block(loader *L, tf_block *b, const tf_ynode *key, const tf_ynode *n, const char *path)
{
    if (n->kind == TF_Y_SCALAR) {
        if (!b->text.src) {
            tf_diag_error(&n->loc, "block '%s' has no main text in the base text (%s) to replace",
                          b->id, L->base_file);
            return;
        }
        text_val(L, n, &b->text, L->doc->lang);
        return;
    }
    if (!tf_ynode_expect(n, TF_Y_MAP)) return;
    if (!tf_ymap_check_keys(n, "block", block_keys, TF_ARRAY_LEN(block_keys))) return;
    for (size_t i = 0; i < n->n; i++) {
        const tf_ynode *k = n->pairs[i].key, *v = n->pairs[i].val;
        int kind = kind_of(k->str);
        if (kind >= 0) {
            if (kind != (int)b->kind) {
                tf_diag_error(&k->loc, "block kind '%s' does not match the base text ('%s' at line %d)",
                              k->str, block_kinds[b->kind], b->loc.line);
                continue;
            }
            if (b->kind == TF_BLOCK_IMAGE) {
                if (v->kind == TF_Y_SCALAR && strcmp(b->image_path, join_path(L, L->dir, v->str)) != 0)
                    tf_diag_error(&v->loc, "a translation cannot change the image (the base text has another)");
            } else if (!(b->kind == TF_BLOCK_LIST && tf_ynode_is_null(v))) {
                tf_locale_replace(&L->lc, &b->text, k, v, path);
            }
        } else if (strcmp(k->str, "items") == 0 && b->items) {
            tr_items(L, b, v, path);
        } else if (strcmp(k->str, "entries") == 0 && b->contacts) {
            tr_contacts(L, b, v, path);
        } else if (strcmp(k->str, "alt") == 0 && b->kind == TF_BLOCK_IMAGE) {
            tf_locale_replace(&L->lc, &b->text, k, v, tf_arena_printf(L->scratch, "%s.alt", path));
        } else if (strcmp(k->str, "width") == 0) {
            tf_diag_error(&k->loc, "a translation cannot change 'width' (it comes from the base text)");
        } else {
            tf_locale_not_in_base(&L->lc, k, tf_arena_printf(L->scratch, "%s.%s", path, k->str), NULL);
        }
    }
    (void)key;
}

/* `<story>: {_blocks: {...}}`: the translation's own block list, read as
 * the base's is (same kinds, same checks), every text in its language.
 * The base's blocks stay reachable for the staleness check. */
static void restructure(loader *L, tf_story *s, const tf_ynode *key, const tf_ynode *blocks)
{
    tf_story base = *s;
    L->text_lang = L->doc->lang;
    load_story(L, s, key, blocks);
    L->text_lang = L->doc->base_lang;
    s->restructured = true;
    s->base_blocks = base.blocks;
    s->n_base_blocks = base.n_blocks;
}

/* `_source: {key: hash, ...}`: the base text each translation was made
 * from (written by `trifold import` and `trifold mark-translated`). */
static void load_sources(loader *L, const tf_ynode *m)
{
    tf_doc *doc = L->doc;
    if (!tf_ynode_expect(m, TF_Y_MAP)) return;
    doc->source_keys = tf_arena_alloc(L->a, (m->n ? m->n : 1) * sizeof *doc->source_keys);
    doc->source_hashes = tf_arena_alloc(L->a, (m->n ? m->n : 1) * sizeof *doc->source_hashes);
    for (size_t i = 0; i < m->n; i++) {
        const tf_ynode *v = m->pairs[i].val;
        if (!tf_ynode_expect(v, TF_Y_SCALAR)) continue;
        doc->source_keys[doc->n_sources] = tf_arena_strdup(L->a, m->pairs[i].key->str);
        doc->source_hashes[doc->n_sources++] = tf_arena_strdup(L->a, v->str);
    }
}

static void load_translation(loader *L, const tf_ynode *root, const char *file)
{
    tf_doc *doc = L->doc;
    if (!tf_ynode_expect(root, TF_Y_MAP)) return;
    tf_ymap_check_keys(root, "text file", text_keys, TF_ARRAY_LEN(text_keys));
    check_lang_key(root, doc->lang, file);
    const tf_ynode *m;
    if ((m = tf_ymap_get(root, "_source"))) load_sources(L, m);
    if ((m = tf_ymap_get(root, "meta")) && tf_ynode_expect(m, TF_Y_MAP)) {
        tf_ymap_check_keys(m, "meta", meta_keys, TF_ARRAY_LEN(meta_keys));
        tf_text *dst[] = {&doc->title, &doc->author, &doc->subject};
        for (size_t i = 0; i < m->n; i++)
            for (size_t j = 0; j < TF_ARRAY_LEN(meta_keys); j++)
                if (strcmp(m->pairs[i].key->str, meta_keys[j]) == 0)
                    tf_locale_replace(&L->lc, dst[j], m->pairs[i].key, m->pairs[i].val,
                            tf_arena_printf(L->scratch, "meta.%s", meta_keys[j]));
    }
    if ((m = tf_ymap_get(root, "labels")) && tf_ynode_expect(m, TF_Y_MAP)) {
        tf_ymap_check_keys(m, "labels", label_keys, TF_ARRAY_LEN(label_keys));
        tf_text *dst[TF_ARRAY_LEN(label_keys)];
        label_slots(doc, dst);
        for (size_t i = 0; i < m->n; i++)
            for (size_t j = 0; j < TF_ARRAY_LEN(label_keys); j++)
                if (strcmp(m->pairs[i].key->str, label_keys[j]) == 0)
                    tf_locale_replace(&L->lc, dst[j], m->pairs[i].key, m->pairs[i].val,
                            tf_arena_printf(L->scratch, "labels.%s", label_keys[j]));
    }
    if (!(m = tf_ymap_get(root, "stories")) || !tf_ynode_expect(m, TF_Y_MAP)) return;
    for (size_t i = 0; i < m->n; i++) {
        const tf_ynode *sk = m->pairs[i].key, *sn = m->pairs[i].val;
        tf_story *s = (tf_story *)tf_doc_story(doc, sk->str);
        const char *spath = tf_arena_printf(L->scratch, "stories.%s", sk->str);
        if (!s) {
            tf_locale_not_in_base(&L->lc, sk, spath, NULL);
            continue;
        }
        if (!tf_ynode_expect(sn, TF_Y_MAP)) continue;
        const tf_ypair *whole = tf_ymap_find(sn, "_blocks");
        if (whole) {
            if (sn->n != 1)
                tf_diag_error(&whole->key->loc, "'_blocks' replaces story '%s' as a whole: "
                              "it cannot stand beside other keys", s->id);
            else
                restructure(L, s, sk, whole->val);
            continue;
        }
        const char **ids = ids_of_blocks(L, s);
        for (size_t j = 0; j < sn->n; j++) {
            const tf_ynode *bk = sn->pairs[j].key;
            const char *bpath = tf_arena_printf(L->scratch, "%s.%s", spath, bk->str);
            size_t k = 0;
            while (k < s->n_blocks && strcmp(ids[k], bk->str) != 0) k++;
            if (k == s->n_blocks) {
                tf_locale_not_in_base(&L->lc, bk, bpath, tf_closest(bk->str, ids, s->n_blocks));
                continue;
            }
            tr_block(L, &s->blocks[k], bk, sn->pairs[j].val, bpath);
        }
    }
}

/* --- fallbacks ------------------------------------------------------------ */

/* In document order. Phone numbers, email and web addresses are the same
 * in every language, so they fall back silently. */
static void collect_fallbacks(loader *L)
{
    tf_doc *doc = L->doc;
    tf_locale *lc = &L->lc;
    tf_locale_fallback(lc, &doc->title, "meta.title");
    tf_locale_fallback(lc, &doc->author, "meta.author");
    tf_locale_fallback(lc, &doc->subject, "meta.subject");
    tf_text *labels[TF_ARRAY_LEN(label_keys)];
    label_slots(doc, labels);
    for (size_t i = 0; i < TF_ARRAY_LEN(label_keys); i++)
        tf_locale_fallback(lc, labels[i], "labels.%s", label_keys[i]);
    for (size_t i = 0; i < doc->n_stories; i++) {
        const tf_story *s = &doc->stories[i];
        for (size_t j = 0; j < s->n_blocks; j++) {
            const tf_block *b = &s->blocks[j];
            if (!(b->kind == TF_BLOCK_IMAGE && b->text.src && !*b->text.src))   /* decoration: no text */
                tf_locale_fallback(lc, &b->text, b->kind == TF_BLOCK_IMAGE ? "stories.%s.%s.alt"
                                   : "stories.%s.%s", s->id, b->id);
            for (size_t k = 0; k < b->n_items; k++)
                tf_locale_fallback(lc, &b->items[k].text, "stories.%s.%s.items.%s", s->id, b->id, b->items[k].id);
            for (size_t k = 0; k < b->n_contacts; k++)
                tf_locale_contact_fallbacks(lc, &b->contacts[k], tf_arena_printf(L->scratch,
                                            "stories.%s.%s.entries.%s", s->id, b->id, b->contacts[k].id));
        }
    }
    doc->fallbacks = lc->fallbacks;
    doc->n_fallbacks = lc->n_fallbacks;
}

/* --- the plan against the stories ---------------------------------------- */

static void check_plan(loader *L, bool warn_unplaced)
{
    tf_doc *doc = L->doc;
    int errors_before = tf_diag_errors();
    const char **ids = tf_arena_alloc(L->scratch, (doc->n_stories + 1) * sizeof *ids);
    const tf_slot **placed = tf_arena_alloc(L->scratch, (doc->n_stories + 1) * sizeof *placed);
    for (size_t i = 0; i < doc->n_stories; i++) ids[i] = doc->stories[i].id;
    for (int p = 0; p < TF_PANEL_COUNT; p++) {
        for (size_t j = 0; j < doc->plan[p].n_slots; j++) {
            const tf_slot *s = &doc->plan[p].slots[j];
            if (s->kind == TF_SLOT_CLINIC) continue;
            size_t k = 0;
            while (k < doc->n_stories && strcmp(ids[k], s->story) != 0) k++;
            if (k == doc->n_stories) {
                const char *near = tf_closest(s->story, ids, doc->n_stories);
                if (near)
                    tf_diag_error(&s->loc, "unknown story '%s' (did you mean '%s'?)", s->story, near);
                else
                    tf_diag_error(&s->loc, "unknown story '%s' (not in %s)", s->story, L->base_file);
                continue;
            }
            const tf_slot *prev = placed[k];
            if (prev && !(prev->kind == TF_SLOT_FLOW && s->kind == TF_SLOT_FLOW))
                tf_diag_error(&s->loc, "story '%s' is already placed at line %d%s", s->story, prev->loc.line,
                              prev->kind == TF_SLOT_FLOW || s->kind == TF_SLOT_FLOW
                                  ? " (a story either flows or is placed once)" : "");
            if (!prev) placed[k] = s;
        }
    }
    /* only worth saying about an otherwise clean brochure */
    warn_unplaced = warn_unplaced && tf_diag_errors() == errors_before;
    for (size_t i = 0; i < doc->n_stories && warn_unplaced; i++)
        if (!placed[i])
            tf_diag_warning(&doc->stories[i].loc, "story '%s' is not placed on any panel", ids[i]);
}

/* `referrals:` in brochure.yaml names the contacts block a clinic's
 * referrals go to; checked here so a typo shows without a clinic file. */
static void check_referrals(loader *L)
{
    tf_doc *doc = L->doc;
    if (!doc->referrals) return;
    const tf_block *found = NULL, *other = NULL;
    size_t n_found = 0, n_ids = 0;
    const char **ids = tf_arena_alloc(L->scratch, (L->n_blocks + 1) * sizeof *ids);
    for (size_t i = 0; i < doc->n_stories; i++)
        for (size_t j = 0; j < doc->stories[i].n_blocks; j++) {
            const tf_block *b = &doc->stories[i].blocks[j];
            if (b->kind == TF_BLOCK_CONTACTS && n_ids < L->n_blocks) ids[n_ids++] = b->id;
            if (strcmp(b->id, doc->referrals) != 0) continue;
            if (b->kind != TF_BLOCK_CONTACTS) other = b;
            else if (n_found++ == 0) found = b;
        }
    if (n_found > 1)
        tf_diag_error(&doc->referrals_loc, "contacts block '%s' is in more than one story "
                      "(give the one for referrals its own id)", doc->referrals);
    else if (!found && other)
        tf_diag_error(&doc->referrals_loc, "block '%s' is a %s block, not a contacts block",
                      doc->referrals, block_kinds[other->kind]);
    else if (!found) {
        const char *near = tf_closest(doc->referrals, ids, n_ids);
        if (near)
            tf_diag_error(&doc->referrals_loc, "no contacts block '%s' in %s (did you mean '%s'?)",
                          doc->referrals, L->base_file, near);
        else
            tf_diag_error(&doc->referrals_loc, "no contacts block '%s' in %s", doc->referrals, L->base_file);
    }
}

/* --- entry point ---------------------------------------------------------- */

static void set_defaults(tf_doc *doc)
{
    tf_theme *t = &doc->theme;
    doc->sheet.paper = TF_PAPER_LETTER;
    doc->sheet.fold = tf_paper_get(TF_PAPER_LETTER)->default_fold;
    t->body_size = TF_PT(12);
    t->leading = 1.3;
    t->hyphenate = true;
    t->title_size = TF_PT(26);
    t->subtitle_size = TF_PT(14);
    t->heading_scale = 1.25;
    t->sidebar_scale = 0.92;
    t->small_scale = 0.8;
    t->text = TF_RGB(0x22, 0x22, 0x22);
    t->heading = TF_RGB(0x1d, 0x5c, 0x7a);
    t->accent = TF_RGB(0x1d, 0x5c, 0x7a);
    t->accent_text = TF_RGB(0xff, 0xff, 0xff);
    t->tint = TF_RGB(0xe6, 0xf0, 0xf4);
    t->safe = TF_IN(0.25);
    t->checks = (tf_checks){.grade = 8, .size = TF_PT(12), .contrast = 4.5, .contrast_large = 3};
    t->params = tf_params_default;
}

tf_doc *tf_content_load(const char *dir, const char *lang)
{
    int errors_before = tf_diag_errors();
    tf_arena *a = tf_arena_new();
    tf_doc *doc = tf_arena_alloc(a, sizeof *doc);
    doc->arena = a;
    size_t dlen = strlen(dir);
    while (dlen > 1 && dir[dlen - 1] == '/') dlen--;
    doc->dir = tf_arena_strndup(a, dir, dlen);
    set_defaults(doc);
    loader L = {.doc = doc, .a = a, .scratch = tf_arena_new(), .dir = doc->dir};

    tf_ynode *root;
    const char *bfile = tf_arena_printf(a, "%s/brochure.yaml", doc->dir);
    if (tf_yaml_load(L.scratch, bfile, &root)) load_brochure(&L, root);

    if (lang && !tf_lang_tag_ok(lang)) {
        tf_diag_error(NULL, "invalid language '%s'", lang);
        goto done;
    }
    if (!doc->base_lang) goto done;
    doc->lang = lang ? tf_arena_strdup(a, lang) : doc->base_lang;
    L.text_lang = doc->base_lang;
    L.base_file = tf_arena_printf(a, "%s.yaml", doc->base_lang);
    tf_locale_init(&L.lc, a, doc->base_lang, doc->lang, tf_arena_printf(a, "the base text (%s)", L.base_file));

    const char *tfile = tf_arena_printf(a, "%s/%s.yaml", doc->dir, doc->base_lang);
    bool base_ok = tf_yaml_load(L.scratch, tfile, &root);
    if (base_ok) {
        int e = tf_diag_errors();
        load_base(&L, root, tfile);
        base_ok = tf_diag_errors() == e;
    }
    if (base_ok) check_plan(&L, tf_diag_errors() == errors_before);
    if (base_ok) check_referrals(&L);

    if (strcmp(doc->lang, doc->base_lang) != 0) {
        const char *lfile = tf_arena_printf(a, "%s/%s.yaml", doc->dir, doc->lang);
        struct stat st;
        if (stat(lfile, &st) != 0 && errno == ENOENT) {
            tf_diag_error(NULL, "no text for language '%s': %s not found", doc->lang, lfile);
        } else if (tf_yaml_load(L.scratch, lfile, &root) && base_ok) {
            load_translation(&L, root, lfile);
            collect_fallbacks(&L);
        }
    }

done:
    tf_arena_free(L.scratch);
    if (tf_diag_errors() != errors_before) {
        tf_arena_free(a);
        return NULL;
    }
    return doc;
}
