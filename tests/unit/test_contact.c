/* test_contact.c: clinic contact checks and the tel:/mailto: links they imply. */
#include <stdio.h>
#include <stdlib.h>

#include "contact_check.h"
#include "diag.h"
#include "harness.h"

static char *captured;
static size_t captured_len;

static FILE *capture(void)
{
    free(captured);
    captured = NULL;
    FILE *f = open_memstream(&captured, &captured_len);
    tf_diag_set_stream(f);
    return f;
}

static void test_phone(void)
{
    FILE *f = capture();
    tf_loc at = {"c.yaml", 4, 8};
    CHECK(tf_contact_check_phone("(217) 555-0100", &at));
    CHECK(tf_contact_check_phone("+1 217.555.0100 ext. 12", &at));
    CHECK(tf_contact_check_phone("+44 20 7946 0958 x7", &at));
    CHECK(tf_contact_check_phone("911", &at));
    CHECK(!tf_contact_check_phone("call us!", &at));
    CHECK(!tf_contact_check_phone("555-CALL", &at));
    CHECK(!tf_contact_check_phone("12", &at));
    CHECK(!tf_contact_check_phone("1 + 2", &at));
    CHECK(!tf_contact_check_phone("1234567890123456", &at));
    fclose(f);
    tf_diag_set_stream(NULL);
    CHECK(captured && strstr(captured, "c.yaml:4:8: error: phone number 'call us!': 'c' does not belong"));
}

static void test_tel(void)
{
    char out[128];
    CHECK(tf_contact_tel_uri("+1 (217) 555-0100", out, sizeof out));
    CHECK_EQ_STR(out, "tel:+1-217-555-0100");
    CHECK(tf_contact_tel_uri("+1 217 555 0100 ext. 12", out, sizeof out));
    CHECK_EQ_STR(out, "tel:+1-217-555-0100;ext=12");
    CHECK(tf_contact_tel_uri("(217) 555-0100", out, sizeof out));
    CHECK_EQ_STR(out, "tel:2175550100");
    CHECK(!tf_contact_tel_uri("call us!", out, sizeof out));
}

static void test_email(void)
{
    FILE *f = capture();
    tf_loc at = {"c.yaml", 5, 8};
    CHECK(tf_contact_check_email("hello@riverside.example.org", &at));
    CHECK(tf_contact_check_email("first.last+clinic@example.co.uk", &at));
    CHECK(!tf_contact_check_email("frontdesk at harbor", &at));
    CHECK(!tf_contact_check_email("frontdesk@harbor", &at));
    CHECK(!tf_contact_check_email("a..b@example.org", &at));
    CHECK(!tf_contact_check_email("a@b@example.org", &at));
    CHECK(!tf_contact_check_email("a@-example.org", &at));
    CHECK(!tf_contact_check_email("a b@example.org", &at));
    fclose(f);
    tf_diag_set_stream(NULL);
    char out[128];
    CHECK(tf_contact_mailto_uri("a&b@example.org", out, sizeof out));
    CHECK_EQ_STR(out, "mailto:a%26b@example.org");
    CHECK(tf_contact_mailto_uri("hello@example.org", out, sizeof out));
    CHECK_EQ_STR(out, "mailto:hello@example.org");
}

static void test_web(void)
{
    FILE *f = capture();
    tf_loc at = {"c.yaml", 6, 6};
    CHECK(tf_contact_check_web("https://riverside.example.org", &at));
    CHECK(tf_contact_check_web("https://example.org/path?q=1#top", &at));
    CHECK(tf_contact_check_web("https://例子.example.org/页", &at));
    CHECK(!tf_contact_check_web("https://harbor example org", &at));
    CHECK(!tf_contact_check_web("https://harbor/", &at));
    CHECK(!tf_contact_check_web("ftp://example.org", &at));
    CHECK(!tf_contact_check_web("https://", &at));
    int w = tf_diag_warnings();
    CHECK(tf_contact_check_web("http://example.org", &at));
    CHECK_EQ_INT(tf_diag_warnings(), w + 1);
    fclose(f);
    tf_diag_set_stream(NULL);
    CHECK(captured && strstr(captured, "holds a space (at character 15)"));
}

int main(void)
{
    RUN(test_phone);
    RUN(test_tel);
    RUN(test_email);
    RUN(test_web);
    free(captured);
    return DONE();
}
