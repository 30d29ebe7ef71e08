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

void tf_display_shift(tf_display *d, size_t from, tf_sp dx, tf_sp dy, int page)
{
    for (size_t i = from; i < d->n; i++) {
        d->ops[i].x += dx;
        d->ops[i].y += dy;
        d->ops[i].page = (uint8_t)page;
    }
}
