/* rules.c: the typesetting rules checked on every build (rules.h), and the
 * layout report written from the same record. */
#include "rules.h"

#include <math.h>
#include <string.h>

#include "diag.h"

/* The one switch: a rule's severity. Hard rules are warnings while the
 * engine is taught to hold them (issue 10); an error fails the edition. */
const tf_rule_info tf_rule_table[TF_RULE_COUNT] = {
    [TF_RULE_STRANDED] = {"stranded-heading", TF_SEV_WARNING,
                          "a heading, list lead-in, checklist or contacts title ends a frame"},
    [TF_RULE_EMPTY_PANEL] = {"empty-flow-panel", TF_SEV_WARNING,
                              "a panel a flow runs through holds nothing of it and is under half full"},
    [TF_RULE_UNDERFULL] = {"underfull-panel", TF_SEV_WARNING,
                           "a flow panel under half full while the body is below the theme's size"},
    [TF_RULE_SPLIT_UNIT] = {"split-unit", TF_SEV_WARNING,
                            "a checklist item, list item under 4 lines or contact split over panels"},
    [TF_RULE_LONELY_LINE] = {"lonely-line", TF_SEV_WARNING,
                             "one line of a paragraph alone at a frame's top or bottom"},
    [TF_RULE_HYPHEN_NOT_RUNNING] = {"hyphen-not-running-text", TF_SEV_WARNING,
                                    "a hyphen in a title, subtitle, heading, checklist or contacts title, "
                                    "contact name, phone, address, URL or e-mail address"},
    [TF_RULE_HYPHEN_AT_BREAK] = {"hyphen-at-break", TF_SEV_WARNING,
                                 "a hyphenated word split across a panel or fold"},
    [TF_RULE_HYPHEN_LAST_WORD] = {"hyphen-last-word", TF_SEV_WARNING,
                                  "the last word of a paragraph or item hyphenated"},
    [TF_RULE_HYPHEN_LADDER] = {"hyphen-ladder", TF_SEV_WARNING, "more than two hyphenated lines in a row"},
    [TF_RULE_LOOSE_JUSTIFIED] = {"loose-justified", TF_SEV_WARNING,
                                 "more than one justified line per brochure with word spaces over twice "
                                 "their width"},
};

#define LOOSE_RATIO 2.0

typedef struct vec {
    tf_violation *v;
    size_t n, cap;
    tf_arena *a;
} vec;

static void add(vec *w, tf_rule rule, tf_panel_id p, const tf_loc *loc, const char *msg)
{
    if (tf_rule_table[rule].severity == TF_SEV_OFF) return;
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 16;
        w->v = tf_arena_grow(w->a, w->v, w->n, cap, sizeof *w->v);
        w->cap = cap;
    }
    w->v[w->n++] = (tf_violation){rule, p, loc, msg};
}

/* A flat list of lines in reading order (panel, then top to bottom). */
typedef struct fline {
    const tf_pline *l;
    const tf_pbox *b;
    tf_panel_id panel;
} fline;

static const char *q(const tf_pbox *b) { return b->words ? b->words : ""; }

/* The next line of the same text (index + 1) after flat line i. */
static long next_line(const fline *f, size_t n, size_t i)
{
    for (size_t k = i + 1; k < n; k++)
        if (f[k].l->src == f[i].l->src && f[k].l->index == f[i].l->index + 1) return (long)k;
    return -1;
}

static bool not_running(const tf_pbox *b, const tf_pline *l)
{
    switch (b->kind) {
    case TF_BOX_TITLE: case TF_BOX_SUBTITLE: case TF_BOX_HEADING: case TF_BOX_CHECKLIST_TITLE:
    case TF_BOX_CONTACTS_TITLE:
        return true;
    default: break;
    }
    switch (l->field) {
    case TF_FIELD_NAME: case TF_FIELD_ADDRESS: case TF_FIELD_PHONE: case TF_FIELD_EMAIL: case TF_FIELD_WEB:
    case TF_FIELD_HOURS:
        return true;
    default: return l->hyphen_in_link;
    }
}

