/* xlate.h: the translators' commands.
 *
 *   trifold export DIR --lang TAGS --format po [-o FILE|PATTERN|DIR]
 *   trifold import FILE.po... [DIR] [-o FILE]
 *   trifold status DIR [--lang TAGS] [--clinic FILE|DIR]...
 *   trifold mark-translated DIR --lang TAG [KEY...]
 *
 * tf_xlate_main takes the whole argv when argv[1] is one of these and
 * returns the exit status (0 ok, 1 content problem, 2 usage, 3 I/O);
 * -1 when it is another command. */
#ifndef TF_XLATE_H
#define TF_XLATE_H

int tf_xlate_main(int argc, char **argv);

/* For --help. */
extern const char tf_xlate_usage[];

#endif
