/* Tuple space search classifier with staged lookup and prefix tries;
 * see classifier.h for the design and the concurrency rules. */
#include <config.h>
#include "classifier.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "epoch.h"
#include "util.h"

/* Lookup stages, in order. */
enum { STAGE_META, STAGE_L2, STAGE_L3, STAGE_L4, N_STAGES };

struct stage_word {
	uint64_t mask;
	uint8_t idx;		/* word of struct flow */
};

struct cls_subtable {
	struct flow mask;
	uint32_t mask_hash;
	uint8_t n_words;
	uint8_t n_stages;		/* stages with any mask bit */
	uint8_t stage_end[N_STAGES];	/* words[] end of each stage */
	uint8_t stage_id[N_STAGES];
	uint8_t trie_plen[CLS_N_TRIES];	/* 0: no trie for this field */
	bool stage_has_trie[N_STAGES];	/* some trie_plen of that stage */
	struct stage_word words[FLOW_WORDS + N_STAGES];
	struct hindex index[N_STAGES - 1];	/* stage hashes but the last */
	struct pmap groups;		/* masked flow hash -> group */
	uint64_t min_seq;		/* <= seq of every rule in it */
	/* Writer only. */
	size_t n_rules;
	int max_priority;
	size_t max_count;		/* rules at max_priority */
};

/* The rules of one subtable with one masked flow. */
struct cls_group {
	struct cls_subtable *st;
	struct cls_rule *_Atomic head;	/* highest priority first */
	uint32_t stage_hash[N_STAGES];
	uint64_t vals[];		/* the masked flow, as st->words */
};

struct cls_subvec_entry {
	struct cls_subtable *st;
	int max_priority;
};

struct cls_subvec {
	size_t n;
	struct cls_subvec_entry e[];
};

/* Byte ranges of struct flow per stage. */
static uint64_t stage_mask[N_STAGES][FLOW_WORDS];
static pthread_once_t stage_once = PTHREAD_ONCE_INIT;

static void mark(uint8_t *st, size_t ofs, size_t len, uint8_t stage)
{
	memset(st + ofs, stage, len);
}

static void init_stage_masks(void)
{
	uint8_t st[sizeof(struct flow)];
	size_t i;

	mark(st, 0, sizeof st, STAGE_L4);
	mark(st, 0, offsetof(struct flow, dp.eth_src), STAGE_META);
	mark(st, offsetof(struct flow, dp.eth_src),
	     offsetof(struct flow, dp.nw_proto) -
	     offsetof(struct flow, dp.eth_src), STAGE_L2);
	mark(st, offsetof(struct flow, dp.nw_proto),
	     offsetof(struct flow, dp.tp_src) -
	     offsetof(struct flow, dp.nw_proto), STAGE_L3);
	mark(st, offsetof(struct flow, metadata), 8, STAGE_META);
	mark(st, offsetof(struct flow, tunnel_id), 8, STAGE_META);
	mark(st, offsetof(struct flow, mpls_lse), 4, STAGE_L2);
	mark(st, offsetof(struct flow, pbb_isid), 4, STAGE_L2);
	mark(st, offsetof(struct flow, ipv6_exthdr), 2, STAGE_L3);
	for (i = 0; i < sizeof st; i++) {
		uint8_t b[8] = { 0 };
		uint64_t m;

		b[i % 8] = 0xff;
		memcpy(&m, b, 8);
		stage_mask[st[i]][i / 8] |= m;
	}
}

/* ---- Trie fields ---- */

static const struct {
	size_t ofs;
	unsigned int bytes;
	int stage;			/* the stage the field is hashed in */
} trie_fields[CLS_N_TRIES] = {
	[CLS_TRIE_IPV4_SRC] = { offsetof(struct flow, dp.ipv4_src), 4,
				STAGE_L3 },
	[CLS_TRIE_IPV4_DST] = { offsetof(struct flow, dp.ipv4_dst), 4,
				STAGE_L3 },
	[CLS_TRIE_IPV6_SRC] = { offsetof(struct flow, dp.ipv6_src), 16,
				STAGE_L3 },
	[CLS_TRIE_IPV6_DST] = { offsetof(struct flow, dp.ipv6_dst), 16,
				STAGE_L3 },
	[CLS_TRIE_TP_SRC] = { offsetof(struct flow, dp.tp_src), 2, STAGE_L4 },
	[CLS_TRIE_TP_DST] = { offsetof(struct flow, dp.tp_dst), 2, STAGE_L4 },
};