static const char *field_or_kind(const tf_pbox *b, const tf_pline *l)
{
    if (l->field != TF_FIELD_TEXT) return tf_field_name(l->field);
    if (b->kind == TF_BOX_TITLE || b->kind == TF_BOX_SUBTITLE || b->kind == TF_BOX_HEADING ||
        b->kind == TF_BOX_CHECKLIST_TITLE || b->kind == TF_BOX_CONTACTS_TITLE)
        return tf_box_kind_name(b->kind);
    return l->hyphen_in_link ? "link" : tf_box_kind_name(b->kind);
}

static const tf_loc *panel_loc(const tf_doc *doc, tf_panel_id p)
{
    const tf_panel_plan *pl = &doc->plan[p];
    for (size_t i = 0; i < pl->n_slots; i++)
        if (pl->slots[i].kind == TF_SLOT_FLOW) return &pl->slots[i].loc;
    return &pl->loc;
}

void tf_rules_check(const tf_placed_report *r, const tf_doc *doc, tf_arena *a, tf_rules_result *out)
{
    memset(out, 0, sizeof *out);
    out->fold = r->fold_kind;
    vec w = {.a = a};

    /* --- flows: stranded headings, empty and underfull panels ------------- */
    for (size_t k = 0; k < r->n_panels; k++) {
        const tf_ppanel *pp = &r->panels[k];
        if (!pp->present || !pp->flow) continue;
        /* is this the flow's first panel? then walk the flow's panels */
        bool first = true;
        for (size_t j = 0; j < k; j++)
            if (r->panels[j].present && r->panels[j].flow && !strcmp(r->panels[j].flow, pp->flow)) first = false;
        if (!first) continue;
        size_t fp[TF_PANEL_COUNT], nfp = 0;
        for (size_t j = k; j < r->n_panels; j++)
            if (r->panels[j].present && r->panels[j].flow && !strcmp(r->panels[j].flow, pp->flow)) fp[nfp++] = j;
        for (size_t x = 0; x < nfp; x++) {
            const tf_ppanel *P = &r->panels[fp[x]];
            const tf_pbox *last = NULL;
            size_t n_in = 0;
            for (size_t i = 0; i < P->n_boxes; i++)
                if (P->boxes[i].in_flow) { last = &P->boxes[i]; n_in++; }
            /* a panel its other content (a sidebar) fills at least half of
             * is not an empty panel, though the flow ended before it or
             * found no room for a line there */
            bool other_fills = P->avail > 0 && (double)P->filled >= 0.5 * (double)P->avail;
            if (!n_in && other_fills) continue;
            if (!n_in) {
                add(&w, TF_RULE_EMPTY_PANEL, P->panel, panel_loc(doc, P->panel),
                    tf_arena_printf(a, "flow '%s' sets nothing on panel '%s': add text, or take the flow off the panel "
                                    "(a panel the plan gives no content is left empty on purpose)",
                                    P->flow, tf_panel_name(r->fold_kind, P->panel)));
                continue;
            }
            if (r->body_size < r->theme_body_size && P->avail > 0 && (double)P->filled < 0.5 * (double)P->avail)
                add(&w, TF_RULE_UNDERFULL, P->panel, panel_loc(doc, P->panel),
                    tf_arena_printf(a, "panel '%s' is %.0f%% full while the body is %.4g pt, below the theme's %.4g pt",
                                    tf_panel_name(r->fold_kind, P->panel), 100.0 * (double)P->filled / (double)P->avail,
                                    tf_sp_to_pt(r->body_size), tf_sp_to_pt(r->theme_body_size)));
            /* what follows on a later panel of the flow */
            const tf_ppanel *next = NULL;
            for (size_t y = x + 1; y < nfp && !next; y++) {
                const tf_ppanel *Q = &r->panels[fp[y]];
                for (size_t i = 0; i < Q->n_boxes && !next; i++)
                    if (Q->boxes[i].in_flow) next = Q;
            }
            if (next && tf_box_keeps_with_next(last->kind) && !last->continues)
                add(&w, TF_RULE_STRANDED, P->panel, last->loc,
                    tf_arena_printf(a, "%s \"%s\" ends panel '%s'; what follows it is on '%s'",
                                    tf_box_kind_name(last->kind), q(last), tf_panel_name(r->fold_kind, P->panel),
                                    tf_panel_name(r->fold_kind, next->panel)));
        }
    }

    /* --- boxes: split units, lonely lines ------------------------------------ */
    for (size_t k = 0; k < r->n_panels; k++) {
        const tf_ppanel *P = &r->panels[k];
        for (size_t i = 0; i < P->n_boxes; i++) {
            const tf_pbox *b = &P->boxes[i];
            bool split = b->continued || b->continues;
            size_t total = b->n_lines ? b->lines[0].n : 0;
            if (b->kind == TF_BOX_CONTACT && !b->continued) {
                for (size_t k2 = k + 1; k2 < r->n_panels; k2++)        /* the same entry on a later panel */
                    for (size_t i2 = 0; i2 < r->panels[k2].n_boxes; i2++) {
                        const tf_pbox *o = &r->panels[k2].boxes[i2];
                        if (o->kind == TF_BOX_CONTACT && o->item == b->item && o->block == b->block &&
                            o->story == b->story)
                            split = true;
                    }
            }
            bool unit = b->kind == TF_BOX_CHECKLIST_ITEM || b->kind == TF_BOX_CONTACT ||
                        (b->kind == TF_BOX_LIST_ITEM && total < 4);
            if (unit && split && !b->continued)
                add(&w, TF_RULE_SPLIT_UNIT, P->panel, b->loc,
                    tf_arena_printf(a, "%s \"%s\" is split: it goes on after panel '%s'", tf_box_kind_name(b->kind),
                                    q(b), tf_panel_name(r->fold_kind, P->panel)));
            bool para = b->kind == TF_BOX_PARAGRAPH || b->kind == TF_BOX_CREDIT || b->kind == TF_BOX_LIST_LEADIN ||
                        (b->kind == TF_BOX_LIST_ITEM && total >= 4);
            if (para && split && b->n_lines == 1 && total > 1)
                add(&w, TF_RULE_LONELY_LINE, P->panel, b->loc,
                    tf_arena_printf(a, "one line of %s \"%s\" alone at the %s of panel '%s'", tf_box_kind_name(b->kind),
                                    q(b), b->continues ? "bottom" : "top", tf_panel_name(r->fold_kind, P->panel)));
        }
    }

    /* --- lines: hyphens and justified word spaces ----------------------------- */
    size_t nl = 0;
    for (size_t k = 0; k < r->n_panels; k++)
        for (size_t i = 0; i < r->panels[k].n_boxes; i++) nl += r->panels[k].boxes[i].n_lines;
    fline *f = tf_arena_alloc(a, (nl ? nl : 1) * sizeof *f);
    size_t n = 0;
    for (size_t k = 0; k < r->n_panels; k++)
        for (size_t i = 0; i < r->panels[k].n_boxes; i++) {
            const tf_pbox *b = &r->panels[k].boxes[i];
            for (size_t j = 0; j < b->n_lines; j++) f[n++] = (fline){&b->lines[j], b, r->panels[k].panel};
        }
    bool *seen = tf_arena_alloc(a, (n ? n : 1) * sizeof *seen);
    memset(seen, 0, (n ? n : 1) * sizeof *seen);
    size_t loose = 0;
    for (size_t i = 0; i < n; i++) {
        const tf_pline *l = f[i].l;
        const tf_pbox *b = f[i].b;
        if (l->hyphen) out->hyphenated_lines++;
        if (l->justified) out->justified_lines++;
        if (l->justified && l->space_ratio > LOOSE_RATIO) loose++;
        if (l->justified && l->space_ratio > out->worst_ratio) out->worst_ratio = l->space_ratio;
        if (!l->hyphen) continue;
        if (not_running(b, l))
            add(&w, TF_RULE_HYPHEN_NOT_RUNNING, f[i].panel, l->src ? &l->src->loc : b->loc,
                tf_arena_printf(a, "%s hyphenated: \"%s\"", field_or_kind(b, l), l->text));
        long nx = next_line(f, n, i);
        if (nx >= 0 && f[nx].panel != f[i].panel)
            add(&w, TF_RULE_HYPHEN_AT_BREAK, f[i].panel, b->loc,
                tf_arena_printf(a, "\"%s\" is hyphenated from panel '%s' to '%s'", l->text,
                                tf_panel_name(r->fold_kind, f[i].panel), tf_panel_name(r->fold_kind, f[nx].panel)));
        if (nx >= 0 && l->index + 2 == l->n && f[nx].l->words <= 1)
            add(&w, TF_RULE_HYPHEN_LAST_WORD, f[i].panel, b->loc,
                tf_arena_printf(a, "the last word of %s \"%s\" is hyphenated (\"%s\" / \"%s\")",
                                tf_box_kind_name(b->kind), q(b), l->text, f[nx].l->text));
        if (!seen[i]) {
            size_t run = 1;
            long c = nx;
            while (c >= 0 && f[c].l->hyphen) {
                seen[c] = true;
                run++;
                c = next_line(f, n, (size_t)c);
            }
            if (run > 2)
                add(&w, TF_RULE_HYPHEN_LADDER, f[i].panel, b->loc,
                    tf_arena_printf(a, "%zu hyphenated lines in a row in %s \"%s\"", run, tf_box_kind_name(b->kind),
                                    q(b)));
        }
    }
    out->loose_lines = loose;
    if (loose > 1)
        for (size_t i = 0; i < n; i++) {
            const tf_pline *l = f[i].l;
            if (l->justified && l->space_ratio > LOOSE_RATIO)
                add(&w, TF_RULE_LOOSE_JUSTIFIED, f[i].panel, f[i].b->loc,
                    tf_arena_printf(a, "word spaces %.2f times their width in \"%s\" (%zu such lines in the edition)",
                                    l->space_ratio, l->text, loose));
        }
    out->v = w.v;
    out->n = w.n;
}

