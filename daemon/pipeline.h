/* pipeline.h — what happens to a feed's parsed document: new items found, exact and near
 * duplicates folded, stories classified, developments decided, hits recorded, alerts queued
 * and the full-text index kept, the document's writes whole or not at all. Shared by
 * newswatchd (which prepares on its loop and applies on its store writer's thread) and
 * `newswatch replay`. */
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
/* Alerts are decided (a hit records whether one was raised, the report says so) but not
 * queued: nothing is ever sent for them (newswatch replay without --deliver). */
void nw_pipeline_no_outbox(struct nw_pipeline *pl);

/* A document in two steps. Prepare reads the store (which items are new to the feed) and does
 * the text work on the new ones, writing nothing: it can run while another connection
 * writes. Apply writes them inside the caller's transaction. On failure (-errno, message
 * in err) what it wrote is still in the transaction: the caller rolls that back (and calls
 * nw_pipeline_rolled_back); apply may then be called again for the same document. The
 * prepared document refers to doc's items: doc must live as long as it does. What it made
 * is freed by nw_prepared_free, best on the thread that prepared it. */
struct nw_prepared;
int nw_pipeline_prepare(struct nw_pipeline *pl, struct nw_store *st, const struct nw_conf *conf,
			const struct nw_feed_conf *feed, const struct nw_doc *doc, int64_t now, struct nw_prepared **out,
			char *err, size_t errlen);
int nw_pipeline_apply(struct nw_pipeline *pl, struct nw_store *st, const struct nw_conf *conf,
		      const struct nw_feed_conf *feed, struct nw_prepared *pd, int64_t now, nw_report_fn report,
		      void *arg, struct nw_pipeline_stats *stats, char *err, size_t errlen);
/* The full-text entries of the articles apply added, in the same transaction, after every
 * other write of it (FTS5 writes its pending terms out when another statement needs the
 * index's tables, or at a savepoint: entries made among other writes made many segments). */
int nw_pipeline_index(struct nw_store *st, struct nw_prepared *pd, char *err, size_t errlen);
void nw_prepared_free(struct nw_prepared *pd);
/* After a transaction that held applied documents was rolled back: the near-duplicate index
 * may hold articles that were never stored, and the cache of developments what the store
 * does not have; the one is built again from the store, the other emptied. */
void nw_pipeline_rolled_back(struct nw_pipeline *pl, struct nw_store *st, const struct nw_conf *conf, int64_t now);

/* Articles first seen longer ago than keep_articles (at least the near-duplicate window)
 * that no story holds and no feed lists are forgotten, so that the store stops growing: a
 * story's timeline keeps its articles, and an article a feed still lists stays (it would
 * come back as new). A feed lists what its last document had (apply notes each document and
 * what it had before) and what it had within keep_articles. Call it outside a transaction,
 * before a document's: it forgets up to 200 in a transaction of its own (a store that is
 * full gets room for the document), while more are old, then looks again once an hour; not
 * at all while another holds the write lock. 0, or -errno (logged; nothing forgotten). */
int nw_pipeline_forget(struct nw_pipeline *pl, struct nw_store *st, const struct nw_conf *conf, int64_t now);

/* Whether an item in this language is followed by the story (its `language` option): the
 * feed's word for the language (declared, "ko-KR"), else what the text's script says
 * (detected, "ko", the features' lang). */
int nw_story_language_ok(const struct nw_story_conf *sc, const char *declared, const char *detected);

/* Prepare and apply. now: the moment of this fetch (unix seconds). 0, or -errno with a
 * message in err (the transaction is then rolled back: nothing of this document is stored). */
int nw_pipeline_run(struct nw_pipeline *pl, struct nw_store *st, const struct nw_conf *conf,
		    const struct nw_feed_conf *feed, struct nw_doc *doc, int64_t now, nw_report_fn report, void *arg,
		    struct nw_pipeline_stats *stats, char *err, size_t errlen);
#endif
