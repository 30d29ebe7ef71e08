/* units.c: the units a story is made of besides paragraphs, each a
 * function that sets itself at a local y of a frame and returns its height
 * (tf_unit_fn), so flow.c can measure it, place it, or move it to the next
 * frame: text lines (headings), list and checklist items, contact entries,
 * the clinic card (logo, QR code, links), images, and whole stories in a
 * tinted box (the screen edition's sidebars). */
#include "setter.h"

#include <stdio.h>
#include <string.h>

#include "clinic.h"
#include "contact_check.h"
#include "image.h"
#include "qr.h"

tf_sp tf_unit_text(tf_setter *s, const tf_frame *fr, tf_sp y, const void *arg)
{
    const tf_text_unit *u = arg;
    return tf_setline_text(s, fr, y, 0, u->t, u->r, u->src, false);
}

tf_sp tf_unit_item(tf_setter *s, const tf_frame *fr, tf_sp y, const void *arg)
{
    const tf_item_unit *u = arg;
    const tf_role *r = &s->role[TF_ROLE_BODY];
    const tf_params *P = &s->doc->theme.params;
    tf_font *reg = s->pc.fonts->face[TF_FACE_REGULAR];
    tf_sp indent = u->check ? tf_sp_scaled(r->size, P->check_indent) : tf_sp_scaled(r->size, P->list_indent);
    tf_sp base = fr->top - y - tf_setline_baseline(r, reg);
    uint32_t li = tf_setline_node(s, "LI", u->list, NULL);
    s->elem = tf_setline_node(s, "Lbl", li, NULL);
    if (u->check) {
        /* the box is drawn, not text: a reader announces "ballot box"
         * (docs/accessibility.md: why a Lbl and not an artifact) */
        s->dl->nodes[s->elem].actual = "\xE2\x98\x90";   /* U+2610 */
        tf_sp side = tf_sp_scaled(tf_font_cap_height(reg, r->size), P->check_box_side);
        tf_op *op = tf_display_add(s->dl, TF_OP_STROKE_RECT, fr->page);
        tf_sp in = tf_sp_scaled(r->size, P->check_box_inset);
        op->x = u->t->right ? fr->x + fr->w - in - side : fr->x + in;
        op->y = base - tf_sp_scaled(r->size, P->check_box_drop);
        op->w = op->h = side;
        op->size = tf_sp_scaled(r->size, P->check_box_line);
        op->color = s->accent;
        op->elem = s->elem;
    } else {
        const tf_ptext *bt = tf_prep_plain(s, TF_BULLET, 0);
        if (bt->n) {
            tf_sp bw = tf_pitem_width(&bt->items[0], r->size);
            tf_sp in = tf_sp_scaled(r->size, P->bullet_inset);
            tf_sp bx = u->t->right ? fr->x + fr->w - in - bw : fr->x + in;
            tf_setline_glyph(s, fr->page, bx, base, r, s->accent, &bt->items[0], s->elem);
        }
    }
    s->elem = tf_setline_node(s, "LBody", li, u->src);
    return tf_setline_text(s, fr, y, indent, u->t, r, u->src, false);
}

static const char *label_or(const tf_text *t, const char *dflt)
{
    return t->src ? t->src : dflt;
}

static const char *link_for(tf_setter *s, const char *kind, const char *v)
{
    char uri[512];
    if (!strcmp(kind, "tel") && tf_contact_tel_uri(v, uri, sizeof uri)) return tf_arena_strdup(s->pc.arena, uri);
    if (!strcmp(kind, "mailto") && tf_contact_mailto_uri(v, uri, sizeof uri)) return tf_arena_strdup(s->pc.arena, uri);
    if (!strcmp(kind, "tel")) {          /* not a phone number contact_check.h accepts: digits only */
        char *out = tf_arena_alloc(s->pc.arena, strlen(v) + 8);
        char *o = out + sprintf(out, "tel:");
        for (const char *p = v; *p; p++)
            if ((*p >= '0' && *p <= '9') || (*p == '+' && o == out + 4)) *o++ = *p;
        *o = 0;
        return out;
    }
    if (!strcmp(kind, "mailto")) return tf_arena_printf(s->pc.arena, "mailto:%s", v);
    if (strstr(v, "://")) return v;
    return tf_arena_printf(s->pc.arena, "https://%s", v);
}

