/* params.h: the typesetting parameters of params.def as one struct.
 *
 * tf_params_default holds the defaults. A document's theme holds its own
 * copy (tf_theme.params: the defaults overridden by `theme: typesetting:`);
 * every stage reads its parameters from there. The struct has no pointers:
 * copy it freely. */
#ifndef TF_PARAMS_H
#define TF_PARAMS_H

#include <stddef.h>

typedef struct tf_params {
#define TF_PARAM(name, def, unit, lo, hi, doc) double name;
#include "params.def"
#undef TF_PARAM
} tf_params;

extern const tf_params tf_params_default;

/* One parameter's declaration, for the theme loader and its messages. */
typedef struct tf_param_info {
    const char *name, *unit;
    double min, max;
    size_t offset;             /* of the field in tf_params */
} tf_param_info;
extern const tf_param_info tf_param_table[];
extern const size_t tf_param_count;

#endif
