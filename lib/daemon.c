#include <config.h>
#include "daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static int ready_fd = -1;	/* child's end of the readiness pipe */

int lockfile_acquire(const char *path, int *fdp, char **errp)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	char buf[32];
	int fd, err;

	*fdp = -1;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		err = -errno;
		*errp = xasprintf("%s: cannot open: %s", path, strerror(errno));
		return err;
	}
	if (fcntl(fd, F_SETLK, &fl)) {
		err = errno == EACCES || errno == EAGAIN ? -EBUSY : -errno;
		if (err == -EBUSY && !fcntl(fd, F_GETLK, &fl) &&
		    fl.l_type != F_UNLCK)
			*errp = xasprintf("%s is locked by another running "
					  "instance (pid %ld)", path,
					  (long)fl.l_pid);
		else
			*errp = xasprintf("%s: cannot lock: %s", path,
					  strerror(-err));
		close(fd);
		return err;
	}
	snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) || write(fd, buf, strlen(buf)) < 0) {
		err = -errno;
		*errp = xasprintf("%s: cannot write: %s", path,
				  strerror(errno));
		close(fd);
		return err;
	}
	*fdp = fd;
	return 0;
}

void lockfile_release(const char *path, int fd)
{
	if (fd < 0)
		return;
	unlink(path);
	close(fd);
}

void daemonize_start(void)
{
	int fds[2], status;
	pid_t pid;
	char c;

	if (pipe2(fds, O_CLOEXEC)) {
		perror("pipe");
		exit(1);
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid > 0) {
		close(fds[1]);
		if (read(fds[0], &c, 1) == 1)
			exit(0);
		/* The child died before it was ready. */
		if (waitpid(pid, &status, 0) == pid && WIFEXITED(status))
			exit(WEXITSTATUS(status) ? WEXITSTATUS(status) : 1);
		exit(1);
	}
	close(fds[0]);
	ready_fd = fds[1];
	setsid();
}

void daemonize_complete(void)
{
	int fd;

	if (ready_fd < 0)
		return;
	/* Failure is harmless: chdir only avoids pinning a mount. */
	if (chdir("/")) {
	}
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	/* If the parent is gone there is nobody to tell. */
	if (write(ready_fd, "R", 1) != 1) {
	}
	close(ready_fd);
	ready_fd = -1;
}

int mkdir_p(const char *path, int mode)
{
	char *copy = xstrdup(path), *p;
	int err = 0;

	for (p = copy + 1; ; p++) {
		if (*p == '/' || !*p) {
			char saved = *p;

			*p = '\0';
			if (mkdir(copy, mode) && errno != EEXIST) {
				err = -errno;
				break;
			}
			*p = saved;
			if (!saved)
				break;
		}
	}
	free(copy);
	return err;
}