static const uint8_t *field_of(const struct flow *f, int t)
{
	return (const uint8_t *)f + trie_fields[t].ofs;
}

/* Prefix length of a CIDR mask, 0 if the mask is empty or not CIDR. */
static unsigned int cidr_len(const uint8_t *m, unsigned int bytes)
{
	unsigned int i, n = 0;

	for (i = 0; i < bytes && m[i] == 0xff; i++)
		n += 8;
	if (i < bytes) {
		uint8_t b = m[i];

		while (b & 0x80) {
			b <<= 1;
			n++;
		}
		if (b)
			return 0;
		for (i++; i < bytes; i++)
			if (m[i])
				return 0;
	}
	return n;
}

/* Sets the first n bits of field t in wc. */
static void unwildcard_prefix(struct flow *wc, int t, unsigned int n)
{
	uint8_t *p = (uint8_t *)wc + trie_fields[t].ofs;

	for (; n >= 8; n -= 8)
		*p++ = 0xff;
	if (n)
		*p |= (uint8_t)(0xff00 >> n);
}

static void tries_add(struct classifier *cls, const struct cls_subtable *st,
		      const struct flow *f)
{
	int t;

	for (t = 0; t < CLS_N_TRIES; t++)
		if (st->trie_plen[t])
			trie_insert(&cls->tries[t], field_of(f, t),
				    st->trie_plen[t]);
}

static void tries_del(struct classifier *cls, const struct cls_subtable *st,
		      const struct flow *f)
{
	int t;

	for (t = 0; t < CLS_N_TRIES; t++)
		if (st->trie_plen[t] &&
		    !trie_remove(&cls->tries[t], field_of(f, t),
				 st->trie_plen[t]))
			abort();	/* the trie lost a prefix: a bug */
}

/* ---- Hashing ---- */

static uint32_t mask_hash(const struct flow *mask)
{
	const uint64_t *m = (const uint64_t *)mask;
	uint32_t h = 0;
	size_t i;

	for (i = 0; i < FLOW_WORDS; i++)
		h = hash_add64(h, m[i]);
	return hash_finish(h, FLOW_WORDS);
}

/* Hash of each stage prefix of flow masked by the subtable. */
static void stage_hashes(const struct cls_subtable *st, const struct flow *f,
			 uint32_t out[N_STAGES])
{
	const uint64_t *w = (const uint64_t *)f;
	uint32_t h = 0;
	unsigned int s, i = 0;

	out[0] = hash_finish(0, 0);
	for (s = 0; s < st->n_stages; s++) {
		for (; i < st->stage_end[s]; i++)
			h = hash_add64(h, w[st->words[i].idx] &
				       st->words[i].mask);
		out[s] = hash_finish(h, i);
	}
}

static uint32_t full_hash(const struct cls_subtable *st, const struct flow *f)
{
	uint32_t h[N_STAGES];

	stage_hashes(st, f, h);
	return h[st->n_stages ? st->n_stages - 1 : 0];
}

/* ---- Subtables ---- */

static struct cls_subtable *subtable_new(const struct flow *mask,
					 uint32_t hash)
{
	struct cls_subtable *st = xzalloc(sizeof *st);
	const uint64_t *m = (const uint64_t *)mask;
	unsigned int s, w, n = 0;
	int t;

	pthread_once(&stage_once, init_stage_masks);
	st->mask = *mask;
	st->mask_hash = hash;
	for (s = 0; s < N_STAGES; s++) {
		unsigned int start = n;

		for (w = 0; w < FLOW_WORDS; w++) {
			if (m[w] & stage_mask[s][w]) {
				st->words[n].idx = w;
				st->words[n].mask = m[w] & stage_mask[s][w];
				n++;
			}
		}
		if (n > start) {
			st->stage_id[st->n_stages] = s;
			st->stage_end[st->n_stages++] = n;
		}
	}
	st->n_words = n;
	for (t = 0; t < CLS_N_TRIES; t++) {
		st->trie_plen[t] = cidr_len(field_of(mask, t),
					    trie_fields[t].bytes);
		if (st->trie_plen[t])
			st->stage_has_trie[trie_fields[t].stage] = true;
	}
	for (s = 0; s < N_STAGES - 1; s++)
		hindex_init(&st->index[s]);
	pmap_init(&st->groups);
	return st;
}

