/* pipeline.h — what happens to a feed's parsed document: new items found, exact duplicates
 * folded, stories classified, developments and hits recorded and alerts queued, all in one
 * store transaction. Shared by newswatchd and `newswatch replay`. */
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

/* now: the moment of this fetch (unix seconds). 0, or -errno with a message in err (the
 * transaction is then rolled back: nothing of this document is stored). */
int nw_pipeline_run(struct nw_store *st, const struct nw_conf *conf, const struct nw_feed_conf *feed,
		    struct nw_doc *doc, int64_t now, nw_report_fn report, void *arg,
		    struct nw_pipeline_stats *stats, char *err, size_t errlen);
#endif
