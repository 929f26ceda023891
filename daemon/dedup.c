/* dedup.c — the near-duplicate index (see dedup.h): an open-addressed hash table from a
 * fingerprint to its articles, a slot of 8 bytes holding the fingerprint and its one article
 * (most fingerprints belong to one: real reporting shares few shingles), or, for one that
 * several have, a reference to a record of their count and their chain of postings; a small
 * hot record per article for the lookup loop (time, size, epoch-stamped counter: no
 * clearing between lookups) and a cold one (ids, figures) read only for candidates that pass
 * the threshold. */
#include "config.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "dedup.h"

#define MAX_NUMS 12
/* Copies are not indexed, so a fingerprint found in this many originals is a stock phrase or
 * boilerplate, not evidence of copying. */
#define STOP_POSTINGS 16
#define SHORT_FP 16
/* Fingerprints of its own past what it shares with an original that make a text a report
 * of its own (a few sentences: one new sentence of about 25 words adds 4 or 5) */
#define OWN_FP 10

struct doc {
	int64_t article, root;
	uint8_t nnums;
	uint8_t nums_cut; /* it gave more figures than nums holds */
	uint8_t nlede;
	uint32_t nums[MAX_NUMS];
	uint32_t lede[NW_DEDUP_LEDE]; /* fingerprints of its first sentence (nw_dedup_add) */
};

/* What the lookup loop reads for every posting, in one cache line's worth. */
struct hot {
	uint32_t stamp;   /* epoch of the last lookup that counted this article */
	uint16_t count;   /* fingerprints it shares with that lookup's query */
	uint16_t nfp;
	uint16_t nstock;  /* of them, stock phrases already when it was added */
	int32_t tmin;     /* item time in minutes */
};

/* A slot is 8 bytes and the table at most 3/4 full: 11 to 21 bytes a fingerprint. (Slots
 * of 16 bytes, count and chain in each, at most half full, took 32 to 64: 128 MB for 200,000
 * articles of 90 words in bench/run dedup, a gigabyte at 10,000 feeds of real text.) */
struct slot {
	uint32_t key; /* fingerprint; 0 marks an empty slot (fingerprint 0 is mapped to 1) */
	uint32_t ref; /* its article, or SHARED | the index of its shared record */
};
#define SHARED 0x80000000u
#define MAX_DOCS (SHARED - 1)

/* a fingerprint that more than one article has */
struct shared {
	uint32_t count; /* articles that have it */
	uint32_t first; /* the first of them */
	uint32_t head;  /* the others: posting index + 1 */
};

struct posting {
	uint32_t doc;
	uint32_t next; /* posting index + 1, 0 ends */
};

struct nw_dedup {
	struct nw_dedup_params p;
	struct slot *slots;
	size_t nslots, used;
	struct shared *shared;
	size_t nshared, capshared;
	struct posting *post;
	size_t npost, cappost;
	struct doc *docs;
	struct hot *hot;
	size_t ndocs, capdocs;
	uint32_t epoch;
	uint32_t *touched;
	size_t ntouched, captouched;
	uint32_t *posted; /* the articles of the query's postings, in order */
	size_t capposted;
};

struct nw_dedup *nw_dedup_new(const struct nw_dedup_params *p)
{
	struct nw_dedup *d = calloc(1, sizeof *d);

	if (!d)
		return NULL;
	d->p = *p;
	d->nslots = 1024;
	d->slots = calloc(d->nslots, sizeof *d->slots);
	if (!d->slots) {
		free(d);
		return NULL;
	}
	return d;
}

void nw_dedup_free(struct nw_dedup *d)
{
	if (!d)
		return;
	free(d->slots);
	free(d->shared);
	free(d->post);
	free(d->docs);
	free(d->hot);
	free(d->touched);
	free(d->posted);
	free(d);
}

size_t nw_dedup_size(const struct nw_dedup *d)
{
	return d->ndocs;
}

size_t nw_dedup_bytes(const struct nw_dedup *d)
{
	return sizeof *d + d->nslots * sizeof *d->slots + d->capshared * sizeof *d->shared +
	       d->cappost * sizeof *d->post + d->capdocs * (sizeof *d->docs + sizeof *d->hot) +
	       (d->captouched + d->capposted) * sizeof(uint32_t);
}

