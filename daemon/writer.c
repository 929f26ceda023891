/* writer.c — the store writer (writer.h). Jobs queue up to a bound; the thread takes them
 * in order and applies them inside one transaction until a batch's worth of rows is written
 * or a moment has passed, or none has come for a few milliseconds; then commits and hands
 * the jobs back to the loop through a uv_async. Big transactions matter: FTS5 writes a
 * segment per commit, and merging many small ones cost more than the indexing itself. */
#include "config.h"
#include <pthread.h>
#include <stdlib.h>
#include "log.h"
#include "writer.h"

/* What the loop may run ahead of the writer: jobs waiting, and the bytes of the documents
 * they hold (nw_writer_job.bytes; one job bigger than that waits alone). A queue too short
 * for a moment's slowness of the writer (a commit, a merge of the full-text index) stops
 * the loop in nw_writer_submit: with at most 8 jobs a first cycle of 1000x30 took 2.83 and
 * 2.92 s, with 1 MiB (20 of those documents of 51 KB) 2.63 and 2.74 s (medians of 12 and 10
 * interleaved runs) for 1 MB more RSS. Bytes bound the memory where a count does not: 8
 * feeds of a few MB each were 8 times that in documents and their prepared text. */
#define QUEUE_MAX 64
#define QUEUE_BYTES (1u << 20)
#define BATCH_ROWS 500     /* rows (articles) in one transaction, at most about */
#define BATCH_MS 500        /* and its duration */
#define LINGER_MS 30        /* how long an open batch waits for the next job */
#define LINGER_STEP_MS 5    /* while it checks for a connection waiting to write */
#define CACHE_KIB 1024      /* the connection's page cache, at least */
#define CACHE_KIB_MAX 8192  /* and at most; 4/5 KiB a feed in between (nw_writer_set_feeds) */

struct nw_writer {
	uv_thread_t thread;
	uv_mutex_t mu;
	uv_cond_t work, space, idle;
	uv_async_t async; /* thread -> loop: jobs done */
	struct nw_store *st;
	nw_writer_hook_fn rolled_back, housekeeping;
	void *arg;
	int started;
	/* under mu */
	struct nw_writer_job *queue, **queue_tail; /* submitted, not taken */
	size_t queued, queued_bytes;
	int running;      /* the thread holds taken jobs */
	struct nw_writer_job *done, **done_tail;   /* applied, for the loop */
	int stop;
	int flush;        /* nw_writer_drain waits: no lingering */
	int no_linger;    /* nw_writer_no_linger: none from now on */
	uint64_t commits;
};

static void take_done(struct nw_writer *w)
{
	struct nw_writer_job *j;

	uv_mutex_lock(&w->mu);
	j = w->done;
	w->done = NULL;
	w->done_tail = &w->done;
	uv_mutex_unlock(&w->mu);
	while (j) {
		struct nw_writer_job *next = j->next;
		j->next = NULL;
		j->done(j, j->result);
		j = next;
	}
}

static uint64_t now_ms(void)
{
	return uv_hrtime() / 1000000;
}

/* A job failed halfway through its writes, which are in the transaction with the others':
 * all of it is rolled back, and the batch applied again in a new one, the failed job
 * writing only its failure then (writer.h). A round ends at a job that fails for the first
 * time (nothing more is applied over its writes), and the next begins again: each has one
 * failure more, so there is at most one round more than there are jobs. Per-job savepoints
 * made this unnecessary, but journalled every page a job changed (0.7 GB for a first cycle
 * of 1000 feeds): a failure is rare, and then costs one batch twice. */
static int apply_again(struct nw_writer *w, struct nw_writer_job *batch)
{
	for (;;) {
		struct nw_writer_job *j;

		nw_store_rollback(w->st);
		if (w->rolled_back)
			w->rolled_back(w->arg, w->st);
		if (nw_store_begin(w->st)) {
			snprintf(batch->err, sizeof batch->err, "store: %s", nw_store_errmsg(w->st));
			return -1;
		}
		log_debug("store: a job failed: its transaction is applied again without it");
		for (j = batch; j; j = j->next) {
			size_t weight = 1;

			j->result = j->apply(j, w->st, &weight);
			if (!nw_store_in_transaction(w->st))
				return -1;
			if (j->result < 0 && !j->failed) {
				j->failed = 1;
				break;
			}
		}
		if (!j)
			return 0;
	}
}

