/*
 * MAC learning table: a chained hash table keyed by (MAC, VLAN).
 */
#include <config.h>
#include "mac-learning.h"

#include <stdlib.h>
#include <string.h>
#include "util.h"

struct mac_table *mac_table_create(void)
{
	struct mac_table *t = xzalloc(sizeof *t);

	t->n_buckets = 1024;
	t->buckets = xzalloc(t->n_buckets * sizeof *t->buckets);
	t->max = MAC_DEFAULT_MAX;
	t->aging = MAC_DEFAULT_AGING;
	return t;
}

void mac_table_destroy(struct mac_table *t)
{
	if (!t)
		return;
	mac_table_flush(t, 0);
	free(t->buckets);
	free(t);
}

static size_t mac_hash(const struct mac_table *t, const uint8_t mac[6],
		       uint16_t vlan)
{
	uint64_t h = vlan;
	int i;

	for (i = 0; i < 6; i++)
		h = h * 1099511628211ULL + mac[i];
	h ^= h >> 29;
	return h % t->n_buckets;
}

static struct mac_entry **mac_find(const struct mac_table *t,
				   const uint8_t mac[6], uint16_t vlan)
{
	struct mac_entry **pe = &t->buckets[mac_hash(t, mac, vlan)];

	for (; *pe; pe = &(*pe)->next)
		if ((*pe)->vlan == vlan && !memcmp((*pe)->mac, mac, 6))
			return pe;
	return pe;
}

bool mac_table_learn(struct mac_table *t, const uint8_t mac[6],
		     uint16_t vlan, uint32_t port, long long now)
{
	struct mac_entry **pe, *e;

	if (mac[0] & 1)
		return false;	/* multicast/broadcast source: bogus */
	pe = mac_find(t, mac, vlan);
	e = *pe;
	if (e) {
		bool moved = e->port != port;

		e->port = port;
		e->expires = now + t->aging * 1000LL;
		if (moved)
			t->seq++;
		return moved;
	}
	if (t->n >= t->max) {
		mac_table_expire(t, now);
		if (t->n >= t->max)
			return false;
		pe = mac_find(t, mac, vlan);
	}
	e = xzalloc(sizeof *e);
	memcpy(e->mac, mac, 6);
	e->vlan = vlan;
	e->port = port;
	e->expires = now + t->aging * 1000LL;
	*pe = e;
	t->n++;
	t->seq++;
	return true;
}

uint32_t mac_table_lookup(const struct mac_table *t, const uint8_t mac[6],
			  uint16_t vlan, long long now)
{
	struct mac_entry *e = *mac_find(t, mac, vlan);

	return e && e->expires > now ? e->port : 0;
}

static size_t mac_remove_if(struct mac_table *t, long long now,
			    uint32_t port, bool by_port)
{
	size_t i, n = 0;

	for (i = 0; i < t->n_buckets; i++) {
		struct mac_entry **pe = &t->buckets[i];

		while (*pe) {
			struct mac_entry *e = *pe;
			bool kill = by_port ? (!port || e->port == port)
					    : e->expires <= now;

			if (kill) {
				*pe = e->next;
				free(e);
				t->n--;
				n++;
			} else {
				pe = &e->next;
			}
		}
	}
	if (n)
		t->seq++;
	return n;
}

size_t mac_table_expire(struct mac_table *t, long long now)
{
	return mac_remove_if(t, now, 0, false);
}

void mac_table_set_aging(struct mac_table *t, int aging, long long now)
{
	long long limit = now + aging * 1000LL;
	struct mac_entry *e;
	size_t i;

	t->aging = aging;
	for (i = 0; i < t->n_buckets; i++)
		for (e = t->buckets[i]; e; e = e->next)
			if (e->expires > limit)
				e->expires = limit;
}

void mac_table_flush(struct mac_table *t, uint32_t port)
{
	mac_remove_if(t, 0, port, true);
}

void mac_table_for_each(const struct mac_table *t, long long now,
			void (*cb)(const struct mac_entry *, long long age_s,
				   void *aux), void *aux)
{
	size_t i;
	struct mac_entry *e;

	for (i = 0; i < t->n_buckets; i++)
		for (e = t->buckets[i]; e; e = e->next)
			if (e->expires > now)
				cb(e, t->aging - (e->expires - now) / 1000,
				   aux);
}
