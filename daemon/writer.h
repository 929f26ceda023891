/* writer.h — the store writer: one thread with a connection of its own applies jobs (a
 * fetched document, a feed's new state) to the store, many to a transaction, while the loop
 * goes on fetching, parsing and matching. */
#ifndef NW_WRITER_H
#define NW_WRITER_H
#include <stddef.h>
#include <stdint.h>
#include <uv.h>
#include "store.h"

struct nw_writer_job {
	struct nw_writer_job *next;
	/* On the writer's thread, inside a transaction that other jobs share: 0, or an error.
	 * After an error the writer rolls the transaction back and applies every job of it
	 * again, the failed one too: that one must remember its failure and write only what
	 * records it (and fail again), so that the rest are stored without it. A job may thus
	 * be applied more than once; only the last time counts. The job says how many rows it
	 * wrote through *weight (the writer commits every so many). */
	int (*apply)(struct nw_writer_job *job, struct nw_store *st, size_t *weight);
	/* Optional, on the writer's thread: after every job of the transaction was applied,
	 * before it commits (for the full-text index, which wants its writes last). An error
	 * rolls the whole transaction back. */
	int (*finish)(struct nw_writer_job *job, struct nw_store *st);
	/* On the loop's thread, once the transaction is over: result is apply's, or < 0 when
	 * the transaction as a whole failed (it could not begin or be applied again, a finish
	 * failed, or it could not commit: then nothing apply wrote is stored). */
	void (*done)(struct nw_writer_job *job, int result);
	size_t bytes;  /* the submitter's: what the job holds (a document's size), for the queue's bound */
	int result;
	int stored;    /* the writer's: the transaction it was applied in committed, */
	int full;      /* or did not, the store being full */
	int failed;    /* the writer's: apply failed in this batch */
	char err[512]; /* why, when result < 0 (apply writes it, or the writer) */
};

struct nw_writer;
/* Called on the writer's thread: rolled_back after a transaction was rolled back as a whole;
 * housekeeping (optional) before each transaction of jobs begins, outside any, for work
 * that takes transactions of its own. */
typedef void (*nw_writer_hook_fn)(void *arg, struct nw_store *st);
/* Opens its own connection to the store at path. max_bytes: [daemon] max_database_size.
 * The writer never checkpoints: its owner does, off the writer's thread (nw_writer_commits
 * says when there is something new). NULL with err set. */
struct nw_writer *nw_writer_new(uv_loop_t *loop, const char *path, int64_t max_bytes, nw_writer_hook_fn rolled_back,
				nw_writer_hook_fn housekeeping, void *arg, char *err, size_t errlen);
/* How many feeds the configuration has (the writer's page cache grows with them): call
 * only while drained. */
void nw_writer_set_feeds(struct nw_writer *w, size_t nfeeds);
/* [daemon] max_database_size for the writer's connection: call only while drained. */
int nw_writer_set_limit(struct nw_writer *w, int64_t max_bytes);
/* Transactions committed so far. */
uint64_t nw_writer_commits(struct nw_writer *w);
/* Queue a job (blocks while the queue is full, in jobs or in bytes: the writer is behind). */
void nw_writer_submit(struct nw_writer *w, struct nw_writer_job *job);
/* No job will come soon (newswatchd --once, after the last feed): from now on a
 * transaction commits as soon as the queue is empty, without waiting for the next job. */
void nw_writer_no_linger(struct nw_writer *w);
/* Wait until every job submitted is done, and run their done callbacks now. */
void nw_writer_drain(struct nw_writer *w);
/* Drains, stops the thread, closes the connection; freed once the loop has closed its
 * handle. */
void nw_writer_close(struct nw_writer *w);
#endif