int tf_rules_diagnose(const tf_rules_result *res, const char *edition)
{
    int errors = 0;
    for (size_t i = 0; i < res->n; i++) {
        const tf_violation *v = &res->v[i];
        const tf_rule_info *ri = &tf_rule_table[v->rule];
        if (ri->severity == TF_SEV_ERROR) {
            tf_diag_error(v->loc, "%s: panel '%s': %s [%s]", edition, tf_panel_name(res->fold, v->panel), v->message, ri->name);
            errors++;
        } else if (ri->severity == TF_SEV_WARNING) {
            tf_diag_warning(v->loc, "%s: panel '%s': %s [%s]", edition, tf_panel_name(res->fold, v->panel), v->message,
                            ri->name);
        }
    }
    return errors;
}

/* --- the report ------------------------------------------------------------ */

static const char *sev_name(tf_severity s)
{
    return s == TF_SEV_ERROR ? "error" : s == TF_SEV_WARNING ? "warning" : "off";
}

void tf_rules_json(tf_json *j, const tf_placed_report *r, const tf_rules_result *res)
{
    char buf[512];
    tf_json_begin_object(j);
    tf_json_key(j, "paper"); tf_json_string(j, r->paper);
    tf_json_key(j, "fold"); tf_json_string(j, r->fold);
    tf_json_key(j, "page_width"); tf_json_number(j, tf_sp_to_pt(r->page_w), 2);
    tf_json_key(j, "page_height"); tf_json_number(j, tf_sp_to_pt(r->page_h), 2);
    tf_json_key(j, "body_size"); tf_json_number(j, tf_sp_to_pt(r->body_size), 2);
    tf_json_key(j, "theme_body_size"); tf_json_number(j, tf_sp_to_pt(r->theme_body_size), 2);
    tf_json_key(j, "fitted"); tf_json_bool(j, r->fitted);
    tf_json_key(j, "fit_min"); r->fitted ? tf_json_number(j, tf_sp_to_pt(r->fit_min), 2) : tf_json_null(j);
    tf_json_key(j, "fit_max"); r->fitted ? tf_json_number(j, tf_sp_to_pt(r->fit_max), 2) : tf_json_null(j);
    tf_json_key(j, "fit_decided_by"); tf_json_string(j, r->fit_reason);
    tf_json_key(j, "justified_lines"); tf_json_int(j, (long long)res->justified_lines);
    tf_json_key(j, "loose_lines"); tf_json_int(j, (long long)res->loose_lines);
    tf_json_key(j, "worst_space_ratio"); tf_json_number(j, res->worst_ratio, 2);
    tf_json_key(j, "hyphenated_lines"); tf_json_int(j, (long long)res->hyphenated_lines);
    tf_json_key(j, "panels");
    tf_json_begin_array(j);
    for (size_t k = 0; k < r->n_panels; k++) {
        const tf_ppanel *P = &r->panels[k];
        tf_json_begin_object(j);
        tf_json_key(j, "panel"); tf_json_string(j, tf_panel_name(r->fold_kind, P->panel));
        tf_json_key(j, "present"); tf_json_bool(j, P->present);
        tf_json_key(j, "page"); tf_json_int(j, P->page);
        tf_json_key(j, "x0"); tf_json_number(j, tf_sp_to_pt(P->x0), 2);
        tf_json_key(j, "x1"); tf_json_number(j, tf_sp_to_pt(P->x1), 2);
        tf_json_key(j, "top"); tf_json_number(j, tf_sp_to_pt(P->top), 2);
        tf_json_key(j, "bottom"); tf_json_number(j, tf_sp_to_pt(P->bottom), 2);
        tf_json_key(j, "flow"); tf_json_string(j, P->flow);
        tf_json_key(j, "slots"); tf_json_string(j, P->what);
        tf_json_key(j, "filled"); tf_json_number(j, tf_sp_to_pt(P->filled), 2);
        tf_json_key(j, "available"); tf_json_number(j, tf_sp_to_pt(P->avail), 2);
        tf_json_key(j, "fill"); tf_json_number(j, P->avail ? (double)P->filled / (double)P->avail : NAN, 3);
        tf_json_key(j, "balanced"); tf_json_number(j, P->balanced ? tf_sp_to_pt(P->balanced) : NAN, 2);
        tf_json_key(j, "boxes");
        tf_json_begin_array(j);
        for (size_t i = 0; i < P->n_boxes; i++) {
            const tf_pbox *b = &P->boxes[i];
            tf_json_begin_object(j);
            tf_json_key(j, "kind"); tf_json_string(j, tf_box_kind_name(b->kind));
            tf_json_key(j, "story"); tf_json_string(j, b->story);
            tf_json_key(j, "block"); tf_json_string(j, b->block);
            if (b->item >= 0) { tf_json_key(j, "item"); tf_json_int(j, b->item); }
            tf_json_key(j, "where"); tf_json_string(j, b->loc ? tf_loc_str(b->loc, buf, sizeof buf) : NULL);
            tf_json_key(j, "words"); tf_json_string(j, b->words);
            tf_json_key(j, "size"); tf_json_number(j, tf_sp_to_pt(b->size), 2);
            tf_json_key(j, "top"); tf_json_number(j, tf_sp_to_pt(b->top), 2);
            tf_json_key(j, "bottom"); tf_json_number(j, tf_sp_to_pt(b->bottom), 2);
            tf_json_key(j, "in_flow"); tf_json_bool(j, b->in_flow);
            tf_json_key(j, "continued"); tf_json_bool(j, b->continued);
            tf_json_key(j, "continues"); tf_json_bool(j, b->continues);
            tf_json_key(j, "lines");
            tf_json_begin_array(j);
            for (size_t m = 0; m < b->n_lines; m++) {
                const tf_pline *l = &b->lines[m];
                tf_json_begin_object(j);
                tf_json_key(j, "top"); tf_json_number(j, tf_sp_to_pt(l->top), 2);
                tf_json_key(j, "bottom"); tf_json_number(j, tf_sp_to_pt(l->bottom), 2);
                tf_json_key(j, "field"); tf_json_string(j, tf_field_name(l->field));
                tf_json_key(j, "where"); tf_json_string(j, l->src ? tf_loc_str(&l->src->loc, buf, sizeof buf) : NULL);
                tf_json_key(j, "index"); tf_json_int(j, l->index);
                tf_json_key(j, "of"); tf_json_int(j, l->n);
                tf_json_key(j, "hyphenated"); tf_json_bool(j, l->hyphen);
                tf_json_key(j, "justified"); tf_json_bool(j, l->justified);
                tf_json_key(j, "space_ratio"); l->justified && l->space_ratio > 0 ? tf_json_number(j, l->space_ratio, 2)
                                                                                 : tf_json_null(j);
                tf_json_key(j, "text"); tf_json_string(j, l->text);
                tf_json_end_object(j);
            }
            tf_json_end_array(j);
            tf_json_end_object(j);
        }
        tf_json_end_array(j);
        tf_json_end_object(j);
    }
    tf_json_end_array(j);
    tf_json_key(j, "rules");
    tf_json_begin_array(j);
    for (size_t i = 0; i < res->n; i++) {
        const tf_violation *v = &res->v[i];
        tf_json_begin_object(j);
        tf_json_key(j, "rule"); tf_json_string(j, tf_rule_table[v->rule].name);
        tf_json_key(j, "severity"); tf_json_string(j, sev_name(tf_rule_table[v->rule].severity));
        tf_json_key(j, "panel"); tf_json_string(j, tf_panel_name(r->fold_kind, v->panel));
        tf_json_key(j, "where"); tf_json_string(j, v->loc ? tf_loc_str(v->loc, buf, sizeof buf) : NULL);
        tf_json_key(j, "message"); tf_json_string(j, v->message);
        tf_json_end_object(j);
    }
    tf_json_end_array(j);
    tf_json_end_object(j);
}

