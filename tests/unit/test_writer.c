/* test_writer.c — the store writer (daemon/writer.c) against a real SQLite file: every job
 * submitted comes back exactly once, in order; what a job reports as stored is in the
 * store (read through another connection) and what it reports as failed is not; a job
 * whose apply fails halfway is left out, the others of its transaction stored (the writer
 * rolls back and applies them again); a job whose finish fails
 * rolls its whole transaction back and the writer says so; closing with jobs queued stores
 * them first; a writer told that no job follows soon still stores every job; jobs holding
 * more bytes than the queue's bound wait one at a time, and none waits for ever; each job
 * is told whether its transaction committed. A feed given another address starts over. */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "store.h"
#include "writer.h"

#define NJOBS 200

struct tjob {
	struct nw_writer_job job; /* first */
	int n;             /* its number: feed "fN" */
	int fail_apply;    /* apply writes, then fails (leaving its writes to the writer) */
	int applies, failed_before;
	int fail_finish;   /* finish fails: the whole transaction goes */
	int done_calls, result;
};

static int order[NJOBS], ndone, rollbacks;
/* jobs submitted so far (the test's thread), and the most that were ahead of the one being
 * applied (the writer's thread) */
static int submitted, most_ahead;

static int t_apply(struct nw_writer_job *wj, struct nw_store *st, size_t *weight)
{
	struct tjob *j = (struct tjob *)wj;
	struct nw_feed_state fs;
	char name[16];

	*weight = 1;
	j->applies++;
	{
		int ahead = __atomic_load_n(&submitted, __ATOMIC_SEQ_CST) - j->n;
		if (ahead > most_ahead)
			most_ahead = ahead;
	}
	if (j->failed_before) /* applied again after the rollback: it writes nothing now */
		return -1;
	snprintf(name, sizeof name, "f%d", j->n);
	if (nw_store_feed(st, name, "http://example.invalid/", NULL, &fs))
		return -1;
	nw_feed_state_free(&fs);
	if (j->fail_apply) {
		j->failed_before = 1;
		snprintf(wj->err, sizeof wj->err, "job %d refused", j->n);
		return -1;
	}
	return 0;
}

static int t_finish(struct nw_writer_job *wj, struct nw_store *st)
{
	struct tjob *j = (struct tjob *)wj;

	(void)st;
	if (!j->fail_finish)
		return 0;
	snprintf(wj->err, sizeof wj->err, "job %d: finish failed", j->n);
	return -1;
}

static void t_done(struct nw_writer_job *wj, int result)
{
	struct tjob *j = (struct tjob *)wj;

	j->done_calls++;
	j->result = result;
	if (ndone < NJOBS)
		order[ndone] = j->n;
	ndone++;
}

static void t_rolled_back(void *arg, struct nw_store *st)
{
	(void)arg;
	(void)st;
	rollbacks++;
}

static char dir[] = "/tmp/test_writer.XXXXXX";
static char path[64];

/* Which feed rows exist, through a connection of our own. */
static int stored(struct nw_store *st, int n)
{
	char name[16];

	snprintf(name, sizeof name, "f%d", n);
	return nw_store_feed_id(st, name) != 0;
}

static void check_outcome(struct tjob *jobs)
{
	struct nw_store *st;
	char err[256];

	assert_int_equal(ndone, NJOBS);
	for (int i = 0; i < NJOBS; i++) {
		assert_int_equal(jobs[i].done_calls, 1);
		assert_int_equal(order[i], i); /* handed back in the order submitted */
	}
	assert_int_equal(nw_store_open(path, NW_STORE_READONLY, &st, err, sizeof err), 0);
	for (int i = 0; i < NJOBS; i++) {
		if ((jobs[i].result >= 0) != stored(st, i))
			fail_msg("job %d: result %d but %s", i, jobs[i].result, stored(st, i) ? "stored" : "not stored");
		/* what the writer says of its transaction: committed, the job's own writes or not */
		if (jobs[i].job.stored != (stored(st, i) || jobs[i].fail_apply) || jobs[i].job.full)
			fail_msg("job %d: stored %d, full %d", i, jobs[i].job.stored, jobs[i].job.full);
	}
	nw_store_close(st);
}