static void subtable_free(void *p)
{
	struct cls_subtable *st = p;
	size_t s;

	for (s = 0; s < N_STAGES - 1; s++)
		hindex_destroy(&st->index[s]);
	pmap_destroy(&st->groups);
	free(st);
}

static bool group_matches(const struct cls_subtable *st,
			  const struct cls_group *g, const struct flow *f)
{
	const uint64_t *a = (const uint64_t *)f;
	unsigned int i;

	for (i = 0; i < st->n_words; i++) {
		const struct stage_word *w = &st->words[i];

		if ((a[w->idx] & w->mask) != g->vals[i])
			return false;
	}
	return true;
}

static struct cls_group *find_group(const struct cls_subtable *st,
				    uint32_t hash, const struct flow *f)
{
	struct pmap_pos pos;
	struct cls_group *g;

	for (g = pmap_first(&st->groups, hash, &pos); g;
	     g = pmap_next(&st->groups, hash, &pos))
		if (group_matches(st, g, f))
			return g;
	return NULL;
}

static bool mask_equal(const void *obj, const struct flow *mask)
{
	const struct cls_subtable *st = obj;

	return !memcmp(&st->mask, mask, sizeof *mask);
}

static struct cls_subtable *find_subtable(const struct classifier *cls,
					  const struct flow *mask)
{
	uint32_t h = mask_hash(mask);
	struct cls_subtable *st;
	struct pmap_pos pos;

	for (st = pmap_first(&cls->subtables, h, &pos); st;
	     st = pmap_next(&cls->subtables, h, &pos))
		if (mask_equal(st, mask))
			return st;
	return NULL;
}

/* ---- The sorted subtable vector ---- */

static int subvec_cmp(const void *a_, const void *b_)
{
	const struct cls_subvec_entry *a = a_, *b = b_;

	if (a->max_priority != b->max_priority)
		return a->max_priority > b->max_priority ? -1 : 1;
	if (a->st->min_seq != b->st->min_seq)
		return a->st->min_seq < b->st->min_seq ? -1 : 1;
	return 0;
}

/* Rebuilds and republishes the vector from the subtable map. */
static void publish_subvec(struct classifier *cls)
{
	struct cls_subvec *old = atomic_load(&cls->vec), *v;
	struct cls_subtable *st;
	struct pmap_pos pos = PMAP_POS_INIT;

	v = xmalloc(sizeof *v + cls->subtables.n * sizeof v->e[0]);
	v->n = 0;
	while ((st = pmap_at(&cls->subtables, &pos)) != NULL) {
		v->e[v->n].st = st;
		v->e[v->n].max_priority = st->max_priority;
		v->n++;
	}
	qsort(v->e, v->n, sizeof v->e[0], subvec_cmp);
	atomic_store_explicit(&cls->vec, v, memory_order_release);
	epoch_defer(free, old);
}

/* ---- Public API ---- */

void cls_rule_init(struct cls_rule *r, const struct match *m, int priority)
{
	memset(r, 0, sizeof *r);
	r->match = *m;
	match_normalize(&r->match);
	r->priority = priority;
	atomic_init(&r->next, NULL);
	atomic_init(&r->add_version, 0);
	atomic_init(&r->remove_version, CLS_VERSION_NEVER);
}

bool cls_rule_visible_in(const struct cls_rule *r, uint64_t version)
{
	return atomic_load_explicit(&r->add_version, memory_order_relaxed) <=
	       version &&
	       version < atomic_load_explicit(&r->remove_version,
					      memory_order_relaxed);
}

bool cls_rule_is_inserted(const struct cls_rule *r)
{
	return r->group != NULL;
}

void cls_init(struct classifier *cls)
{
	struct cls_subvec *v = xzalloc(sizeof *v);
	int t;

	pthread_once(&stage_once, init_stage_masks);
	atomic_init(&cls->vec, v);
	pmap_init(&cls->subtables);
	for (t = 0; t < CLS_N_TRIES; t++)
		trie_init(&cls->tries[t], trie_fields[t].bytes * 8);
	atomic_init(&cls->n_rules, 0);
	atomic_init(&cls->generation, 0);
	atomic_init(&cls->version, 0);
	cls->next_seq = 1;
}

