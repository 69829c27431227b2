/*
 * The packet classifier: a set of rules (match + priority), and lookups
 * that return the best rule for a flow together with the set of flow bits
 * the decision depended on (the megaflow mask).
 *
 * One struct classifier holds one OpenFlow table; a daemon with N tables
 * embeds N of them (cls_init() each; they share nothing but the epoch
 * machinery).  Rules are struct cls_rule embedded in the caller's own
 * struct; get back to it with CLS_CONTAINER_OF().
 *
 * Result: the matching rule with the highest priority; among matching
 * rules of equal priority, the one inserted first (a rule that replaced
 * another through cls_insert_or_replace() keeps its predecessor's place).
 *
 * Algorithm: tuple space search.  Rules with the same mask share a
 * subtable, a hash table keyed by the masked flow.  Subtables are kept in
 * a vector sorted by the highest priority they hold, so a lookup stops as
 * soon as no remaining subtable can beat what it found.  Each subtable
 * hashes the flow in stages (metadata, L2, L3, L4) and checks after each
 * stage whether any rule agrees so far; it stops at the first stage that
 * cannot match, and only the stages it looked at count as examined.
 * Before the L3 stage, prefix tries on the IPv4/IPv6 source/destination
 * (one per classifier, holding the prefixes of every rule whose mask on
 * that field is a CIDR prefix) tell whether a rule of the subtable's
 * prefix length can match at all; if not, only the few address bits the
 * trie looked at count as examined.  Before the L4 stage, tries on the
 * transport ports do the same.
 *
 * Wildcards: cls_lookup() ORs into *wc every bit it examined.  Any flow
 * that agrees with the looked-up one on the bits of *wc gets the same
 * result, provided the rules do not change.
 *
 * Concurrency: one writer, any number of concurrent readers.
 *  - Writer operations (cls_insert*, cls_remove, cls_publish,
 *    cls_rule_hide_from/unhide, cls_destroy) must come
 *    from one thread at a time (the daemon's main thread); the caller
 *    serializes them.
 *  - cls_lookup*(), cls_find_*(), cls_count() and cursors may run in
 *    any thread at any time, concurrently with the writer.  They never
 *    block and never take locks.
 *  - Every shared structure is changed by publishing fully built data with
 *    one atomic store (release; readers load with acquire): a rule enters
 *    its group's priority-ordered list with one pointer store, leaves it
 *    with another; hash tables never move entries in place (see
 *    cls-map.h); the sorted subtable vector and trie nodes are copied,
 *    changed and republished.  So a reader sees each rule either in or
 *    out, never half-done.  A lookup concurrent with changes returns a
 *    rule that was the right answer before or after each change that
 *    overlapped it (the megaflow mask is exact only for a stable rule
 *    set; a daemon revalidates megaflows after changes anyway).
 *  - Memory: anything the writer unlinks is freed via epoch_defer()
 *    (epoch.h), i.e. only after every reader that might still hold it
 *    has left its epoch section.  cls_lookup() enters a section itself;
 *    a caller that keeps using the returned rule afterwards must hold its
 *    own section (epoch_enter()/epoch_exit()) around lookup and use.
 *  - Removed rules belong to the caller again but readers may still hold
 *    them: free (or reuse) a removed rule only through epoch_defer() or
 *    after epoch_synchronize().
 *  - Cursors take a snapshot of the matching rules and stay in an epoch
 *    section until cls_cursor_destroy(), so the rules they return stay
 *    valid even if removed meanwhile (removal during iteration is fine).
 *  - Single changes are atomic one by one.  To make many changes appear
 *    at once, use versions (below): a lookup reads the published version
 *    once and only sees rules visible in it, and rules are only ever
 *    unlinked after every lookup that could still use an older version
 *    has finished, so it sees all of a batch or none of it.
 */
#ifndef FSW_CLASSIFIER_H
#define FSW_CLASSIFIER_H 1

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cls-map.h"
#include "flow.h"
#include "prefix-trie.h"

#define CLS_CONTAINER_OF(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

struct cls_group;

/* Set up with cls_rule_init(); match and priority must not change while
 * the rule is in a classifier.  (The lookup-hot members come first.) */
struct cls_rule {
	int priority;		/* higher wins */

	/* Private to the classifier. */
	struct cls_rule *_Atomic next;	/* in the group, priority order */
	struct cls_group *group;	/* NULL: not in a classifier */
	uint64_t seq;			/* insertion order, for ties */
	/* Visible to lookups at versions [add_version, remove_version). */
	_Atomic uint64_t add_version;
	_Atomic uint64_t remove_version;

	struct match match;	/* normalized by cls_rule_init() */
};

/* Visible in every version: remove_version of a rule never hidden. */
#define CLS_VERSION_NEVER UINT64_MAX

/* Fields with a prefix trie. */
enum cls_trie_field {
	CLS_TRIE_IPV4_SRC,
	CLS_TRIE_IPV4_DST,
	CLS_TRIE_IPV6_SRC,
	CLS_TRIE_IPV6_DST,
	CLS_TRIE_TP_SRC,	/* ports: exact-port rules are /16 prefixes */
	CLS_TRIE_TP_DST,
	CLS_N_TRIES
};

struct cls_subvec;

struct classifier {
	struct cls_subvec *_Atomic vec;	/* subtables by max priority */
	struct pmap subtables;		/* hash of mask -> subtable */
	struct prefix_trie tries[CLS_N_TRIES];
	_Atomic size_t n_rules;
	_Atomic uint64_t generation;	/* bumped by every change */
	_Atomic uint64_t version;	/* what lookups see; see below */
	uint64_t next_seq;
};

