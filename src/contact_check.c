/* contact_check.c: see contact_check.h. */
#include "contact_check.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <uriparser/Uri.h>

#include "clinic.h"
#include "diag.h"
#include "lazylib.h"

/* liburiparser, loaded on the first web address checked (lazylib.h). */
#ifndef TF_SO_URIPARSER
#define TF_SO_URIPARSER "liburiparser.so.1"
#endif
typedef int (*parse_fn)(UriUriA *, const char *, const char **);
typedef void (*free_fn)(UriUriA *);
enum { PARSE, FREE, N_FNS };
static const char *const uri_names[N_FNS] = {"uriParseSingleUriA", "uriFreeUriMembersA"};
static tf_lazyfn uri_fns[N_FNS];
static tf_lazylib uri_lib = {TF_SO_URIPARSER, "checking a web address", "liburiparser1", uri_names, N_FNS,
                             uri_fns, 0};

/* Length of an extension marker at p ("ext.", "ext", "extension", "x", ";ext="), 0 if none. */
static size_t ext_marker(const char *p)
{
    static const char *const marks[] = {";ext=", "extension", "ext.", "ext", "x"};
    for (size_t i = 0; i < TF_ARRAY_LEN(marks); i++) {
        size_t n = strlen(marks[i]);
        if (!strncasecmp(p, marks[i], n)) return n;
    }
    return 0;
}

/* Splits a phone number into its main digits (with a leading '+') and the
 * extension digits; returns false at the first character that does not
 * belong, with its byte offset in *bad. */
static bool phone_parts(const char *s, char *main, size_t msize, char *ext, size_t esize, size_t *bad)
{
    size_t m = 0, e = 0;
    bool in_ext = false;
    for (const char *p = s; *p;) {
        char c = *p;
        if (isdigit((unsigned char)c)) {
            if (in_ext ? e + 1 < esize : m + 1 < msize) {
                if (in_ext) ext[e++] = c;
                else main[m++] = c;
            }
            p++;
        } else if (c == '+' && m == 0 && !in_ext && p == s + strspn(s, " ")) {
            main[m++] = '+';
            p++;
        } else if (!in_ext && (c == ' ' || c == '(' || c == ')' || c == '-' || c == '.')) {
            p++;
        } else if (!in_ext && m && ext_marker(p)) {
            p += ext_marker(p);
            while (*p == ' ' || *p == '.') p++;
            in_ext = true;
        } else if (in_ext && c == ' ' && !e) {
            p++;
        } else {
            *bad = (size_t)(p - s);
            return false;
        }
    }
    main[m] = ext[e] = 0;
    return true;
}

static size_t count_digits(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += isdigit((unsigned char)*s) != 0;
    return n;
}

bool tf_contact_check_phone(const char *s, const tf_loc *loc)
{
    char main[64], ext[32];
    size_t bad = 0;
    if (!phone_parts(s, main, sizeof main, ext, sizeof ext, &bad)) {
        tf_diag_error(loc, "phone number '%s': '%c' does not belong in a phone number (digits, spaces and "
                      "+ ( ) - . only; an extension as 'ext. 12')", s, s[bad]);
        return false;
    }
    size_t d = count_digits(main);
    if (d < 3 || d > 15) {
        tf_diag_error(loc, "phone number '%s' has %zu digit%s (a phone number has 3 to 15)", s, d, d == 1 ? "" : "s");
        return false;
    }
    return true;
}

bool tf_contact_tel_uri(const char *phone, char *out, size_t size)
{
    char main[64], ext[32];
    size_t bad;
    if (!phone_parts(phone, main, sizeof main, ext, sizeof ext, &bad) || !main[0]) return false;
    /* global numbers keep '-' between the caller's groups (RFC 3966 visual separators) */
    size_t n = (size_t)snprintf(out, size, "tel:");
    bool global = main[0] == '+', digit_seen = false;
    for (const char *p = phone; *p && n + 1 < size; p++) {
        if (ext_marker(p) && digit_seen && !isdigit((unsigned char)*p)) break;
        if (*p == '+' || isdigit((unsigned char)*p)) {
            out[n++] = *p;
            digit_seen |= isdigit((unsigned char)*p) != 0;
        } else if (global && digit_seen && out[n - 1] != '-' && strpbrk(p, "0123456789") &&
                   (*p == ' ' || *p == '-' || *p == '.' || *p == ')')) {
            out[n++] = '-';
        }
    }
    while (n > 4 && out[n - 1] == '-') n--;
    out[n] = 0;
    if (ext[0]) n += (size_t)snprintf(out + n, size > n ? size - n : 0, ";ext=%s", ext);
    return n < size;
}

static bool atext(unsigned char c)
{
    return isalnum(c) || c >= 0x80 || strchr("!#$%&'*+/=?^_`{|}~-", c);
}