void cls_destroy(struct classifier *cls)
{
	struct cls_subtable *st;
	struct pmap_pos pos = PMAP_POS_INIT;
	int t;

	while ((st = pmap_at(&cls->subtables, &pos)) != NULL) {
		struct cls_group *g;
		struct pmap_pos gpos = PMAP_POS_INIT;

		while ((g = pmap_at(&st->groups, &gpos)) != NULL) {
			struct cls_rule *r;

			for (r = atomic_load(&g->head); r;
			     r = atomic_load(&r->next))
				r->group = NULL;
			free(g);
		}
		subtable_free(st);
	}
	pmap_destroy(&cls->subtables);
	free(atomic_load(&cls->vec));
	atomic_store(&cls->vec, NULL);
	for (t = 0; t < CLS_N_TRIES; t++)
		trie_destroy(&cls->tries[t]);
	atomic_store(&cls->n_rules, 0);
}

size_t cls_count(const struct classifier *cls)
{
	return atomic_load(&cls->n_rules);
}

bool cls_is_empty(const struct classifier *cls)
{
	return !cls_count(cls);
}

uint64_t cls_generation(const struct classifier *cls)
{
	return atomic_load(&cls->generation);
}

bool cls_rule_matches(const struct cls_rule *r, const struct flow *f)
{
	const uint64_t *a = (const uint64_t *)f;
	const uint64_t *b = (const uint64_t *)&r->match.flow;
	const uint64_t *k = (const uint64_t *)&r->match.mask;
	size_t i;

	for (i = 0; i < FLOW_WORDS; i++)
		if ((a[i] ^ b[i]) & k[i])
			return false;
	return true;
}

static struct cls_subtable *get_subtable(struct classifier *cls,
					 const struct flow *mask)
{
	struct cls_subtable *st = find_subtable(cls, mask);

	if (!st) {
		st = subtable_new(mask, mask_hash(mask));
		st->min_seq = cls->next_seq;
		st->max_priority = 0;
		pmap_insert(&cls->subtables, st->mask_hash, st);
	}
	return st;
}

static struct cls_group *group_new(struct cls_subtable *st,
				   const struct flow *f)
{
	struct cls_group *g = xzalloc(sizeof *g +
				      st->n_words * sizeof g->vals[0]);
	const uint64_t *fw = (const uint64_t *)f;
	unsigned int s;

	g->st = st;
	for (s = 0; s < st->n_words; s++)
		g->vals[s] = fw[st->words[s].idx] & st->words[s].mask;
	stage_hashes(st, f, g->stage_hash);
	atomic_init(&g->head, NULL);
	for (s = 0; s + 1 < st->n_stages; s++)
		hindex_add(&st->index[s], g->stage_hash[s]);
	return g;
}

static uint32_t group_hash(const struct cls_group *g)
{
	return g->stage_hash[g->st->n_stages ? g->st->n_stages - 1 : 0];
}

/* Accounts for a new rule in the subtable's max priority. */
static void note_priority(struct classifier *cls, struct cls_subtable *st,
			  int priority)
{
	bool first = st->n_rules++ == 0;

	if (first || priority > st->max_priority) {
		st->max_priority = priority;
		st->max_count = 1;
		publish_subvec(cls);
	} else if (priority == st->max_priority) {
		st->max_count++;
	}
}

/* The rule of g with this priority whose visible range overlaps
 * [add, remove), other than skip; and in *slotp where a new rule of that
 * priority goes (before all rules of lower priority). */
static struct cls_rule *find_conflict(struct cls_group *g, int priority,
				      uint64_t add, uint64_t remove,
				      const struct cls_rule *skip,
				      struct cls_rule *_Atomic **slotp)
{
	struct cls_rule *_Atomic *slot = &g->head, *cur;
	struct cls_rule *found = NULL;

	while ((cur = atomic_load(slot)) && cur->priority > priority)
		slot = &cur->next;
	if (slotp)
		*slotp = slot;
	for (; cur && cur->priority == priority; cur = atomic_load(&cur->next))
		if (cur != skip && atomic_load(&cur->add_version) < remove &&
		    add < atomic_load(&cur->remove_version))
			found = found ? found : cur;
	return found;
}

