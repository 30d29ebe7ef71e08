/* cmd_new.c: the brochure template (see cmd_new.h). The texts are the
 * project's own; they double as a short tour of the format. */
#define _DEFAULT_SOURCE   /* realpath */
#include "cmd_new.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "datadir.h"
#include "diag.h"
#include "lang.h"
#include "outdir.h"
#include "paper.h"
#include "preview.h"

static const char brochure_fmt[] =
    "# yaml-language-server: $schema=%s\n"
    "# A tri-fold brochure: this file holds what every language shares (paper,\n"
    "# fold, fonts, colours and which story goes on which panel); %s.yaml holds\n"
    "# the text. Build it with\n"
    "#     trifold build %s          (PDF in out/)\n"
    "#     trifold watch %s --png out/png   (rebuild on every save)\n"
    "# The format: docs/content-format.md, or `man trifold`.\n"
    "trifold: 1                 # format version\n"
    "id: %s                     # names the output: out/%s-%s.pdf\n"
    "base: %s                   # the language the text is written in first\n"
    "languages: [%s]            # add a tag here and a <tag>.yaml to translate\n"
    "\n"
    "sheet:\n"
    "  paper: %s                # letter | a4\n"
    "  fold: %s                 # roll (letter-style) | z (zig-zag)\n"
    "\n"
    "theme:\n"
    "  fonts:                   # a .ttf path, a file in trifold's fonts/, or a family name\n"
    "    regular: NotoSans-Regular.ttf\n"
    "    italic: NotoSans-Italic.ttf\n"
    "    bold: NotoSans-Bold.ttf\n"
    "    bold_italic: NotoSans-BoldItalic.ttf\n"
    "  text:\n"
    "    size: 12pt             # body text; 12pt or more for patient material\n"
    "    fit: {min: 11pt, max: 13pt}   # `trifold build --fit` picks the largest that fits\n"
    "  colors:                  # quoted: a bare # starts a comment\n"
    "    text: \"#222222\"\n"
    "    heading: \"#1d5a7a\"\n"
    "    accent: \"#1d5a7a\"       # cover background\n"
    "    accent_text: \"#ffffff\"  # text on the accent\n"
    "    tint: \"#e6f0f4\"         # sidebar background\n"
    "\n"
    "%s";

/* The plan, per fold (fold.h: its reading order and panel names). */
static const char *const plan_fmt[TF_FOLD_COUNT] = {
    [TF_FOLD_ROLL] =
    "# Roll fold. Panels: cover, flap, back (outside); inside-left,\n"
    "# inside-middle, inside-right (inside). Read: cover, flap, the inside\n"
    "# left to right, back. A flow story runs through its slots in that order;\n"
    "# a sidebar is a tinted box; a story is set in place.\n"
    "plan:\n"
    "  cover:\n"
    "    style: cover           # plain | cover (accent background) | tint\n"
    "    valign: center         # top | center | bottom\n"
    "    content: [{story: cover}]\n"
    "  flap:\n"
    "    content: [{sidebar: tips}]\n"
    "  inside-left:\n"
    "    content: [{flow: body}]\n"
    "  inside-middle:\n"
    "    content: [{flow: body}]\n"
    "  inside-right:\n"
    "    content:\n"
    "      - flow: body\n"
    "      - sidebar: contacts    # after the flow: stacked at the panel's bottom\n"
    "  back:\n"
    "    content:\n"
    "      - story: about\n"
    "      - story: small-print\n",
    [TF_FOLD_Z] =
    "# Z-fold. Panels: outside-left, outside-middle, cover (outside);\n"
    "# inside-left, inside-middle, inside-right (inside). Read: cover, the\n"
    "# inside spread left to right, then, turned over, outside-left and\n"
    "# outside-middle. Folded, inside-right is the back. A flow story runs\n"
    "# through its slots in that order; a sidebar is a tinted box; a story is\n"
    "# set in place.\n"
    "plan:\n"
    "  cover:\n"
    "    style: cover           # plain | cover (accent background) | tint\n"
    "    valign: center         # top | center | bottom\n"
    "    content: [{story: cover}]\n"
    "  inside-left:\n"
    "    content: [{flow: body}]\n"
    "  inside-middle:\n"
    "    content: [{flow: body}]\n"
    "  inside-right:\n"
    "    content:\n"
    "      - flow: body\n"
    "      - sidebar: contacts    # after the flow: stacked at the panel's bottom\n"
    "  outside-left:\n"
    "    content: [{sidebar: tips}]\n"
    "  outside-middle:\n"
    "    content:\n"
    "      - story: about\n"
    "      - story: small-print\n",
};

