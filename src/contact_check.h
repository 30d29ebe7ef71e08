/* contact_check.h: phone numbers, e-mail and web addresses of a clinic,
 * checked when the file is loaded (file:line:col of the value), and the
 * link each becomes in the PDF.
 *
 *   phone  digits, spaces and + ( ) - . ; '+' only first; an extension as
 *          "ext 12", "ext. 12", "x12" or ";ext=12"; 3 to 15 digits before it
 *          -> tel: per RFC 3966: tel:+1-217-555-0100;ext=12 (visual
 *          separators become '-', a local number keeps its digits)
 *   email  local@domain: dot-atom local part, a domain with a dot, labels of
 *          letters, digits and '-' (non-ASCII letters allowed)
 *          -> mailto: per RFC 6068 (characters outside its set %-encoded)
 *   web    an absolute http(s) URI as parsed by liburiparser (RFC 3986),
 *          with a host holding a dot; non-ASCII is %-encoded first (an IRI),
 *          http:// gets a warning (phones flag plain-http QR codes)
 *
 * Functions report through diag and return false on an error. URI
 * builders write into `out` and return false if it is too small. */
#ifndef TF_CONTACT_CHECK_H
#define TF_CONTACT_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "base.h"

struct tf_clinic;
struct tf_text;

bool tf_contact_check_phone(const char *s, const tf_loc *loc);
bool tf_contact_check_email(const char *s, const tf_loc *loc);
bool tf_contact_check_web(const char *s, const tf_loc *loc);

/* Every phone/email/web of a loaded clinic, its own and its referrals'. */
bool tf_contact_check_clinic(const struct tf_clinic *c);

bool tf_contact_tel_uri(const char *phone, char *out, size_t size);
bool tf_contact_mailto_uri(const char *email, char *out, size_t size);

#endif