enum ending { DRAIN, CLOSE, NO_LINGER_THEN_DRAIN };

/* The jobs, numbered 0..NJOBS-1, through a writer of their own; their outcome checked
 * against the store. Drained first, or closed with jobs still queued, or told halfway
 * that no job follows soon (as newswatchd --once after its last feed) and drained. */
static struct tjob *run_jobs_of(int fail_apply_at, int fail_finish_at, enum ending ending, size_t bytes)
{
	static struct tjob jobs[NJOBS];
	char err[256] = "";
	uv_loop_t loop;
	struct nw_writer *w;

	uv_loop_init(&loop);
	if (!(w = nw_writer_new(&loop, path, 0, t_rolled_back, NULL, NULL, err, sizeof err)))
		fail_msg("nw_writer_new: %s", err);
	memset(jobs, 0, sizeof jobs);
	ndone = rollbacks = submitted = most_ahead = 0;
	for (int i = 0; i < NJOBS; i++) {
		jobs[i].n = i;
		jobs[i].fail_apply = i == fail_apply_at;
		jobs[i].fail_finish = i == fail_finish_at;
		jobs[i].job.apply = t_apply;
		jobs[i].job.finish = t_finish;
		jobs[i].job.done = t_done;
		jobs[i].job.bytes = bytes;
		nw_writer_submit(w, &jobs[i].job);
		__atomic_store_n(&submitted, i + 1, __ATOMIC_SEQ_CST);
		if (ending == NO_LINGER_THEN_DRAIN && i == NJOBS / 2)
			nw_writer_no_linger(w);
	}
	if (ending != CLOSE)
		nw_writer_drain(w);
	nw_writer_close(w);
	uv_run(&loop, UV_RUN_DEFAULT); /* the writer's handle closes */
	assert_int_equal(uv_loop_close(&loop), 0);
	check_outcome(jobs);
	return jobs;
}

static struct tjob *run_jobs(int fail_apply_at, int fail_finish_at, enum ending ending)
{
	return run_jobs_of(fail_apply_at, fail_finish_at, ending, 0);
}

static int fresh(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "%s/s.db", dir);
	unlink(path);
	{ /* the schema, as the daemon's own connection makes it */
		struct nw_store *st;
		char err[256];
		assert_int_equal(nw_store_open(path, 0, &st, err, sizeof err), 0);
		nw_store_close(st);
	}
	return 0;
}

static void all_stored(void **state)
{
	struct tjob *jobs;

	(void)state;
	jobs = run_jobs(-1, -1, DRAIN);
	for (int i = 0; i < NJOBS; i++)
		assert_int_equal(jobs[i].result, 0);
	assert_int_equal(rollbacks, 0);
}

static void failed_apply_alone(void **state)
{
	struct tjob *jobs;

	(void)state;
	jobs = run_jobs(57, -1, DRAIN);
	for (int i = 0; i < NJOBS; i++)
		assert_int_equal(jobs[i].result < 0, i == 57);
	assert_string_equal(jobs[57].job.err, "job 57 refused");
	/* its transaction was rolled back once and applied again (job 57 applied twice, as
	 * were the others of that transaction); check_outcome found f57 absent, the rest there */
	assert_int_equal(rollbacks, 1);
	assert_int_equal(jobs[57].applies, 2);
}