static int do_insert(struct classifier *cls, struct cls_rule *rule,
		     bool replace, struct cls_rule **replaced,
		     uint64_t version)
{
	struct cls_rule *_Atomic *slot, *cur;
	struct cls_subtable *st;
	struct cls_group *g;
	bool new_group = false;

	if (replaced)
		*replaced = NULL;
	if (rule->group)
		return -EINVAL;
	atomic_store(&rule->add_version, version);
	atomic_store(&rule->remove_version, CLS_VERSION_NEVER);
	st = get_subtable(cls, &rule->match.mask);
	g = find_group(st, full_hash(st, &rule->match.flow),
		       &rule->match.flow);
	if (!g) {
		g = group_new(st, &rule->match.flow);
		new_group = true;
	}
	cur = find_conflict(g, rule->priority, version, CLS_VERSION_NEVER,
			    NULL, &slot);
	if (cur) {
		uint64_t now = cls_version(cls);
		struct cls_rule *x;

		if (!replace)
			return -EEXIST;
		/* Prefer the copy visible now (a batch may be pending). */
		for (x = cur; x && x->priority == rule->priority;
		     x = atomic_load(&x->next))
			if (cls_rule_visible_in(x, now)) {
				cur = x;
				break;
			}
		/* Take its place, its versions and its rank in ties. */
		for (slot = &g->head; atomic_load(slot) != cur;
		     slot = &atomic_load(slot)->next)
			;
		rule->seq = cur->seq;
		rule->group = g;
		atomic_store(&rule->add_version,
			     atomic_load(&cur->add_version));
		atomic_store(&rule->remove_version,
			     atomic_load(&cur->remove_version));
		atomic_store(&rule->next, atomic_load(&cur->next));
		atomic_store_explicit(slot, rule, memory_order_release);
		cur->group = NULL;
		if (replaced)
			*replaced = cur;
		atomic_fetch_add(&cls->generation, 1);
		return 0;
	}
	cur = atomic_load(slot);
	rule->seq = cls->next_seq++;
	rule->group = g;
	atomic_store(&rule->next, cur);
	atomic_store_explicit(slot, rule, memory_order_release);
	if (new_group)
		pmap_insert(&st->groups, group_hash(g), g);
	tries_add(cls, st, &rule->match.flow);
	atomic_fetch_add(&cls->n_rules, 1);
	note_priority(cls, st, rule->priority);
	atomic_fetch_add(&cls->generation, 1);
	return 0;
}

int cls_insert(struct classifier *cls, struct cls_rule *rule)
{
	return do_insert(cls, rule, false, NULL, 0);
}

int cls_insert_or_replace(struct classifier *cls, struct cls_rule *rule,
			  struct cls_rule **replaced)
{
	return do_insert(cls, rule, true, replaced, 0);
}

int cls_insert_in_version(struct classifier *cls, struct cls_rule *rule,
			  uint64_t version)
{
	return do_insert(cls, rule, false, NULL, version);
}

uint64_t cls_version(const struct classifier *cls)
{
	return atomic_load_explicit(&cls->version, memory_order_acquire);
}

int cls_publish(struct classifier *cls, uint64_t version)
{
	if (version < atomic_load(&cls->version))
		return -EINVAL;
	atomic_store_explicit(&cls->version, version, memory_order_release);
	atomic_fetch_add(&cls->generation, 1);
	return 0;
}

int cls_rule_hide_from(struct cls_rule *rule, uint64_t version)
{
	if (!rule->group)
		return -EINVAL;
	if (version < atomic_load(&rule->remove_version))
		atomic_store_explicit(&rule->remove_version, version,
				      memory_order_release);
	return 0;
}

int cls_rule_unhide(struct cls_rule *rule)
{
	uint64_t add = atomic_load(&rule->add_version);

	if (!rule->group)
		return -EINVAL;
	if (find_conflict(rule->group, rule->priority, add, CLS_VERSION_NEVER,
			  rule, NULL))
		return -EEXIST;
	atomic_store_explicit(&rule->remove_version, CLS_VERSION_NEVER,
			      memory_order_release);
	return 0;
}