static void run(void *arg)
{
	struct nw_writer *w = arg;

	pthread_setname_np(pthread_self(), "nw-writer"); /* for top -H, perf, gdb */
	uv_mutex_lock(&w->mu);
	for (;;) {
		struct nw_writer_job *batch = NULL, **tail = &batch;
		size_t rows = 0;
		uint64_t began;
		int rc, begun;

		while (!w->queue && !w->stop)
			uv_cond_wait(&w->work, &w->mu);
		if (!w->queue)
			break; /* stopping, and nothing left */
		w->running = 1;
		uv_mutex_unlock(&w->mu);
		if (w->housekeeping)
			w->housekeeping(w->arg, w->st);
		rc = nw_store_begin(w->st);
		begun = rc == 0;
		began = now_ms();
		if (begun)
			log_debug("store: transaction begins");
		uv_mutex_lock(&w->mu);
		/* job after job while they keep coming, up to a batch */
		while (w->queue) {
			struct nw_writer_job *j = w->queue;
			size_t weight = 1;

			w->queue = j->next;
			if (!w->queue)
				w->queue_tail = &w->queue;
			w->queued--;
			w->queued_bytes -= j->bytes;
			uv_cond_signal(&w->space);
			uv_mutex_unlock(&w->mu);
			j->next = NULL;
			j->err[0] = '\0';
			j->failed = 0;
			j->result = rc ? -1 : j->apply(j, w->st, &weight);
			*tail = j;
			tail = &j->next;
			rows += weight;
			/* a full disk or an I/O error can make SQLite roll the whole transaction
			 * back: then nothing of the batch is stored, and nothing more is added */
			if (!rc && !nw_store_in_transaction(w->st))
				rc = -1;
			uv_mutex_lock(&w->mu);
			if (!rc && j->result < 0) { /* nothing more over its writes: apply_again */
				j->failed = 1;
				break;
			}
			/* in a busy cycle the loop often has the next feed parsed a moment later:
			 * one transaction for both costs less than two commits (fewer FTS5 segments
			 * and WAL frames). The linger is bounded; an idle writer holds no transaction */
			for (uint64_t waited = 0; !w->queue && !w->flush && !w->no_linger && !w->stop && !rc &&
						  waited < LINGER_MS && !nw_store_others_waiting();
			     waited += LINGER_STEP_MS)
				uv_cond_timedwait(&w->work, &w->mu, LINGER_STEP_MS * (uint64_t)1000000);
			/* the batch ends: no job came, it is big or old enough, or the loop's
			 * connection waits to write (the outbox) */
			if (rc || !w->queue || rows >= BATCH_ROWS || now_ms() - began >= BATCH_MS ||
			    nw_store_others_waiting())
				break;
		}
		uv_mutex_unlock(&w->mu);
		for (struct nw_writer_job *j = batch; j && !rc; j = j->next)
			if (j->failed) {
				rc = apply_again(w, batch);
				break;
			}
		for (struct nw_writer_job *j = batch; j && !rc; j = j->next)
			if (j->result >= 0 && j->finish && j->finish(j, w->st) != 0) {
				rc = -1;
				if (j != batch)
					snprintf(batch->err, sizeof batch->err, "%s", j->err);
			}
		if (!rc && nw_store_commit(w->st)) {
			rc = -1;
			snprintf(batch->err, sizeof batch->err, "store: commit: %s", nw_store_errmsg(w->st));
		}
		if (rc && !*batch->err)
			snprintf(batch->err, sizeof batch->err, "store: %s", nw_store_errmsg(w->st));
		for (struct nw_writer_job *j = batch; j; j = j->next) {
			j->stored = !rc;
			j->full = rc && nw_store_full(w->st);
		}
		if (rc && begun) { /* nothing of the batch is stored */
			nw_store_rollback(w->st);
			if (w->rolled_back)
				w->rolled_back(w->arg, w->st);
		} else if (!rc) {
			log_debug("store: transaction committed (%zu rows)", rows);
		}
		if (rc)
			for (struct nw_writer_job *j = batch; j; j = j->next) {
				if (j != batch)
					snprintf(j->err, sizeof j->err, "%s", batch->err);
				j->result = -1;
			}
		uv_mutex_lock(&w->mu);
		w->commits += rc == 0;
		*w->done_tail = batch;
		w->done_tail = tail;
		w->running = 0;
		if (!w->queue)
			uv_cond_broadcast(&w->idle);
		uv_async_send(&w->async);
	}
	w->running = 0;
	uv_cond_broadcast(&w->idle);
	uv_mutex_unlock(&w->mu);
}

static void on_async(uv_async_t *a)
{
	take_done(a->data);
}