static struct slot *find_slot(struct slot *slots, size_t nslots, uint32_t key)
{
	size_t i = (key * 2654435761u) & (nslots - 1);

	while (slots[i].key && slots[i].key != key)
		i = (i + 1) & (nslots - 1);
	return &slots[i];
}

static int resize_slots(struct nw_dedup *d, size_t n)
{
	struct slot *ns = calloc(n, sizeof *ns);

	if (!ns)
		return -ENOMEM;
	for (size_t i = 0; i < d->nslots; i++)
		if (d->slots[i].key)
			*find_slot(ns, n, d->slots[i].key) = d->slots[i];
	free(d->slots);
	d->slots = ns;
	d->nslots = n;
	return 0;
}

int nw_dedup_reserve(struct nw_dedup *d, size_t keys)
{
	size_t n = d->nslots;

	while (keys * 4 > n * 3 && n < ((size_t)1 << 40))
		n *= 2;
	return n > d->nslots ? resize_slots(d, n) : 0;
}

size_t nw_dedup_keys(const struct nw_dedup *d)
{
	return d->used;
}

static uint32_t fpkey(uint32_t fp)
{
	return fp ? fp : 1;
}

/* An array *v of *cap elements of size, grown to hold need (1.5x at a time: a third less
 * slack than doubling; from first), below most elements. 0 or -ENOMEM. */
static int room(void *v, size_t *cap, size_t need, size_t size, size_t first, size_t most)
{
	size_t nc = *cap ? *cap : first;
	void *nv;

	if (need <= *cap)
		return 0;
	while (nc < need)
		nc += nc / 2;
	if (nc >= most || !(nv = realloc(*(void **)v, nc * size)))
		return -ENOMEM;
	*(void **)v = nv;
	*cap = nc;
	return 0;
}

int nw_dedup_add(struct nw_dedup *d, int64_t article, int64_t root, int64_t t, const uint32_t *fp, size_t nfp,
		 const uint32_t *nums, size_t nnums, const uint32_t *lede, size_t nlede)
{
	struct doc *doc;

	if (d->ndocs >= MAX_DOCS)
		return -E2BIG;
	if (d->ndocs == d->capdocs) {
		size_t nc = d->capdocs ? d->capdocs * 2 : 1024;
		struct doc *nd = realloc(d->docs, nc * sizeof *nd);
		struct hot *nh;
		if (!nd)
			return -ENOMEM;
		d->docs = nd;
		nh = realloc(d->hot, nc * sizeof *nh);
		if (!nh)
			return -ENOMEM;
		d->hot = nh;
		d->capdocs = nc;
	}
	/* room for every fingerprint new, each in a slot or a shared record and its posting,
	 * before any goes in: a failure halfway would leave some naming an article the next one
	 * then is */
	if (room(&d->post, &d->cappost, d->npost + nfp, sizeof *d->post, 4096, SIZE_MAX) ||
	    nw_dedup_reserve(d, d->used + nfp) ||
	    room(&d->shared, &d->capshared, d->nshared + nfp, sizeof *d->shared, 1024, SHARED))
		return -ENOMEM;
	doc = &d->docs[d->ndocs];
	doc->article = article;
	doc->root = root > 0 ? root : article;
	doc->nnums = (uint8_t)(nnums < MAX_NUMS ? nnums : MAX_NUMS);
	doc->nums_cut = nnums >= MAX_NUMS; /* the caller's list may have been cut too */
	if (doc->nnums)
		memcpy(doc->nums, nums, doc->nnums * sizeof *nums);
	doc->nlede = (uint8_t)(nlede < NW_DEDUP_LEDE ? nlede : NW_DEDUP_LEDE);
	if (doc->nlede)
		memcpy(doc->lede, lede, doc->nlede * sizeof *lede);
	d->hot[d->ndocs].stamp = 0;
	d->hot[d->ndocs].count = 0;
	d->hot[d->ndocs].nfp = (uint16_t)(nfp < UINT16_MAX ? nfp : UINT16_MAX);
	d->hot[d->ndocs].nstock = 0;
	d->hot[d->ndocs].tmin = (int32_t)(t / 60);
	for (size_t i = 0; i < nfp; i++) {
		struct slot *s = find_slot(d->slots, d->nslots, fpkey(fp[i]));
		struct shared *sh;
		if (!s->key) {
			s->key = fpkey(fp[i]);
			s->ref = (uint32_t)d->ndocs;
			d->used++;
			continue;
		}
		if (!(s->ref & SHARED)) { /* its second article */
			sh = &d->shared[d->nshared];
			sh->count = 1;
			sh->first = s->ref;
			sh->head = 0;
			s->ref = SHARED | (uint32_t)d->nshared++;
		}
		sh = &d->shared[s->ref & ~SHARED];
		if (sh->count > STOP_POSTINGS) { /* a stock phrase: lookups skip it, its postings are
						    * dead weight (only the count matters) */
			if (sh->count < UINT32_MAX)
				sh->count++;
			if (d->hot[d->ndocs].nstock < d->hot[d->ndocs].nfp)
				d->hot[d->ndocs].nstock++;
			continue;
		}
		d->post[d->npost].doc = (uint32_t)d->ndocs;
		d->post[d->npost].next = sh->head;
		sh->head = (uint32_t)++d->npost;
		sh->count++;
	}
	d->ndocs++;
	return 0;
}

