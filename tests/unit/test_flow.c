/* Flow: paragraphs, headings and units set into chained frames, with the
 * keeps the engine promises: no orphan (one line alone at a frame's
 * bottom), no widow (one line alone at the next frame's top), headings
 * with at least two lines after them, units (checklist items) never split,
 * overflow measured. Frames are on different "pages" so each op says which
 * frame it landed in. Also: the setter checkpoint undoes a trial, and the
 * fallback fonts of a story are known from its prepared texts. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "flow.h"
#include "harness.h"
#include "hyphen.h"

static tf_fontset fonts;
static tf_doc doc;
static const tf_loc here = {"test", 1, 1};

static const char *para_text =
    "Attachment grows from birth on and is usually complete by eighteen months of age. Babies "
    "show it when they cry as a parent leaves, try to stay close, use the parent as a safe home "
    "base, and greet the parent with joy after time apart.";

static void setup(void)
{
    static const char *files[TF_FACE_COUNT] = {"fonts/NotoSans-Regular.ttf", "fonts/NotoSans-Italic.ttf",
                                               "fonts/NotoSans-Bold.ttf", "fonts/NotoSans-BoldItalic.ttf"};
    for (int i = 0; i < TF_FACE_COUNT; i++) fonts.face[i] = tf_font_load(files[i], &here);
    tf_theme *t = &doc.theme;
    t->body_size = TF_PT(10);
    t->leading = 1.3;
    t->title_size = TF_PT(20);
    t->subtitle_size = TF_PT(12);
    t->heading_scale = 1.2;
    t->sidebar_scale = 1.0;
    t->small_scale = 0.8;
    t->gap = TF_PT(6);
    t->params = tf_params_default;
    doc.lang = "en";
}

typedef struct world {
    tf_arena *arena;              /* display list and line breaking; texts live in the cache */
    tf_display dl;
    tf_setter s;
} world;

static void world_init(world *w)
{
    w->arena = tf_arena_new();
    tf_display_init(&w->dl, w->arena);
    memset(&w->s, 0, sizeof w->s);
    w->s.doc = &doc;
    w->s.cache = tf_pcache_new();
    w->s.pc = (tf_ptext_ctx){tf_pcache_arena(w->s.cache), &fonts, NULL, "en", false, NULL};
    w->s.scratch = w->arena;
    w->s.dl = &w->dl;
    w->s.ok = true;
    tf_setter_roles(&w->s, doc.theme.body_size, 1.0, false);
}

static void world_free(world *w)
{
    tf_pcache_free(w->s.cache);
    tf_arena_free(w->arena);
}

static tf_block block(tf_block_kind kind, const char *id, const char *text)
{
    tf_block b = {.kind = kind, .id = id, .loc = here};
    b.text = (tf_text){text, here, "en"};
    return b;
}

/* Distinct baselines of glyph ops on a page (frame). */
static int lines_on(const world *w, int page)
{
    tf_sp seen[256];
    int n = 0;
    for (size_t i = 0; i < w->dl.n; i++) {
        const tf_op *op = &w->dl.ops[i];
        if (op->kind != TF_OP_GLYPHS || op->page != page) continue;
        bool dup = false;
        for (int k = 0; k < n; k++) dup |= seen[k] == op->y;
        if (!dup && n < 256) seen[n++] = op->y;
    }
    return n;
}

/* How many lines the paragraph takes in one tall frame. */
static int natural_lines(tf_sp width)
{
    world w;
    world_init(&w);
    tf_block b = block(TF_BLOCK_PARAGRAPH, "p", para_text);
    tf_story st = {.id = "s", .loc = here, .blocks = &b, .n_blocks = 1};
    tf_frame fr = {0, TF_PANEL_INSIDE_LEFT, 0, TF_PT(1000), width, TF_PT(1000)};
    tf_flow f;
    tf_flow_init(&f, &fr, 1, w.arena);
    tf_set_story(&w.s, &f, &st);
    int n = lines_on(&w, 0);
    world_free(&w);
    return n;
}

/* Two frames of equal width; the first already has content down to leave
 * room for `room` body lines. Sets `st`; returns lines per frame. */
