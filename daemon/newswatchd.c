/* newswatchd.c — the daemon: one libuv loop, a timer per feed, transfers through the
 * fetcher, each fetched document through the pipeline, alerts through the outbox.
 * Runs in the foreground (systemd Type=notify); --once polls every feed once and exits. */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <malloc.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <curl/curl.h>
#include <libxml/parser.h>
#include <uv.h>
#include "conf.h"
#include "fetch.h"
#include "log.h"
#include "outbox.h"
#include "page.h"
#include "pipeline.h"
#include "sdnotify.h"
#include "store.h"
#include "story.h"
#include "url.h"
#include "writer.h"
#include "xmlsafe.h"

struct daemon;

/* One feed's run-time state; its timer is embedded, found again with container_of. */
struct feed_rt {
	uv_timer_t timer;
	struct daemon *d;
	char *name;       /* the [feed] this polls; looked up in the current conf on every poll */
	int64_t feed_id;  /* of the poll in flight */
	int64_t failures; /* consecutive, before the poll in flight */
	int64_t holds;    /* of those, its host's holds (fetch.h: held): not asked, so not its own */
	int64_t paced;    /* of those, its own answers with a Retry-After: waited as asked, not doubled */
	int fail_kind;           /* of its last failure of its own (nw_store_feed_fetched) */
	int64_t kind_since;      /* the failure of its own in a row since which it is of that kind */
	uint64_t fail_warned_ms; /* when a failure of it was last a warning (0: never) */
	int streak_warned;       /* a failure of the present streak was a warning */
	int polled_moved; /* the poll in flight went to the feed's new address */
	int probing;      /* it went to the conf's address, though the feed moved (see probes_conf) */
	char *moved_url;  /* the new address (NULL: the feed has not moved) */
	char *polled_url; /* the conf's url when the feed was last polled or set up (NULL: a
			   * feed from a command) */
	int64_t interval; /* ms: the interval in force when its timer was last set */
	uint64_t not_before; /* loop ms: a server's Retry-After asked for no poll before (0: none) */
	struct wait_made {   /* how its present wait after a failure was made (failure_wait), for a
			      * reload that shortens its interval (reschedule) */
		int failing;     /* 0: its last poll did not fail, or waits its interval whatever came */
		int transient, status;
		int64_t failures;
	} wait;
	int in_flight;
	int closing;      /* removed by a reload: closed once its transfer is back */
	int unreachable;  /* its last poll found no server answering (fetch.h) */
	int outage_streak; /* its failures in a row have had no HTTP answer; 2: and it counted
			    * in an outage (outage_note) */
	char *warned;     /* the warning its last document came with, as the store has it */
};

struct daemon {
	uv_loop_t loop;
	uv_signal_t sigint, sigterm, sighup;
	uv_timer_t watchdog_timer, checkpoint_timer;
	uv_timer_t ready_timer; /* READY=1 once the loop runs */
	uint64_t checkpointed; /* the writer's commits the last checkpoint covered */
	struct nw_store *ckpt_store; /* the checkpoints' connection, used on libuv's threads */
	uv_work_t ckpt_req;
	int ckpt_busy, ckpt_rc;
	int ckpt_frames, ckpt_copied; /* of the last checkpoint (nw_store_checkpoint) */
	int ckpt_copied_last;         /* copied by the one before it that learnt anything */
	int ckpt_held, ckpt_held_warned; /* a reader holds the checkpoints back (ckpt_done) */
	uint64_t ckpt_held_since; /* loop ms: since when the frames copied have not moved */
	char ckpt_err[256];
	struct nw_writer *writer;
	struct nw_outbox *outbox;
	struct nw_plugins *plugins;
	struct nw_conf *conf;
	struct nw_store *store;
	struct nw_pipeline *pipeline;
	struct nw_fetcher *fetcher;
	struct feed_rt **feeds;
	size_t nfeeds;
	const char *conf_path;
	int once;
	size_t once_pending;     /* --once: feeds not done yet */
	size_t in_writer;        /* jobs submitted to the writer, not done yet */
	int stopping;
	int exit_code;
	uint64_t stats_polls, stats_items;
	struct {                 /* --once: what the run did, said at its end */
		size_t ok, not_modified, failed, items, fresh, duplicates, hits, alerts;
		uint64_t began_ms;
	} run;
	size_t outage_feeds;     /* feeds that answered before and found no server since the last poll that did */
	int outage_hosts;        /* ...on how many hosts: 0, 1 (outage_host) or 2 and more */
	char outage_host[256];
	int notify;              /* NOTIFY_SOCKET set: systemd listens */
	uint64_t status_sent_ms; /* when STATUS= was last sent (loop time) */
};

#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

static void daemon_stop(struct daemon *d);
static void poll_feed(struct feed_rt *rt);

/* a and b the same text but for their runs of digits ("line 12: ..." and "line 40: ...") */
static int same_but_figures(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			while (isdigit((unsigned char)*a))
				a++;
			while (isdigit((unsigned char)*b))
				b++;
		} else if (*a++ != *b++) {
			return 0;
		}
	}
	return !*a && !*b;
}

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

/* Up to a tenth of the interval at random, so that feeds do not poll in lock step. */
static uint64_t with_jitter(int64_t ms)
{
	int64_t j = ms / 10;

	return (uint64_t)(ms + (j > 0 ? rand() % (j + 1) : 0));
}

/* Articles a store from before inline indexing never indexed: indexed now, once. */
static void index_backlog(struct nw_store *st)
{
	int64_t n = 0;

	if (nw_store_fts_index(st, -1, &n) != 0)
		log_warnx("full-text index: %s", nw_store_errmsg(st));
	else if (n > 0)
		log_info("full-text index: %lld earlier articles indexed", (long long)n);
}

/* What the writer committed is copied from the WAL into the database once a second while it
 * commits (ckpt_arm), on a thread of libuv's pool with a connection of its own: a checkpoint
 * waits for the disk twice (fdatasync of the WAL, then of the database), up to a few hundred
 * ms in a busy cycle, and neither the loop nor the writer should wait with it. One at a time.
 * (In a burst they do not catch up with the writer, which checkpoints itself once the WAL is
 * past 64 MiB: nw_store_bound_wal.) */
static void ckpt_work(uv_work_t *req)
{
	struct daemon *d = req->data;

	if ((d->ckpt_rc = nw_store_checkpoint(d->ckpt_store, &d->ckpt_frames, &d->ckpt_copied)) != 0)
		snprintf(d->ckpt_err, sizeof d->ckpt_err, "%s", nw_store_errmsg(d->ckpt_store));
}

/* The -wal file's size in MiB, for the log (-1: unknown). */
static long long wal_mib(const char *db)
{
	char wal[4096];
	struct stat sb;

	snprintf(wal, sizeof wal, "%s-wal", db);
	return stat(wal, &sb) == 0 ? (long long)(sb.st_size >> 20) : -1;
}

/* A checkpoint copies the log only as far as the oldest open read transaction sees: one left
 * open (an sqlite3 shell after BEGIN, a query that takes minutes) holds every checkpoint
 * back, the log cannot start over and grows with every commit, past the 64 MiB it is kept
 * to otherwise. Short reads (the command line's, the loop's own) only delay a checkpoint:
 * the next one copies further. So when the frames copied have not moved for HELD_WARN_MS
 * of commits, that is said once, naming the file and what to do, and once more when the
 * checkpoints reach the end again. The daemon goes on writing meanwhile. */
#define HELD_WARN_MS 30000

static void ckpt_held(struct daemon *d, int frames, int copied, int last_copied)
{
	uint64_t now = uv_now(&d->loop);
	const char *db = d->conf->daemon.database;

	if (copied >= frames) {
		if (d->ckpt_held_warned)
			log_info("store %s: checkpoints copy the whole write-ahead log again (the read transaction that "
				 "held them back has ended): %s-wal starts over with the next write (%lld MiB now; cut "
				 "back to 64 MiB at most)", db, db, wal_mib(db));
		d->ckpt_held = d->ckpt_held_warned = 0;
		return;
	}
	if (!d->ckpt_held || copied != last_copied) {
		d->ckpt_held = 1;
		d->ckpt_held_since = now;
	} else if (!d->ckpt_held_warned && now - d->ckpt_held_since >= HELD_WARN_MS) {
		d->ckpt_held_warned = 1;
		log_warnx("store %s: a read transaction open for over %d s in another process (an sqlite3 shell "
			  "after BEGIN, a long query) holds the checkpoints back: %s-wal cannot start over and grows "
			  "with every write (%lld MiB now, %d of its %d pages not in the store); end that transaction "
			  "(fuser -v %s shows which processes have the store open). newswatchd goes on meanwhile",
			  db, HELD_WARN_MS / 1000, db, wal_mib(db), frames - copied, frames, db);
	}
}