/* The "Phone / Email / Web" lines of a contact or the clinic card, each a
 * value with its label, prepared; row i of 3 is NULL when not given. */
static void prep_rows(tf_setter *s, const tf_text *phone, const tf_text *email, const tf_text *web,
                      const tf_ptext *out[3], const tf_text *src[3])
{
    const tf_labels *lb = &s->doc->labels;
    struct { const tf_text *v; const char *label, *kind; } rows[] = {
        {phone, label_or(&lb->phone, "Phone"), "tel"},
        {email, label_or(&lb->email, "Email"), "mailto"},
        {web, label_or(&lb->web, "Web"), "https"},
    };
    for (size_t i = 0; i < TF_ARRAY_LEN(rows); i++) {
        src[i] = rows[i].v;
        out[i] = NULL;
        if (!rows[i].v->src) continue;
        const char *href = link_for(s, rows[i].kind, rows[i].v->src);
        out[i] = tf_prep_labelled(s, rows[i].label, rows[i].v, href);
    }
}

/* The rows drawn, each a P under `parent` whose value is a link (tel:,
 * mailto:, https:). Returns the y below them. */
static tf_sp draw_rows(tf_setter *s, const tf_frame *fr, tf_sp y, const tf_text *phone,
                       const tf_text *email, const tf_text *web, uint32_t parent)
{
    const tf_ptext *t[3];
    const tf_text *src[3];
    prep_rows(s, phone, email, web, t, src);
    for (size_t i = 0; i < 3; i++) {
        if (!t[i]) continue;
        s->elem = tf_setline_node(s, "P", parent, NULL);
        y = tf_sat_add(y, tf_setline_text(s, fr, y, 0, t[i], &s->role[TF_ROLE_BODY], src[i], false));
    }
    return y;
}

void tf_unit_prepare_contact(tf_setter *s, const tf_contact *c)
{
    tf_prep(s, &c->name, s->role[TF_ROLE_NAME].style);
    if (c->description.src) tf_prep(s, &c->description, 0);
    for (size_t i = 0; i < c->n_address; i++) tf_prep_data(s, &c->address[i]);
    const tf_ptext *t[3];
    const tf_text *src[3];
    prep_rows(s, &c->phone, &c->email, &c->web, t, src);
}

void tf_prepare_clinic(tf_setter *s, const struct tf_clinic *c)
{
    tf_prep(s, &c->name, s->role[TF_ROLE_NAME].style);
    for (size_t i = 0; i < c->n_address; i++) tf_prep_data(s, &c->address[i]);
    const tf_ptext *t[3];
    const tf_text *src[3];
    prep_rows(s, &c->phone, &c->email, &c->web, t, src);
    for (size_t i = 0; i < c->n_hours; i++) tf_prep_data(s, &c->hours[i]);
    if (c->note.src) tf_prep(s, &c->note, s->role[TF_ROLE_SMALL].style);
}

tf_sp tf_unit_contact(tf_setter *s, const tf_frame *fr, tf_sp y, const void *arg)
{
    const tf_contact *c = arg;
    const tf_role *body = &s->role[TF_ROLE_BODY];
    tf_sp y0 = y;
    uint32_t div = tf_setline_node(s, "Div", s->block, NULL);
    s->elem = tf_setline_node(s, "P", div, &c->name);
    const tf_role *name = &s->role[TF_ROLE_NAME];
    y = tf_sat_add(y, tf_setline_text(s, fr, y, 0, tf_prep(s, &c->name, name->style), name,
                   &c->name, false));
    if (c->description.src) {
        s->elem = tf_setline_node(s, "P", div, &c->description);
        y = tf_sat_add(y, tf_setline_text(s, fr, y, 0, tf_prep(s, &c->description, 0), body, &c->description,
                                          false));
    }
    for (size_t i = 0; i < c->n_address; i++) {            /* a P per address line */
        s->elem = tf_setline_node(s, "P", div, &c->address[i]);
        y = tf_sat_add(y, tf_setline_text(s, fr, y, 0, tf_prep_data(s, &c->address[i]), body, &c->address[i],
                                          false));
    }
    y = draw_rows(s, fr, y, &c->phone, &c->email, &c->web, div);
    return y - y0;
}