void tf_rules_print(FILE *out, const tf_placed_report *r, const tf_rules_result *res, const char *edition)
{
    char buf[512];
    fprintf(out, "layout %s: %s %s fold, body %.4g pt (theme %.4g pt%s), fit: %s\n", edition, r->paper, r->fold,
            tf_sp_to_pt(r->body_size), tf_sp_to_pt(r->theme_body_size), r->fitted ? ", fitted" : "",
            r->fit_reason ? r->fit_reason : "-");
    for (size_t k = 0; k < r->n_panels; k++) {
        const tf_ppanel *P = &r->panels[k];
        if (!P->present) { fprintf(out, "  panel %s: not in the plan\n", tf_panel_name(r->fold_kind, P->panel)); continue; }
        char bal[64] = "";
        if (P->balanced) snprintf(bal, sizeof bal, " (balanced: at most %.1f pt)", tf_sp_to_pt(P->balanced));
        fprintf(out, "  panel %s (page %d, x %.1f-%.1f, y %.1f-%.1f): %.0f%% full%s%s%s\n", tf_panel_name(r->fold_kind, P->panel),
                P->page, tf_sp_to_pt(P->x0), tf_sp_to_pt(P->x1), tf_sp_to_pt(P->top), tf_sp_to_pt(P->bottom),
                P->avail ? 100.0 * (double)P->filled / (double)P->avail : 0.0, P->flow ? ", flow " : "",
                P->flow ? P->flow : "", bal);
        for (size_t i = 0; i < P->n_boxes; i++) {
            const tf_pbox *b = &P->boxes[i];
            size_t hy = 0;
            double worst = 0;
            for (size_t m = 0; m < b->n_lines; m++) {
                hy += b->lines[m].hyphen;
                if (b->lines[m].justified && b->lines[m].space_ratio > worst) worst = b->lines[m].space_ratio;
            }
            fprintf(out, "    %6.1f-%6.1f  %-15s %s%s%s %4.1fpt %zu line%s", tf_sp_to_pt(b->top),
                    tf_sp_to_pt(b->bottom), tf_box_kind_name(b->kind), b->story ? b->story : "-",
                    b->block ? "/" : "", b->block ? b->block : "", tf_sp_to_pt(b->size), b->n_lines,
                    b->n_lines == 1 ? "" : "s");
            if (hy) fprintf(out, ", %zu hyphenated", hy);
            if (worst > 0) fprintf(out, ", spaces up to %.2fx", worst);
            fprintf(out, "%s%s  \"%s\"  %s\n", b->continued ? ", continued" : "", b->continues ? ", continues" : "",
                    b->words ? b->words : "", b->loc ? tf_loc_str(b->loc, buf, sizeof buf) : "");
        }
    }
    fprintf(out, "  justified lines %zu, over 2x %zu, worst %.2fx; hyphenated lines %zu\n", res->justified_lines,
            res->loose_lines, res->worst_ratio, res->hyphenated_lines);
    if (!res->n) fprintf(out, "  rules: all hold\n");
    for (size_t i = 0; i < res->n; i++) {
        const tf_violation *v = &res->v[i];
        fprintf(out, "  rule %s (%s): panel %s: %s  %s\n", tf_rule_table[v->rule].name,
                sev_name(tf_rule_table[v->rule].severity), tf_panel_name(r->fold_kind, v->panel), v->message,
                v->loc ? tf_loc_str(v->loc, buf, sizeof buf) : "");
    }
}
