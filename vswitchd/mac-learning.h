/*
 * The MAC learning table behind the NORMAL action: (VLAN, MAC) -> port,
 * with aging.  Guarded by ofproto_mutex like the rest of the ofproto.
 */
#ifndef FSW_MAC_LEARNING_H
#define FSW_MAC_LEARNING_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAC_DEFAULT_AGING 300	/* seconds */
#define MAC_DEFAULT_MAX 8192	/* entries */

struct mac_entry {
	struct mac_entry *next;	/* hash chain */
	uint8_t mac[6];
	uint16_t vlan;
	uint32_t port;		/* OpenFlow port */
	long long expires;	/* ms */
};

struct mac_table {
	struct mac_entry **buckets;
	size_t n_buckets;
	size_t n;
	size_t max;
	int aging;		/* seconds */
	uint64_t seq;		/* bumped when a mapping is added or moves */
};

struct mac_table *mac_table_create(void);
void mac_table_destroy(struct mac_table *);
/* Learns MAC on VLAN at PORT (multicast sources are ignored).  Returns
 * true if the table changed in a way that affects forwarding (new entry
 * or a move), false for a mere refresh. */
bool mac_table_learn(struct mac_table *, const uint8_t mac[6],
		     uint16_t vlan, uint32_t port, long long now);
/* The port MAC was learned on in VLAN, or 0 if unknown/expired. */
uint32_t mac_table_lookup(const struct mac_table *, const uint8_t mac[6],
			  uint16_t vlan, long long now);
/* Drops expired entries; returns how many. */
size_t mac_table_expire(struct mac_table *, long long now);
/* Sets the aging time (seconds); entries that would now live longer than
 * that are cut to it. */
void mac_table_set_aging(struct mac_table *, int aging, long long now);
/* Forgets every entry on PORT (port deleted), or all if PORT is 0. */
void mac_table_flush(struct mac_table *, uint32_t port);
/* Calls CB for every live entry. */
void mac_table_for_each(const struct mac_table *, long long now,
			void (*cb)(const struct mac_entry *, long long age_s,
				   void *aux), void *aux);

#endif