/* A QR code as dark squares (one rectangle per run of dark modules in a
 * row) on a white square with a quiet zone of 4 modules; returns its side. */
static tf_sp draw_qr(tf_setter *s, int page, tf_sp x, tf_sp top, tf_sp side, const char *url, uint32_t parent)
{
    tf_qr q;
    if (!tf_qr_encode(url, &q)) return 0;
    uint32_t fig = tf_setline_node(s, "Figure", parent, NULL);
    const char *lang;
    s->dl->nodes[fig].alt = tf_setline_label(s, &s->doc->labels.qr_code, "QR code: {url}",
                                             tf_setline_url_shown(s, url), &lang);
    if (s->doc->lang && strcmp(lang, s->doc->lang) != 0) s->dl->nodes[fig].lang = lang;
    int total = q.width + 8;
    tf_sp m = side / total;
    side = m * total;
    tf_op *bg = tf_display_add(s->dl, TF_OP_FILL_RECT, page);
    bg->x = x; bg->y = top - side; bg->w = side; bg->h = side;
    bg->color = TF_RGB(255, 255, 255);
    bg->elem = fig;
    for (int r = 0; r < q.width; r++) {
        for (int c0 = 0; c0 < q.width;) {
            if (!q.dark[r * q.width + c0]) { c0++; continue; }
            int c1 = c0;
            while (c1 < q.width && q.dark[r * q.width + c1]) c1++;
            tf_op *op = tf_display_add(s->dl, TF_OP_FILL_RECT, page);
            op->x = x + (tf_sp)(4 + c0) * m;
            op->y = top - (tf_sp)(4 + r + 1) * m;
            op->w = (tf_sp)(c1 - c0) * m;
            op->h = m;
            op->color = TF_RGB(0, 0, 0);
            op->elem = fig;
            c0 = c1;
        }
    }
    tf_op *link = tf_display_add(s->dl, TF_OP_LINK, page);
    link->x = x; link->y = top - side; link->w = side; link->h = side;
    link->text = url;
    uint32_t ln = tf_setline_node(s, "Link", parent, NULL);
    s->dl->nodes[ln].alt = tf_setline_link_says(s, url, NULL);
    link->elem = ln;
    tf_qr_free(&q);
    return side;
}

/* The clinic's opening hours (one line each, as data: no hyphenation) and
 * its short note (in the small role's italic), below the contact rows.
 * Returns the y below them. */
static tf_sp clinic_hours_note(tf_setter *s, const tf_frame *fr, tf_sp y, const tf_clinic *c, uint32_t div)
{
    const tf_role *body = &s->role[TF_ROLE_BODY];
    if (c->n_hours) y += s->gap / 2;
    for (size_t i = 0; i < c->n_hours; i++) {
        s->elem = tf_setline_node(s, "P", div, &c->hours[i]);
        y = tf_sat_add(y, tf_setline_text(s, fr, y, 0, tf_prep_data(s, &c->hours[i]), body, &c->hours[i], false));
    }
    if (c->note.src) {
        const tf_role *r = &s->role[TF_ROLE_SMALL];
        y += s->gap / 2;
        s->elem = tf_setline_node(s, "P", div, &c->note);
        y = tf_sat_add(y, tf_setline_text(s, fr, y, 0, tf_prep(s, &c->note, r->style), r, &c->note, false));
    }
    return y;
}

/* The clinic's card: logo, name, address, phone/email/web as links, hours
 * and note, and a QR code for the website beside the text. */
