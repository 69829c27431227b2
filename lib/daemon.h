/*
 * Daemon plumbing: pid files with a lock (so that a second instance
 * refuses to start instead of stealing the first one's socket), and
 * detaching into the background with the parent returning only once the
 * child is ready (or has failed), so "fsw-vswitchd --detach && fsw-vsctl"
 * never races.
 */
#ifndef FSW_DAEMON_H
#define FSW_DAEMON_H 1

/* Creates PATH (if needed), takes an exclusive fcntl lock on it and writes
 * our pid into it.  If another process holds the lock: -EBUSY and ERRP
 * names its pid.  The lock lives as long as the returned fd (or the
 * process). */
int lockfile_acquire(const char *path, int *fdp, char **errp);
/* Unlinks PATH and closes FD. */
void lockfile_release(const char *path, int fd);

/* Forks.  Returns in the child only; the parent waits until the child
 * calls daemonize_complete() (then exits 0) or exits (then exits with the
 * child's status; the child's error messages went to the shared
 * stderr). */
void daemonize_start(void);
/* In the child: detaches stdio (to /dev/null) and releases the parent. */
void daemonize_complete(void);

/* mkdir -p PATH with MODE; 0 or a negative errno. */
int mkdir_p(const char *path, int mode);

#endif