static void failed_finish_takes_its_transaction(void **state)
{
	struct tjob *jobs;
	int failed = 0;

	(void)state;
	jobs = run_jobs(-1, 120, DRAIN);
	assert_true(jobs[120].result < 0);
	assert_int_equal(rollbacks, 1);
	for (int i = 0; i < NJOBS; i++)
		failed += jobs[i].result < 0;
	/* the jobs of its transaction (which of them depends on timing: all 200 can share
	 * one) went with it, and say why; the others are stored (check_outcome) */
	assert_true(failed >= 1);
	for (int i = 0; i < NJOBS; i++)
		if (jobs[i].result < 0 && i != 120)
			assert_string_equal(jobs[i].job.err, "job 120: finish failed");
}

static void close_stores_what_is_queued(void **state)
{
	struct tjob *jobs;

	(void)state;
	jobs = run_jobs(-1, -1, CLOSE);
	for (int i = 0; i < NJOBS; i++)
		assert_int_equal(jobs[i].result, 0);
}

static void no_linger_stores_all(void **state)
{
	struct tjob *jobs;

	(void)state;
	jobs = run_jobs(-1, -1, NO_LINGER_THEN_DRAIN);
	for (int i = 0; i < NJOBS; i++)
		assert_int_equal(jobs[i].result, 0);
	assert_int_equal(rollbacks, 0);
}

/* Documents of 3 MiB each, more than the queue's bound in bytes: each is queued alone (none
 * waits for ever for room that never comes), so when one is applied the next is queued at
 * most and the submitter waits with the one after: at most 2 ahead (with small jobs the
 * loop may run up to the bound in jobs ahead). */
static void big_jobs_one_at_a_time(void **state)
{
	struct tjob *jobs;

	(void)state;
	jobs = run_jobs_of(-1, -1, DRAIN, 3u << 20);
	for (int i = 0; i < NJOBS; i++)
		assert_int_equal(jobs[i].result, 0);
	if (most_ahead > 2)
		fail_msg("%d jobs of 3 MiB were submitted ahead of the one being applied", most_ahead);
}

/* A feed given another address starts over: its next poll is none yet (NULL: shown as "-"
 * by newswatch feeds, not as 1970-01-01 until the new address is polled), and the warning
 * of the old address's document is gone. */
static void url_change(void **state)
{
	struct nw_store *st;
	struct nw_feed_state fs;
	sqlite3 *db;
	sqlite3_stmt *q;
	char err[256];

	(void)state;
	assert_int_equal(nw_store_open(path, 0, &st, err, sizeof err), 0);
	assert_int_equal(nw_store_feed(st, "f", "https://one.example/rss", NULL, &fs), 0);
	assert_int_equal(nw_store_feed_fetched(st, fs.id, 1, 0, 0, 200, 0, "invalid UTF-8 replaced", "\"e\"", NULL, 1000, 4600), 0);
	nw_feed_state_free(&fs);
	assert_int_equal(nw_store_feed(st, "f", "https://one.example/rss", NULL, &fs), 0);
	assert_string_equal(fs.warning, "invalid UTF-8 replaced");
	nw_feed_state_free(&fs);
	assert_int_equal(nw_store_feed(st, "f", "https://two.example/rss", NULL, &fs), 0);
	assert_null(fs.etag);
	assert_null(fs.warning); /* the old address's: said again if the new one has it too */
	assert_int_equal(fs.next_poll, 0); /* due at once */
	nw_feed_state_free(&fs);
	nw_store_close(st);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT next_poll IS NULL FROM feeds WHERE name = 'f'", -1, &q, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 1);
	sqlite3_finalize(q);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(all_stored, fresh),
		cmocka_unit_test_setup(failed_apply_alone, fresh),
		cmocka_unit_test_setup(failed_finish_takes_its_transaction, fresh),
		cmocka_unit_test_setup(close_stores_what_is_queued, fresh),
		cmocka_unit_test_setup(no_linger_stores_all, fresh),
		cmocka_unit_test_setup(big_jobs_one_at_a_time, fresh),
		cmocka_unit_test_setup(url_change, fresh),
	};
	int r;

	if (!mkdtemp(dir))
		return 1;
	r = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	if (system(path) != 0)
		r = r ? r : 1;
	return r;
}