static void run_two(const tf_story *st, int room, int *in1, int *in2, tf_sp *overflow)
{
    world w;
    world_init(&w);
    tf_sp pitch = w.s.role[TF_ROLE_BODY].pitch;
    tf_frame fr[2] = {
        {0, TF_PANEL_INSIDE_LEFT, 0, TF_PT(1000), TF_PT(200), pitch * 20},
        {1, TF_PANEL_INSIDE_MIDDLE, 0, TF_PT(1000), TF_PT(200), pitch * 20},
    };
    tf_flow f;
    tf_flow_init(&f, fr, 2, w.arena);
    f.y = pitch * 20 - pitch * room - w.s.gap;   /* the paragraph's gap comes first */
    f.at_top = false;
    tf_set_story(&w.s, &f, st);
    *in1 = lines_on(&w, 0);
    *in2 = lines_on(&w, 1);
    if (overflow) *overflow = f.overflow;
    CHECK(w.s.ok);
    world_free(&w);
}

/* The theme's typesetting parameters reach the line breaker and the units:
 * a bigger runt fraction ties the last word to the one before; a bigger
 * list indent moves the items' text right by exactly the difference.
 * Defaults restored after each. */
/* Glyph positions of the paragraph set at `width`, folded into one number. */
static unsigned long long para_positions(tf_sp width)
{
    world w;
    world_init(&w);
    tf_block b = block(TF_BLOCK_PARAGRAPH, "p", para_text);
    tf_story st = {.id = "s", .loc = here, .blocks = &b, .n_blocks = 1};
    tf_frame fr = {0, TF_PANEL_INSIDE_LEFT, 0, TF_PT(1000), width, TF_PT(1000)};
    tf_flow f;
    tf_flow_init(&f, &fr, 1, w.arena);
    tf_set_story(&w.s, &f, &st);
    unsigned long long h = 1469598103934665603ull;    /* FNV-1a over (x, y) */
    for (size_t i = 0; i < w.dl.n; i++)
        if (w.dl.ops[i].kind == TF_OP_GLYPHS)
            h = (h ^ (uint32_t)w.dl.ops[i].x ^ ((unsigned long long)(uint32_t)w.dl.ops[i].y << 32)) *
                1099511628211ull;
    world_free(&w);
    return h;
}

static tf_sp list_text_x(void)
{
    world w;
    world_init(&w);
    tf_block b = block(TF_BLOCK_LIST, "l", NULL);
    tf_item item = {"i", {"An item", here, "en"}};
    b.items = &item;
    b.n_items = 1;
    tf_story st = {.id = "s", .loc = here, .blocks = &b, .n_blocks = 1};
    tf_frame fr = {0, TF_PANEL_INSIDE_LEFT, 0, TF_PT(1000), TF_PT(200), TF_PT(1000)};
    tf_flow f;
    tf_flow_init(&f, &fr, 1, w.arena);
    tf_set_story(&w.s, &f, &st);
    /* the bullet comes first, then the item's text */
    tf_sp x = -1;
    int seen = 0;
    for (size_t i = 0; i < w.dl.n && seen < 2; i++)
        if (w.dl.ops[i].kind == TF_OP_GLYPHS && seen++ == 1) x = w.dl.ops[i].x;
    world_free(&w);
    return x;
}

static void theme_params_change_layout(void)
{
    /* at 95 pt the last line holds one short word; tying it to the one
     * before changes the breaks */
    unsigned long long base = para_positions(TF_PT(95));
    doc.theme.params.runt_fraction = 1.0;
    unsigned long long tied = para_positions(TF_PT(95));
    doc.theme.params = tf_params_default;
    CHECK(tied != base);
    CHECK(para_positions(TF_PT(95)) == base);

    tf_sp x0 = list_text_x();
    doc.theme.params.list_indent = 3.0;
    tf_sp x1 = list_text_x();
    doc.theme.params = tf_params_default;
    CHECK(x0 > 0);
    /* 2 em more at 10 pt */
    CHECK_EQ_INT(x1 - x0, TF_PT(20));
}

