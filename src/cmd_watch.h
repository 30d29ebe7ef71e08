/* cmd_watch.h: `trifold watch DIR [build options]`.
 *
 * Builds once, then waits on inotify for saves in the brochure folder and
 * the clinic files' folders; a burst of events (an editor writes, renames,
 * touches) is taken as one save once the folder has been quiet for
 * TF_WATCH_QUIET_MS. Each build runs in a child process, so a crash or a
 * leak in one build cannot end the loop. A failed build writes nothing:
 * the last good PDF (and PNGs) stay. On a terminal the screen is cleared
 * before each build, so the report stands in place of the last one. Runs
 * until interrupted (Ctrl-C). */
#ifndef TF_CMD_WATCH_H
#define TF_CMD_WATCH_H

#include "cli.h"

#define TF_WATCH_QUIET_MS 150

/* `build` is the one-shot build (main.c's), called in a child per round.
 * Returns only on a setup error (exit status). */
int tf_watch_run(const tf_cli *o, int (*build)(const tf_cli *));

#endif
