/* Units under the translators' tools: SHA-256 against the FIPS 180-4
 * examples, the one-line JSON writer of the manifest, the short base-text
 * hash and the batch's de-duplicated report. */
#define _DEFAULT_SOURCE
#include "harness.h"

#include "batch.h"
#include "diag.h"
#include "json.h"
#include "sha256.h"

static void test_sha256_vectors(void)
{
    char hex[65];
    tf_sha256_hex("abc", 3, hex);
    CHECK_EQ_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    tf_sha256_hex("", 0, hex);
    CHECK_EQ_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";   /* 56 bytes: two blocks */
    tf_sha256_hex(two, strlen(two), hex);
    CHECK_EQ_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* fed in pieces, the same digest */
    tf_sha256 s;
    unsigned char d[32];
    tf_sha256_init(&s);
    for (size_t i = 0; i < strlen(two); i += 7) tf_sha256_add(&s, two + i, strlen(two) - i < 7 ? strlen(two) - i : 7);
    tf_sha256_end(&s, d);
    CHECK(d[0] == 0x24 && d[1] == 0x8d && d[31] == 0xc1);
}

static void test_json_line(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    tf_json j;
    tf_json_init_line(&j, f);
    tf_json_begin_object(&j);
    tf_json_key(&j, "a"); tf_json_string(&j, "x\ny");
    tf_json_key(&j, "b"); tf_json_null(&j);
    tf_json_key(&j, "c"); tf_json_begin_array(&j); tf_json_int(&j, 1); tf_json_int(&j, 2); tf_json_end_array(&j);
    tf_json_end_object(&j);
    fclose(f);
    CHECK_EQ_STR(buf, "{\"a\": \"x\\ny\", \"b\": null, \"c\": [1, 2]}");
    free(buf);
}

static void test_batch_dedup(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *err = open_memstream(&buf, &len);
    tf_batch *b = tf_batch_new("bro", 3);
    for (size_t i = 0; i < 3; i++) {
        const char *lang = i == 0 ? "en" : i == 1 ? "es" : "de";
        tf_batch_scope(b, "clin", lang, i);
        tf_diag_warning(NULL, "same everywhere");
        if (i) tf_diag_error(NULL, "only in two");
        tf_batch_done(b, i, "clin", lang, i ? 1 : 0, 1, NULL, 0, NULL, 0);
    }
    size_t failed = tf_batch_report(b, err, "written", NULL, 3, NULL);
    tf_batch_free(b);
    fclose(err);
    CHECK_EQ_INT(failed, 2);
    CHECK_EQ_STR(buf, "trifold: warning: same everywhere [every edition]\n"
                      "trifold: error: only in two [bro/clin/es, bro/clin/de]\n"
                      "bro: 1 of 3 editions written, 2 failed, 3 warnings\n");
    free(buf);
}

int main(void)
{
    RUN(test_sha256_vectors);
    RUN(test_json_line);
    RUN(test_batch_dedup);
    return DONE();
}