static void paragraph_fits(void)
{
    int n = natural_lines(TF_PT(200));
    CHECK(n >= 4);
    tf_block b = block(TF_BLOCK_PARAGRAPH, "p", para_text);
    tf_story st = {.id = "s", .loc = here, .blocks = &b, .n_blocks = 1};
    int a, c;
    run_two(&st, n, &a, &c, NULL);
    CHECK_EQ_INT(a, n);
    CHECK_EQ_INT(c, 0);
}

static void splits_between_frames(void)
{
    int n = natural_lines(TF_PT(200));
    tf_block b = block(TF_BLOCK_PARAGRAPH, "p", para_text);
    tf_story st = {.id = "s", .loc = here, .blocks = &b, .n_blocks = 1};
    int a, c;
    run_two(&st, 2, &a, &c, NULL);
    CHECK_EQ_INT(a, 2);
    CHECK_EQ_INT(c, n - 2);
}

static void no_orphan(void)
{
    int n = natural_lines(TF_PT(200));
    tf_block b = block(TF_BLOCK_PARAGRAPH, "p", para_text);
    tf_story st = {.id = "s", .loc = here, .blocks = &b, .n_blocks = 1};
    int a, c;
    run_two(&st, 1, &a, &c, NULL);      /* room for one line: it moves over */
    CHECK_EQ_INT(a, 0);
    CHECK_EQ_INT(c, n);
}

static void no_widow(void)
{
    int n = natural_lines(TF_PT(200));
    tf_block b = block(TF_BLOCK_PARAGRAPH, "p", para_text);
    tf_story st = {.id = "s", .loc = here, .blocks = &b, .n_blocks = 1};
    int a, c;
    run_two(&st, n - 1, &a, &c, NULL);  /* would leave one line for the next frame */
    CHECK_EQ_INT(a, n - 2);
    CHECK_EQ_INT(c, 2);
}

static void heading_keeps_with_two_lines(void)
{
    tf_block b[2] = {block(TF_BLOCK_HEADING, "h", "What is attachment?"),
                     block(TF_BLOCK_PARAGRAPH, "p", para_text)};
    tf_story st = {.id = "s", .loc = here, .blocks = b, .n_blocks = 2};
    int a, c;
    run_two(&st, 3, &a, &c, NULL);      /* heading + one line would fit: not enough */
    CHECK_EQ_INT(a, 0);
    CHECK(c >= 3);
}

static void checklist_item_not_split(void)
{
    tf_item items[2] = {{"a", {"Short item.", here, "en"}},
                        {"b", {para_text, here, "en"}}};
    tf_block b = block(TF_BLOCK_CHECKLIST, "c", NULL);
    b.text.src = NULL;
    b.items = items;
    b.n_items = 2;
    tf_story st = {.id = "s", .loc = here, .blocks = &b, .n_blocks = 1};
    int a, c;
    run_two(&st, 3, &a, &c, NULL);
    CHECK_EQ_INT(a, 1);                 /* the short item stays, the long one moves whole */
    CHECK(c >= 4);
}

static void overflow_measured(void)
{
    world w;
    world_init(&w);
    tf_sp pitch = w.s.role[TF_ROLE_BODY].pitch;
    int n = natural_lines(TF_PT(200));
    tf_frame fr = {0, TF_PANEL_INSIDE_LEFT, 0, TF_PT(1000), TF_PT(200), pitch * 2};
    tf_flow f;
    tf_flow_init(&f, &fr, 1, w.arena);
    tf_block b = block(TF_BLOCK_PARAGRAPH, "p", para_text);
    tf_story st = {.id = "s", .loc = here, .blocks = &b, .n_blocks = 1};
    tf_set_story(&w.s, &f, &st);
    CHECK_EQ_INT(f.overflow, pitch * (n - 2));
    world_free(&w);
}

static void word_too_wide_reported(void)
{
    world w;
    world_init(&w);
    tf_frame fr = {0, TF_PANEL_INSIDE_LEFT, 0, TF_PT(1000), TF_PT(60), TF_PT(500)};
    tf_flow f;
    tf_flow_init(&f, &fr, 1, w.arena);
    tf_block b = block(TF_BLOCK_PARAGRAPH, "p", "Call 123456789012345678901234567890 now.");
    tf_story st = {.id = "s", .loc = here, .blocks = &b, .n_blocks = 1};
    FILE *sink = tmpfile();
    tf_diag_set_stream(sink);
    tf_set_story(&w.s, &f, &st);
    tf_diag_set_stream(NULL);
    CHECK(!w.s.ok);
    char buf[512] = {0};
    rewind(sink);
    CHECK(fread(buf, 1, sizeof buf - 1, sink) > 0);
    CHECK(strstr(buf, "test:1:1: error: '123456789012345678901234567890' is too wide") != NULL);
    fclose(sink);
    tf_diag_reset();
    world_free(&w);
}

