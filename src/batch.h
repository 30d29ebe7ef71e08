/* batch.h: what a batch of editions reports, and its record.
 *
 * A batch (several languages and/or clinics of one brochure) builds many
 * editions, maybe in several worker processes, maybe as one shard of a
 * batch split across machines. This module:
 *   - takes every diagnostic while an edition is being made (diag.h's
 *     hook) and remembers which edition it belongs to;
 *   - at the end says each distinct message once, with the editions it
 *     applies to ("[attachment/riverside/es, attachment/lakeside/es]", or
 *     "[every edition]");
 *   - ends with a summary: written (or checked), failed, warnings;
 *   - writes the manifest: one JSON line per edition made (brochure,
 *     clinic, language, file, bytes, sha256, body size, warnings).
 * Workers hand their part to the parent through a pipe (tf_batch_send /
 * tf_batch_receive), so the report and manifest come out in the batch's
 * order whichever process made an edition.
 *
 * Editions are numbered in the batch's stable order (brochure, clinic,
 * language); `--shard K/N` makes the editions whose number is K-1 modulo N.
 *
 * Memory: everything is malloc'd and owned by the tf_batch. */
#ifndef TF_BATCH_H
#define TF_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct tf_batch tf_batch;

/* A batch of `total` editions of `brochure`. */
tf_batch *tf_batch_new(const char *brochure, size_t total);
void tf_batch_free(tf_batch *b);

/* Messages from now on belong to this scope: an edition (clinic may be
 * NULL), or with lang only a language (everything of that language). */
void tf_batch_scope(tf_batch *b, const char *clinic, const char *lang, size_t seq);
void tf_batch_scope_end(tf_batch *b);

/* The edition numbered `seq` is done: rc 0 made, else failed. file, bytes,
 * digest and body_pt describe a written PDF (file NULL: none written). */
void tf_batch_done(tf_batch *b, size_t seq, const char *clinic, const char *lang, int rc, int warnings,
                   const char *file, size_t bytes, const char *sha256, double body_pt);

/* Workers: everything recorded, to the parent. */
void tf_batch_send(tf_batch *b, int fd);
void tf_batch_receive(tf_batch *b, int fd);

/* The report on `err` (messages once each, then the summary line with
 * `verb`: "written" or "checked"); the manifest lines on `manifest`
 * (NULL: none). `mine`: the editions of this shard (the total without
 * one). Returns the number of editions that failed. */
size_t tf_batch_report(tf_batch *b, FILE *err, const char *verb, const char *shard, size_t mine, FILE *manifest);

#endif
