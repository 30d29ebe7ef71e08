/* po.h: translations as gettext PO files, for translators who work in
 * CAT tools and PO editors rather than YAML.
 *
 * Export: one entry per translatable text (tkeys.h), in document order:
 *   #: content/attachment/en.yaml:40          where the base text is
 *   #, fuzzy                                  the translation is stale
 *   msgctxt "stories.body.intro"              the key
 *   msgid "Some childhood problems ..."       the base text, markup as written
 *   msgstr "Algunos problemas ..."            the translation, or empty
 * An address is one entry, its lines joined with "\n". The header names
 * the language and the brochure folder (X-Trifold-Folder), so import can
 * find it. Restructured stories are not in the PO (their text does not
 * map one to one); the header's comment lists them, and import keeps them.
 *
 * Import: reads the PO with libgettextpo and writes the language file
 * (langfile.h): every non-empty msgstr is a translation; its `_source:`
 * hash is the current base text's, except for fuzzy entries, which keep
 * the hash they had (so they stay stale until someone confirms them).
 * Entries whose key the base does not have are reported and skipped. */
#ifndef TF_PO_H
#define TF_PO_H

#include <stdbool.h>

/* Write the PO file of `lang` for the brochure in `dir` to `out` (NULL or
 * "-": stdout). A language without a file yet gives every entry empty.
 * Returns false on a problem (reported). */
bool tf_po_export(const char *dir, const char *lang, const char *out);

/* Read `po` and write the language file it holds into `dir` (NULL: the
 * folder its header names) as <lang>.yaml, or to `out` when not NULL.
 * *written gets the path written (static storage). */
bool tf_po_import(const char *po, const char *dir, const char *out, const char **written);

#endif