/* A checkpoint taken before a trial and rewound after it leaves the
 * setter as it was: the same ops and nodes, structure ids and error state,
 * so setting the same story again gives the same ops. */
static void checkpoint_rewinds_a_trial(void)
{
    world w;
    world_init(&w);
    tf_block bs[3] = {block(TF_BLOCK_HEADING, "h", "Signs"), block(TF_BLOCK_PARAGRAPH, "p", para_text),
                      block(TF_BLOCK_PARAGRAPH, "q", "Call 123456789012345678901234567890 now.")};
    tf_story st = {.id = "s", .loc = here, .blocks = bs, .n_blocks = 2}, bad = {.id = "b", .loc = here, .blocks = bs, .n_blocks = 3};
    tf_frame fr = {0, TF_PANEL_INSIDE_LEFT, 0, TF_PT(1000), TF_PT(150), TF_PT(1000)};
    tf_flow f;
    tf_flow_init(&f, &fr, 1, w.arena);
    w.s.sect = w.s.block = w.s.elem = tf_display_node(&w.dl, "Sect", 0);
    tf_set_story(&w.s, &f, &st);
    size_t ops = w.dl.n, nodes = w.dl.n_nodes;
    uint32_t elem = w.s.elem, block_id = w.s.block;
    CHECK(ops > 0 && w.s.ok);

    tf_setter_mark m = tf_setter_checkpoint(&w.s);
    tf_flow trial = f;                    /* a flow is a value: the trial moves a copy */
    w.s.quiet = true;
    tf_set_story(&w.s, &trial, &bad);     /* a word too wide: fails, quietly */
    CHECK(!w.s.ok);
    CHECK(w.dl.n > ops);
    tf_setter_rewind(&w.s, &m);
    CHECK_EQ_INT(w.dl.n, ops);
    CHECK_EQ_INT(w.dl.n_nodes, nodes);
    CHECK_EQ_INT(w.s.elem, elem);
    CHECK_EQ_INT(w.s.block, block_id);
    CHECK(w.s.ok && !w.s.quiet);

    /* the same story set twice from the same state: the same ops */
    tf_setter_mark m2 = tf_setter_checkpoint(&w.s);
    tf_flow f1 = f;
    tf_set_story(&w.s, &f1, &st);
    size_t n1 = w.dl.n - ops;
    tf_op *first = malloc(n1 * sizeof *first);
    memcpy(first, w.dl.ops + ops, n1 * sizeof *first);
    tf_setter_rewind(&w.s, &m2);
    tf_flow f2 = f;
    tf_set_story(&w.s, &f2, &st);
    CHECK_EQ_INT(w.dl.n - ops, n1);
    for (size_t i = 0; i < n1 && i < w.dl.n - ops; i++)
        CHECK(first[i].x == w.dl.ops[ops + i].x && first[i].y == w.dl.ops[ops + i].y &&
              first[i].glyphs == w.dl.ops[ops + i].glyphs);
    CHECK_EQ_INT(f2.y, f1.y);
    free(first);
    world_free(&w);
}

static tf_font *load_font(void *ctx, const char *path, const tf_loc *where)
{
    (void)ctx;
    return tf_font_load(path, where);
}

/* The fallback fonts a story draws with are known from its prepared texts
 * before anything is drawn: Hebrew letters in a Latin brochure mark the
 * Hebrew family (fallback 0, regular face), a Latin story marks nothing. */
