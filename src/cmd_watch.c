/* cmd_watch.c: the edit loop (see cmd_watch.h). */
#define _DEFAULT_SOURCE
#include "cmd_watch.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"

/* Files a save does not consist of: our own output and editors' scratch files. */
static bool ignored(const char *name)
{
    size_t n = strlen(name);
    if (!n || name[0] == '.' || name[0] == '#' || name[n - 1] == '~') return true;
    if (strstr(name, ".tmp.")) return true;                       /* our atomic writes */
    static const char *const ext[] = {".pdf", ".png", ".swp", ".swx", ".tmp"};
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
        size_t k = strlen(ext[i]);
        if (n > k && !strcmp(name + n - k, ext[i])) return true;
    }
    return false;
}

static int add_watch(int fd, const char *path)
{
    struct stat st;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {          /* a file: watch its folder */
        char *slash = strrchr(dir, '/');
        if (slash) *slash = 0;
        else snprintf(dir, sizeof dir, ".");
    }
    int wd = inotify_add_watch(fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM);
    if (wd < 0) tf_diag_error(NULL, "cannot watch '%s': %s", dir, strerror(errno));
    return wd;
}

/* Reads pending events; returns true if one of them is a save worth a build,
 * and copies its file name into `what`. */
static bool drain(int fd, char *what, size_t size)
{
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    bool any = false;
    for (;;) {
        ssize_t len = read(fd, buf, sizeof buf);
        if (len <= 0) break;
        for (char *p = buf; p < buf + len;) {
            struct inotify_event *ev = (struct inotify_event *)p;
            if (ev->len && !ignored(ev->name)) {
                any = true;
                snprintf(what, size, "%s", ev->name);
            }
            p += sizeof *ev + ev->len;
        }
    }
    return any;
}

static int build_once(const tf_cli *o, int (*build)(const tf_cli *))
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) return build(o);
    if (pid == 0) {
        tf_diag_reset();
        int rc = build(o);
        fflush(NULL);
        _exit(rc);
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    if (WIFSIGNALED(st)) {
        fprintf(stderr, "trifold: error: the build stopped on signal %d\n", WTERMSIG(st));
        return 3;
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : 3;
}

int tf_watch_run(const tf_cli *o, int (*build)(const tf_cli *))
{
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) {
        tf_diag_error(NULL, "cannot watch files: %s", strerror(errno));
        return 3;
    }
    if (add_watch(fd, o->dir) < 0) return 1;
    for (size_t i = 0; i < o->n_clinic_args; i++) add_watch(fd, o->clinic_args[i]);
    bool tty = isatty(2);
    char what[NAME_MAX + 1] = "";
    for (unsigned round = 1;; round++) {
        if (tty) fputs("\033[H\033[2J", stderr);               /* the report replaces the last one */
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        fprintf(stderr, "[%02d:%02d:%02d] build %u%s%s%s\n", tm.tm_hour, tm.tm_min, tm.tm_sec, round,
                what[0] ? " (" : "", what, what[0] ? " changed)" : "");
        int rc = build_once(o, build);
        fprintf(stderr, rc == 0 ? "[ok] watching %s for changes (Ctrl-C stops)\n"
                                : "[failed: the last good output is kept] watching %s for changes (Ctrl-C stops)\n",
                o->dir);
        fflush(stderr);
        /* wait for a save, then for quiet */
        for (;;) {
            struct pollfd p = {fd, POLLIN, 0};
            if (poll(&p, 1, -1) < 0 && errno != EINTR) return 3;
            if (drain(fd, what, sizeof what)) break;
        }
        for (;;) {
            struct pollfd p = {fd, POLLIN, 0};
            int r = poll(&p, 1, TF_WATCH_QUIET_MS);
            if (r <= 0) break;
            drain(fd, what, sizeof what);
        }
    }
}