/* Recomputes the subtable's max priority after its top rule left. */
static void rescan_priority(struct classifier *cls, struct cls_subtable *st)
{
	struct cls_group *g;
	struct pmap_pos pos = PMAP_POS_INIT;
	bool any = false;

	st->max_count = 0;
	while ((g = pmap_at(&st->groups, &pos)) != NULL) {
		struct cls_rule *r;

		for (r = atomic_load(&g->head); r; r = atomic_load(&r->next)) {
			if (!any || r->priority > st->max_priority) {
				st->max_priority = r->priority;
				st->max_count = 0;
				any = true;
			}
			if (r->priority == st->max_priority)
				st->max_count++;
		}
	}
	publish_subvec(cls);
}

static void remove_subtable(struct classifier *cls, struct cls_subtable *st)
{
	pmap_remove(&cls->subtables, st->mask_hash, st);
	publish_subvec(cls);
	epoch_defer(subtable_free, st);
}

bool cls_remove(struct classifier *cls, struct cls_rule *rule)
{
	struct cls_rule *_Atomic *slot, *cur;
	struct cls_group *g = rule->group;
	struct cls_subtable *st;
	unsigned int s;

	if (!g || find_subtable(cls, &g->st->mask) != g->st)
		return false;
	st = g->st;
	for (slot = &g->head; (cur = atomic_load(slot)) != rule;
	     slot = &cur->next)
		if (!cur)
			return false;
	atomic_store_explicit(slot, atomic_load(&rule->next),
			      memory_order_release);
	rule->group = NULL;
	tries_del(cls, st, &rule->match.flow);
	atomic_fetch_sub(&cls->n_rules, 1);
	atomic_fetch_add(&cls->generation, 1);
	if (!atomic_load(&g->head)) {
		pmap_remove(&st->groups, group_hash(g), g);
		for (s = 0; s + 1 < st->n_stages; s++)
			hindex_remove(&st->index[s], g->stage_hash[s]);
		epoch_defer(free, g);
	}
	if (!--st->n_rules)
		remove_subtable(cls, st);
	else if (rule->priority == st->max_priority && !--st->max_count)
		rescan_priority(cls, st);
	return true;
}

/* ---- Lookup ---- */

/* Per-lookup trie results, computed on first use. */
struct trie_ctx {
	bool done[CLS_N_TRIES];
	unsigned int checkbits[CLS_N_TRIES];
	uint64_t plens[CLS_N_TRIES][2];
};

/* If a trie on a field of this stage proves that no rule of st can
 * match, marks the bits that proved it and returns true. */
static bool tries_exclude(const struct classifier *cls,
			  const struct cls_subtable *st, int stage,
			  const struct flow *f, struct flow *wc,
			  struct trie_ctx *ctx)
{
	int t;

	for (t = 0; t < CLS_N_TRIES; t++) {
		unsigned int plen = st->trie_plen[t], n;

		if (!plen || trie_fields[t].stage != stage)
			continue;
		if (!ctx->done[t]) {
			ctx->checkbits[t] = trie_lookup(&cls->tries[t],
							field_of(f, t),
							ctx->plens[t]);
			ctx->done[t] = true;
		}
		if (trie_plen_in(ctx->plens[t], plen))
			continue;
		/* Whether a /plen prefix matches depends on plen bits; the
		 * trie's answer on checkbits bits: the fewer suffices. */
		n = ctx->checkbits[t] < plen ? ctx->checkbits[t] : plen;
		unwildcard_prefix(wc, t, n);
		return true;
	}
	return false;
}

static void unwildcard_words(const struct cls_subtable *st, unsigned int n,
			     struct flow *wc)
{
	uint64_t *w = (uint64_t *)wc;
	unsigned int i;

	for (i = 0; i < n; i++)
		w[st->words[i].idx] |= st->words[i].mask;
}

/* The best rule of g visible in version. */
static struct cls_rule *group_best(const struct cls_group *g, uint64_t version)
{
	struct cls_rule *r;

	for (r = atomic_load_explicit(&g->head, memory_order_acquire); r;
	     r = atomic_load_explicit(&r->next, memory_order_acquire))
		if (cls_rule_visible_in(r, version))
			return r;
	return NULL;
}

static struct cls_rule *subtable_lookup(const struct classifier *cls,
					const struct cls_subtable *st,
					const struct flow *f, struct flow *wc,
					struct trie_ctx *ctx, uint64_t version)
{
	const uint64_t *fw = (const uint64_t *)f;
	uint32_t h = 0, hs = hash_finish(0, 0);
	unsigned int s, i = 0;
	struct cls_group *g;