static void fallback_fonts_from_texts(void)
{
    tf_theme th = doc.theme;
    th.fallback[0].font[TF_FACE_REGULAR] = "fonts/NotoSansHebrew-Regular.ttf";
    th.fallback[0].font_loc[TF_FACE_REGULAR] = here;
    th.n_fallback = 1;
    tf_doc d = doc;
    d.theme = th;
    tf_fontset fs = fonts;
    fs.theme = &d.theme;
    fs.load = load_font;
    world w;
    world_init(&w);
    w.s.doc = &d;
    w.s.pc.fonts = &fs;

    tf_block latin = block(TF_BLOCK_PARAGRAPH, "p", para_text);
    tf_story ls = {.id = "l", .loc = here, .blocks = &latin, .n_blocks = 1};
    tf_prepare_story(&w.s, &ls);
    CHECK_EQ_INT(w.s.fallbacks, 0);
    CHECK(w.dl.n == 0);                   /* prepared, not drawn */

    tf_block hebrew = block(TF_BLOCK_PARAGRAPH, "q", "Shalom: \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D.");
    tf_story hs = {.id = "h", .loc = here, .blocks = &hebrew, .n_blocks = 1};
    tf_prepare_story(&w.s, &hs);
    CHECK_EQ_INT(w.s.fallbacks, 1u << (0 * TF_FACE_COUNT + TF_FACE_REGULAR));
    CHECK(w.dl.n == 0);

    /* a second edition sharing the cache learns the same from cached texts */
    tf_fontset fs2 = fonts;
    fs2.theme = &d.theme;
    fs2.load = load_font;
    tf_setter s2 = w.s;
    s2.pc.fonts = &fs2;
    s2.fallbacks = 0;
    tf_prepare_story(&s2, &hs);
    CHECK_EQ_INT(s2.fallbacks, 1u << (0 * TF_FACE_COUNT + TF_FACE_REGULAR));
    CHECK(fs2.fallback[0][TF_FACE_REGULAR] != NULL);   /* loaded for the frame insets */
    world_free(&w);
    tf_font_free(fs.fallback[0][TF_FACE_REGULAR]);
    tf_font_free(fs2.fallback[0][TF_FACE_REGULAR]);
}

/* --- rules that always hold (issue 10) ------------------------------------ */

/* Two frames; the first already holds content down to leave `room` (in
 * quarter body lines) below it. Sets `st` into them with world `w`. */
static void run_room(world *w, const tf_story *st, int quarters, tf_sp width, tf_flow *f, tf_frame fr[2])
{
    world_init(w);
    tf_sp pitch = w->s.role[TF_ROLE_BODY].pitch;
    fr[0] = (tf_frame){0, TF_PANEL_INSIDE_LEFT, 0, TF_PT(1000), width, pitch * 20};
    fr[1] = (tf_frame){1, TF_PANEL_INSIDE_MIDDLE, 0, TF_PT(1000), width, pitch * 20};
    tf_flow_init(f, fr, 2, w->arena);
    f->y = pitch * 20 - pitch * quarters / 4;
    f->content_y = f->y;
    f->at_top = false;
    tf_set_story(&w->s, f, st);
}

/* The lowest glyph op on page 0 and whether the lowest line of body
 * text on page 0 lies below every op of size `size` there. */
static bool ends_page0_with(const world *w, tf_sp size)
{
    tf_sp low = INT32_MAX;
    tf_sp low_size = 0;
    for (size_t i = 0; i < w->dl.n; i++) {
        const tf_op *op = &w->dl.ops[i];
        if (op->kind != TF_OP_GLYPHS || op->page != 0) continue;
        if (op->y < low || (op->y == low && op->size == size)) { low = op->y; low_size = op->size; }
    }
    return low != INT32_MAX && low_size == size;
}

static bool on_page(const world *w, int page, tf_sp size)
{
    for (size_t i = 0; i < w->dl.n; i++)
        if (w->dl.ops[i].kind == TF_OP_GLYPHS && w->dl.ops[i].page == page && w->dl.ops[i].size == size)
            return true;
    return false;
}

