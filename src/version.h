/* version.h: trifold's version, in one place: `trifold --version` prints it
 * and every PDF names it as its Creator ("trifold 0.1.0"). A build may set
 * it with -DTF_VERSION='"x.y.z"'. */
#ifndef TF_VERSION_H
#define TF_VERSION_H

#ifndef TF_VERSION
#define TF_VERSION "0.1.0"
#endif

#endif