void cls_rule_init(struct cls_rule *, const struct match *, int priority);
bool cls_rule_is_inserted(const struct cls_rule *);

void cls_init(struct classifier *);
/* Frees the classifier's own memory; the rules still in it are simply
 * forgotten (they belong to the caller).  No reader may be active. */
void cls_destroy(struct classifier *);
size_t cls_count(const struct classifier *);
bool cls_is_empty(const struct classifier *);
/* Changes whenever a rule is inserted, replaced or removed: a cheap way
 * to tell whether cached lookup results (megaflows) may be stale. */
uint64_t cls_generation(const struct classifier *);

/* Returns 0, -EEXIST if a rule with the same match and priority is there
 * (nothing changes), -EINVAL if the rule already is in a classifier. */
int cls_insert(struct classifier *, struct cls_rule *);
/* Like cls_insert(), but a rule with the same match and priority is
 * replaced atomically; *replaced gets it (or NULL).  Returns 0 or
 * -EINVAL. */
int cls_insert_or_replace(struct classifier *, struct cls_rule *,
			  struct cls_rule **replaced);
/* Returns false (and does nothing) if the rule is not in this
 * classifier. */
bool cls_remove(struct classifier *, struct cls_rule *);

/* The best rule for flow, or NULL.  wc, if nonnull, gets the examined
 * bits ORed in.  Sees the rules visible in the published version. */
struct cls_rule *cls_lookup(const struct classifier *,
			    const struct flow *flow, struct flow *wc);
/* Same, in a given version.  A caller that got version from
 * cls_version() must have read it inside the epoch section it looks up
 * in (or a batch may be cleaned up under its feet). */
struct cls_rule *cls_lookup_version(const struct classifier *,
				    uint64_t version, const struct flow *flow,
				    struct flow *wc);

/*
 * Versions: changing many rules at once, atomically for lookups (bundles,
 * a non-strict delete or modify of many flows).
 *
 * Every rule is visible in the versions [add, remove).  cls_insert() and
 * cls_insert_or_replace() make rules visible in every version, and
 * cls_remove() unlinks at once: single changes need none of this.  For an
 * atomic batch, with v = cls_version() + 1:
 *   cls_insert_in_version(cls, new, v);	(invisible until v)
 *   cls_rule_hide_from(old, v);		(visible until v)
 *   ...
 *   cls_publish(cls, v);			(lookups switch at once)
 * then, once no lookup can still be running at an older version (after
 * epoch_synchronize(), or from an epoch_defer() callback run by the
 * writer thread), cls_remove() the hidden rules.  To abandon a batch
 * instead: cls_remove() the new rules and cls_rule_unhide() the old ones.
 *
 * Rules with the same match and priority may coexist as long as their
 * visibility ranges do not overlap; cls_insert*() and cls_rule_unhide()
 * refuse (-EEXIST) what would overlap; cls_insert_or_replace() replaces
 * the one visible in the published version (else the first that
 * overlaps).  cls_count() counts hidden rules until they are removed;
 * find_exactly, find_overlap and cursors look at the published version.
 */
uint64_t cls_version(const struct classifier *);
/* Returns -EINVAL (and changes nothing) if version is older than the
 * published one. */
int cls_publish(struct classifier *, uint64_t version);
int cls_insert_in_version(struct classifier *, struct cls_rule *,
			  uint64_t version);
/* Makes an inserted rule invisible from version on (it only ever shrinks
 * the visible range).  -EINVAL if the rule is not in a classifier. */
int cls_rule_hide_from(struct cls_rule *, uint64_t version);
/* Undoes cls_rule_hide_from(); -EEXIST if another rule with the same match
 * and priority now takes over those versions, -EINVAL if not inserted. */
int cls_rule_unhide(struct cls_rule *);
bool cls_rule_visible_in(const struct cls_rule *, uint64_t version);

/* The rule with exactly this match (normalized here) and priority. */
struct cls_rule *cls_find_exactly(const struct classifier *,
				  const struct match *, int priority);
/* Some rule of the same priority that a packet could match together
 * with target (OpenFlow's overlap check), or NULL. */
struct cls_rule *cls_find_overlap(const struct classifier *,
				  const struct match *, int priority);

/* True if rule matches every packet target matches and agrees with it on
 * target's bits (OpenFlow's non-strict selection). */
bool cls_rule_loose_match(const struct cls_rule *, const struct match *target);
/* True if flow matches the rule's match. */
bool cls_rule_matches(const struct cls_rule *, const struct flow *);

/* Iteration over the rules (target NULL) or the rules loosely matching
 * target, by priority, then insertion order. */
struct cls_cursor {
	struct cls_rule **rules;
	size_t n, pos;
	bool open;
};

void cls_cursor_init(struct cls_cursor *, const struct classifier *,
		     const struct match *target);
/* NULL at the end (the cursor then closes itself). */
struct cls_rule *cls_cursor_next(struct cls_cursor *);
/* Closes the cursor; needed only when leaving the loop early. */
void cls_cursor_destroy(struct cls_cursor *);

#define CLS_FOR_EACH(RULE, CURSOR, CLS, TARGET)				\
	for (cls_cursor_init(CURSOR, CLS, TARGET);			\
	     ((RULE) = cls_cursor_next(CURSOR)) != NULL;)

#endif