/* Body lines on page 0 below the lowest op of size `size`. */
static int lines_below(const world *w, tf_sp size)
{
    tf_sp y = INT32_MAX;
    for (size_t i = 0; i < w->dl.n; i++)
        if (w->dl.ops[i].kind == TF_OP_GLYPHS && w->dl.ops[i].page == 0 && w->dl.ops[i].size == size &&
            w->dl.ops[i].y < y)
            y = w->dl.ops[i].y;
    tf_sp seen[64];
    int n = 0;
    for (size_t i = 0; i < w->dl.n; i++) {
        const tf_op *op = &w->dl.ops[i];
        if (op->kind != TF_OP_GLYPHS || op->page != 0 || op->y >= y || op->size == size) continue;
        bool dup = false;
        for (int k = 0; k < n; k++) dup |= seen[k] == op->y;
        if (!dup && n < 64) seen[n++] = op->y;
    }
    return n;
}

/* A heading never ends a frame: at every room left in the first frame
 * (quarter-line steps, so the paragraph gap after the heading counts),
 * the heading has at least two lines of the paragraph below it on its
 * frame, or it is on the next frame. */
static void heading_never_ends_frame(void)
{
    tf_block b[2] = {block(TF_BLOCK_HEADING, "h", "What is attachment?"),
                     block(TF_BLOCK_PARAGRAPH, "p", para_text)};
    tf_story st = {.id = "s", .loc = here, .blocks = b, .n_blocks = 2};
    for (int q = 0; q <= 40; q++) {
        world w;
        tf_flow f;
        tf_frame fr[2];
        run_room(&w, &st, q, TF_PT(200), &f, fr);
        tf_sp hs = w.s.role[TF_ROLE_HEADING].size;
        CHECK(w.s.ok);
        if (on_page(&w, 0, hs)) CHECK(lines_below(&w, hs) >= 2);
        else CHECK(on_page(&w, 1, hs));
        world_free(&w);
    }
}

/* The same for a heading followed by a list with a lead-in, a checklist's
 * title, and a paragraph ending with a colon before a list: none is the
 * last thing on its frame. */
static void titles_and_lead_ins_never_end_a_frame(void)
{
    tf_item items[3] = {{"a", {"Cries when a parent leaves the room.", here, "en"}},
                        {"b", {para_text, here, "en"}},
                        {"c", {"Short.", here, "en"}}};
    tf_block list = block(TF_BLOCK_LIST, "l", "When should you worry about your child:");
    list.items = items;
    list.n_items = 3;
    tf_block check = block(TF_BLOCK_CHECKLIST, "c", "Warning signs");
    check.items = items + 1;
    check.n_items = 2;
    tf_block bare = block(TF_BLOCK_LIST, "m", NULL);
    bare.text.src = NULL;
    bare.items = items + 1;
    bare.n_items = 2;
    tf_block s1[2] = {block(TF_BLOCK_HEADING, "h", "Signs"), list};
    tf_block s2[1] = {check};
    tf_block s3[2] = {block(TF_BLOCK_PARAGRAPH, "p", "Watch for these signs, and call us when you see them:"), bare};
    struct { tf_block *b; size_t n; tf_role_id lead; } cases[] = {
        {s1, 2, TF_ROLE_HEADING}, {s2, 1, TF_ROLE_HEADING}, {s3, 2, TF_ROLE_BODY},
    };
    for (size_t c = 0; c < TF_ARRAY_LEN(cases); c++)
        for (int q = 0; q <= 48; q++) {
            tf_story st = {.id = "s", .loc = here, .blocks = cases[c].b, .n_blocks = cases[c].n};
            world w;
            tf_flow f;
            tf_frame fr[2];
            run_room(&w, &st, q, TF_PT(180), &f, fr);
            CHECK(w.s.ok);
            if (cases[c].lead == TF_ROLE_HEADING) {
                tf_sp hs = w.s.role[TF_ROLE_HEADING].size;
                CHECK(!ends_page0_with(&w, hs));
            } else {
                /* the lead-in's lines are body lines: the frame's last line
                 * is an item's (items are indented) or nothing is there */
                tf_sp low = INT32_MAX, x = INT32_MAX;
                for (size_t i = 0; i < w.dl.n; i++) {
                    const tf_op *op = &w.dl.ops[i];
                    if (op->kind != TF_OP_GLYPHS || op->page != 0) continue;
                    if (op->y < low) { low = op->y; x = op->x; }
                    else if (op->y == low && op->x < x) x = op->x;
                }
                if (low != INT32_MAX) CHECK(x > 0);          /* a bullet or item text, not a lead-in at x 0 */
            }
            world_free(&w);
        }
}