static int has(const uint32_t *v, size_t n, uint32_t x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

/* The same template with other figures: each side has a number the other lacks. A copy cut
 * short only loses numbers; a copy with a new first sentence only gains them. A new figure
 * in the headline is news, not an editor's touch: the story written through with it. */
static int figures_replaced(const struct doc *doc, const uint32_t *nums, size_t nnums, size_t ntitle)
{
	int gained = 0, lost = 0;
	size_t n = nnums < MAX_NUMS ? nnums : MAX_NUMS;

	/* a headline figure missing from a list that was cut short may be further on in it */
	for (size_t i = 0; i < n && !gained; i++)
		gained = !has(doc->nums, doc->nnums, nums[i]) ? 1 + (i < ntitle && !doc->nums_cut) : 0;
	for (size_t i = 0; i < doc->nnums && !lost; i++)
		lost = !has(nums, nnums, doc->nums[i]); /* all of the query's: its headline's come first */
	return gained == 2 || (gained && lost);
}

/* Whether article di has fingerprint key (not a stock phrase's: that is no one's lede). */
static int posted(const struct nw_dedup *d, uint32_t key, uint32_t di)
{
	const struct slot *s = find_slot(d->slots, d->nslots, fpkey(key));
	const struct shared *sh;

	if (!s->key)
		return 0;
	if (!(s->ref & SHARED))
		return s->ref == di;
	sh = &d->shared[s->ref & ~SHARED];
	if (sh->count > STOP_POSTINGS)
		return 0;
	if (sh->first == di)
		return 1;
	for (uint32_t pi = sh->head; pi; pi = d->post[pi - 1].next)
		if (d->post[pi - 1].doc == di)
			return 1;
	return 0;
}

/* A copy keeps a first sentence: its original's (a copy, an excerpt, a new headline), or its
 * own before the original's whole text (a dateline, a line of introduction). Two texts that
 * share neither first sentence, only what follows, are two reports: a press release's one
 * sentence of news over the same "About" paragraphs as the last one; a write-through whose
 * new lede replaced the old over the same background. Unknown (no lede: a short text
 * fingerprinted by its title, a store of before schema 15) is no objection. */
static int lede_kept(const struct nw_dedup *d, uint32_t di, const uint32_t *fp, size_t nfp, const uint32_t *lede,
		     size_t nlede, const uint16_t *all, size_t nall)
{
	const struct doc *doc = &d->docs[di];
	size_t in = 0, out = 0;

	if (!nlede || !doc->nlede)
		return 1;
	/* two of its fingerprints when it has all four (one, of a shorter lede, where one word
	 * edited takes most of them): a lede kept whole has all of them, one lightly edited
	 * most; two ledes of their own share a phrase at most (a dateline, "SAN FRANCISCO --") */
	if (all && nall) { /* its lede among every shingle of the query, not only its fingerprints */
		for (size_t i = 0; i < doc->nlede; i++)
			for (size_t j = 0; j < nall; j++)
				if (all[j] == (uint16_t)doc->lede[i]) {
					in++;
					break;
				}
	} else {
		for (size_t i = 0; i < doc->nlede; i++) {
			size_t lo = 0, hi = nfp;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (fp[mid] < doc->lede[i])
					lo = mid + 1;
				else
					hi = mid;
			}
			in += lo < nfp && fp[lo] == doc->lede[i];
		}
	}
	if (in >= (doc->nlede < NW_DEDUP_LEDE ? 1u : 2u))
		return 1;
	for (size_t i = 0; i < nlede; i++)
		out += posted(d, lede[i], di);
	return out >= (nlede < NW_DEDUP_LEDE ? 1u : 2u);
}

