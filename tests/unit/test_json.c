/* test_json.c: the JSON writer: nesting, commas, escapes, numbers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "json.h"

static void test_document(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    tf_json j;
    tf_json_init(&j, f);
    tf_json_begin_object(&j);
    tf_json_key(&j, "s"); tf_json_string(&j, "a \"q\" \\ \n\t\x01 é");
    tf_json_key(&j, "n"); tf_json_number(&j, 2.345, 2);
    tf_json_key(&j, "z"); tf_json_number(&j, -0.001, 1);
    tf_json_key(&j, "nan"); tf_json_number(&j, NAN, 1);
    tf_json_key(&j, "i"); tf_json_int(&j, -7);
    tf_json_key(&j, "a"); tf_json_begin_array(&j); tf_json_bool(&j, true); tf_json_null(&j); tf_json_end_array(&j);
    tf_json_key(&j, "e"); tf_json_begin_array(&j); tf_json_end_array(&j);
    tf_json_key(&j, "o"); tf_json_begin_object(&j); tf_json_key(&j, "k"); tf_json_string(&j, NULL); tf_json_end_object(&j);
    tf_json_end_object(&j);
    tf_json_finish(&j);
    fclose(f);
    CHECK_EQ_STR(buf,
                 "{\n"
                 "  \"s\": \"a \\\"q\\\" \\\\ \\n\\t\\u0001 é\",\n"
                 "  \"n\": 2.35,\n"
                 "  \"z\": 0.0,\n"
                 "  \"nan\": null,\n"
                 "  \"i\": -7,\n"
                 "  \"a\": [\n    true,\n    null\n  ],\n"
                 "  \"e\": [],\n"
                 "  \"o\": {\n    \"k\": null\n  }\n"
                 "}\n");
    free(buf);
}

int main(void)
{
    RUN(test_document);
    return DONE();
}