/* When what follows cannot come onto the heading's frame even with the
 * heading at its top, the layout fails naming the heading (file:line:col). */
static void heading_keep_impossible_fails_naming_it(void)
{
    world w;
    world_init(&w);
    tf_sp pitch = w.s.role[TF_ROLE_BODY].pitch;
    tf_sp hp = w.s.role[TF_ROLE_HEADING].pitch;
    tf_frame fr[2] = {
        {0, TF_PANEL_INSIDE_LEFT, 0, TF_PT(1000), TF_PT(200), hp + pitch + pitch / 2},   /* heading + 1.5 lines */
        {1, TF_PANEL_INSIDE_MIDDLE, 0, TF_PT(1000), TF_PT(200), pitch * 20},
    };
    tf_flow f;
    tf_flow_init(&f, fr, 2, w.arena);
    tf_block b[2] = {block(TF_BLOCK_HEADING, "h", "What is attachment?"),
                     block(TF_BLOCK_PARAGRAPH, "p", para_text)};
    b[0].text.loc = (tf_loc){"test.yaml", 7, 9};
    tf_story st = {.id = "s", .loc = here, .blocks = b, .n_blocks = 2};
    FILE *sink = tmpfile();
    tf_diag_set_stream(sink);
    tf_set_story(&w.s, &f, &st);
    tf_diag_set_stream(NULL);
    CHECK(!w.s.ok);
    char buf[1024] = {0};
    rewind(sink);
    CHECK(fread(buf, 1, sizeof buf - 1, sink) > 0);
    CHECK(strstr(buf, "test.yaml:7:9: error: heading 'h' would end panel 'inside-left'") != NULL);
    fclose(sink);
    tf_diag_reset();
    world_free(&w);
}

/* A paragraph split between frames never leaves a hyphen at the foot of
 * the first: hyphenated text (English dictionary, narrow frames), every
 * room from 2 to 12 lines. */
static void no_hyphen_across_frames(void)
{
    tf_hyphen *hy = tf_hyphen_load("en");
    CHECK(hy != NULL);
    if (!hy) return;
    static const char *text =
        "Extraordinarily comprehensive documentation concerning internationalisation "
        "demonstrates unquestionably that characteristically uncomplicated recommendations "
        "accompany responsibilities. Communication, organisation and administration "
        "notwithstanding, establishment representatives acknowledged misunderstandings "
        "surrounding implementation considerations and telecommunications infrastructure.";
    int hyphens_seen = 0;
    for (int width = 90; width <= 130; width += 10)
        for (int room = 2; room <= 12; room++) {
            world w;
            world_init(&w);
            w.s.pc.hyphen = hy;
            tf_block b = block(TF_BLOCK_PARAGRAPH, "p", text);
            tf_story st = {.id = "s", .loc = here, .blocks = &b, .n_blocks = 1};
            tf_sp pitch = w.s.role[TF_ROLE_BODY].pitch;
            tf_frame fr[2] = {
                {0, TF_PANEL_INSIDE_LEFT, 0, TF_PT(1000), TF_PT(width), pitch * 20},
                {1, TF_PANEL_INSIDE_MIDDLE, 0, TF_PT(1000), TF_PT(width), pitch * 40},
            };
            tf_flow f;
            tf_flow_init(&f, fr, 2, w.arena);
            f.y = pitch * 20 - pitch * room - w.s.gap;
            f.at_top = false;
            tf_set_story(&w.s, &f, &st);
            /* the last glyph op drawn on page 0 ends its last line */
            const tf_op *last = NULL;
            for (size_t i = 0; i < w.dl.n; i++) {
                const tf_op *op = &w.dl.ops[i];
                if (op->kind != TF_OP_GLYPHS) continue;
                if (op->page == 0) last = op;
                else if (op->text_len && op->text[op->text_len - 1] == '-') hyphens_seen++;
            }
            if (last && lines_on(&w, 1) > 0) CHECK(!(last->text_len && last->text[last->text_len - 1] == '-'));
            world_free(&w);
        }
    CHECK(hyphens_seen > 0);              /* the text does hyphenate */
    tf_hyphen_free(hy);
}

