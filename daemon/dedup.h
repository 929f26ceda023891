/* dedup.h — near-duplicate lookup across all feeds: an inverted index from winnowed
 * shingle fingerprints (profile.h) to the articles that have them, within a time window.
 * A lookup touches only the posting lists of the query's own fingerprints. */
#ifndef NW_DEDUP_H
#define NW_DEDUP_H
#include <stddef.h>
#include <stdint.h>

struct nw_dedup;

struct nw_dedup_params {
	int64_t window;       /* seconds either side of the item's date */
	double containment;   /* shared / smaller set at least this to be a copy */
	uint32_t min_shared;  /* fingerprints in common at least */
};

struct nw_dedup *nw_dedup_new(const struct nw_dedup_params *p);
void nw_dedup_free(struct nw_dedup *d);
/* Index an article: its fingerprints, the hashes of its salient numbers, those of its
 * fingerprints that are its first sentence's (at most NW_DEDUP_LEDE kept; none: unknown),
 * and the article it copies (root; itself if an original). */
#define NW_DEDUP_LEDE 4
int nw_dedup_add(struct nw_dedup *d, int64_t article, int64_t root, int64_t t, const uint32_t *fp, size_t nfp,
		 const uint32_t *nums, size_t nnums, const uint32_t *lede, size_t nlede);

/* A fact of a sentence after the query's lede (struct nw_addition): its nw_fact_hash, whether
 * a name (else a figure), and the fingerprints of its sentence (own) and of the text after it. */
struct nw_dedup_addition {
	uint32_t key;
	int name;
	const uint32_t *own, *next;
	size_t nown, nnext;
};

struct nw_dedup_hit {
	int64_t article;      /* the best match */
	int64_t root;         /* the original it belongs to */
	double containment, resemblance;
	size_t examined;      /* postings looked at (for the bench) */
	size_t candidates;    /* articles sharing at least one fingerprint */
	uint32_t written;     /* the additions (bit i: add[i]) found written into an article
			       * that was a copy but for them (a write-through) */
};
/* 1 and hit filled when a copy is found, 0 when none (hit->examined still set). A copy
 * whose figures were replaced by others (a templated report of another day), or whose
 * headline leads with a figure the original lacks (a wire story written through: "700 now
 * sign", where it said 500), is no copy; nor is a text that has neither the other's first
 * sentence nor its own first sentence in the other (lede: the query's first sentence's
 * fingerprints, as nw_dedup_add's; all: every shingle of the query, its low 16 bits, in any order, where the
 * other's lede is looked for, or NULL: its fingerprints). The first ntitle of nums are the
 * headline's. Nor is a write-through: a text that begins with the other's first sentence and
 * has, after it, a sentence of its own with a figure the other lacks or a name (add: the
 * query's additions, at most 32) followed by more of the other's text. */
int nw_dedup_find(struct nw_dedup *d, int64_t t, const uint32_t *fp, size_t nfp, const uint32_t *nums,
		  size_t nnums, size_t ntitle, const uint32_t *lede, size_t nlede, const uint16_t *all, size_t nall,
		  const struct nw_dedup_addition *add, size_t nadd, struct nw_dedup_hit *hit);
size_t nw_dedup_size(const struct nw_dedup *d);
/* the memory it holds, in bytes */
size_t nw_dedup_bytes(const struct nw_dedup *d);
/* The distinct fingerprints it holds; room made at once for keys of them (an index built
 * again to about the size of the one it replaces grows its table no more: while it grew,
 * the old table and the new one twice its size were held together). 0 or -ENOMEM. */
size_t nw_dedup_keys(const struct nw_dedup *d);
int nw_dedup_reserve(struct nw_dedup *d, size_t keys);
#endif
