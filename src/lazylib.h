/* lazylib.h: shared libraries loaded on first use, not at every start.
 *
 * Why: each shared library linked into trifold is mapped and relocated at
 * every start, whether the command needs it or not. libgettextpo (with
 * libunistring) serves only `translate`, libqrencode only a drawn QR
 * code, liburiparser only a clinic's web address: linked, they cost
 * `trifold --version` 94 of its 222 page faults (make bench). They are
 * opened here with dlopen the first time a function of theirs is wanted.
 *
 * A library is a static tf_lazylib (its soname, what needs it, the
 * Debian package that ships it) and a table of the symbols wanted, all
 * resolved at once. A library that cannot be loaded, or lacks a symbol,
 * is reported once through diag, naming the package to install; every
 * later call fails quietly (the first message stands).
 *
 * Call sites convert a resolved entry to the function's own pointer type.
 * TF_LAZY_CHECK checks that type against the library header's prototype
 * at compile time without referring to the symbol (the operand of sizeof
 * is not evaluated, so nothing is linked). */
#ifndef TF_LAZYLIB_H
#define TF_LAZYLIB_H

#include <stdbool.h>
#include <stddef.h>

typedef void (*tf_lazyfn)(void);

typedef struct tf_lazylib {
    const char *soname;      /* "libqrencode.so.4" */
    const char *purpose;     /* "drawing a QR code" */
    const char *package;     /* "libqrencode4" */
    const char *const *names;/* symbols wanted, n of them */
    size_t n;
    tf_lazyfn *fns;          /* n entries, filled by tf_lazylib_load */
    int state;               /* 0 not tried, 1 loaded, -1 failed */
} tf_lazylib;

/* Loads the library and resolves every name on the first call; true when
 * all of lib->fns are set. On failure one error through diag:
 *   error: drawing a QR code needs libqrencode.so.4, which cannot be
 *   loaded (<why>); install libqrencode4 (tools/deps.sh installs it) */
bool tf_lazylib_load(tf_lazylib *lib);

/* `fn` (a function from the library's header) has type `type`. */
#define TF_LAZY_CHECK(type, fn) ((void)sizeof((type){fn}))

/* For a list LIST(X) of X(name, return type, (argument types)), a module
 * declares its functions with
 *   enum { LIST(TF_LAZY_ENUM) N_FNS };                 F_name, the index
 *   names[N_FNS] = {LIST(TF_LAZY_NAME)};               the symbols
 *   LIST(TF_LAZY_TYPE)                                 name_fn, the type
 * and checks the types against the header with LIST(TF_LAZY_CHECK_FN).
 * TF_LAZY_NAME expands the name before quoting it (a header may rename a
 * function with a macro: gettext-po's po_file_read is po_file_read_v3, and
 * dlsym wants the versioned symbol); ## does not, so enum names stay short. */
#define TF_LAZY_STR_(x) #x
#define TF_LAZY_STR(x) TF_LAZY_STR_(x)
#define TF_LAZY_ENUM(n, r, a) F_##n,
#define TF_LAZY_NAME(n, r, a) TF_LAZY_STR(n),
#define TF_LAZY_TYPE(n, r, a) typedef r(*n##_fn) a;
#define TF_LAZY_CHECK_FN(n, r, a) TF_LAZY_CHECK(n##_fn, n);

#endif