/* A title with a word wider than its frame shrinks (down to the
 * subtitle's size, the default floor) instead of failing; one that is
 * too wide even there still fails, naming the word. */
static void long_title_shrinks(void)
{
    static const struct { const char *text; bool fits; } cases[] = {
        {"Atemwegserkrankungen", true}, {"Atemwegserkrankungsvorbeugungsma\xC3\x9Fnahmenverzeichnis", false},
    };
    for (size_t c = 0; c < TF_ARRAY_LEN(cases); c++) {
        world w;
        world_init(&w);
        tf_frame fr = {0, TF_PANEL_COVER, 0, TF_PT(1000), TF_PT(200), TF_PT(500)};
        tf_flow f;
        tf_flow_init(&f, &fr, 1, w.arena);
        tf_block b = block(TF_BLOCK_TITLE, "t", cases[c].text);
        tf_story st = {.id = "s", .loc = here, .blocks = &b, .n_blocks = 1};
        FILE *sink = tmpfile();
        tf_diag_set_stream(sink);
        tf_set_story(&w.s, &f, &st);
        tf_diag_set_stream(NULL);
        fclose(sink);
        tf_diag_reset();
        CHECK(w.s.ok == cases[c].fits);
        tf_sp size = 0;
        for (size_t i = 0; i < w.dl.n; i++)
            if (w.dl.ops[i].kind == TF_OP_GLYPHS) size = w.dl.ops[i].size;
        if (cases[c].fits) {
            CHECK(size < doc.theme.title_size);
            CHECK(size >= doc.theme.subtitle_size);
        }
        world_free(&w);
    }
}

/* Forty headings in a row, then a paragraph, at every room near a frame's
 * foot: the nested keep trials (bounded at TF_KEEP_DEPTH levels) still
 * leave no heading at the frame's foot. */
static void headings_in_a_row_stay_bounded(void)
{
    enum { N = 40 };
    tf_block b[N + 1];
    for (int i = 0; i < N; i++) b[i] = block(TF_BLOCK_HEADING, "h", "Signs");
    b[N] = block(TF_BLOCK_PARAGRAPH, "p", para_text);
    tf_story st = {.id = "s", .loc = here, .blocks = b, .n_blocks = N + 1};
    for (int q = 0; q <= 12; q++) {
        world w;
        world_init(&w);
        tf_sp pitch = w.s.role[TF_ROLE_BODY].pitch;
        tf_frame fr[3] = {
            {0, TF_PANEL_INSIDE_LEFT, 0, TF_PT(1000), TF_PT(200), pitch * 20},
            {1, TF_PANEL_INSIDE_MIDDLE, 0, TF_PT(1000), TF_PT(200), pitch * 200},
            {2, TF_PANEL_INSIDE_RIGHT, 0, TF_PT(1000), TF_PT(200), pitch * 200},
        };
        tf_flow f;
        tf_flow_init(&f, fr, 3, w.arena);
        f.y = pitch * 20 - pitch * q / 4;
        f.content_y = f.y;
        f.at_top = false;
        tf_set_story(&w.s, &f, &st);
        CHECK(w.s.ok);
        CHECK(!ends_page0_with(&w, w.s.role[TF_ROLE_HEADING].size));
        world_free(&w);
    }
}

int main(void)
{
    setup();
    RUN(paragraph_fits);
    RUN(theme_params_change_layout);
    RUN(splits_between_frames);
    RUN(no_orphan);
    RUN(no_widow);
    RUN(heading_keeps_with_two_lines);
    RUN(checklist_item_not_split);
    RUN(heading_never_ends_frame);
    RUN(titles_and_lead_ins_never_end_a_frame);
    RUN(heading_keep_impossible_fails_naming_it);
    RUN(no_hyphen_across_frames);
    RUN(long_title_shrinks);
    RUN(headings_in_a_row_stay_bounded);
    RUN(overflow_measured);
    RUN(word_too_wide_reported);
    RUN(checkpoint_rewinds_a_trial);
    RUN(fallback_fonts_from_texts);
    for (int i = 0; i < TF_FACE_COUNT; i++) tf_font_free(fonts.face[i]);
    return DONE();
}