/* What the body says about the panels, and the about story, per fold. */
static const char *const panels_text[TF_FOLD_COUNT] = {
    [TF_FOLD_ROLL] =
    "      Folded, the sheet shows the cover first; opened, the flap; opened\n"
    "      again, the three inside panels, read left to right. The plan in\n"
    "      brochure.yaml says which story goes on which panel: this story,\n"
    "      body, flows through the inside panels in that order.\n",
    [TF_FOLD_Z] =
    "      Folded, the sheet shows the cover first; opened, the three inside\n"
    "      panels, read left to right; turned over, the two outside panels\n"
    "      beside the cover. The plan in brochure.yaml says which story goes\n"
    "      on which panel: this story, body, flows through the inside panels\n"
    "      in that order.\n",
};
static const char *const about_text[TF_FOLD_COUNT] = {
    [TF_FOLD_ROLL] =
    "      A few lines about who made this brochure and why. The back panel\n"
    "      is what people see when the brochure lies face down.\n",
    [TF_FOLD_Z] =
    "      A few lines about who made this brochure and why. This panel is\n"
    "      read last, when the open sheet is turned over.\n",
};

static const char text_fmt[] =
    "# yaml-language-server: $schema=%s\n"
    "# The %s text. Stories hold blocks; a block has an id (any name you like)\n"
    "# and one kind: title, subtitle, heading, paragraph, list, checklist,\n"
    "# contacts, credit or image. A plain string is a paragraph.\n"
    "# Quote text that holds \": \" or \" #\", or starts with * & ! @ %% or `.\n"
    "lang: %s\n"
    "meta:\n"
    "  title: My Brochure\n"
    "  author: My Organisation\n"
    "labels: {phone: Phone, email: Email, web: Web, address: Address}\n"
    "\n"
    "stories:\n"
    "  cover:\n"
    "    title: {title: My Brochure}\n"
    "    subtitle: {subtitle: A short line that says what it is about}\n"
    "\n"
    "  tips:\n"
    "    tips:\n"
    "      checklist: Before you start\n"
    "      items:\n"
    "        - Write the text in this file.\n"
    "        - Run trifold watch and keep the PDF open.\n"
    "        - Check the fill report with trifold check.\n"
    "\n"
    "  body:\n"
    "    welcome: {heading: Welcome}\n"
    "    intro: >-\n"
    "      This story flows from one inside panel to the next. Text can be\n"
    "      **bold**, *italic*, or a [link](https://example.org). A folded\n"
    "      line like this one is joined with spaces.\n"
    "    picture: {image: picture.png, alt: A placeholder picture., width: 0.6}\n"
    "    steps: {heading: Three steps}\n"
    "    steps1:\n"
    "      list: \"Good brochures are:\"\n"
    "      items:\n"
    "        short: short, one idea per panel\n"
    "        plain: written in plain words\n"
    "        tested: read by someone from the audience\n"
    "    panels: {heading: How the panels work}\n"
    "    panels1: >-\n"
    "%s"
    "    fit: {heading: When the text does not fit}\n"
    "    fit1: >-\n"
    "      Run trifold check to see how full each panel is. Shorten the text,\n"
    "      move a story to another panel, or let trifold build --fit pick the\n"
    "      largest type size that fits. A word too long for its line, or text\n"
    "      that runs past the last panel, is reported with its line in this\n"
    "      file.\n"
    "    translate: {heading: Other languages}\n"
    "    translate1: >-\n"
    "      Copy this file to es.yaml, set lang to es, translate what you can\n"
    "      and add es to languages in brochure.yaml. Texts left out fall back\n"
    "      to this language, and trifold check lists them.\n"
    "    print: {heading: Printing}\n"
    "    print1: >-\n"
    "      Office printers take the PDF as it is: print both sides, flipping\n"
    "      on the short edge. For a print shop, build with --press to add\n"
    "      bleed and crop marks.\n"
    "\n"
    "  contacts:\n"
    "    help:\n"
    "      contacts: Questions?\n"
    "      entries:\n"
    "        office:\n"
    "          name: My Organisation\n"
    "          description: Who to call and why.\n"
    "          address: [1 Main Street, \"Example City, EX 01000\"]\n"
    "          phone: (555) 010-0100\n"
    "          email: hello@example.org\n"
    "          web: https://example.org\n"
    "\n"
    "  about:\n"
    "    about: {heading: About us}\n"
    "    who: >-\n"
    "%s"
    "\n"
    "  small-print:\n"
    "    credit: {credit: \"Made with trifold. Replace this line with your credits.\"}\n";