struct nw_writer *nw_writer_new(uv_loop_t *loop, const char *path, int64_t max_bytes, nw_writer_hook_fn rolled_back,
				nw_writer_hook_fn housekeeping, void *arg, char *err, size_t errlen)
{
	struct nw_writer *w = calloc(1, sizeof *w);

	if (!w) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (nw_store_open(path, 0, &w->st, err, errlen) != 0) {
		free(w);
		return NULL;
	}
	if (nw_store_limit(w->st, max_bytes) != 0)
		log_warnx("store: cannot set max_database_size: %s", nw_store_errmsg(w->st));
	nw_store_bound_wal(w->st); /* checkpoints here only to keep the WAL bounded */
	nw_store_background(w->st);
	nw_store_cache(w->st, CACHE_KIB);
	w->rolled_back = rolled_back;
	w->housekeeping = housekeeping;
	w->arg = arg;
	w->queue_tail = &w->queue;
	w->done_tail = &w->done;
	uv_mutex_init(&w->mu);
	uv_cond_init(&w->work);
	uv_cond_init(&w->space);
	uv_cond_init(&w->idle);
	uv_async_init(loop, &w->async, on_async);
	w->async.data = w;
	if (uv_thread_create(&w->thread, run, w) != 0) {
		snprintf(err, errlen, "cannot start the store writer's thread");
		nw_writer_close(w);
		return NULL;
	}
	w->started = 1;
	return w;
}

void nw_writer_submit(struct nw_writer *w, struct nw_writer_job *job)
{
	/* the jobs the writer is done with are finished first: their memory goes back before
	 * more is taken (the uv_async may come only after many transfers' callbacks) */
	take_done(w);
	job->next = NULL;
	uv_mutex_lock(&w->mu);
	while (w->queued && (w->queued >= QUEUE_MAX || w->queued_bytes + job->bytes > QUEUE_BYTES))
		uv_cond_wait(&w->space, &w->mu);
	*w->queue_tail = job;
	w->queue_tail = &job->next;
	w->queued++;
	w->queued_bytes += job->bytes;
	uv_cond_signal(&w->work);
	uv_mutex_unlock(&w->mu);
}

void nw_writer_no_linger(struct nw_writer *w)
{
	uv_mutex_lock(&w->mu);
	w->no_linger = 1;
	uv_cond_signal(&w->work);
	uv_mutex_unlock(&w->mu);
}

void nw_writer_drain(struct nw_writer *w)
{
	uv_mutex_lock(&w->mu);
	w->flush = 1;
	uv_cond_signal(&w->work);
	while (w->started && (w->queue || w->running))
		uv_cond_wait(&w->idle, &w->mu);
	w->flush = 0;
	uv_mutex_unlock(&w->mu);
	take_done(w);
}

/* More feeds write more a second, into more pages of the store's indexes, which a small
 * cache writes to the WAL and reads back again and again. At 10,000 feeds (8000 KiB) a
 * first cycle took 27.6 and 28.1 s against 29.5-36.1 s with 1 MiB, for 7 MB more RSS; at
 * 1000 the writer does not set the pace, and 1 MiB keeps the daemon's RSS under 40 MB. */
void nw_writer_set_feeds(struct nw_writer *w, size_t nfeeds)
{
	size_t kib = nfeeds / 5 * 4;

	nw_store_cache(w->st, (int)(kib < CACHE_KIB ? CACHE_KIB : kib > CACHE_KIB_MAX ? CACHE_KIB_MAX : kib));
}

int nw_writer_set_limit(struct nw_writer *w, int64_t max_bytes)
{
	return nw_store_limit(w->st, max_bytes);
}

uint64_t nw_writer_commits(struct nw_writer *w)
{
	uint64_t n;

	uv_mutex_lock(&w->mu);
	n = w->commits;
	uv_mutex_unlock(&w->mu);
	return n;
}

static void on_closed(uv_handle_t *h)
{
	struct nw_writer *w = h->data;

	uv_mutex_destroy(&w->mu);
	uv_cond_destroy(&w->work);
	uv_cond_destroy(&w->space);
	uv_cond_destroy(&w->idle);
	free(w);
}

void nw_writer_close(struct nw_writer *w)
{
	if (!w)
		return;
	if (w->started) {
		nw_writer_drain(w);
		uv_mutex_lock(&w->mu);
		w->stop = 1;
		uv_cond_signal(&w->work);
		uv_mutex_unlock(&w->mu);
		uv_thread_join(&w->thread);
		take_done(w);
	}
	nw_store_close(w->st);
	w->st = NULL;
	uv_close((uv_handle_t *)&w->async, on_closed);
}
