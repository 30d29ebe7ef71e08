/* pdf_pack.h: rewrite a finished PDF (classic xref table, as libharu 2.3.0
 * writes it) with its non-stream objects in a deflated object stream and a
 * cross-reference stream (PDF 1.5, ISO 32000-1 7.5.7 and 7.5.8). pdf_pack.c
 * explains the rules. */
#ifndef TF_PDF_PACK_H
#define TF_PDF_PACK_H

#include <stdbool.h>
#include <stddef.h>

/* Rewrites in[0..n) into a malloc'd *out of *out_len bytes. Returns false,
 * *out NULL, when the input is not a PDF this packer fully understands
 * (the caller then keeps the input as it is). Output depends only on the
 * input bytes. */
bool tf_pdf_pack(const unsigned char *in, size_t n, unsigned char **out, size_t *out_len);

/* *data (malloc'd, *len bytes) replaced by its packed form; left exactly
 * as it is (same pointer, same bytes) when tf_pdf_pack fails. Returns
 * whether it was packed. */
bool tf_pdf_pack_or_keep(unsigned char **data, size_t *len);

/* The tokenizer, for tests. */
typedef enum tf_pdf_tok_kind {
    TF_PDF_TOK_END,      /* no more input */
    TF_PDF_TOK_ERROR,    /* malformed: unterminated string, stray ')' or '>', bad hex digit */
    TF_PDF_TOK_NUMBER,
    TF_PDF_TOK_NAME,     /* /Name */
    TF_PDF_TOK_STRING,   /* (literal), parentheses balanced, backslash escapes */
    TF_PDF_TOK_HEX,      /* <hex> */
    TF_PDF_TOK_DICT,     /* << */
    TF_PDF_TOK_DICT_END, /* >> */
    TF_PDF_TOK_ARRAY,    /* [ */
    TF_PDF_TOK_ARRAY_END,/* ] */
    TF_PDF_TOK_KEYWORD,  /* obj, endobj, stream, R, true, null, xref, trailer ... */
} tf_pdf_tok_kind;

typedef struct tf_pdf_tok {
    tf_pdf_tok_kind kind;
    size_t start, end;   /* the token's bytes: d[start..end) */
} tf_pdf_tok;

/* The next token at or after *pos (white space and comments skipped);
 * *pos moves past it. */
tf_pdf_tok tf_pdf_next_token(const unsigned char *d, size_t n, size_t *pos);

#endif
