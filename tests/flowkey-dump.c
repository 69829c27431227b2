/*
 * flowkey-dump: prints the datapath key that the shared packet parser
 * (datapath/flow_extract.c) extracts from each packet, so that keys from
 * the userspace build can be compared byte for byte with keys the kernel
 * module reports (e.g. in upcalls) for the same packets.
 *
 *   tests/flowkey-dump [-t] [-d] [-k] [FILE]
 *
 * Input (FILE or stdin) is either a classic pcap file with Ethernet
 * link type (either byte order, micro- or nanosecond) or text with one
 * packet per line as hex digits; blanks and ':' between digits are
 * ignored, and empty lines and lines starting with '#' are skipped.
 *
 * Output: one line per packet, sizeof(struct fsw_key) bytes as lowercase
 * hex, metadata fields zero.  With -t each line is followed by the key's
 * fields, one "name=value" per line, for people; with -d by a line
 * "# " and the key in ovs-dpctl form (the OVS_KEY_ATTR_* stream
 * lib/odp.c builds from it), to set beside a kernel's upcall key.
 *
 * With -k the input lines are not packets but OVS_KEY_ATTR_* streams
 * (e.g. the payload of an upcall's OVS_PACKET_ATTR_KEY), converted with
 * odp_key_to_fsw(); the output is the same hex key, so the two can be
 * compared directly, plus a "# fit=..." line when the fit is not
 * perfect.
 */
#include <config.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsw/flow_extract.h"
#include "odp.h"

#define MAX_PACKET 65535

static int verbose;
static int dpctl;
static int attrs_in;

static void print_bytes(const char *name, const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	if (name)
		printf("  %s=", name);
	for (i = 0; i < n; i++)
		printf("%02x", b[i]);
	if (name)
		putchar('\n');
}

#define FIELD(k, f) print_bytes(#f, &(k)->f, sizeof((k)->f))

static void print_fields(const struct fsw_key *k)
{
	FIELD(k, eth_src);
	FIELD(k, eth_dst);
	FIELD(k, vlan.tpid);
	FIELD(k, vlan.tci);
	FIELD(k, cvlan.tpid);
	FIELD(k, cvlan.tci);
	FIELD(k, eth_type);
	FIELD(k, nw_proto);
	FIELD(k, nw_tos);
	FIELD(k, ipv4_src);
	FIELD(k, ipv4_dst);
	FIELD(k, ipv6_label);
	FIELD(k, ipv6_src);
	FIELD(k, ipv6_dst);
	FIELD(k, nw_ttl);
	FIELD(k, nw_frag);
	FIELD(k, arp_sha);
	FIELD(k, arp_tha);
	FIELD(k, tp_src);
	FIELD(k, tp_dst);
	FIELD(k, tcp_flags);
	FIELD(k, nd_sll);
	FIELD(k, nd_tll);
	FIELD(k, nd_target);
}

static void dump_packet(const uint8_t *data, size_t len)
{
	struct fsw_key key;

	memset(&key, 0, sizeof key);
	if (attrs_in) {
		struct odp_fit_info info;
		enum odp_fit fit = odp_key_to_fsw(data, len, &key, &info);

		if (fit != ODP_FIT_PERFECT)
			printf("# fit=%s extra=%#llx missing=%#llx\n",
			       odp_fit_to_string(fit),
			       (unsigned long long)info.extra,
			       (unsigned long long)info.missing);
	} else if (fsw_key_extract(data, len, &key)) {
		printf("# short frame (%zu bytes); key follows\n", len);
	}
	print_bytes(NULL, &key, sizeof key);
	putchar('\n');
	if (verbose)
		print_fields(&key);
	if (dpctl) {
		struct buf attrs = BUF_INITIALIZER;
		char *s;

		odp_key_from_fsw(&attrs, &key);
		s = odp_key_to_string(attrs.data, attrs.size, NULL, 0);
		printf("# %s\n", s);
		free(s);
		buf_uninit(&attrs);
	}
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Parses one text line into PKT; returns its length or -1. */
static long parse_hex_line(const char *line, uint8_t *pkt)
{
	long n = 0;
	int hi = -1;

	for (; *line; line++) {
		int v = hexval((unsigned char)*line);

		if (v < 0) {
			if (isspace((unsigned char)*line) || *line == ':')
				continue;
			return -1;
		}
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n >= MAX_PACKET)
			return -1;
		pkt[n++] = hi << 4 | v;
		hi = -1;
	}
	return hi < 0 ? n : -1;
}