static tf_sp unit_clinic(tf_setter *s, const tf_frame *fr, tf_sp y, const void *arg)
{
    const tf_clinic *c = arg;
    const tf_role *body = &s->role[TF_ROLE_BODY];
    tf_sp y0 = y;
    uint32_t div = tf_setline_node(s, "Div", s->block, NULL);
    if (c->logo_path) {
        tf_image_info info;
        if (tf_image_probe(c->logo_path, &c->logo_loc, &info) && info.width && info.height) {
            tf_sp h = TF_IN(s->doc->theme.params.logo_height), w = (tf_sp)((double)h * info.width / info.height + 0.5);
            if (w > fr->w / 2) { w = fr->w / 2; h = (tf_sp)((double)w * info.height / info.width + 0.5); }
            tf_op *op = tf_display_add(s->dl, TF_OP_IMAGE, fr->page);
            op->x = s->pc.rtl ? fr->x + fr->w - w : fr->x;
            op->y = fr->top - y - h;
            op->w = w;
            op->h = h;
            op->text = c->logo_path;
            op->loc = &c->logo_loc;
            op->elem = tf_setline_node(s, "Figure", div, NULL);
            const char *lang;
            s->dl->nodes[op->elem].alt = tf_setline_label(s, &s->doc->labels.logo, "{name} logo", c->name.src,
                                                          &lang);
            if (s->doc->lang && strcmp(lang, s->doc->lang) != 0) s->dl->nodes[op->elem].lang = lang;
            y += h + s->gap;
        } else {
            s->ok = false;
        }
    }
    /* name and address beside the QR code, then the phone/email/web rows
     * at full width (an e-mail address does not break); a name with a word
     * too wide for the room beside the code (names never hyphenate) goes
     * above it at full width */
    const char *web = c->web.src ? link_for(s, "https", c->web.src) : NULL;
    tf_sp qr = web ? TF_IN(s->doc->theme.params.qr_size) : 0;
    if (qr > fr->w * 2 / 5) qr = fr->w * 2 / 5;
    tf_sp gap = qr ? tf_sp_scaled(body->size, s->doc->theme.params.qr_gap) : 0;
    tf_frame tf = *fr;
    tf.w = fr->w - qr - gap;
    if (s->pc.rtl) tf.x = fr->x + qr + gap;
    const tf_ptext *name = tf_prep(s, &c->name, s->role[TF_ROLE_NAME].style);
    bool name_above = qr && !tf_setline_fits(s, name, &s->role[TF_ROLE_NAME], tf.w);
    s->elem = tf_setline_node(s, "P", div, &c->name);
    tf_sp nh = tf_setline_text(s, name_above ? fr : &tf, y, 0, name, &s->role[TF_ROLE_NAME], &c->name, false);
    if (name_above) y = tf_sat_add(y, nh);     /* the code and the address start below the name */
    tf_sp ty = name_above ? y : tf_sat_add(y, nh);
    for (size_t i = 0; i < c->n_address; i++) {
        s->elem = tf_setline_node(s, "P", div, &c->address[i]);
        ty = tf_sat_add(ty, tf_setline_text(s, &tf, ty, 0, tf_prep_data(s, &c->address[i]), body,
                                            &c->address[i], false));
    }
    tf_sp side = 0;
    if (web) side = draw_qr(s, fr->page, s->pc.rtl ? fr->x : fr->x + fr->w - qr, fr->top - y, qr, web, div);
    ty = ty - y > side ? ty : y + side + s->gap / 2;
    ty = draw_rows(s, fr, ty, &c->phone, &c->email, &c->web, div);
    ty = clinic_hours_note(s, fr, ty, c, div);
    return ty - y0;
}

typedef struct boxed {
    const tf_story *st;
    tf_color tint;
    tf_sp pad;
} boxed;

/* A story in a tinted box, as one unit (the screen edition's sidebars). */
static tf_sp unit_boxed(tf_setter *s, const tf_frame *fr, tf_sp y, const void *arg)
{
    const boxed *bx = arg;
    tf_display_add(s->dl, TF_OP_FILL_RECT, fr->page);   /* artifact; placed below */
    size_t bg = s->dl->n - 1;
    tf_frame inner = {fr->page, fr->panel, fr->x + bx->pad, fr->top - y - bx->pad, fr->w - 2 * bx->pad,
                      INT32_MAX / 4};
    tf_flow g;
    tf_flow_init(&g, &inner, 1, s->scratch);
    tf_set_story(s, &g, bx->st);
    tf_sp h = tf_sat_add(g.content_y, 2 * bx->pad);
    tf_op *op = &s->dl->ops[bg];
    op->x = fr->x;
    op->y = fr->top - y - h;
    op->w = fr->w;
    op->h = h;
    op->color = bx->tint;
    return h;
}

