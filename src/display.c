#include "display.h"

#include <string.h>

void tf_display_init(tf_display *d, tf_arena *a)
{
    memset(d, 0, sizeof *d);
    d->arena = a;
}

tf_op *tf_display_add(tf_display *d, tf_op_kind kind, int page)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 256;
        d->ops = tf_arena_grow(d->arena, d->ops, d->n, cap, sizeof *d->ops);
        d->cap = cap;
    }
    tf_op *op = &d->ops[d->n++];
    memset(op, 0, sizeof *op);
    op->kind = (uint8_t)kind;
    op->page = (uint8_t)page;
    return op;
}

uint32_t tf_display_node(tf_display *d, const char *role, uint32_t parent)
{
    if (d->n_nodes == 0) d->n_nodes = 1;         /* node 0: "artifact" */
    if (d->n_nodes >= d->cap_nodes) {
        size_t cap = d->cap_nodes ? d->cap_nodes * 2 : 128;
        d->nodes = tf_arena_grow(d->arena, d->nodes, d->n_nodes, cap, sizeof *d->nodes);
        d->cap_nodes = cap;
    }
    tf_snode *s = &d->nodes[d->n_nodes];
    memset(s, 0, sizeof *s);
    s->role = role;
    s->parent = parent;
    return (uint32_t)d->n_nodes++;
}

void tf_display_shift(tf_display *d, size_t from, tf_sp dx, tf_sp dy, int page)
{
    for (size_t i = from; i < d->n; i++) {
        d->ops[i].x += dx;
        d->ops[i].y += dy;
        d->ops[i].page = (uint8_t)page;
    }
}
