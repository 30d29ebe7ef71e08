/* params.h: the typesetting parameters of params.def as one struct.
 *
 * tf_params_default holds the defaults; a stage reads its parameters from
 * a tf_params (today the defaults: see params.def for which stages still
 * hold literals). The struct has no pointers: copy it freely. */
#ifndef TF_PARAMS_H
#define TF_PARAMS_H

typedef struct tf_params {
#define TF_PARAM(name, def, unit, doc) double name;
#include "params.def"
#undef TF_PARAM
} tf_params;

extern const tf_params tf_params_default;

#endif