static int write_new(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) {
        if (errno == EEXIST) {
            fprintf(stderr, "%s: kept (exists)\n", path);
            return 0;
        }
        tf_diag_error(NULL, "cannot write '%s': %s", path, strerror(errno));
        return 3;
    }
    size_t n = strlen(text);
    bool ok = write(fd, text, n) == (ssize_t)n;
    ok = close(fd) == 0 && ok;
    if (!ok) {
        tf_diag_error(NULL, "cannot write '%s': %s", path, strerror(errno));
        return 3;
    }
    fprintf(stderr, "%s\n", path);
    return 0;
}

/* A small picture for the image block: sky, hills and a sun. */
static int write_picture(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/picture.png", dir);
    if (access(path, F_OK) == 0) {
        fprintf(stderr, "%s: kept (exists)\n", path);
        return 0;
    }
    if (!tf_preview_picture(path)) {
        unlink(path);
        return 3;
    }
    fprintf(stderr, "%s\n", path);
    return 0;
}

/* The folder's last path component, made into an id (letters, digits, '-'). */
static void id_from(const char *dir, char *id, size_t size)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", dir);
    size_t n = strlen(buf);
    while (n > 1 && buf[n - 1] == '/') buf[--n] = 0;
    const char *base = strrchr(buf, '/') ? strrchr(buf, '/') + 1 : buf;
    size_t k = 0;
    for (const char *p = base; *p && k + 1 < size; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) id[k++] = c;
        else if (k && id[k - 1] != '-') id[k++] = '-';
    }
    while (k && id[k - 1] == '-') k--;
    id[k] = 0;
    if (!k || !(id[0] >= 'a' && id[0] <= 'z')) snprintf(id, size, "brochure");
}

static bool dir_is_empty(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return true;
    struct dirent *e;
    bool empty = true;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) empty = false;
    closedir(d);
    return empty;
}

int tf_new_run(const tf_cli *o)
{
    const char *lang = o->lang ? o->lang : "en";
    if (!tf_lang_tag_ok(lang))
        return tf_cli_usage_error("--lang: '%s' is not a language tag (like en, es, zh-Hans)", lang);
    if (!dir_is_empty(o->dir) && !o->force)
        return tf_cli_usage_error("'%s' is not empty: name a new folder, or add --force to add the "
                                  "missing files (existing files are kept)", o->dir);
    if (!tf_outdir_make(o->dir)) return 3;
    char schema[4200], schema_dir[4096], id[256];
    /* editors find the schema through an absolute path; the URL names the same file */
    if (!tf_datadir_find("schema", schema_dir, sizeof schema_dir))
        snprintf(schema_dir, sizeof schema_dir, "schema");
    char *abs = realpath(schema_dir, NULL);
    id_from(o->dir, id, sizeof id);
    snprintf(schema, sizeof schema, "%s/brochure.schema.json", abs ? abs : schema_dir);
    /* names from paper.def (cli.c has checked them); the paper's default fold */
    tf_paper pp = o->paper ? (tf_paper)tf_name_index(tf_paper_names, TF_PAPER_COUNT, o->paper) : TF_PAPER_LETTER;
    const char *paper = tf_paper_names[pp];
    tf_fold ff = o->fold ? (tf_fold)tf_name_index(tf_fold_names, TF_FOLD_COUNT, o->fold)
                         : tf_paper_get(pp)->default_fold;
    const char *fold = tf_fold_names[ff];
    size_t need = sizeof brochure_fmt + sizeof text_fmt + 8 * 4096;
    char *text = tf_xmalloc(need);
    int rc = 0;
    snprintf(text, need, brochure_fmt, schema, lang, o->dir, o->dir, id, id, lang, lang, lang, paper, fold,
             plan_fmt[ff]);
    rc = rc ? rc : write_new(o->dir, "brochure.yaml", text);
    snprintf(schema, sizeof schema, "%s/text.schema.json", abs ? abs : schema_dir);
    snprintf(text, need, text_fmt, schema, lang, lang, panels_text[ff], about_text[ff]);
    char name[300];
    snprintf(name, sizeof name, "%s.yaml", lang);
    rc = rc ? rc : write_new(o->dir, name, text);
    rc = rc ? rc : write_picture(o->dir);
    free(text);
    free(abs);
    if (rc == 0)
        fprintf(stderr, "\nA %s %s-fold brochure in %s. Next:\n"
                        "  trifold build %s              # the PDF: out/%s-%s.pdf\n"
                        "  trifold watch %s --png out/png   # rebuild on every save\n",
                paper, fold, o->dir, o->dir, id, lang, o->dir);
    return rc;
}