	for (s = 0; s < st->n_stages; s++) {
		if (st->stage_has_trie[st->stage_id[s]] &&
		    tries_exclude(cls, st, st->stage_id[s], f, wc, ctx))
			return NULL;
		for (; i < st->stage_end[s]; i++)
			h = hash_add64(h, fw[st->words[i].idx] &
				       st->words[i].mask);
		hs = hash_finish(h, i);
		if (s + 1 < st->n_stages &&
		    !hindex_contains(&st->index[s], hs)) {
			unwildcard_words(st, i, wc);
			return NULL;
		}
	}
	unwildcard_words(st, st->n_words, wc);
	g = find_group(st, hs, f);
	return g ? group_best(g, version) : NULL;
}

static bool better(const struct cls_rule *a, const struct cls_rule *b)
{
	return !b || a->priority > b->priority ||
	       (a->priority == b->priority && a->seq < b->seq);
}

struct cls_rule *cls_lookup(const struct classifier *cls,
			    const struct flow *flow, struct flow *wc)
{
	struct cls_rule *r;

	/* The version must be read inside the section: the writer waits
	 * for sections, not for versions, before it unlinks rules hidden
	 * in an older version. */
	epoch_enter();
	r = cls_lookup_version(cls, cls_version(cls), flow, wc);
	epoch_exit();
	return r;
}

struct cls_rule *cls_lookup_version(const struct classifier *cls,
				    uint64_t version, const struct flow *flow,
				    struct flow *wc)
{
	struct cls_rule *best = NULL;
	const struct cls_subvec *v;
	struct trie_ctx ctx;
	struct flow scratch;
	size_t i;

	if (!wc)
		wc = &scratch;
	memset(ctx.done, 0, sizeof ctx.done);
	epoch_enter();
	v = atomic_load_explicit(&cls->vec, memory_order_acquire);
	for (i = 0; i < v->n; i++) {
		const struct cls_subvec_entry *e = &v->e[i];
		struct cls_rule *r;

		if (best) {
			if (e->max_priority < best->priority)
				break;
			/* It can only tie, and every rule in it came later;
			 * so do all the rest at this priority (the vector is
			 * sorted by min_seq within a priority). */
			if (e->max_priority == best->priority &&
			    e->st->min_seq > best->seq)
				break;
		}
		r = subtable_lookup(cls, e->st, flow, wc, &ctx, version);
		if (r && better(r, best))
			best = r;
	}
	epoch_exit();
	return best;
}

struct cls_rule *cls_find_exactly(const struct classifier *cls,
				  const struct match *m, int priority)
{
	struct cls_rule *r = NULL;
	struct cls_subtable *st;
	struct match n = *m;
	uint64_t version;

	match_normalize(&n);
	epoch_enter();
	version = cls_version(cls);
	st = find_subtable(cls, &n.mask);
	if (st) {
		struct cls_group *g = find_group(st, full_hash(st, &n.flow),
						 &n.flow);

		for (r = g ? atomic_load(&g->head) : NULL; r;
		     r = atomic_load(&r->next))
			if (r->priority < priority ||
			    (r->priority == priority &&
			     cls_rule_visible_in(r, version)))
				break;
		if (r && r->priority != priority)
			r = NULL;
	}
	epoch_exit();
	return r;
}

/* ---- Iteration ---- */

static bool masks_cover(const struct flow *mask, const struct flow *target)
{
	const uint64_t *m = (const uint64_t *)mask;
	const uint64_t *t = (const uint64_t *)target;
	size_t i;

	for (i = 0; i < FLOW_WORDS; i++)
		if ((m[i] & t[i]) != t[i])
			return false;
	return true;
}

bool cls_rule_loose_match(const struct cls_rule *r, const struct match *t)
{
	const uint64_t *rf = (const uint64_t *)&r->match.flow;
	const uint64_t *tf = (const uint64_t *)&t->flow;
	const uint64_t *tm = (const uint64_t *)&t->mask;
	size_t i;

	if (!masks_cover(&r->match.mask, &t->mask))
		return false;
	for (i = 0; i < FLOW_WORDS; i++)
		if ((rf[i] ^ tf[i]) & tm[i])
			return false;
	return true;
}

