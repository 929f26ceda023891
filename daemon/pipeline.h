/* pipeline.h — what happens to a feed's parsed document: new items found, exact and near
 * duplicates folded, stories classified, developments decided, hits recorded and alerts
 * queued, all in one store transaction. Shared by newswatchd and `newswatch replay`. */
#ifndef NW_PIPELINE_H
#define NW_PIPELINE_H
#include <jansson.h>
#include "conf.h"
#include "store.h"

struct nw_pipeline_stats {
	size_t items, new_items, duplicates, hits, alerts;
};

/* Called once per newly seen item with the SPEC §5 replay object (borrowed). */
typedef void (*nw_report_fn)(void *arg, json_t *obj);

/* What lives across documents: the event lexicon and the near-duplicate index. */
struct nw_pipeline;
/* Made for a store: the index is loaded with the fingerprints of its recent articles. */
struct nw_pipeline *nw_pipeline_new(struct nw_store *st, const struct nw_conf *conf, int64_t now, char *err,
				    size_t errlen);
void nw_pipeline_free(struct nw_pipeline *pl);

/* now: the moment of this fetch (unix seconds). 0, or -errno with a message in err (the
 * transaction is then rolled back: nothing of this document is stored). */
int nw_pipeline_run(struct nw_pipeline *pl, struct nw_store *st, const struct nw_conf *conf,
		    const struct nw_feed_conf *feed, struct nw_doc *doc, int64_t now, nw_report_fn report, void *arg,
		    struct nw_pipeline_stats *stats, char *err, size_t errlen);
#endif