/* A wire story written through under its kept lede: the query begins with article di's first
 * sentence, and further on has a sentence of its own (none of its fingerprints di's) that
 * brings a figure di does not give, or a name, with more of di's text after it. The new fact
 * is written into the story, not added at its edges as a copy's are (another photo's caption
 * before the lede, a line of introduction, another outlet's footer), and a new figure with
 * none lost is what an update looks like ("more than 700 of 770 staff" after "500 staff").
 * The additions that make it one (bit i: add[i]), or 0. */
static uint32_t written_through(const struct nw_dedup *d, uint32_t di, const uint32_t *lede, size_t nlede,
				const struct nw_dedup_addition *add, size_t nadd)
{
	const struct doc *doc = &d->docs[di];
	uint32_t mask = 0;
	size_t kept = 0;

	if (!nlede || !nadd)
		return 0;
	for (size_t i = 0; i < nlede; i++)
		kept += posted(d, lede[i], di);
	if (kept < (nlede < NW_DEDUP_LEDE ? 1u : 2u))
		return 0;
	for (size_t i = 0; i < nadd && i < 32; i++) {
		const struct nw_dedup_addition *a = &add[i];
		size_t own = 0, next = 0;
		/* a figure the original gives, or may give past its cut list, is no news */
		if (!a->name && (doc->nums_cut || has(doc->nums, doc->nnums, a->key)))
			continue;
		for (size_t j = 0; j < a->nown; j++)
			own += posted(d, a->own[j], di);
		if (own || (a->name && !a->nown))
			continue; /* the original's sentence, or one too short to tell */
		for (size_t j = 0; j < a->nnext; j++)
			next += posted(d, a->next[j], di);
		if (next >= 2)
			mask |= 1u << i;
	}
	return mask;
}