/* Can some packet match both a and b? */
static bool matches_overlap(const struct match *a, const struct match *b)
{
	const uint64_t *af = (const uint64_t *)&a->flow;
	const uint64_t *bf = (const uint64_t *)&b->flow;
	const uint64_t *am = (const uint64_t *)&a->mask;
	const uint64_t *bm = (const uint64_t *)&b->mask;
	size_t i;

	for (i = 0; i < FLOW_WORDS; i++)
		if ((af[i] ^ bf[i]) & am[i] & bm[i])
			return false;
	return true;
}

/* Calls fn on every rule of every subtable whose mask covers target's
 * (all when target is NULL) until fn returns true; returns that rule. */
static struct cls_rule *walk(const struct classifier *cls,
			     const struct flow *target_mask,
			     bool (*fn)(struct cls_rule *, void *), void *aux)
{
	const struct cls_subvec *v;
	size_t i;

	v = atomic_load_explicit(&cls->vec, memory_order_acquire);
	for (i = 0; i < v->n; i++) {
		const struct cls_subtable *st = v->e[i].st;
		struct cls_group *g;
		struct pmap_pos pos = PMAP_POS_INIT;

		if (target_mask && !masks_cover(&st->mask, target_mask))
			continue;
		while ((g = pmap_at(&st->groups, &pos)) != NULL) {
			struct cls_rule *r;

			for (r = atomic_load_explicit(&g->head,
						      memory_order_acquire);
			     r; r = atomic_load_explicit(&r->next,
						memory_order_acquire))
				if (fn(r, aux))
					return r;
		}
	}
	return NULL;
}

struct overlap_aux {
	const struct match *m;
	int priority;
	uint64_t version;
};

static bool overlap_cb(struct cls_rule *r, void *aux_)
{
	struct overlap_aux *aux = aux_;

	return r->priority == aux->priority &&
	       cls_rule_visible_in(r, aux->version) &&
	       matches_overlap(&r->match, aux->m);
}

struct cls_rule *cls_find_overlap(const struct classifier *cls,
				  const struct match *m, int priority)
{
	struct overlap_aux aux = { m, priority, 0 };
	struct cls_rule *r;

	epoch_enter();
	aux.version = cls_version(cls);
	r = walk(cls, NULL, overlap_cb, &aux);
	epoch_exit();
	return r;
}

struct collect_aux {
	struct cls_cursor *c;
	const struct match *target;
	size_t cap;
	uint64_t version;
};

static bool collect_cb(struct cls_rule *r, void *aux_)
{
	struct collect_aux *aux = aux_;
	struct cls_cursor *c = aux->c;

	if (!cls_rule_visible_in(r, aux->version) ||
	    (aux->target && !cls_rule_loose_match(r, aux->target)))
		return false;
	if (c->n == aux->cap) {
		aux->cap = aux->cap ? 2 * aux->cap : 64;
		c->rules = xrealloc(c->rules, aux->cap * sizeof *c->rules);
	}
	c->rules[c->n++] = r;
	return false;
}

static int rule_order(const void *a_, const void *b_)
{
	const struct cls_rule *a = *(struct cls_rule *const *)a_;
	const struct cls_rule *b = *(struct cls_rule *const *)b_;

	if (a->priority != b->priority)
		return a->priority > b->priority ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void cls_cursor_init(struct cls_cursor *c, const struct classifier *cls,
		     const struct match *target)
{
	struct collect_aux aux = { c, NULL, 0, 0 };
	struct match t;

	c->rules = NULL;
	c->n = c->pos = 0;
	c->open = true;
	if (target) {
		t = *target;
		match_normalize(&t);
		aux.target = &t;
	}
	epoch_enter();
	aux.version = cls_version(cls);
	walk(cls, target ? &t.mask : NULL, collect_cb, &aux);
	qsort(c->rules, c->n, sizeof *c->rules, rule_order);
}

struct cls_rule *cls_cursor_next(struct cls_cursor *c)
{
	if (c->open && c->pos < c->n)
		return c->rules[c->pos++];
	cls_cursor_destroy(c);
	return NULL;
}

void cls_cursor_destroy(struct cls_cursor *c)
{
	if (!c->open)
		return;
	c->open = false;
	free(c->rules);
	c->rules = NULL;
	c->n = c->pos = 0;
	epoch_exit();
}
