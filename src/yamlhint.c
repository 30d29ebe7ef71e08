/* yamlhint.c: see yamlhint.h. */
#include "yamlhint.h"

#include <stdio.h>
#include <string.h>

/* Start and length of line `line` (1-based) in buf. */
static const char *line_at(const char *buf, size_t len, int line, size_t *n)
{
    const char *p = buf, *end = buf + len;
    for (int l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) { p = end; break; }
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *n = (size_t)((nl ? nl : end) - p);
    if (*n && p[*n - 1] == '\r') (*n)--;
    return p;
}

static int indent_of(const char *s, size_t n)
{
    int i = 0;
    while ((size_t)i < n && s[i] == ' ') i++;
    return i;
}

static int blank_or_comment(const char *s, size_t n)
{
    int i = indent_of(s, n);
    return (size_t)i == n || s[i] == '#';
}

/* The key of a `key: ...` line into out ("" if none). */
static void key_of(const char *s, size_t n, char *out, size_t size)
{
    int i = indent_of(s, n);
    if ((size_t)i < n && s[i] == '-') i += 1 + ((size_t)i + 1 < n && s[i + 1] == ' ');
    size_t k = (size_t)i;
    while (k + 1 < n && !(s[k] == ':' && s[k + 1] == ' ')) k++;
    if (k + 1 >= n && !(k < n && s[k] == ':')) { out[0] = 0; return; }
    snprintf(out, size, "%.*s", (int)(k - (size_t)i), s + i);
}

void tf_yamlhint_quote(const char *buf, size_t len, int line, char *out, size_t size)
{
    size_t n;
    const char *s = line_at(buf, len, line, &n);
    int i = indent_of(s, n);
    const char *colon = NULL;
    for (size_t k = (size_t)i; k + 1 < n; k++)
        if (s[k] == ':' && s[k + 1] == ' ') { colon = s + k; break; }
    if (!colon) {
        snprintf(out, size, " (in double quotes)");
        return;
    }
    const char *v = colon + 2;
    while (v < s + n && *v == ' ') v++;
    size_t vn = (size_t)(s + n - v);
    char val[160];
    size_t m = 0;
    for (size_t k = 0; k < vn && m + 3 < sizeof val; k++) {
        if (v[k] == '"' || v[k] == '\\') val[m++] = '\\';
        val[m++] = v[k];
    }
    val[m] = 0;
    if (m + 3 >= sizeof val) snprintf(val + sizeof val - 6, 6, "...");
    snprintf(out, size, ": write %.*s: \"%s\"", (int)(colon - s - i), s + i, val);
}

int tf_yamlhint_cut_comment(const char *buf, size_t len, size_t end_index, int *hash_col)
{
    if (end_index + 2 >= len) return 0;
    const char *p = buf + end_index;
    if (p[0] != ' ' || p[1] != '#' || p[2] == ' ' || p[2] == '\n' || p[2] == '\r' || p[2] == '#') return 0;
    /* column of '#': characters since the line start */
    const char *ls = p;
    while (ls > buf && ls[-1] != '\n') ls--;
    int col = 1;
    for (const char *q = ls; q < p + 1; q++)
        if (((unsigned char)*q & 0xC0) != 0x80) col++;
    *hash_col = col;
    return 1;
}

/* Indentation levels of the key lines above `line`, nearest first: the
 * columns the key could have meant. */
static int wrong_indent(const char *buf, size_t len, int line, char *msg, size_t size, int *col_out)
{
    size_t n;
    const char *s = line_at(buf, len, line, &n);
    if (blank_or_comment(s, n)) return 0;
    int have = indent_of(s, n);
    int best_line[2] = {0, 0}, best_ind[2] = {-1, -1};
    char best_key[2][64] = {"", ""};
    int cur_level = 1 << 30;
    for (int l = line - 1; l >= 1; l--) {
        size_t pn;
        const char *ps = line_at(buf, len, l, &pn);
        if (blank_or_comment(ps, pn)) continue;
        int ind = indent_of(ps, pn);
        if (ind >= cur_level) continue;             /* deeper than a level already seen */
        cur_level = ind;
        char key[64];
        key_of(ps, pn, key, sizeof key);
        if (!key[0]) continue;
        int slot = ind > have ? 0 : 1;              /* nearest level above, nearest below */
        if (best_ind[slot] < 0) {
            best_ind[slot] = ind;
            best_line[slot] = l;
            snprintf(best_key[slot], sizeof best_key[slot], "%s", key);
        }
        if (best_ind[0] >= 0 && best_ind[1] >= 0) break;
    }
    if (best_ind[0] < 0 && best_ind[1] < 0) return 0;
    int pick = best_ind[1] >= 0 && (best_ind[0] < 0 || have - best_ind[1] <= best_ind[0] - have) ? 1 : 0;
    int other = 1 - pick;
    char also[160] = "";
    if (best_ind[other] >= 0)
        snprintf(also, sizeof also, ", or column %d like '%s' at line %d", best_ind[other] + 1, best_key[other],
                 best_line[other]);
    *col_out = have + 1;                            /* point at the key, not where libyaml stopped */
    snprintf(msg, size, "syntax error: key at the wrong indentation (column %d): expected column %d like "
             "'%s' at line %d%s", have + 1, best_ind[pick] + 1, best_key[pick], best_line[pick], also);
    return 1;
}

