/*
 * A set of file descriptors and a timeout for one poll(2) round of a main
 * loop.  Each module's *_wait() function adds what it waits for; the loop
 * then blocks in pollset_block() and calls every module's *_run().
 */
#ifndef FSW_POLLSET_H
#define FSW_POLLSET_H 1

#include <poll.h>
#include <signal.h>
#include <stddef.h>

struct pollset {
	struct pollfd *fds;
	size_t n, allocated;
	int timeout_ms;		/* -1 = none */
};

void pollset_init(struct pollset *);
void pollset_uninit(struct pollset *);
void pollset_clear(struct pollset *);
void pollset_add(struct pollset *, int fd, short events);
/* Adds PFD->fd with PFD->events, as filled by stream_wait(),
 * vconn_wait(), rconn_wait()...; a negative fd (nothing to wait for) is
 * skipped. */
void pollset_add_pollfd(struct pollset *, const struct pollfd *pfd);
/* Wake up after at most MS milliseconds; negative MS means no limit, as
 * for poll(2), so rconn_wait()-style timeouts can be passed as they are. */
void pollset_timeout(struct pollset *, int ms);
/* ppoll() with SIGMASK installed while blocked (NULL: unchanged); returns
 * ppoll's result (-1 with errno EINTR when a signal arrived). */
int pollset_block(struct pollset *, const sigset_t *sigmask);
/* Revents of FD after pollset_block(), 0 if FD was not in the set. */
short pollset_revents(const struct pollset *, int fd);

#endif
