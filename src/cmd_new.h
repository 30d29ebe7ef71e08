/* cmd_new.h: `trifold new DIR` writes a brochure folder that builds at once:
 * brochure.yaml (commented: every setting with its default), <lang>.yaml
 * (a short text with every block kind once) and picture.png (for the image
 * block). Fonts are named by file name and found in trifold's own fonts/
 * (datadir.h), so the folder can live anywhere. Existing files are never
 * overwritten; a folder with other files in it needs --force. */
#ifndef TF_CMD_NEW_H
#define TF_CMD_NEW_H

#include "cli.h"

/* Returns an exit status: 0, 2 (usage), 3 (I/O). */
int tf_new_run(const tf_cli *o);

#endif