int tf_yamlhint_syntax(const char *buf, size_t len, int line, int *colp, const char *problem,
                       const char *context, int context_line, int context_col, char *msg, size_t size)
{
    int col = *colp;
    size_t n;
    const char *s = line_at(buf, len, line, &n);
    char quote[256];
    /* the character at the column (ASCII is all we need to name) */
    char at = 0;
    {
        int c = 1;
        for (size_t k = 0; k < n; k++) {
            if (((unsigned char)s[k] & 0xC0) == 0x80) continue;
            if (c == col) { at = s[k]; break; }
            c++;
        }
    }
    if (!strcmp(problem, "mapping values are not allowed in this context")) {
        /* a second ": " on a `key: value` line is text; the first one on a line is a key
         * that is indented deeper than the one above it */
        int first = 1;
        int ind = indent_of(s, n);
        for (size_t k = (size_t)ind; k + 1 < n && (int)k + 1 < col - 1; k++)
            if (s[k] == ':' && (s[k + 1] == ' ' || s[k + 1] == '\t')) first = 0;
        if (!first) {
            tf_yamlhint_quote(buf, len, line, quote, sizeof quote);
            snprintf(msg, size, "syntax error: text holding ': ' must be quoted (YAML reads ': ' as a new key)%s", quote);
            return 1;
        }
        return wrong_indent(buf, len, line, msg, size, colp);
    }
    if (context && !strcmp(context, "while scanning an alias")) {
        tf_yamlhint_quote(buf, len, context_line, quote, sizeof quote);
        snprintf(msg, size, "syntax error: text starting with '*' must be quoted (YAML reads '*' as an alias)%s", quote);
        return 1;
    }
    if (!strcmp(problem, "found character that cannot start any token") && (at == '`' || at == '@' || at == '%')) {
        tf_yamlhint_quote(buf, len, line, quote, sizeof quote);
        snprintf(msg, size, "syntax error: text starting with '%c' must be quoted (YAML reserves '%c')%s", at, at, quote);
        return 1;
    }
    if (!strcmp(problem, "did not find expected ',' or '}'") || !strcmp(problem, "did not find expected ',' or ']'")) {
        char open = problem[strlen(problem) - 2] == '}' ? '{' : '[';
        if (context_line != line) {
            snprintf(msg, size, "syntax error: the '%c' at line %d, column %d is never closed (text starting "
                     "with '%c' must be quoted)", open, context_line, context_col, open);
            return 1;
        }
        /* `{heading: Step 1: wash}`: the segment around the mark, split at its first ': ' */
        size_t at_b = 0;
        for (int c = 1; at_b < n && c < col; at_b++)
            if (at_b + 1 >= n || ((unsigned char)s[at_b + 1] & 0xC0) != 0x80) c++;
        size_t b0 = at_b, b1 = at_b;
        while (b0 > 0 && s[b0 - 1] != '{' && s[b0 - 1] != ',' && s[b0 - 1] != '[') b0--;
        while (b1 < n && s[b1] != '}' && s[b1] != ']') b1++;
        while (b0 < b1 && s[b0] == ' ') b0++;
        const char *seg = s + b0;
        size_t sn = b1 - b0, k = 0;
        while (k + 1 < sn && !(seg[k] == ':' && seg[k + 1] == ' ')) k++;
        if (k + 1 < sn && problem[strlen(problem) - 2] == '}')
            snprintf(msg, size, "syntax error: text holding ': ' or ',' inside { } must be quoted: write %.*s: \"%.*s\"",
                     (int)k, seg, (int)(sn - k - 2), seg + k + 2);
        else
            snprintf(msg, size, "syntax error: text holding ': ' or ',' inside %s must be quoted",
                     problem[strlen(problem) - 2] == '}' ? "{ }" : "[ ]");
        return 1;
    }
    if (!strcmp(problem, "did not find expected key") || !strcmp(problem, "did not find expected '-' indicator"))
        return wrong_indent(buf, len, line, msg, size, colp);
    return 0;
}
