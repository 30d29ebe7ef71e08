/* The rule checker (rules.h) on layout reports made by hand: each rule
 * fires on the layout that breaks it, names the panel and the block, and
 * stays quiet on a layout that holds it. */
#include <string.h>

#include "diag.h"
#include "harness.h"
#include "rules.h"

static tf_doc doc;
static tf_arena *arena;
static const tf_loc loc_a = {"en.yaml", 10, 5}, loc_b = {"en.yaml", 20, 5}, loc_c = {"en.yaml", 30, 5};
static const tf_text txt_a = {"a", {"en.yaml", 10, 5}, "en"}, txt_b = {"b", {"en.yaml", 20, 5}, "en"};

/* A plan: inside-left, inside-middle, inside-right share flow "body". */
static void setup(void)
{
    static tf_slot flow[3];
    memset(&doc, 0, sizeof doc);
    doc.theme.body_size = TF_PT(12);
    tf_panel_id ps[3] = {TF_PANEL_INSIDE_LEFT, TF_PANEL_INSIDE_MIDDLE, TF_PANEL_INSIDE_RIGHT};
    for (int i = 0; i < 3; i++) {
        flow[i] = (tf_slot){.kind = TF_SLOT_FLOW, .story = "body", .loc = loc_c};
        doc.plan[ps[i]].present = true;
        doc.plan[ps[i]].slots = &flow[i];
        doc.plan[ps[i]].n_slots = 1;
    }
}

/* A report with the six panels in roll-fold reading order, the inside ones
 * full (fill 90%) with the flow "body". */
static void report(tf_placed_report *r)
{
    static const tf_panel_id order[6] = {TF_PANEL_COVER, TF_PANEL_FLAP, TF_PANEL_INSIDE_LEFT,
                                         TF_PANEL_INSIDE_MIDDLE, TF_PANEL_INSIDE_RIGHT, TF_PANEL_BACK};
    memset(r, 0, sizeof *r);
    r->n_panels = 6;
    r->body_size = r->theme_body_size = TF_PT(12);
    for (int k = 0; k < 6; k++) {
        tf_ppanel *p = &r->panels[k];
        p->panel = order[k];
        p->present = true;
        p->avail = TF_PT(500);
        p->filled = TF_PT(450);
        p->top = TF_PT(20);
        p->bottom = TF_PT(520);
        if (k >= 2 && k <= 4) p->flow = "body";
    }
}

