/* params.c: the defaults, made from params.def. */
#include "params.h"

const tf_params tf_params_default = {
#define TF_PARAM(name, def, unit, doc) .name = (def),
#include "params.def"
#undef TF_PARAM
};
