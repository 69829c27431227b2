#include <config.h>
#include "pollset.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

void pollset_init(struct pollset *ps)
{
	memset(ps, 0, sizeof *ps);
	ps->timeout_ms = -1;
}

void pollset_uninit(struct pollset *ps)
{
	free(ps->fds);
}

void pollset_clear(struct pollset *ps)
{
	ps->n = 0;
	ps->timeout_ms = -1;
}

void pollset_add(struct pollset *ps, int fd, short events)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		if (ps->fds[i].fd == fd) {
			ps->fds[i].events |= events;
			return;
		}
	}
	if (ps->n == ps->allocated) {
		ps->allocated = ps->allocated ? ps->allocated * 2 : 8;
		ps->fds = xrealloc(ps->fds, ps->allocated * sizeof *ps->fds);
	}
	ps->fds[ps->n].fd = fd;
	ps->fds[ps->n].events = events;
	ps->fds[ps->n].revents = 0;
	ps->n++;
}

void pollset_add_pollfd(struct pollset *ps, const struct pollfd *pfd)
{
	if (pfd->fd >= 0)
		pollset_add(ps, pfd->fd, pfd->events);
}

void pollset_timeout(struct pollset *ps, int ms)
{
	if (ms < 0)
		return;
	if (ps->timeout_ms < 0 || ms < ps->timeout_ms)
		ps->timeout_ms = ms;
}

int pollset_block(struct pollset *ps, const sigset_t *sigmask)
{
	struct timespec ts, *tsp = NULL;
	size_t i;

	for (i = 0; i < ps->n; i++)
		ps->fds[i].revents = 0;
	if (ps->timeout_ms >= 0) {
		ts.tv_sec = ps->timeout_ms / 1000;
		ts.tv_nsec = (long)(ps->timeout_ms % 1000) * 1000000;
		tsp = &ts;
	}
	return ppoll(ps->fds, ps->n, tsp, sigmask);
}

short pollset_revents(const struct pollset *ps, int fd)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (ps->fds[i].fd == fd)
			return ps->fds[i].revents;
	return 0;
}