static int read_text(FILE *f, const char *name)
{
	static uint8_t pkt[MAX_PACKET];
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0;
	int status = 0;

	while (getline(&line, &cap, f) > 0) {
		const char *s = line;
		long n;

		lineno++;
		while (isspace((unsigned char)*s))
			s++;
		if (!*s || *s == '#')
			continue;
		n = parse_hex_line(s, pkt);
		if (n < 0) {
			fprintf(stderr, "%s:%lu: not an even run of hex digits\n",
				name, lineno);
			status = 1;
			continue;
		}
		dump_packet(pkt, n);
	}
	free(line);
	return status;
}

static uint32_t rd32(const uint8_t *p, int swap)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return swap ? __builtin_bswap32(v) : v;
}

static int read_pcap(FILE *f, const char *name, const uint8_t *ghdr)
{
	static uint8_t pkt[MAX_PACKET];
	uint32_t magic = rd32(ghdr, 0);
	int swap = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
	uint8_t rhdr[16];

	if (rd32(ghdr + 20, swap) != 1) {
		fprintf(stderr, "%s: link type %u is not Ethernet\n", name,
			rd32(ghdr + 20, swap));
		return 1;
	}
	while (fread(rhdr, 1, sizeof rhdr, f) == sizeof rhdr) {
		uint32_t caplen = rd32(rhdr + 8, swap);

		if (caplen > MAX_PACKET || fread(pkt, 1, caplen, f) != caplen) {
			fprintf(stderr, "%s: truncated or corrupt record\n",
				name);
			return 1;
		}
		dump_packet(pkt, caplen);
	}
	return 0;
}

static int is_pcap_magic(uint32_t m)
{
	return m == 0xa1b2c3d4 || m == 0xd4c3b2a1 ||
	       m == 0xa1b23c4d || m == 0x4d3cb2a1;
}

int main(int argc, char *argv[])
{
	const char *name = "-";
	uint8_t ghdr[24];
	size_t got;
	FILE *f = stdin;
	int opt, status;

	while ((opt = getopt(argc, argv, "tdkh")) != -1) {
		switch (opt) {
		case 't':
			verbose = 1;
			break;
		case 'd':
			dpctl = 1;
			break;
		case 'k':
			attrs_in = 1;
			break;
		default:
			fprintf(stderr, "usage: %s [-t] [-d] [-k] [FILE]\n", argv[0]);
			return opt == 'h' ? 0 : 2;
		}
	}
	if (optind < argc) {
		name = argv[optind];
		f = fopen(name, "rb");
		if (!f) {
			fprintf(stderr, "%s: %s\n", name, strerror(errno));
			return 1;
		}
	}

	/* Sniff for a pcap header; otherwise put the bytes back as text. */
	got = fread(ghdr, 1, sizeof ghdr, f);
	if (got == sizeof ghdr && is_pcap_magic(rd32(ghdr, 0))) {
		status = read_pcap(f, name, ghdr);
	} else {
		FILE *rest;
		char *buf = NULL;
		size_t size = 0;
		int c;

		rest = open_memstream(&buf, &size);
		fwrite(ghdr, 1, got, rest);
		while ((c = getc(f)) != EOF)
			putc(c, rest);
		fclose(rest);
		rest = fmemopen(buf, size ? size : 1, "r");
		status = read_text(rest, name);
		fclose(rest);
		free(buf);
	}
	if (f != stdin)
		fclose(f);
	return status;
}