static void ckpt_done(uv_work_t *req, int status)
{
	struct daemon *d = req->data;

	d->ckpt_busy = 0;
	if (status != 0)
		return;
	if (d->ckpt_rc != 0) {
		log_warnx("store %s: checkpoint: %s", d->conf->daemon.database, d->ckpt_err);
		return;
	}
	if (d->ckpt_frames < 0) /* another connection's checkpoint ran: nothing learnt */
		return;
	ckpt_held(d, d->ckpt_frames, d->ckpt_copied, d->ckpt_copied_last);
	d->ckpt_copied_last = d->ckpt_copied;
}

static void on_checkpoint_timer(uv_timer_t *t)
{
	struct daemon *d = t->data;
	uint64_t commits = nw_writer_commits(d->writer);

	if (d->ckpt_busy)
		return;
	if (commits == d->checkpointed) { /* nothing new: no tick until the writer commits (ckpt_arm) */
		uv_timer_stop(t);
		return;
	}
	/* the store deleted or replaced under the daemon (rm, a restore with mv): what it
	 * writes would go to a file no one reads again, and status would find none. Stopped,
	 * with an error, for systemd to start it again on the store that is there now. */
	if (nw_store_replaced(d->store)) {
		nw_log(NW_LOG_ERR, "store %s was deleted or replaced while newswatchd ran: stopping (a restart opens "
		       "the one there now)", d->conf->daemon.database);
		d->exit_code = 1;
		daemon_stop(d);
		return;
	}
	if (uv_queue_work(&d->loop, &d->ckpt_req, ckpt_work, ckpt_done) == 0) {
		d->ckpt_busy = 1;
		d->checkpointed = commits;
	}
}

/* A writer's job came back (it committed, or will with the next): the checkpoints tick again.
 * An idle daemon has no tick: it wakes for a due poll or alert only. */
static void ckpt_arm(struct daemon *d)
{
	if (!uv_is_active((uv_handle_t *)&d->checkpoint_timer))
		uv_timer_start(&d->checkpoint_timer, on_checkpoint_timer, 1000, 1000);
}

/* On the writer's thread: a transaction of documents was rolled back. */
static void writer_rolled_back(void *arg, struct nw_store *st)
{
	struct daemon *d = arg;

	nw_pipeline_rolled_back(d->pipeline, st, d->conf, now_s());
}

/* On the writer's thread, before a transaction of documents: old articles are forgotten in
 * one of their own (so that a full store has room for the documents). */
static void writer_housekeeping(void *arg, struct nw_store *st)
{
	struct daemon *d = arg;

	nw_pipeline_forget(d->pipeline, st, d->conf, now_s());
}

static void on_outbox_idle(void *arg)
{
	struct daemon *d = arg;

	if (d->once && d->once_pending == 0)
		daemon_stop(d);
}

/* --once: every feed polled and stored; deliver what is due (a message that must be retried
 * stays queued for the next run), then out (closing the store checkpoints it). */
static void once_done(struct daemon *d)
{
	if (d->stopping)
		return;
	/* for a cron job's mail or a look at the journal: the run in a line (which feeds failed,
	 * and why: above, and `newswatch feeds`) */
	log_info("--once: %zu feeds polled in %.1f s: %zu with a document, %zu not modified, %zu failed; %zu items, "
		 "%zu new, %zu duplicates, %zu hits, %zu alerts queued",
		 d->run.ok + d->run.not_modified + d->run.failed, (double)(uv_now(&d->loop) - d->run.began_ms) / 1000,
		 d->run.ok, d->run.not_modified, d->run.failed, d->run.items, d->run.fresh, d->run.duplicates,
		 d->run.hits, d->run.alerts);
	nw_outbox_kick(d->outbox);
	if (nw_outbox_busy(d->outbox) == 0)
		daemon_stop(d);
	else
		nw_outbox_on_idle(d->outbox, on_outbox_idle, d);
}

/* systemd's STATUS=: what `systemctl status` shows; at most once a second. */
static void send_status(struct daemon *d, int force)
{
	int64_t feeds, due, failing, queued;
	char msg[160];

	if (!d->notify || (!force && uv_now(&d->loop) - d->status_sent_ms < 1000))
		return;
	if (nw_store_health(d->store, now_s(), &feeds, &due, &failing, &queued) != 0)
		return;
	snprintf(msg, sizeof msg, "STATUS=%lld feeds, %lld due, %lld failing, %lld alerts queued", (long long)feeds,
		 (long long)due, (long long)failing, (long long)queued);
	nw_sd_notify(msg);
	d->status_sent_ms = uv_now(&d->loop);
}

/* The loop's connection records what the outbox delivered: it may go 4 MiB past
 * max_database_size (tens of thousands of deliveries), so that a store full for new items
 * still takes the word that a queued alert went out. */
static int64_t loop_store_limit(int64_t max_database_size)
{
	return max_database_size > 0 ? max_database_size + ((int64_t)4 << 20) : 0;
}

/* A cap below what the store already takes is the store's size: nothing new is stored until
 * articles are forgotten (the file never shrinks by itself). Said, not left to be found. */
static void cap_check(struct daemon *d)
{
	int64_t cap = d->conf->daemon.max_database_size, size = nw_store_size(d->store);

	if (cap > 0 && size > cap)
		log_warnx("store: %s takes %lld bytes, more than max_database_size (%lld): new items are not stored "
			  "until that much is free (keep_articles forgets old ones; the room they leave is used again, "
			  "but to give it back to the disk, VACUUM the store with the daemon stopped)",
			  d->conf->daemon.database, (long long)size, (long long)cap);
}

/* Start sending what is due (the outbox wakes itself for what comes due later). */
static void deliver_due(struct daemon *d)
{
	if (!d->stopping)
		nw_outbox_kick(d->outbox);
}

static void on_feed_timer(uv_timer_t *t)
{
	poll_feed(container_of(t, struct feed_rt, timer));
}

static void schedule(struct feed_rt *rt, uint64_t ms)
{
	if (!rt->closing && !rt->d->once && !rt->d->stopping)
		uv_timer_start(&rt->timer, on_feed_timer, ms, 0);
}

/* A feed's poll is over, whatever came of it: poll again in ms; in --once, count it done,
 * and once every feed not done is with the writer, no job can follow the writer's last
 * one, so its transaction commits at once instead of waiting for one. */
static void feed_done(struct feed_rt *rt, uint64_t ms)
{
	struct daemon *d = rt->d;

	if (!d->once) {
		schedule(rt, ms);
	} else if (--d->once_pending == 0) {
		once_done(d);
	} else if (d->in_writer == d->once_pending) {
		nw_writer_no_linger(d->writer);
	}
}

static int64_t feed_interval(const struct daemon *d, const struct nw_feed_conf *fc)
{
	return fc->interval > 0 ? fc->interval : d->conf->daemon.interval;
}

static void feed_closed(uv_handle_t *h);