int nw_dedup_find(struct nw_dedup *d, int64_t t, const uint32_t *fp, size_t nfp, const uint32_t *nums,
		  size_t nnums, size_t ntitle, const uint32_t *lede, size_t nlede, const uint16_t *all, size_t nall,
		  const struct nw_dedup_addition *add, size_t nadd, struct nw_dedup_hit *hit)
{
	int found = 0;
	int32_t tmin, wmin;
	size_t nposted, stopped = 0, usable;

	memset(hit, 0, sizeof *hit);
	if (!nfp || !d->ndocs)
		return 0;
	if (++d->epoch == 0) { /* wrapped: forget every stamp */
		for (size_t i = 0; i < d->ndocs; i++)
			d->hot[i].stamp = 0;
		d->epoch = 1;
	}
	d->ntouched = 0;
	tmin = (int32_t)(t / 60);
	wmin = (int32_t)(d->p.window / 60);
	/* three passes so that the memory reads of each overlap instead of queueing: the
	 * query's slots, then the articles they name, then the counting */
	for (size_t i = 0; i < nfp; i++)
		__builtin_prefetch(&d->slots[(fpkey(fp[i]) * 2654435761u) & (d->nslots - 1)]);
	nposted = 0;
	for (size_t i = 0; i < nfp; i++) {
		const struct slot *s = find_slot(d->slots, d->nslots, fpkey(fp[i]));
		const struct shared *sh = s->key && (s->ref & SHARED) ? &d->shared[s->ref & ~SHARED] : NULL;
		uint32_t di, pi;
		if (!s->key)
			continue;
		if (sh && sh->count > STOP_POSTINGS) {
			stopped++;
			continue;
		}
		for (di = sh ? sh->first : s->ref, pi = sh ? sh->head : 0;; di = d->post[pi - 1].doc, pi = d->post[pi - 1].next) {
			if (nposted == d->capposted) {
				size_t nc = d->capposted ? d->capposted * 2 : 256;
				uint32_t *np = realloc(d->posted, nc * sizeof *np);
				if (!np)
					return -ENOMEM;
				d->posted = np;
				d->capposted = nc;
			}
			d->posted[nposted++] = di;
			__builtin_prefetch(&d->hot[di], 1);
			if (!pi)
				break;
		}
	}
	for (size_t k = 0; k < nposted; k++) {
		uint32_t di = d->posted[k];
		struct hot *h = &d->hot[di];
		hit->examined++;
		if (h->tmin - tmin > wmin || tmin - h->tmin > wmin)
			continue;
		if (h->stamp != d->epoch) {
			if (d->ntouched == d->captouched) {
				size_t nc = d->captouched ? d->captouched * 2 : 256;
				uint32_t *nt = realloc(d->touched, nc * sizeof *nt);
				if (!nt)
					return -ENOMEM;
				d->touched = nt;
				d->captouched = nc;
			}
			d->touched[d->ntouched++] = di;
			h->stamp = d->epoch;
			h->count = 0;
		}
		h->count++;
	}
	hit->candidates = d->ntouched;
	/* stop-listed fingerprints were never counted: containment is measured over the usable
	 * ones of each side, the stored one's as they were when it was added (a phrase stocked
	 * since then is counted as usable there: the measure errs low, never above 1) */
	usable = nfp - stopped;
	for (size_t k = 0; k < d->ntouched; k++) {
		uint32_t di = d->touched[k];
		const struct doc *doc;
		uint32_t shared = d->hot[di].count;
		size_t dnfp = d->hot[di].nfp, dusable = dnfp - d->hot[di].nstock;
		size_t small = usable < dusable ? usable : dusable;
		double c, r;
		uint32_t w;
		if (shared < d->p.min_shared && shared < small)
			continue;
		if (small < 2)
			continue;
		c = shared < small ? (double)shared / (double)small : 1.0;
		r = (double)shared / (double)(nfp + dnfp - shared);
		/* a short text (a headline-only flash) has few fingerprints, and one word in it
		 * is a larger share: "CEO 해임" and "CEO 복귀" share 6 of 8. Below SHORT_FP
		 * fingerprints the bar rises towards all of them. */
		if (c < d->p.containment + (small < SHORT_FP ? (1 - d->p.containment) * (double)(SHORT_FP - small) / SHORT_FP : 0))
			continue;
		/* an excerpt of an article is a copy of it; an article more than twice as long as
		 * an earlier short one (a flash, then the full story) is a report of its own, and
		 * so is one that adds paragraphs of its own to the whole of another (a new lede
		 * of three sentences over the wire's text: what it adds is the news), where a
		 * copy adds a line (a dateline, a sentence of introduction, a credit) */
		if (dusable < 2 * SHORT_FP && usable > 2 * dusable + SHORT_FP)
			continue;
		if (usable - shared >= OWN_FP)
			continue;
		doc = &d->docs[di];
		if (figures_replaced(doc, nums, nnums, ntitle))
			continue;
		if (!lede_kept(d, di, fp, nfp, lede, nlede, all, nall))
			continue;
		if ((w = written_through(d, di, lede, nlede, add, nadd))) {
			hit->written |= w;
			continue;
		}
		if (!found || c > hit->containment || (c == hit->containment && r > hit->resemblance)) {
			hit->article = doc->article;
			hit->root = doc->root;
			hit->containment = c;
			hit->resemblance = r;
			found = 1;
		}
	}
	return found;
}
