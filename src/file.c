/* file.c: reading input files with a size cap (see file.h). */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"

static void report(const tf_file_error *e, const char *path, size_t max, const char *what,
                   const tf_loc *where)
{
    const char *why = strerror(e->errnum);
    if (!what) {                               /* `where` is the file itself */
        switch (e->status) {
        case TF_FILE_CANNOT_OPEN: tf_diag_error(where, "cannot open: %s", why); break;
        case TF_FILE_CANNOT_READ: tf_diag_error(where, "cannot read: %s", why); break;
        case TF_FILE_DIRECTORY: tf_diag_error(where, "is a directory"); break;
        case TF_FILE_NOT_REGULAR: tf_diag_error(where, "not a regular file"); break;
        case TF_FILE_TOO_BIG:
            tf_diag_error(where, "file too big (%lld bytes; the limit is %zu)", e->size, max);
            break;
        case TF_FILE_OK: break;
        }
        return;
    }
    switch (e->status) {
    case TF_FILE_CANNOT_OPEN: tf_diag_error(where, "cannot open %s '%s': %s", what, path, why); break;
    case TF_FILE_CANNOT_READ: tf_diag_error(where, "cannot read %s '%s': %s", what, path, why); break;
    case TF_FILE_DIRECTORY: tf_diag_error(where, "%s '%s' is a directory", what, path); break;
    case TF_FILE_NOT_REGULAR: tf_diag_error(where, "%s '%s' is not a regular file", what, path); break;
    case TF_FILE_TOO_BIG:
        tf_diag_error(where, "%s '%s' is too big (%lld bytes; the limit is %zu)", what, path, e->size, max);
        break;
    case TF_FILE_OK: break;
    }
}

/* Fill *e and report it unless the caller asked for it back. */
static void fail(tf_file_error *err, tf_file_status status, int errnum, long long size, const char *path,
                 size_t max, const char *what, const tf_loc *where)
{
    tf_file_error e = {status, errnum, size};
    if (err) *err = e;
    else report(&e, path, max, what, where);
}

FILE *tf_file_open(const char *path, size_t max_bytes, size_t *size, const char *what,
                   const tf_loc *where, tf_file_error *err)
{
    if (err) *err = (tf_file_error){0};
    /* O_NONBLOCK: opening a FIFO must not wait for a writer before we can
     * see that it is not a regular file */
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        fail(err, TF_FILE_CANNOT_OPEN, errno, 0, path, max_bytes, what, where);
        return NULL;
    }
    struct stat st;
    tf_file_status bad = TF_FILE_OK;
    int errnum = 0;
    FILE *f = NULL;
    if (fstat(fd, &st) != 0) bad = TF_FILE_CANNOT_READ, errnum = errno;
    else if (S_ISDIR(st.st_mode)) bad = TF_FILE_DIRECTORY;
    else if (!S_ISREG(st.st_mode)) bad = TF_FILE_NOT_REGULAR;
    else if ((unsigned long long)st.st_size > max_bytes) bad = TF_FILE_TOO_BIG;
    else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 || !(f = fdopen(fd, "rb")))
        bad = TF_FILE_CANNOT_READ, errnum = errno;
    if (bad != TF_FILE_OK) {
        fail(err, bad, errnum, (long long)st.st_size, path, max_bytes, what, where);
        close(fd);
        return NULL;
    }
    *size = (size_t)st.st_size;
    return f;
}

char *tf_file_read(const char *path, size_t max_bytes, size_t *len, const char *what,
                   const tf_loc *where, tf_file_error *err)
{
    size_t size;
    FILE *f = tf_file_open(path, max_bytes, &size, what, where, err);
    if (!f) return NULL;
    char *buf = tf_xmalloc(size + 1);
    size_t got = 0;
    while (got < size) {                       /* stops early if it shrank while we read */
        size_t n = fread(buf + got, 1, size - got, f);
        if (n == 0 && ferror(f) && errno == EINTR) { clearerr(f); continue; }
        if (n == 0) break;
        got += n;
    }
    if (ferror(f)) {
        fail(err, TF_FILE_CANNOT_READ, errno ? errno : EIO, 0, path, max_bytes, what, where);
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    buf[got] = '\0';
    *len = got;
    return buf;
}

bool tf_file_map(const char *path, size_t max_bytes, tf_file_view *out, const char *what,
                 const tf_loc *where, tf_file_error *err)
{
    *out = (tf_file_view){0};
    size_t size;
    FILE *f = tf_file_open(path, max_bytes, &size, what, where, err);
    if (!f) return false;
    void *p = size ? mmap(NULL, size, PROT_READ, MAP_PRIVATE, fileno(f), 0) : MAP_FAILED;
    fclose(f);                                 /* the mapping outlives the descriptor */
    if (p != MAP_FAILED) {
        *out = (tf_file_view){p, size, true};
        return true;
    }
    /* empty, or a file system that cannot map: read it */
    char *buf = tf_file_read(path, max_bytes, &size, what, where, err);
    if (!buf) return false;
    *out = (tf_file_view){(const unsigned char *)buf, size, false};
    return true;
}

void tf_file_view_free(tf_file_view *v)
{
    if (!v->data) return;
    if (v->mapped) munmap((void *)v->data, v->len);
    else free((void *)v->data);
    *v = (tf_file_view){0};
}

const char *tf_file_error_str(const tf_file_error *err, size_t max_bytes, char *buf, size_t size)
{
    switch (err->status) {
    case TF_FILE_CANNOT_OPEN:
    case TF_FILE_CANNOT_READ: snprintf(buf, size, "%s", strerror(err->errnum)); break;
    case TF_FILE_DIRECTORY: snprintf(buf, size, "is a directory"); break;
    case TF_FILE_NOT_REGULAR: snprintf(buf, size, "not a regular file"); break;
    case TF_FILE_TOO_BIG:
        snprintf(buf, size, "too big (%lld bytes; the limit is %zu)", err->size, max_bytes);
        break;
    case TF_FILE_OK: snprintf(buf, size, "no error"); break;
    }
    return buf;
}
