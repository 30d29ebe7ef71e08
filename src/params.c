/* params.c: the defaults and the table of names, made from params.def. */
#include "params.h"

const tf_params tf_params_default = {
#define TF_PARAM(name, def, unit, lo, hi, doc) .name = (def),
#include "params.def"
#undef TF_PARAM
};

const tf_param_info tf_param_table[] = {
#define TF_PARAM(name, def, unit, lo, hi, doc) {#name, unit, lo, hi, offsetof(tf_params, name)},
#include "params.def"
#undef TF_PARAM
};
const size_t tf_param_count = sizeof tf_param_table / sizeof tf_param_table[0];
