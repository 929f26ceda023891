/* develop.h — is a story's new hit a new development, an update to a known one, or more
 * coverage of something known? Decided on language-independent signals (event concepts,
 * the story's entities, figures) and, within one language, on shared salient terms. */
#ifndef NW_DEVELOP_H
#define NW_DEVELOP_H
#include <jansson.h>
#include "profile.h"
#include "newswatch-plugin.h"
#include "store.h"
#include "story.h"

struct nw_dev_params {
	int64_t window;   /* seconds: a development idle longer than this is closed */
	double threshold; /* similarity from which a hit belongs to a development */
};

struct nw_dev_result {
	const char *verdict; /* "new", "update", "known" */
	int64_t dev;
	double score;        /* similarity to dev (0 for new) */
	json_t *new_facts;   /* array of strings, owned by the caller */
};

/* What the store's writer knows of the stories' recent developments, kept between hits.
 * Only nw_develop changes developments; after a rollback the cache must be cleared. */
struct nw_devcache;
struct nw_devcache *nw_devcache_new(void);
void nw_devcache_clear(struct nw_devcache *dc);
void nw_devcache_free(struct nw_devcache *dc);

/* Decide for one hit and record it: a new development row, or the known one touched (its
 * terms, last time and, for an update, its facts). Facts join the story's set of known facts.
 * m is the hit's match (its entities; its aliases, which are no news as names).
 * On an error the cache is cleared (the caller rolls the writes back). */
int nw_develop(struct nw_devcache *dc, struct nw_store *st, int64_t story_id, const struct nw_dev_params *p,
	       int64_t article, const char *title, const struct nw_features *f, const struct nw_story_match *m,
	       int64_t t, struct nw_dev_result *out);
#endif