bool tf_contact_check_email(const char *s, const tf_loc *loc)
{
    const char *at = strrchr(s, '@');
    const char *why = NULL;
    if (!at || at == s) why = "it needs the form name@example.org";
    else if (strchr(s, '@') != at) why = "it holds more than one '@'";
    if (!why)
        for (const char *p = s; p < at; p++) {
            if (*p == '.' && (p == s || p + 1 == at || p[1] == '.')) { why = "a '.' cannot start, end or double the name"; break; }
            if (*p != '.' && !atext((unsigned char)*p)) {
                why = *p == ' ' ? "it holds a space" : "the part before '@' holds a character an address cannot";
                break;
            }
        }
    if (!why) {
        const char *d = at + 1;
        size_t label = 0;
        bool dot = false;
        if (!*d) why = "nothing follows '@'";
        for (const char *p = d; *p && !why; p++) {
            unsigned char c = (unsigned char)*p;
            if (c == '.') {
                if (!label || p[-1] == '-') why = "the domain has an empty label or one ending in '-'";
                dot = true;
                label = 0;
            } else if (isalnum(c) || c >= 0x80 || (c == '-' && label)) {
                label++;
            } else {
                why = c == ' ' ? "it holds a space" : "the domain holds a character a domain cannot";
            }
        }
        if (!why && (!dot || !label)) why = "the domain needs a dot and a last part (example.org)";
    }
    if (why) {
        tf_diag_error(loc, "e-mail address '%s' is not an address: %s", s, why);
        return false;
    }
    return true;
}

bool tf_contact_mailto_uri(const char *email, char *out, size_t size)
{
    /* RFC 6068: addr-spec characters outside unreserved / some-delims are %-encoded */
    size_t n = (size_t)snprintf(out, size, "mailto:");
    for (const unsigned char *p = (const unsigned char *)email; *p && n + 4 < size; p++) {
        if (isalnum(*p) || strchr("-._~!$'()*+,;:@", *p)) out[n++] = (char)*p;
        else n += (size_t)snprintf(out + n, size - n, "%%%02X", *p);
    }
    out[n] = 0;
    return n + 4 < size || !email[strlen(email)];
}

bool tf_contact_check_web(const char *s, const tf_loc *loc)
{
    /* an IRI: non-ASCII bytes %-encoded, as the QR code carries them */
    char enc[2048];
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 4 < sizeof enc; p++) {
        if (*p >= 0x80) n += (size_t)snprintf(enc + n, sizeof enc - n, "%%%02X", *p);
        else enc[n++] = (char)*p;
    }
    enc[n] = 0;
    TF_LAZY_CHECK(parse_fn, uriParseSingleUriA);
    TF_LAZY_CHECK(free_fn, uriFreeUriMembersA);
    if (!tf_lazylib_load(&uri_lib)) return false;
    UriUriA uri;
    const char *err = NULL;
    bool ok = true;
    if (((parse_fn)uri_fns[PARSE])(&uri, enc, &err) != URI_SUCCESS) {
        size_t at = err && err >= enc && err <= enc + n ? (size_t)(err - enc) : 0;
        char c = at < n ? enc[at] : 0;
        if (c == ' ')
            tf_diag_error(loc, "web address '%s' holds a space (at character %zu); a web address has none", s, at + 1);
        else if (c)
            tf_diag_error(loc, "web address '%s' is not a valid address: '%c' at character %zu", s, c, at + 1);
        else
            tf_diag_error(loc, "web address '%s' is not a valid address (it ends too early)", s);
        return false;
    }
    size_t slen = (size_t)(uri.scheme.afterLast - uri.scheme.first);
    size_t hlen = uri.hostText.first ? (size_t)(uri.hostText.afterLast - uri.hostText.first) : 0;
    bool https = slen == 5 && !strncasecmp(uri.scheme.first, "https", 5);
    bool http = slen == 4 && !strncasecmp(uri.scheme.first, "http", 4);
    if (!https && !http) {
        tf_diag_error(loc, "web address '%s' must start with https:// (or http://)", s);
        ok = false;
    } else if (!hlen || !memchr(uri.hostText.first, '.', hlen)) {
        tf_diag_error(loc, "web address '%s' has no host name with a dot (like example.org)", s);
        ok = false;
    } else if (uri.hostText.first[hlen - 1] == '.' || uri.hostText.first[0] == '.') {
        tf_diag_error(loc, "web address '%s': the host name starts or ends with '.'", s);
        ok = false;
    } else if (http) {
        tf_diag_warning(loc, "web address '%s' uses http://; use https:// if the site has it (phones warn "
                        "about plain-http QR codes)", s);
    }
    ((free_fn)uri_fns[FREE])(&uri);
    return ok;
}

static bool check_text(const tf_text *t, bool (*fn)(const char *, const tf_loc *))
{
    return !t->src || fn(t->src, &t->loc);
}

bool tf_contact_check_clinic(const tf_clinic *c)
{
    bool ok = check_text(&c->phone, tf_contact_check_phone);
    ok &= check_text(&c->email, tf_contact_check_email);
    ok &= check_text(&c->web, tf_contact_check_web);
    for (size_t i = 0; i < c->n_referrals; i++) {
        const tf_contact *k = &c->referrals[i];
        ok &= check_text(&k->phone, tf_contact_check_phone);
        ok &= check_text(&k->email, tf_contact_check_email);
        ok &= check_text(&k->web, tf_contact_check_web);
    }
    return ok;
}