void tf_set_boxed_story(tf_setter *s, tf_flow *f, const tf_story *st, tf_color tint, tf_sp pad)
{
    boxed bx = {st, tint, pad};
    tf_sp page_h = 0;                    /* the tallest frame it could go to */
    for (size_t i = f->cur; i < f->n_frames; i++)
        if (f->frames[i].h > page_h) page_h = f->frames[i].h;
    tf_flow_space(f, s->gap * 2);
    if (!tf_flow_virtual(f) && tf_unit_measure(s, f, unit_boxed, &bx) > page_h) {
        tf_set_story(s, f, st);          /* taller than a page: no box */
        return;
    }
    static const tf_block box = {.kind = TF_BLOCK_CONTACTS, .id = "sidebar"};
    tf_unit_place(s, f, unit_boxed, &bx, 0, &box);
}

void tf_draw_plain(tf_setter *s, int page, tf_sp x_centre, tf_sp baseline, const char *text,
                   tf_role_id rid)
{
    const tf_role *r = &s->role[rid];
    const tf_ptext *t = tf_prep_plain(s, text, 0);
    tf_sp x = x_centre - tf_ptext_width(t, 0, (uint32_t)t->n, r->size) / 2;
    for (size_t i = 0; i < t->n; i++) {
        const tf_pitem *it = &t->items[i];
        if (it->kind != TF_PITEM_PIECE && it->kind != TF_PITEM_SPACE) continue;
        if (it->n_glyphs) tf_setline_glyph(s, page, x, baseline, r, r->color, it, 0);   /* an artifact */
        x += tf_pitem_width(it, r->size);
    }
}

tf_sp tf_measure_contact(tf_setter *s, const tf_contact *c, tf_sp width)
{
    tf_frame fr = {0, TF_PANEL_BACK, 0, 0, width, INT32_MAX / 4};
    tf_flow f;
    tf_flow_init(&f, &fr, 1, s->scratch);
    return tf_unit_measure(s, &f, tf_unit_contact, c);
}

void tf_set_clinic(tf_setter *s, tf_flow *f, const struct tf_clinic *c)
{
    static const tf_block card = {.kind = TF_BLOCK_CONTACTS, .id = "clinic"};
    s->block = s->sect;
    tf_unit_place(s, f, unit_clinic, c, 0, &card);
    tf_flow_note(f);
}

tf_sp tf_unit_image(tf_setter *s, const tf_frame *fr, tf_sp y, const void *arg)
{
    const tf_block *b = arg;
    tf_image_info info;
    if (!tf_image_probe(b->image_path, &b->image_loc, &info) || !info.width) {
        s->ok = false;
        return 0;
    }
    double frac = b->image_width > 0 && b->image_width <= 1 ? b->image_width : 1.0;
    tf_sp w = tf_sp_scaled(fr->w, frac);
    double hd = (double)w * info.height / info.width + 0.5;   /* a 1x5000 strip: past tf_sp */
    tf_sp h = hd > TF_TALL ? TF_TALL : (tf_sp)hd;
    tf_op *op = tf_display_add(s->dl, TF_OP_IMAGE, fr->page);
    if (b->text.src && *b->text.src) {          /* alt: "" is decoration: an artifact (elem 0) */
        op->elem = tf_setline_node(s, "Figure", s->block, &b->text);
        s->dl->nodes[op->elem].alt = b->text.src;
    }
    op->x = fr->x + (fr->w - w) / 2;
    op->y = fr->top - y - h;
    op->w = w;
    op->h = h;
    op->text = b->image_path;
    op->loc = &b->image_loc;
    return h;
}