/* A box of n lines on panel k of the report, lines 'first'.. of 'total'. */
static tf_pbox *box(tf_placed_report *r, int k, tf_box_kind kind, const tf_text *src, uint32_t first, uint32_t n,
                    uint32_t total)
{
    tf_ppanel *p = &r->panels[k];
    tf_pbox *nb = tf_arena_alloc(arena, (p->n_boxes + 1) * sizeof *nb);
    if (p->n_boxes) memcpy(nb, p->boxes, p->n_boxes * sizeof *nb);
    p->boxes = nb;
    tf_pbox *b = &nb[p->n_boxes++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->panel = p->panel;
    b->story = "body";
    b->block = "blk";
    b->loc = &src->loc;
    b->item = -1;
    b->words = src->src;
    b->in_flow = p->flow != NULL;
    b->continued = first > 0;
    b->continues = first + n < total;
    b->lines = tf_arena_alloc(arena, (n ? n : 1) * sizeof *b->lines);
    b->n_lines = n;
    for (uint32_t i = 0; i < n; i++) {
        tf_pline *l = &b->lines[i];
        memset(l, 0, sizeof *l);
        l->src = src;
        l->index = first + i;
        l->n = total;
        l->words = 5;
        l->text = "some words on a line";
        l->top = TF_PT(20 + 15 * (int)i);
        l->bottom = l->top + TF_PT(15);
    }
    return b;
}

static size_t count(const tf_rules_result *res, tf_rule rule)
{
    size_t n = 0;
    for (size_t i = 0; i < res->n; i++) n += res->v[i].rule == rule;
    return n;
}

static const tf_violation *find(const tf_rules_result *res, tf_rule rule)
{
    for (size_t i = 0; i < res->n; i++)
        if (res->v[i].rule == rule) return &res->v[i];
    return NULL;
}

static void test_clean_layout(void)
{
    tf_placed_report r;
    tf_rules_result res;
    report(&r);
    box(&r, 2, TF_BOX_HEADING, &txt_a, 0, 1, 1);
    box(&r, 2, TF_BOX_PARAGRAPH, &txt_b, 0, 3, 6);
    box(&r, 3, TF_BOX_PARAGRAPH, &txt_b, 3, 3, 6);
    box(&r, 4, TF_BOX_PARAGRAPH, &txt_a, 0, 4, 4);
    tf_rules_check(&r, &doc, arena, &res);
    CHECK_EQ_INT(res.n, 0);
}

static void test_stranded_heading(void)
{
    tf_placed_report r;
    tf_rules_result res;
    report(&r);
    box(&r, 2, TF_BOX_PARAGRAPH, &txt_b, 0, 3, 3);
    box(&r, 2, TF_BOX_HEADING, &txt_a, 0, 1, 1);     /* ends inside-left */
    box(&r, 3, TF_BOX_PARAGRAPH, &txt_b, 0, 3, 3);
    box(&r, 4, TF_BOX_PARAGRAPH, &txt_b, 0, 3, 3);
    tf_rules_check(&r, &doc, arena, &res);
    CHECK_EQ_INT(count(&res, TF_RULE_STRANDED), 1);
    const tf_violation *v = find(&res, TF_RULE_STRANDED);
    CHECK(v && v->panel == TF_PANEL_INSIDE_LEFT && v->loc == &txt_a.loc);
    CHECK(v && strstr(v->message, "inside-middle"));
    /* a heading at the end of the flow's last panel strands nothing */
    report(&r);
    box(&r, 2, TF_BOX_PARAGRAPH, &txt_b, 0, 3, 3);
    box(&r, 3, TF_BOX_PARAGRAPH, &txt_b, 0, 3, 3);
    box(&r, 4, TF_BOX_PARAGRAPH, &txt_b, 0, 3, 3);
    box(&r, 4, TF_BOX_HEADING, &txt_a, 0, 1, 1);
    tf_rules_check(&r, &doc, arena, &res);
    CHECK_EQ_INT(count(&res, TF_RULE_STRANDED), 0);
    /* a list lead-in that ends a frame with its items on the next */
    report(&r);
    box(&r, 2, TF_BOX_LIST_LEADIN, &txt_a, 0, 2, 2);
    box(&r, 3, TF_BOX_LIST_ITEM, &txt_b, 0, 1, 1);
    box(&r, 4, TF_BOX_PARAGRAPH, &txt_b, 0, 1, 1);
    tf_rules_check(&r, &doc, arena, &res);
    CHECK_EQ_INT(count(&res, TF_RULE_STRANDED), 1);
}

static void test_empty_and_underfull(void)
{
    tf_placed_report r;
    tf_rules_result res;
    report(&r);
    box(&r, 2, TF_BOX_PARAGRAPH, &txt_b, 0, 3, 3);
    box(&r, 3, TF_BOX_PARAGRAPH, &txt_a, 0, 3, 3);
    r.panels[3].filled = TF_PT(100);                  /* inside-middle 20% full */
    r.panels[4].filled = TF_PT(150);                  /* inside-right: a sidebar, 30% */
    tf_rules_check(&r, &doc, arena, &res);
    CHECK_EQ_INT(count(&res, TF_RULE_EMPTY_PANEL), 1);
    const tf_violation *v = find(&res, TF_RULE_EMPTY_PANEL);
    CHECK(v && v->panel == TF_PANEL_INSIDE_RIGHT && v->loc && v->loc->line == loc_c.line);
    CHECK_EQ_INT(count(&res, TF_RULE_UNDERFULL), 0);  /* body at the theme's size */
    r.body_size = TF_PT(10);
    tf_rules_check(&r, &doc, arena, &res);
    CHECK_EQ_INT(count(&res, TF_RULE_UNDERFULL), 1);
    /* a sidebar filling inside-right at least half: not an empty panel */
    r.body_size = TF_PT(12);
    r.panels[4].filled = TF_PT(250);
    tf_rules_check(&r, &doc, arena, &res);
    CHECK_EQ_INT(count(&res, TF_RULE_EMPTY_PANEL), 0);
    r.panels[4].filled = TF_PT(249);
    tf_rules_check(&r, &doc, arena, &res);
    CHECK_EQ_INT(count(&res, TF_RULE_EMPTY_PANEL), 1);
}

static void test_units_and_lonely_lines(void)
{
    tf_placed_report r;
    tf_rules_result res;
    report(&r);
    box(&r, 2, TF_BOX_PARAGRAPH, &txt_b, 0, 4, 5);
    box(&r, 3, TF_BOX_PARAGRAPH, &txt_b, 4, 1, 5);    /* a widow at inside-middle's top */
    box(&r, 3, TF_BOX_CHECKLIST_ITEM, &txt_a, 0, 1, 2);
    box(&r, 4, TF_BOX_CHECKLIST_ITEM, &txt_a, 1, 1, 2);  /* an item split */
    tf_rules_check(&r, &doc, arena, &res);
    CHECK_EQ_INT(count(&res, TF_RULE_LONELY_LINE), 1);
    CHECK_EQ_INT(count(&res, TF_RULE_SPLIT_UNIT), 1);
    const tf_violation *v = find(&res, TF_RULE_LONELY_LINE);
    CHECK(v && v->panel == TF_PANEL_INSIDE_MIDDLE && strstr(v->message, "top"));
}

static void test_hyphens(void)
{
    tf_placed_report r;
    tf_rules_result res;
    report(&r);
    tf_pbox *h = box(&r, 2, TF_BOX_HEADING, &txt_a, 0, 2, 2);
    h->lines[0].hyphen = true;                        /* a heading hyphenated */
    tf_pbox *p = box(&r, 2, TF_BOX_PARAGRAPH, &txt_b, 0, 5, 6);
    for (int i = 1; i < 5; i++) p->lines[i].hyphen = true;   /* four in a row, the last across a panel */
    tf_pbox *q = box(&r, 3, TF_BOX_PARAGRAPH, &txt_b, 5, 1, 6);
    q->lines[0].words = 1;                            /* ...and the paragraph's last word */
    box(&r, 4, TF_BOX_PARAGRAPH, &txt_a, 0, 4, 4);
    tf_rules_check(&r, &doc, arena, &res);
    CHECK_EQ_INT(count(&res, TF_RULE_HYPHEN_NOT_RUNNING), 1);
    CHECK_EQ_INT(count(&res, TF_RULE_HYPHEN_LADDER), 1);
    CHECK_EQ_INT(count(&res, TF_RULE_HYPHEN_AT_BREAK), 1);
    CHECK_EQ_INT(count(&res, TF_RULE_HYPHEN_LAST_WORD), 1);
    CHECK_EQ_INT(count(&res, TF_RULE_LONELY_LINE), 1);
    CHECK_EQ_INT(res.hyphenated_lines, 5);
    /* an address line hyphenated: a field that is not running text */
    report(&r);
    tf_pbox *c = box(&r, 5, TF_BOX_CONTACT, &txt_a, 0, 2, 2);
    c->lines[0].hyphen = true;
    c->lines[0].field = TF_FIELD_ADDRESS;
    tf_rules_check(&r, &doc, arena, &res);
    CHECK_EQ_INT(count(&res, TF_RULE_HYPHEN_NOT_RUNNING), 1);
    const tf_violation *v = find(&res, TF_RULE_HYPHEN_NOT_RUNNING);
    CHECK(v && strstr(v->message, "address"));
}

static void test_loose_justified(void)
{
    tf_placed_report r;
    tf_rules_result res;
    report(&r);
    tf_pbox *p = box(&r, 2, TF_BOX_PARAGRAPH, &txt_b, 0, 4, 4);
    for (int i = 0; i < 3; i++) { p->lines[i].justified = true; p->lines[i].space_ratio = 1.2; }
    p->lines[1].space_ratio = 2.5;                    /* one loose line: allowed */
    box(&r, 3, TF_BOX_PARAGRAPH, &txt_a, 0, 1, 1);
    box(&r, 4, TF_BOX_PARAGRAPH, &txt_a, 0, 1, 1);
    tf_rules_check(&r, &doc, arena, &res);
    CHECK_EQ_INT(count(&res, TF_RULE_LOOSE_JUSTIFIED), 0);
    CHECK_EQ_INT(res.loose_lines, 1);
    p->lines[2].space_ratio = 3.0;                    /* two: both reported */
    tf_rules_check(&r, &doc, arena, &res);
    CHECK_EQ_INT(count(&res, TF_RULE_LOOSE_JUSTIFIED), 2);
    CHECK(res.worst_ratio > 2.99 && res.worst_ratio < 3.01);
}

/* Warnings name the edition, the panel and the rule at the block's
 * file:line:col; every rule in the table has a name and is a warning or an
 * error. */
static void test_diagnose(void)
{
    for (int i = 0; i < TF_RULE_COUNT; i++) CHECK(tf_rule_table[i].name && tf_rule_table[i].what);
    tf_placed_report r;
    tf_rules_result res;
    report(&r);
    box(&r, 2, TF_BOX_HEADING, &txt_a, 0, 1, 1);
    box(&r, 3, TF_BOX_PARAGRAPH, &txt_b, 0, 1, 1);
    box(&r, 4, TF_BOX_PARAGRAPH, &txt_b, 0, 1, 1);
    tf_rules_check(&r, &doc, arena, &res);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    tf_diag_set_stream(f);
    tf_diag_reset();
    int errors = tf_rules_diagnose(&res, "demo-en");
    tf_diag_set_stream(NULL);
    fclose(f);
    CHECK_EQ_INT(errors, 0);
    CHECK(buf && strstr(buf, "en.yaml:10:5: warning: demo-en: panel 'inside-left': heading \"a\" ends panel"));
    CHECK(buf && strstr(buf, "[stranded-heading]"));
    free(buf);
}

int main(void)
{
    arena = tf_arena_new();
    setup();
    (void)loc_a;
    (void)loc_b;
    RUN(test_clean_layout);
    RUN(test_stranded_heading);
    RUN(test_empty_and_underfull);
    RUN(test_units_and_lonely_lines);
    RUN(test_hyphens);
    RUN(test_loose_justified);
    RUN(test_diagnose);
    tf_arena_free(arena);
    return DONE();
}