/* Two feed addresses are the same (NULL: a feed from a command has none). */
static int same_url(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int64_t failure_wait(int64_t interval, int64_t failures, int transient, int status);

/* A feed a reload kept, not in flight: a new address is polled now, not after the old
 * interval; a shorter interval takes over, but no poll comes before a server's Retry-After,
 * and a failing feed keeps its backoff, made again with the new interval from its failures
 * in a row (a 410's day is not cut to the new interval). A feed whose interval is the same
 * or longer keeps its timer. */
static void reschedule(struct feed_rt *rt, const struct nw_feed_conf *fc)
{
	struct daemon *d = rt->d;
	int64_t interval = feed_interval(d, fc);
	uint64_t next = with_jitter(interval), now = uv_now(&d->loop);

	if (!uv_is_active((uv_handle_t *)&rt->timer) || !same_url(rt->polled_url, fc->url)) {
		schedule(rt, 1000);
	} else if (interval < rt->interval) {
		if (rt->wait.failing)
			next = (uint64_t)failure_wait(interval, rt->wait.failures, rt->wait.transient, rt->wait.status);
		if (rt->not_before > now + next)
			next = rt->not_before - now;
		if (uv_timer_get_due_in(&rt->timer) > next)
			schedule(rt, next);
	}
	rt->interval = interval;
}

/* The longest a feed waits between two polls, whatever comes (a failure's backoff, a
 * Retry-After, a next poll stored before a restart): 6 hours, or its interval if longer;
 * plus the jitter. A year in a Retry-After, or a clock that was once far ahead, must not
 * silence a feed. A feed whose server says it is gone (410) waits up to a day: answered so
 * for weeks, it was asked 4 times a day for months (2,000 feeds' worth of requests in a year
 * of a daemon with 500), for an answer that changes only when someone gives it a new url;
 * once a day still sees a site that comes back. */
#define WAIT_CEILING_MS (6 * 3600 * 1000LL)
#define GONE_CEILING_MS (24 * 3600 * 1000LL)

static int64_t wait_ceiling(int64_t interval, int status)
{
	int64_t ceiling = status == 410 ? GONE_CEILING_MS : WAIT_CEILING_MS;

	return interval > ceiling ? interval : ceiling;
}

/* The wait after a feed's (failures + 1)th failure in a row, which answered status: its
 * interval, doubled at each failure up to the ceiling, with jitter. A failing feed is never
 * polled more often than a healthy one, and a dead one (a name that does not resolve, a bad
 * certificate) settles at one poll in 6 hours, a gone one (410) at one a day. Only a first
 * failure that is likely to pass (fetch.h: transient) is tried again sooner, after a minute
 * (or the interval, if shorter); the doubling then starts from the interval. A 429 or 503
 * is not transient. */
static int64_t failure_wait(int64_t interval, int64_t failures, int transient, int status)
{
	int64_t ceiling = wait_ceiling(interval, status), b = interval;

	if (transient) {
		if (failures == 0)
			return (int64_t)with_jitter(interval < 60000 ? interval : 60000);
		failures--;
	}
	for (int64_t i = 0; i < failures && b < ceiling; i++)
		b *= 2;
	return (int64_t)with_jitter(b < ceiling ? b : ceiling);
}

/* Failures in a row at a feed's new address (a permanent redirect seen three times) before
 * the conf's address is tried again; its host's holds and its answers that said when to
 * come back (paced: a 429 or 503 with a Retry-After) are not counted: it answered. The move is kept until that answers by itself (the
 * answer then records no move, which clears it; a redirect there counts as before); while
 * both fail, they take turns. Decided by the count of failures the store keeps, so that it
 * holds across restarts and runs of --once. */
#define MOVE_FAILURES 3

static int probes_conf(int64_t failures)
{
	return failures >= MOVE_FAILURES && (failures - MOVE_FAILURES) % 2 == 0;
}

/* A kind of failure (fetch.h's nw_fail_class, or an HTTP status) in a few words, for the
 * warning that a feed fails differently */
static const char *kind_said(int kind, char *buf, size_t len)
{
	static const char *const words[] = {
		[NW_FAIL_OTHER] = "another error",
		[NW_FAIL_RESOLVE] = "its host name not found",
		[NW_FAIL_CONNECT] = "no connection made",
		[NW_FAIL_TIMEOUT] = "no answer in time",
		[NW_FAIL_BROKEN] = "the connection closed before an answer",
		[NW_FAIL_TLS] = "a TLS error",
		[NW_FAIL_TOO_BIG] = "an answer too large",
		[NW_FAIL_REDIRECT] = "a redirect not followed",
		[NW_FAIL_COMMAND] = "its command failing",
		[NW_FAIL_DOCUMENT] = "a document that could not be read",
		[NW_FAIL_STORE] = "the store failing",
	};

	if (kind >= 100)
		snprintf(buf, len, "HTTP %d", kind);
	else
		snprintf(buf, len, "%s", kind > 0 && (size_t)kind < sizeof words / sizeof *words && words[kind]
						 ? words[kind] : "another error");
	return buf;
}

/* One fetch's outcome on its way to the store: parsed and prepared on the loop, written by
 * the store writer (writer.c) with the feed's new state, finished on the loop (job_done). */
struct fetch_job {
	struct nw_writer_job job; /* first */
	struct daemon *d;
	struct feed_rt *rt;
	const struct nw_feed_conf *fc;
	int64_t feed_id, now, next_ok_ms, next_fail_ms;
	struct nw_doc doc;
	struct nw_prepared *pd; /* NULL: only the feed's state to store */
	int ok, not_modified, status, record_move;
	int held;      /* not asked: its host's Retry-After (fetch.h), said once for the host */
	int paced;     /* it answered 429 or 503 with a Retry-After: waited as asked */
	int kind;      /* of its failure: an HTTP status, or an nw_fail_class (fetch.h) */
	struct wait_made wait; /* how next_fail_ms was made */
	char *message; /* a warning when ok, else the error */
	char *etag, *last_modified, *moved_to;
	struct nw_pipeline_stats stats;
	int apply_rc;        /* the document's apply failed: applied again, only the feed's state */
	char store_err[256]; /* the feed's state could not be stored: why */
	int store_full;      /* because the store is full */
};

static void fetch_job_free(struct fetch_job *j)
{
	nw_prepared_free(j->pd);
	nw_doc_free(&j->doc);
	free(j->message);
	free(j->etag);
	free(j->last_modified);
	free(j->moved_to);
	free(j);
}

/* On the writer's thread: the document's items, then the feed's state. */
static int job_apply(struct nw_writer_job *wj, struct nw_store *st, size_t *weight)
{
	struct fetch_job *j = (struct fetch_job *)wj;
	int r = j->apply_rc;

	/* applied again after a rollback (writer.h): a document that failed is left out */
	j->store_err[0] = '\0';
	j->store_full = 0;
	if (j->pd && !j->apply_rc) {
		r = nw_pipeline_apply(j->d->pipeline, st, j->d->conf, j->fc, j->pd, j->now, NULL, NULL, &j->stats,
				      wj->err, sizeof wj->err);
		*weight = 1 + j->stats.new_items;
		if (r) {
			j->apply_rc = r;
			j->ok = 0;
			j->kind = NW_FAIL_STORE;
			j->stats.new_items = 0; /* none of them is stored */
			free(j->message);
			j->message = strdup(wj->err);
		}
	}
	if (!nw_store_in_transaction(st)) /* SQLite rolled the batch back: the writer says why */
		return r ? r : -EIO;
	if (nw_store_feed_fetched(st, j->feed_id, j->ok, j->held, j->paced, j->status, j->kind, j->message, j->etag,
				  j->last_modified, j->now,
				  j->now + (j->ok ? j->next_ok_ms : j->next_fail_ms) / 1000) ||
	    (j->ok && j->record_move && nw_store_feed_moved(st, j->feed_id, j->moved_to))) {
		snprintf(j->store_err, sizeof j->store_err, "%s", nw_store_errmsg(st));
		j->store_full = nw_store_full(st);
	}
	return r;
}

static int job_finish(struct nw_writer_job *wj, struct nw_store *st)
{
	struct fetch_job *j = (struct fetch_job *)wj;

	return j->pd && j->ok ? nw_pipeline_index(st, j->pd, wj->err, sizeof wj->err) : 0;
}

/* Back on the loop: say what happened, and poll again in due time. */
static void job_done(struct nw_writer_job *wj, int result)
{
	struct fetch_job *j = (struct fetch_job *)wj;
	struct daemon *d = j->d;
	struct feed_rt *rt = j->rt;
	const struct nw_feed_conf *fc = j->fc;
	int64_t next_ms;

	d->in_writer--;
	rt->in_flight = 0;
	if (d->stopping) {
		fetch_job_free(j);
		return;
	}
	ckpt_arm(d);
	if (result < 0 && j->ok) { /* the transaction holding it was rolled back */
		j->ok = 0;
		j->kind = NW_FAIL_STORE;
		free(j->message);
		j->message = strdup(wj->err);
		j->stats.new_items = 0;
	}
	if (j->store_full && j->ok) { /* its items stored, but not its own state: a failure */
		j->ok = 0;
		j->kind = NW_FAIL_STORE;
		free(j->message);
		j->message = strdup(j->store_err);
	}
	next_ms = j->ok ? j->next_ok_ms : j->next_fail_ms;
	rt->wait = j->wait;
	rt->wait.failing = !j->ok && j->wait.failing;
	/* The store full (max_database_size, or the disk), the feed's state was not stored with
	 * the rest (or its transaction was not): every feed would show as it was, and each poll
	 * as its first failure, never backed off. The failure is recorded by the loop's
	 * connection, which may go 4 MiB past the cap (loop_store_limit); the document's
	 * validators are not, so that it is fetched whole again. Only when the lock is free at
	 * once: the loop does not wait behind the writer's queue (nor another process); when
	 * it is not, the next poll's failure tries again. */
	if ((!wj->stored && wj->full) || (wj->stored && j->store_full)) {
		if (nw_store_try_begin(d->store) != 0)
			log_debug("feed %s: its failure not recorded: the store is busy", fc->name);
		else if (nw_store_feed_fetched(d->store, j->feed_id, 0, j->held, j->paced, j->status, j->kind, j->message, NULL,
						 NULL, j->now, j->now + next_ms / 1000) ||
			 nw_store_commit(d->store)) {
			log_debug("feed %s: store: %s", fc->name, nw_store_errmsg(d->store));
			nw_store_rollback(d->store);
		}
	}
	if (!j->ok) {
		/* a feed that stays down is a warning at its 1st, 2nd, 4th, 8th... failure, not at
		 * every poll for months: the journal is for what changed (`newswatch feeds` lists
		 * every failing feed). Its host's holds are not its failures: it was not asked. */
		long long nth = (long long)(rt->failures - rt->holds) + 1, step = 1;
		uint64_t now_ms = uv_now(&d->loop);
		/* nor, for one that fails and recovers by turns (a 502 at every other poll), each
		 * first failure: one an hour at most */
		int flapping = nth == 1 && rt->fail_warned_ms && now_ms - rt->fail_warned_ms < 3600000;
		/* A failure of another kind than the one before (another status, an HTTP answer
		 * after no connection) is what changed too: a warning at once, then at the next
		 * power of two. The first of a step between two powers of two only (no other kind
		 * began after the last power): a feed that fails two ways by turns is not a
		 * warning at every poll. */
		int changed = !j->held && rt->fail_kind && j->kind != rt->fail_kind;
		char was[160] = "";
		while (step <= nth / 2)
			step *= 2;
		if (changed) {
			char k[64];
			if (rt->kind_since > 0 && rt->kind_since < nth - 1)
				snprintf(was, sizeof was, "; before it, failures %lld to %lld of another kind: %s",
					 (long long)rt->kind_since, nth - 1, kind_said(rt->fail_kind, k, sizeof k));
			else
				snprintf(was, sizeof was, "; before it, failure %lld of another kind: %s", nth - 1,
					 kind_said(rt->fail_kind, k, sizeof k));
		}
		if (j->held) { /* the fetcher said it of the host: not again for each of its feeds */
			log_debug("feed %s: %s (not asked; next try in %llds)", fc->name, j->message ? j->message : "held",
				  (long long)(next_ms / 1000));
		} else if (((nth & (nth - 1)) == 0 && !flapping) || (changed && rt->kind_since <= step)) {
			log_warnx("feed %s: %s (failure %lld, next try in %llds; the next warning at failure %lld%s)",
				  fc->name, j->message ? j->message : "failed", nth, (long long)(next_ms / 1000), 2 * step,
				  was);
			rt->fail_warned_ms = now_ms;
			rt->streak_warned = 1;
		} else {
			log_debug("feed %s: %s (failure %lld, next try in %llds%s%s)", fc->name,
				  j->message ? j->message : "failed", nth, (long long)(next_ms / 1000),
				  flapping ? "; it failed within the hour before too: no warning" : "", was);
		}
	} else {
		/* (a single failure that was no warning, or only its host's holds: back, in a debug
		 * message alone; 50 feeds of a host that asked for a wait said so each) */
		int64_t own = rt->failures - rt->holds;
		if (rt->holds && !own && !rt->streak_warned)
			log_debug("feed %s: fetched again after %lld holds (its host's wait)", fc->name,
				  (long long)rt->holds);
		else if (own > 1 || (own == 1 && (rt->streak_warned || !rt->fail_warned_ms)))
			log_info("feed %s: fetched again after %lld failures", fc->name, (long long)own);
		else if (own > 0)
			log_debug("feed %s: fetched again after %lld failures", fc->name, (long long)own);
		rt->streak_warned = 0;
		if (j->not_modified)
			log_debug("feed %s: not modified", fc->name);
		else if (j->stats.new_items)
			log_info("feed %s: %zu items, %zu new, %zu duplicates, %zu hits, %zu alerts queued", fc->name,
				 j->stats.items, j->stats.new_items, j->stats.duplicates, j->stats.hits, j->stats.alerts);
		else
			log_debug("feed %s: %zu items, none new", fc->name, j->stats.items);
	}
	if (*j->store_err)
		log_warnx("feed %s: store: %s", fc->name, j->store_err);
	if (!j->ok && !j->held && rt->polled_moved && probes_conf(rt->failures - rt->holds - rt->paced + !j->paced)) {
		char from[1024], to[1024];
		log_warnx("feed %s: %s, where it moved, failed (%d failures in a row): trying %s again", fc->name,
			  nw_url_shown(rt->moved_url, from, sizeof from), (int)(rt->failures - rt->holds - rt->paced + 1),
			  nw_url_shown(fc->url, to, sizeof to));
	} else if (rt->probing && j->ok && !j->moved_to && !j->store_err[0]) {
		char from[1024], to[1024];
		log_info("feed %s: %s answers again: the move to %s is over", fc->name, nw_url_shown(fc->url, to, sizeof to),
			 nw_url_shown(rt->moved_url, from, sizeof from));
	}
	if (j->ok && j->moved_to) {
		char from[1024], to[1024];
		log_info("feed %s: %s moved permanently to %s", fc->name, nw_url_shown(fc->url, from, sizeof from),
			 nw_url_shown(j->moved_to, to, sizeof to));
	}
	d->stats_items += j->stats.new_items;
	if (!j->ok) {
		d->run.failed++;
	} else if (j->not_modified) {
		d->run.not_modified++;
	} else {
		d->run.ok++;
		d->run.items += j->stats.items;
		d->run.fresh += j->stats.new_items;
		d->run.duplicates += j->stats.duplicates;
		d->run.hits += j->stats.hits;
		d->run.alerts += j->stats.alerts;
	}
	fetch_job_free(j);
	if (rt->closing) { /* removed by a reload while its document was being stored */
		uv_close((uv_handle_t *)&rt->timer, feed_closed);
		return;
	}
	deliver_due(d);
	send_status(d, 0);
	feed_done(rt, (uint64_t)next_ms);
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* An outage of this machine's network (or its name server) fails every poll with no server
 * answering, and each feed backs off as if it were dead: after an hour without a network, a
 * feed may wait hours more before its next poll. So when feeds that answered before find
 * no server one after another, with no HTTP answer to any poll in between (two at least,
 * on two hosts at least: feeds of one host are that server down), the first poll answered
 * again ends the outage, and every feed that found no server is polled again within a
 * minute (or its interval, if shorter) instead of after its backoff. A feed dead before the
 * outage gets one poll more. */
#define OUTAGE_FEEDS 2

static void outage_over(struct daemon *d)
{
	size_t n = 0;

	for (size_t i = 0; i < d->nfeeds; i++) {
		struct feed_rt *rt = d->feeds[i];
		int64_t spread = rt->interval > 0 && rt->interval < 60000 ? rt->interval : 60000;
		uint64_t next = (uint64_t)(rand() % (spread + 1));
		if (!rt->unreachable || rt->in_flight || rt->closing || !uv_is_active((uv_handle_t *)&rt->timer) ||
		    uv_timer_get_due_in(&rt->timer) <= next)
			continue;
		schedule(rt, next);
		n++;
	}
	if (n)
		log_info("a server answers again after %zu feeds found none in a row: %zu feeds that could not "
			 "be reached are polled again within a minute, not after their backoff",
			 d->outage_feeds, n);
}

/* A poll came back: whether it found no server, or an HTTP server answered it. */
static void outage_note(struct daemon *d, struct feed_rt *rt, const struct nw_fetch_res *res)
{
	/* a feed counts once in a streak of failures none of which an HTTP server answered: a
	 * poll on a connection kept from before is reset as the network goes ("Recv failure"),
	 * and only its next poll finds no server */
	if (res->ok || res->status > 0)
		rt->outage_streak = 0;
	else if (!res->held && rt->failures == rt->holds)
		rt->outage_streak = 1;
	if (res->unreachable && rt->outage_streak == 1) {
		char host[256];
		rt->outage_streak = 2;
		nw_url_host(res->effective_url ? res->effective_url : "", host, sizeof host);
		if (d->outage_hosts == 0)
			snprintf(d->outage_host, sizeof d->outage_host, "%s", host);
		if (d->outage_hosts < 2 && (d->outage_hosts == 0 || strcmp(host, d->outage_host) != 0))
			d->outage_hosts++;
		d->outage_feeds++;
	} else if (!res->unreachable && res->status > 0 && res->effective_url &&
		   strncasecmp(res->effective_url, "http", 4) == 0) { /* not an exec or file: feed */
		if (d->outage_feeds >= OUTAGE_FEEDS && d->outage_hosts >= 2)
			outage_over(d);
		d->outage_feeds = 0;
		d->outage_hosts = 0;
	}
	rt->unreachable = res->unreachable;
}

/* Parse and prepare here; the writer stores. */
static void on_fetched(void *arg, struct nw_fetch_res *res)
{
	struct feed_rt *rt = arg;
	struct daemon *d = rt->d;
	const struct nw_feed_conf *fc = nw_conf_feed(d->conf, rt->name);
	struct fetch_job *j;
	char err[1024] = "";
	int64_t interval;
	int moved_by_conf;

	d->stats_polls++;
	if (rt->closing || !fc) { /* removed by a reload while in flight */
		rt->in_flight = 0;
		uv_close((uv_handle_t *)&rt->timer, feed_closed);
		return;
	}
	if (!(j = calloc(1, sizeof *j))) {
		log_warnx("feed %s: out of memory", fc->name);
		rt->in_flight = 0;
		feed_done(rt, 60000);
		return;
	}
	j->job.apply = job_apply;
	j->job.finish = job_finish;
	j->job.done = job_done;
	j->d = d, j->rt = rt, j->fc = fc, j->feed_id = rt->feed_id, j->now = now_s();
	j->ok = res->ok, j->not_modified = res->not_modified, j->status = (int)res->status, j->held = res->held;
	j->paced = !res->held && res->retry_after > 0;
	j->kind = res->fail_class ? res->fail_class : res->status > 0 ? (int)res->status : NW_FAIL_OTHER;
	j->etag = dup_or_null(res->etag);
	j->last_modified = dup_or_null(res->last_modified);
	j->moved_to = dup_or_null(res->moved_to);
	/* at the conf's address, count the permanent redirect (or its absence); at the new
	 * address, only a further move counts */
	j->record_move = !rt->polled_moved || res->moved_to;
	/* a reload gave the feed another url while this poll was out: what it learnt of the old
	 * address (validators, a move) is not the new one's, which starts without them, and is
	 * polled at once (below) */
	moved_by_conf = !same_url(rt->polled_url, fc->url);
	if (moved_by_conf) {
		free(j->etag);
		free(j->last_modified);
		free(j->moved_to);
		j->etag = j->last_modified = j->moved_to = NULL;
		j->record_move = 0;
		/* nor what it listed: stored under the new address, it would be taken as that one's
		 * backlog, and the new address's own first fetch would alert on all it has */
		if (j->ok)
			j->not_modified = 1;
	}
	if (j->ok && !j->not_modified) {
		const char *from = res->effective_url ? res->effective_url : fc->url;
		char *base = nw_url_without_userinfo(from); /* item links never carry the password */
		struct nw_input in = { res->data, res->len, base ? base : from, res->content_type, (int64_t)time(NULL) };
		/* what was read: the address the answer came from (after redirects, or the feed's
		 * new one), or a command's output */
		char perr[512] = "", shown[1024];
		const char *where = from ? nw_url_shown(from, shown, sizeof shown) : "its command's output";

		j->doc.budget = nw_doc_budget(res->len);
		j->job.bytes = res->len; /* about what the parsed and prepared document holds */
		if (fc->src.p->parse(fc->src.ctx, &in, &j->doc, perr, sizeof perr) != 0) {
			/* (a page is what the html source reads: not said of its failures) */
			char *page = strcmp(fc->src.p->name, "html") != 0 ? nw_page_in_place(res->data, res->len,
												   res->content_type)
									  : NULL;
			snprintf(err, sizeof err, "%s: %s%s", where, *perr ? perr : "cannot parse", page ? page : "");
			free(page);
			j->ok = 0;
			j->kind = NW_FAIL_DOCUMENT;
		} else {
			nw_doc_finish(&j->doc, in.url);
			if (j->doc.cut) {
				/* its validators would say "not modified" of the part it has at every poll
				 * (libcurl takes a close before the end, or a cut gzip stream, for an end) */
				free(j->etag);
				free(j->last_modified);
				j->etag = j->last_modified = NULL;
				log_warnx("feed %s: %s: the document ends before its end: what it has is read, and it is "
					  "fetched whole at the next poll", fc->name, where);
			}
			if (j->doc.warning) {
				/* what changed, not the same at every poll for months (newswatch feeds
				 * shows it): the warning its last document came with, but for its
				 * figures (a line number), is said again only with -v */
				if (rt->warned && same_but_figures(rt->warned, j->doc.warning))
					log_debug("feed %s: %s: %s", fc->name, where, j->doc.warning);
				else
					log_warnx("feed %s: %s: %s", fc->name, where, j->doc.warning);
				j->message = strdup(j->doc.warning);
			}
			if (nw_pipeline_prepare(d->pipeline, d->store, d->conf, fc, &j->doc, j->now, &j->pd, err, sizeof err)) {
				j->ok = 0;
				j->kind = NW_FAIL_STORE; /* it reads the store */
			}
		}
		free(base); /* the parsers copy what they keep of it */
	} else if (!j->ok) {
		snprintf(err, sizeof err, "%s", res->error);
	}
	if (!j->ok) {
		free(j->message);
		j->message = strdup(err);
	}
	outage_note(d, rt, res);
	/* when to poll again, either way: after the interval; after a failure, with backoff */
	interval = feed_interval(d, fc);
	j->next_ok_ms = (int64_t)with_jitter(interval);
	/* a feed its host's Retry-After held (fetch.h: held) was not asked, and has not failed:
	 * its failures in a row do not double its wait, which is its interval or what is left
	 * of the host's wait. Doubled, a site that asked for an hour at each round had its
	 * other feeds wait 2, 4, then 6 hours. Nor do such holds double the wait after a failure
	 * of its own: after two holds, a 404 is its first failure. A 429 or 503 that says when
	 * to come back (Retry-After) is not backed off either: its wait is what the server
	 * asked, at each of them in a row (the interval at least), not that doubled again at
	 * each round (an hour asked for at every 429 was waited 2, 4, then 6 hours). Nor do
	 * such answers (paced) double the wait of a failure of another kind after them: a 404
	 * after eight 429s that each asked for an hour waited 6 hours at once; it is a first
	 * failure, as after holds. */
	j->wait.failing = 1;
	j->wait.failures = res->held || res->retry_after > 0 ? 0 : rt->failures - rt->holds - rt->paced;
	j->wait.transient = res->transient;
	j->wait.status = (int)res->status;
	j->next_fail_ms = failure_wait(interval, j->wait.failures, j->wait.transient, j->wait.status);
	/* the server's Retry-After lengthens the wait, up to the ceiling, with up to 5% more at
	 * random: feeds told the same (a host's feeds, all at once) do not come back together */
	rt->not_before = 0;
	if (res->retry_after > 0) {
		int64_t cap = wait_ceiling(interval, (int)res->status);
		int64_t ms = res->retry_after < cap / 1000 ? res->retry_after * 1000 : cap;
		ms += rand() % (ms / 20 + 1);
		if (ms > j->next_fail_ms)
			j->next_fail_ms = ms;
		if (!j->ok && !moved_by_conf) /* the wait the next poll keeps to: a reload too */
			rt->not_before = uv_now(&d->loop) + (uint64_t)j->next_fail_ms;
	}
	rt->interval = interval;
	/* a new address that keeps failing may be a move that did not last (a domain given up,
	 * a CDN gone): the conf's address is tried next, after the interval */
	if (!j->ok && !res->held && rt->polled_moved && !moved_by_conf &&
	    probes_conf(rt->failures - rt->holds - rt->paced + !j->paced)) {
		rt->not_before = 0; /* a Retry-After of the new address is not the conf's */
		j->next_fail_ms = (int64_t)with_jitter(interval);
		j->wait.failing = 0;
	}
	if (moved_by_conf) /* the new address has not been polled yet */
		j->next_ok_ms = j->next_fail_ms = 1000;
	nw_writer_submit(d->writer, &j->job); /* rt stays in flight until job_done */
	d->in_writer++;
	if (d->once && d->in_writer == d->once_pending) /* see feed_done */
		nw_writer_no_linger(d->writer);
}

static void poll_feed(struct feed_rt *rt)
{
	struct daemon *d = rt->d;
	const struct nw_feed_conf *fc = nw_conf_feed(d->conf, rt->name);
	struct nw_feed_state fs;
	struct nw_fetch_req req;
	char label[300];
	int r;

	if (!fc || rt->in_flight || d->stopping)
		return;
	if (nw_store_feed(d->store, fc->name, fc->url, fc->source, &fs) != 0) {
		log_warnx("feed %s: store: %s", fc->name, nw_store_errmsg(d->store));
		feed_done(rt, 60000);
		return;
	}
	rt->feed_id = fs.id;
	rt->failures = fs.failures;
	rt->holds = fs.holds;
	rt->paced = fs.paced;
	rt->fail_kind = fs.fail_kind;
	rt->kind_since = fs.kind_since;
	/* a permanent redirect seen on three polls in a row: go to the new address directly
	 * (until the conf names another url) */
	memset(&req, 0, sizeof req);
	rt->probing = fs.moved_to && fs.moved_count >= 3 && probes_conf(fs.failures - fs.holds - fs.paced);
	rt->polled_moved = fs.moved_to && fs.moved_count >= 3 && !rt->probing;
	free(rt->polled_url);
	rt->polled_url = fc->url ? strdup(fc->url) : NULL;
	free(rt->moved_url);
	rt->moved_url = fs.moved_to && fs.moved_count >= 3 ? strdup(fs.moved_to) : NULL;
	free(rt->warned);
	rt->warned = fs.warning ? strdup(fs.warning) : NULL;
	req.url = rt->polled_moved ? fs.moved_to : fc->url;
	req.allow_file = fc->allow_file;
	if (fc->src.p->request) { /* the plugin shapes its request: e.g. a command to run */
		struct nw_request pr = { fc->url, NULL, 0, 0 };
		char err[512] = "";
		if (fc->src.p->request(fc->src.ctx, &pr, err, sizeof err) != 0) {
			log_warnx("feed %s: %s", fc->name, *err ? err : "plugin refused the request");
			nw_feed_state_free(&fs);
			feed_done(rt, 60000);
			return;
		}
		req.argv = pr.argv;
		req.timeout = pr.timeout;
		req.max_output = pr.max_output;
		snprintf(label, sizeof label, "feed %s", fc->name);
		req.label = label; /* copied by the fetcher */
	}
	/* a feed never fetched successfully has no validators worth sending; nor has the conf's
	 * address those of the one it moved to */
	req.etag = fs.first_done && !rt->probing ? fs.etag : NULL;
	req.last_modified = fs.first_done && !rt->probing ? fs.last_modified : NULL;
	rt->in_flight = 1;
	if ((r = nw_fetch_start(d->fetcher, &req, on_fetched, rt)) != 0) {
		char shown[1024];
		rt->in_flight = 0;
		log_warnx("feed %s: cannot start %s: %s", fc->name,
			  req.argv ? "its command" : nw_url_shown(req.url, shown, sizeof shown), strerror(-r));
		feed_done(rt, 60000);
	}
	nw_feed_state_free(&fs);
}

static void feed_closed(uv_handle_t *h)
{
	struct feed_rt *rt = container_of((uv_timer_t *)h, struct feed_rt, timer);
	struct daemon *d = rt->d;

	/* a feed a reload removed stays listed until its transfer is back: unlist it, or a
	 * shutdown would touch it after it is gone */
	for (size_t i = 0; i < d->nfeeds; i++) {
		if (d->feeds[i] == rt) {
			d->feeds[i] = d->feeds[--d->nfeeds];
			break;
		}
	}
	free(rt->name);
	free(rt->polled_url);
	free(rt->moved_url);
	free(rt->warned);
	free(rt);
}

/* A feed's run-time state, also one a reload removed while its transfer was out: a reload
 * that brings the feed back takes it up again, transfer and all, rather than start a
 * second poll of the same feed beside it. */
static struct feed_rt *find_rt(struct daemon *d, const char *name)
{
	for (size_t i = 0; i < d->nfeeds; i++)
		if (!uv_is_closing((uv_handle_t *)&d->feeds[i]->timer) && strcmp(d->feeds[i]->name, name) == 0)
			return d->feeds[i];
	return NULL;
}

/* Bring the feed timers in line with the conf: a feed that is due (or was never polled)
 * goes soon, spread over a few seconds; one polled recently waits its turn. A feed that
 * stays across a reload keeps its timer and any transfer in flight; a removed one is
 * closed (once its transfer is back). */
static int start_feeds(struct daemon *d)
{
	struct feed_rt **nv = calloc(d->conf->nfeeds + d->nfeeds + 1, sizeof *nv);
	size_t n = 0;
	int in_tx;

	if (!nv)
		return -ENOMEM;
	for (size_t i = 0; i < d->nfeeds; i++) {
		struct feed_rt *rt = d->feeds[i];
		if (nw_conf_feed(d->conf, rt->name))
			continue; /* kept, or taken up again: below */
		if (rt->closing) { /* removed by an earlier reload, its transfer still out */
			nv[n++] = rt;
			continue;
		}
		rt->closing = 1;
		uv_timer_stop(&rt->timer);
		if (!rt->in_flight)
			uv_close((uv_handle_t *)&rt->timer, feed_closed);
		else
			nv[n++] = rt; /* kept so that shutdown can close it */
	}
	/* new feeds' rows in one transaction, not one each (a first start with 1000 feeds) */
	in_tx = nw_store_begin(d->store) == 0;
	for (size_t i = 0; i < d->conf->nfeeds; i++) {
		const struct nw_feed_conf *fc = &d->conf->feeds[i];
		struct feed_rt *rt = find_rt(d, fc->name);
		struct nw_feed_state fs;
		uint64_t delay = 0;

		if (rt) {
			rt->closing = 0;
			nv[n++] = rt;
			if (!rt->in_flight) /* on_fetched sees a new address, the next timer the interval */
				reschedule(rt, fc);
			continue;
		}
		rt = calloc(1, sizeof *rt);
		if (!rt || !(rt->name = strdup(fc->name))) {
			free(rt);
			free(nv);
			if (in_tx)
				nw_store_rollback(d->store);
			return -ENOMEM;
		}
		rt->d = d;
		rt->interval = feed_interval(d, fc);
		rt->polled_url = fc->url ? strdup(fc->url) : NULL;
		uv_timer_init(&d->loop, &rt->timer);
		nv[n++] = rt;
		if (nw_store_feed(d->store, fc->name, fc->url, fc->source, &fs) == 0) {
			/* no stored next poll waits longer than any wait set (the ceiling, and its
			 * jitter): one further off was stored by a clock that was ahead */
			int64_t now = now_s(), ceiling = wait_ceiling(rt->interval, (int)fs.last_status);
			if (fs.next_poll > now && fs.last_fetch > 0)
				delay = (uint64_t)(fs.next_poll - now) * 1000;
			if (delay > (uint64_t)(ceiling + ceiling / 10)) {
				delay = with_jitter(ceiling); /* feeds capped together do not poll together */
				log_warnx("feed %s: its next poll was stored for %lld s from now, past the longest wait "
					  "(a clock that was ahead, or a longer interval then?): polled in %lld s", fc->name,
					  (long long)(fs.next_poll - now), (long long)(delay / 1000));
			}
			if ((int64_t)delay > rt->interval && (fs.last_status == 429 || fs.last_status == 503))
				rt->not_before = uv_now(&d->loop) + delay; /* a Retry-After from before */
			/* its backoff, for a reload before its next poll (reschedule): whether its
			 * last failure was transient is not stored, and taken as not (the longer) */
			if (fs.failures - fs.holds - fs.paced > 0) {
				rt->wait.failing = 1;
				rt->wait.failures = fs.failures - fs.holds - fs.paced - 1;
				rt->wait.status = fs.last_status;
			}
			nw_feed_state_free(&fs);
		}
		if (d->once) {
			d->once_pending++;
			continue;
		}
		if (delay == 0)
			delay = (uint64_t)(rand() % (1 + (int)(d->conf->nfeeds < 100 ? d->conf->nfeeds * 10 : 5000)));
		schedule(rt, delay);
	}
	if (in_tx) { /* the feeds the conf no longer has count no more (status, feeds) */
		const char **names = malloc((d->conf->nfeeds + 1) * sizeof *names);
		for (size_t i = 0; names && i < d->conf->nfeeds; i++)
			names[i] = d->conf->feeds[i].name;
		if (!names || nw_store_feeds_configured(d->store, names, d->conf->nfeeds) != 0 ||
		    nw_store_commit(d->store) != 0) {
			log_warnx("store: feeds: %s", names ? nw_store_errmsg(d->store) : "out of memory");
			nw_store_rollback(d->store);
		}
		free(names);
	}
	free(d->feeds);
	d->feeds = nv;
	d->nfeeds = n;
	if (d->once) {
		if (d->nfeeds == 0)
			once_done(d);
		for (size_t i = 0; i < d->nfeeds && !d->stopping; i++)
			poll_feed(d->feeds[i]);
	}
	return 0;
}

/* At shutdown: the fetcher is closed, so no transfer will come back. */
static void close_feeds(struct daemon *d)
{
	for (size_t i = 0; i < d->nfeeds; i++) {
		d->feeds[i]->closing = 1;
		uv_timer_stop(&d->feeds[i]->timer);
		if (!uv_is_closing((uv_handle_t *)&d->feeds[i]->timer))
			uv_close((uv_handle_t *)&d->feeds[i]->timer, feed_closed);
	}
	free(d->feeds);
	d->feeds = NULL;
	d->nfeeds = 0;
}

static void on_walk_close(uv_handle_t *h, void *arg)
{
	(void)arg;
	if (!uv_is_closing(h))
		uv_close(h, NULL);
}

static void daemon_stop(struct daemon *d)
{
	if (d->stopping)
		return;
	d->stopping = 1;
	nw_sd_notify("STOPPING=1");
	nw_outbox_stopping(d->outbox); /* a mail taken as the fetcher closes is recorded, no more sent */
	nw_fetcher_close(d->fetcher); /* alerts in flight stay queued: sent again next time */
	d->fetcher = NULL;
	nw_writer_close(d->writer); /* what it holds is stored first */
	d->writer = NULL;
	nw_outbox_close(d->outbox);
	d->outbox = NULL;
	close_feeds(d);
	uv_close((uv_handle_t *)&d->watchdog_timer, NULL);
	uv_close((uv_handle_t *)&d->checkpoint_timer, NULL);
	uv_close((uv_handle_t *)&d->sigint, NULL);
	uv_close((uv_handle_t *)&d->sigterm, NULL);
	uv_close((uv_handle_t *)&d->sighup, NULL);
}

/* SIGHUP: read the conf again; a bad one keeps the running one. Feeds are restarted from the
 * new conf; their state is in the store, so nothing is lost. */
static void reload(struct daemon *d)
{
	struct nw_errors errs = { 0 };
	struct nw_conf *nc;
	char state[96];
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(state, sizeof state, "RELOADING=1\nMONOTONIC_USEC=%llu",
		 (unsigned long long)ts.tv_sec * 1000000ULL + (unsigned long long)ts.tv_nsec / 1000);
	nw_sd_notify(state);
	nc = nw_conf_load(d->conf_path, d->plugins, &errs);
	if (!nc) {
		for (size_t i = 0; i < errs.n; i++)
			nw_log(NW_LOG_ERR, "reload: %s", errs.v[i]);
		nw_log(NW_LOG_ERR, "reload: %zu error%s in %s; keeping the running configuration", errs.n,
		       errs.n == 1 ? "" : "s", d->conf_path);
		nw_errors_free(&errs);
		nw_sd_notify("READY=1");
		return;
	}
	/* the store stays open: the rest of the new conf applies, and this is said loudly */
	nw_conf_keep_restart_only(d->conf, nc, &errs);
	for (size_t i = 0; i < errs.n; i++)
		log_warnx("reload: %s", errs.v[i]);
	nw_errors_free(&errs);
	nw_writer_drain(d->writer); /* what it holds was made with the running configuration */
	{
		char err[512];
		struct nw_pipeline *np = nw_pipeline_new(d->store, nc, now_s(), err, sizeof err);
		if (!np) {
			nw_log(NW_LOG_ERR, "reload: %s; keeping the running configuration", err);
			nw_conf_free(nc);
			nw_sd_notify("READY=1");
			return;
		}
		nw_pipeline_free(d->pipeline);
		d->pipeline = np;
	}
	nw_outbox_set_conf(d->outbox, nc);
	if (nw_fetcher_configure(d->fetcher, &nc->daemon) != 0)
		log_warnx("reload: out of memory: transfers keep their old limits");
	if (nw_store_limit(d->store, loop_store_limit(nc->daemon.max_database_size)) != 0 ||
	    nw_writer_set_limit(d->writer, nc->daemon.max_database_size) != 0)
		log_warnx("reload: cannot set max_database_size: %s", nw_store_errmsg(d->store));
	nw_writer_set_feeds(d->writer, nc->nfeeds);
	nw_conf_free(d->conf);
	d->conf = nc;
	cap_check(d);
	if (start_feeds(d) != 0)
		log_warnx("reload: out of memory");
	/* the channels as the conf now has them: one come back, or retried on other terms; and
	 * the transfers waiting, which the new limits may let start */
	deliver_due(d);
	nw_fetcher_kick(d->fetcher);
	log_info("reloaded %s: %zu feeds, %zu stories, %zu alert channels", d->conf_path, nc->nfeeds, nc->nstories,
		 nc->nalerts);
	nw_sd_notify("READY=1");
	send_status(d, 1); /* the feeds the conf now has */
}

static void on_ready(uv_timer_t *t)
{
	struct daemon *d = t->data;

	nw_sd_notify("READY=1");
	send_status(d, 1);
	uv_close((uv_handle_t *)t, NULL);
}

static void on_signal(uv_signal_t *h, int signum)
{
	struct daemon *d = h->data;

	if (signum == SIGHUP) {
		if (d->once) /* one pass over the feeds it started with */
			log_info("SIGHUP: no reload in --once");
		else
			reload(d);
		return;
	}
	log_info("signal %d: stopping", signum);
	daemon_stop(d);
}

static void on_watchdog(uv_timer_t *t)
{
	(void)t;
	nw_sd_notify("WATCHDOG=1");
}

static void usage(FILE *fp)
{
	fprintf(fp, "usage: newswatchd [-c FILE] [--once] [--check-config] [--dump-options] [-v] [--version] [--help]\n"
		    "  -c, --config FILE   configuration (default %s)\n"
		    "      --once          poll every feed once, deliver due alerts, exit\n"
		    "      --check-config  check the configuration and exit (0 ok, 1 errors)\n"
		    "      --dump-options  list every option of the core and the plugins\n"
		    "  -v, --verbose       debug messages\n"
		    "      --version       print the version\n"
		    "  -h, --help          this help\n"
		    "See newswatchd(8) and newswatch.conf(5).\n", nw_conf_default_path());
}

/* --check-config: a conf every user may read that holds a credential — a feed's password in
 * its url, or a webhook's url (for a chat service the address is the credential) — said with
 * the fix (make install leaves a new conf 0644: the newswatch group may not exist yet) */
static void check_conf_mode(const struct nw_conf *conf)
{
	struct stat sb;
	const char *what = NULL, *name = NULL;
	int line = 0;

	if (stat(conf->path, &sb) != 0 || !(sb.st_mode & S_IROTH))
		return;
	for (size_t i = 0; i < conf->nfeeds && !what; i++) {
		const char *u = conf->feeds[i].url, *at, *colon;
		const char *auth = u ? strstr(u, "://") : NULL;
		if (!auth)
			continue;
		auth += 3;
		at = strchr(auth, '@');
		colon = strchr(auth, ':');
		if (at && colon && colon < at && at < auth + strcspn(auth, "/?#"))
			what = "feed", name = conf->feeds[i].name, line = conf->feeds[i].line;
	}
	/* a webhook's url with a path or a query (hooks.slack.com/services/T/B/X): for a chat
	 * service that is the credential; a bare host (a token in token_file) is none */
	for (size_t i = 0; i < conf->nalerts && !what; i++) {
		const struct nw_plugin_inst *in = &conf->alerts[i].inst;
		const char *u = NULL, *auth;
		for (const struct nw_option *o = in->p && in->ctx ? in->p->options : NULL; o && o->name; o++)
			if (o->type == NW_OPT_STRING && strcmp(o->name, "url") == 0)
				u = *(char *const *)((const char *)in->ctx + o->offset);
		if (!conf->alerts[i].plugin || strcmp(conf->alerts[i].plugin, "webhook") || !u ||
		    !(auth = strstr(u, "://")))
			continue;
		auth += 3 + strcspn(auth + 3, "/?#");
		if (*auth == '?' || (*auth == '/' && auth[1] && auth[1] != '#'))
			what = "alert", name = conf->alerts[i].name, line = conf->alerts[i].line;
	}
	if (what)
		printf("%s:%d: warning: [%s %s] has a credential in its url, and every user of this machine can read "
		       "the file: `chown root:newswatch %s; chmod 0640 %s`\n", conf->path, line, what, name, conf->path,
		       conf->path);
}

/* --check-config: two [feed] sections of one url, read with one plugin and the same options
 * (a conf of hundreds of feeds, one pasted twice under another name): the site is polled
 * twice as often as meant, and the second gets nothing the first does not. A warning, for
 * two scrapers of one page with other XPaths are no copy (their source digests differ). */
static void check_feed_copies(const struct nw_conf *conf)
{
	for (size_t i = 0; i < conf->nfeeds; i++) {
		const struct nw_feed_conf *f = &conf->feeds[i];
		for (size_t j = 0; f->url && f->source && j < i; j++) {
			const struct nw_feed_conf *g = &conf->feeds[j];
			if (g->url && g->source && strcmp(f->url, g->url) == 0 && strcmp(f->source, g->source) == 0) {
				printf("%s:%d: warning: [feed %s] is [feed %s] of line %d again (the same url, plugin and "
				       "options): the feed is polled twice\n", conf->path, f->line, f->name, g->name, g->line);
				break;
			}
		}
	}
}

/* --check-config: a store the daemon could not open, said before a start fails on it */
static void check_database(const char *conf_path, const char *db)
{
	char *dir, *slash;
	struct stat sb;

	if (!db)
		return;
	if (*db != '/') {
		printf("%s: warning: database = %s is relative: to the daemon's working directory (/ under "
		       "systemd, not writable); give an absolute path\n", conf_path, db);
		return;
	}
	if (!(dir = strdup(db)))
		return;
	if ((slash = strrchr(dir, '/')))
		slash[slash == dir] = '\0'; /* "/x.db": "/" */
	if (strcmp(dir, "/var/lib/newswatch") == 0)
		; /* the unit's StateDirectory=, which systemd makes when the service starts */
	else if (stat(dir, &sb) != 0)
		printf("%s: warning: database = %s: its folder %s: %s\n", conf_path, db, dir, strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		printf("%s: warning: database = %s: %s is not a folder\n", conf_path, db, dir);
	free(dir);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' }, { "once", no_argument, NULL, 'o' },
		{ "check-config", no_argument, NULL, 'k' }, { "dump-options", no_argument, NULL, 'D' },
		{ "verbose", no_argument, NULL, 'v' }, { "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct daemon d = { 0 };
	struct nw_errors errs = { 0 };
	int opt, check = 0, dump = 0, verbose = 0, rc, claim;
	char err[1024];
	unsigned long long wd;
	sigset_t hup;

	/* a SIGHUP before the loop handles it (the store claimed, updated, its backlog indexed:
	 * seconds, or longer) waits for it, as one in the loop is handled: it killed the daemon,
	 * --once too, which ignores it. The threads started meanwhile keep it blocked, so it
	 * comes to the loop's. (SIGTERM keeps its default: a stop during a long update of the
	 * store is not put off; SQLite rolls the update back.) */
	sigemptyset(&hup);
	sigaddset(&hup, SIGHUP);
	sigprocmask(SIG_BLOCK, &hup, NULL);

#ifdef M_MMAP_THRESHOLD
	/* Feed bodies, documents and the near-duplicate index's arrays are large and short-lived
	 * or resized: mapped and unmapped whole, they do not leave glibc's heaps fragmented
	 * (its threshold otherwise rises after the first such free; 2 MB less at 1000 feeds). */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif

	d.conf_path = nw_conf_default_path();
	while ((opt = getopt_long(argc, argv, "c:vh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': d.conf_path = optarg; break;
		case 'o': d.once = 1; break;
		case 'k': check = 1; break;
		case 'D': dump = 1; break;
		case 'v': verbose = 1; break;
		case 'V': printf("newswatchd %s\n", PACKAGE_VERSION); return nw_stdout_done("newswatchd", 0);
		case 'h': usage(stdout); return nw_stdout_done("newswatchd", 0);
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return 2;
	}
	nw_log_init("newswatchd", verbose);
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	d.plugins = nw_plugins_new();
	if (dump) {
		rc = nw_conf_dump_options(d.plugins, NULL, stdout);
		nw_plugins_free(d.plugins);
		return nw_stdout_done("newswatchd", rc ? 1 : 0);
	}
	if (check) /* outside the service, LoadCredential='s files are not there */
		nw_opt_secrets(NW_SECRETS_CHECK);
	d.conf = nw_conf_load(d.conf_path, d.plugins, &errs);
	if (!d.conf) {
		nw_errors_print(&errs, stderr);
		fprintf(stderr, "newswatchd: %zu error%s in %s\n", errs.n, errs.n == 1 ? "" : "s", d.conf_path);
		nw_errors_free(&errs);
		nw_plugins_free(d.plugins);
		return 1;
	}
	if (check) {
		size_t unread = nw_opt_unread_credentials();
		printf("%s: ok (%zu feeds, %zu stories, %zu alert channels)\n", d.conf_path, d.conf->nfeeds,
		       d.conf->nstories, d.conf->nalerts);
		if (unread)
			printf("%s: %zu secret%s of LoadCredential= not read: $CREDENTIALS_DIRECTORY is set only "
			       "inside the service\n", d.conf_path, unread, unread == 1 ? "" : "s");
		check_database(d.conf_path, d.conf->daemon.database);
		if (d.conf->daemon.plugin_dir && *d.conf->daemon.plugin_dir != '/')
			printf("%s: warning: plugin_dir = %s is relative: to the daemon's working directory (/ under "
			       "systemd); give an absolute path\n", d.conf_path, d.conf->daemon.plugin_dir);
		check_conf_mode(d.conf);
		check_feed_copies(d.conf);
		if (d.conf->hashtag_line)
			printf("%s:%d: note: '%s' is read as a comment (a '#' after a blank starts one); to make it "
			       "part of the value, quote it: \"%s\"\n", d.conf_path, d.conf->hashtag_line,
			       d.conf->hashtag, d.conf->hashtag);
		{ /* what the story compiler let pass but is likely a mistake */
			const char *note;
			int line, col;
			for (size_t i = 0; (note = nw_storyset_note(d.conf->storyset, i, &line, &col)); i++)
				printf("%s:%d: note: column %d: %s\n", d.conf_path, line, col, note);
		}
		for (size_t i = 0; i < d.conf->nstories; i++) /* allowed (a story kept for search), but said */
			if (!d.conf->stories[i].alert.n)
				printf("%s:%d: note: [story %s] has no alert = : its hits are stored, no alert is sent\n",
				       d.conf_path, d.conf->stories[i].line, d.conf->stories[i].name);
		if (geteuid() == 0 && getpwnam("newswatch")) /* what root reads, the service may not */
			printf("%s: checked as root; the service runs as user newswatch: `runuser -u newswatch -- "
			       "newswatchd --check-config -c %s` checks what it can read\n", d.conf_path, d.conf_path);
		nw_conf_free(d.conf);
		nw_plugins_free(d.plugins);
		return nw_stdout_done("newswatchd", 0);
	}
	signal(SIGPIPE, SIG_IGN);
	xmlInitParser();
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		fatalx("cannot initialise libcurl");
	/* an older store is updated before READY=1, and a rebuild of its full-text index takes
	 * minutes on a large one: more than systemd's start timeout, which would kill the
	 * daemon, roll the update back and start it again, for ever. Ask for an hour. */
	/* before anything is read or updated: a second daemon on the store (a --once from cron
	 * beside the service) would send every queued alert a second time */
	if ((claim = nw_store_claim(d.conf->daemon.database, err, sizeof err)) < 0)
		fatalx("store: %s", err);
	if (getenv("NOTIFY_SOCKET")) {
		if (nw_store_file_stale(d.conf->daemon.database))
			nw_sd_notify("EXTEND_TIMEOUT_USEC=3600000000");
	}
	if (nw_store_open(d.conf->daemon.database, 0, &d.store, err, sizeof err) != 0)
		fatalx("store: %s", err);
	if (nw_store_limit(d.store, d.conf->daemon.max_database_size) != 0)
		log_warnx("store: cannot set max_database_size: %s", nw_store_errmsg(d.store));
	cap_check(&d);
	/* checkpoints run on a connection of their own (on_checkpoint_timer) */
	if (nw_store_manual_checkpoints(d.store) != 0)
		fatalx("store: %s", nw_store_errmsg(d.store));
	if (nw_store_open(d.conf->daemon.database, 0, &d.ckpt_store, err, sizeof err) != 0)
		fatalx("store: %s", err);
	nw_store_cache(d.ckpt_store, 64);
	index_backlog(d.store);
	/* the room past the cap is the outbox's alone: not for the index of a backlog */
	if (nw_store_limit(d.store, loop_store_limit(d.conf->daemon.max_database_size)) != 0)
		log_warnx("store: cannot set max_database_size: %s", nw_store_errmsg(d.store));
	/* the writer writes (writer.c); this connection reads, and writes the outbox's rows */
	nw_store_cache(d.store, 512);
	if (!(d.pipeline = nw_pipeline_new(d.store, d.conf, now_s(), err, sizeof err)))
		fatalx("%s", err);
	uv_loop_init(&d.loop);
	d.fetcher = nw_fetcher_new(&d.loop, &d.conf->daemon);
	if (!d.fetcher)
		fatalx("cannot set up transfers");
	if (!(d.outbox = nw_outbox_new(&d.loop, d.store, d.fetcher)))
		fatalx("out of memory");
	if (!(d.writer = nw_writer_new(&d.loop, d.conf->daemon.database, d.conf->daemon.max_database_size,
				       writer_rolled_back, writer_housekeeping, &d, err, sizeof err)))
		fatalx("store: %s", err);
	nw_writer_set_feeds(d.writer, d.conf->nfeeds);
	uv_timer_init(&d.loop, &d.checkpoint_timer);
	d.checkpoint_timer.data = d.ckpt_req.data = &d;
	uv_timer_start(&d.checkpoint_timer, on_checkpoint_timer, 1000, 1000);
	uv_unref((uv_handle_t *)&d.checkpoint_timer);
	nw_outbox_set_conf(d.outbox, d.conf);
	if (!d.once) /* a restart may be the fix to a channel (--once may run every few minutes) */
		nw_outbox_retry_waiting(d.outbox);
	uv_timer_init(&d.loop, &d.watchdog_timer);
	uv_signal_init(&d.loop, &d.sigint);
	uv_signal_init(&d.loop, &d.sigterm);
	uv_signal_init(&d.loop, &d.sighup);
	d.sigint.data = d.sigterm.data = d.sighup.data = &d;
	uv_signal_start(&d.sigint, on_signal, SIGINT);
	uv_signal_start(&d.sigterm, on_signal, SIGTERM);
	uv_signal_start(&d.sighup, on_signal, SIGHUP);
	sigprocmask(SIG_UNBLOCK, &hup, NULL); /* one that came meanwhile is handled now */
	if ((wd = nw_sd_watchdog_usec()) > 0)
		uv_timer_start(&d.watchdog_timer, on_watchdog, wd / 2000, wd / 2000);
	log_info("newswatchd %s: %zu feeds, %zu stories, %zu alert channels, store %s", PACKAGE_VERSION,
		 d.conf->nfeeds, d.conf->nstories, d.conf->nalerts, d.conf->daemon.database);
	uv_update_time(&d.loop);
	d.run.began_ms = uv_now(&d.loop);
	if (start_feeds(&d) != 0)
		fatalx("out of memory");
	d.notify = getenv("NOTIFY_SOCKET") != NULL;
	if (!d.once) {
		deliver_due(&d);
		/* READY=1 from the loop's first turn: it runs, with every handle in place */
		uv_timer_init(&d.loop, &d.ready_timer);
		d.ready_timer.data = &d;
		uv_timer_start(&d.ready_timer, on_ready, 0, 0);
	}
	uv_run(&d.loop, UV_RUN_DEFAULT);
	/* anything still open (there should be nothing) is closed before uv_loop_close */
	uv_walk(&d.loop, on_walk_close, NULL);
	uv_run(&d.loop, UV_RUN_DEFAULT);
	rc = uv_loop_close(&d.loop);
	if (rc != 0)
		log_warnx("event loop did not close cleanly: %s", uv_strerror(rc));
	nw_pipeline_free(d.pipeline);
	nw_store_close(d.ckpt_store);
	nw_store_close(d.store);
	close(claim); /* the store is free for another daemon once this one is done with it */
	nw_conf_free(d.conf);
	nw_plugins_free(d.plugins);
	curl_global_cleanup();
	xmlCleanupParser();
	return rc == 0 ? d.exit_code : 1;
}
