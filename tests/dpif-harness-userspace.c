/*
 * Harness for the dpif suite on the userspace datapath (natively, as
 * tests/unit/test-dpif-userspace): harness ports are in-memory test ports
 * (dpif_test_port_add), and the datapath's work happens in dpif_run(),
 * which captures call while they wait.
 */
#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>

#include "dpif.h"
#include "dpif-suite.h"

const char *harness_dp_type = "userspace";
int harness_internal_ports;

static const char *const names[HARNESS_PORTS] = { "dpu0", "dpu1" };

const char *harness_port_name(int idx)
{
	return names[idx];
}

/* Internal ports are TAP devices: only where we may create them. */
static int tap_works(void)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR), ok;

	if (fd < 0)
		return 0;
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "dpu-probe%d",
		 (int)getpid() % 10000);
	ok = ioctl(fd, TUNSETIFF, &ifr) == 0;
	close(fd);
	return ok;
}

int harness_init(void)
{
	harness_internal_ports = tap_works();
	return 0;
}

void harness_fini(void)
{
}

int harness_port_add(struct dpif *dp, int idx, uint32_t *port_no)
{
	return dpif_test_port_add(dp, names[idx], port_no);
}

static int port_no_of(struct dpif *dp, int idx, uint32_t *no)
{
	struct dpif_port p;
	int err = dpif_port_get_by_name(dp, names[idx], &p);

	if (!err) {
		*no = p.port_no;
		dpif_port_uninit(&p);
	}
	return err;
}

int harness_inject(struct dpif *dp, int idx, const void *pkt, size_t len)
{
	uint32_t no;
	int err = port_no_of(dp, idx, &no);

	return err ? err : dpif_test_port_inject(dp, no, pkt, len);
}

int harness_capture(struct dpif *dp, int idx, struct buf *pkt, int timeout_ms)
{
	struct timespec start, now;
	uint32_t no;
	int err = port_no_of(dp, idx, &no);

	if (err)
		return err;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		dpif_run(dp);
		err = dpif_test_port_capture(dp, no, pkt);
		if (err != -EAGAIN)
			return err;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - start.tv_sec) * 1000 +
		    (now.tv_nsec - start.tv_nsec) / 1000000 >= timeout_ms)
			return -EAGAIN;
		usleep(1000);
	}
}

int main(void)
{
	return dpif_suite_run();
}
