/* newswatchd.c — the daemon: one libuv loop, a timer per feed, transfers through the
 * fetcher, each fetched document through the pipeline, alerts through the outbox.
 * Runs in the foreground (systemd Type=notify); --once polls every feed once and exits. */
#include "config.h"
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>
#include <libxml/parser.h>
#include <uv.h>
#include "conf.h"
#include "fetch.h"
#include "log.h"
#include "outbox.h"
#include "pipeline.h"
#include "sdnotify.h"
#include "store.h"

struct daemon;

/* One feed's run-time state; its timer is embedded, found again with container_of. */
struct feed_rt {
	uv_timer_t timer;
	struct daemon *d;
	char *name;       /* the [feed] this polls; looked up in the current conf on every poll */
	int64_t feed_id;  /* of the poll in flight */
	int64_t failures; /* consecutive, before the poll in flight */
	int polled_moved; /* the poll in flight went to the feed's new address */
	int in_flight;
	int closing;      /* removed by a reload: closed once its transfer is back */
};

struct daemon {
	uv_loop_t loop;
	uv_signal_t sigint, sigterm, sighup;
	uv_timer_t watchdog_timer, fts_timer;
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
	size_t once_pending;
	int stopping;
	int exit_code;
	uint64_t stats_polls, stats_items;
	int notify;              /* NOTIFY_SOCKET set: systemd listens */
	uint64_t status_sent_ms; /* when STATUS= was last sent (loop time) */
};

#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

static void daemon_stop(struct daemon *d);
static void poll_feed(struct feed_rt *rt);

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

/* The full-text index follows the store in batches, off the per-feed path: a few seconds
 * after new articles, one batch per loop turn so that the loop is never held for long. */
#define FTS_BATCH 2000

static void on_fts_timer(uv_timer_t *t)
{
	struct daemon *d = t->data;
	int64_t n = 0;

	if (nw_store_fts_index(d->store, FTS_BATCH, &n) != 0)
		log_warnx("full-text index: %s", nw_store_errmsg(d->store));
	else if (n == FTS_BATCH && !d->stopping)
		uv_timer_start(&d->fts_timer, on_fts_timer, 10, 0);
}

static void index_soon(struct daemon *d)
{
	if (!d->stopping && !uv_is_active((uv_handle_t *)&d->fts_timer))
		uv_timer_start(&d->fts_timer, on_fts_timer, 5000, 0);
}

static void index_all(struct daemon *d);

static void on_outbox_idle(void *arg)
{
	struct daemon *d = arg;

	if (d->once && d->once_pending == 0)
		daemon_stop(d);
}

/* --once: every feed polled; the index caught up; what is due delivered (a message that
 * must be retried stays queued for the next run), then out. */
static void once_done(struct daemon *d)
{
	index_all(d);
	if (nw_store_bulk(d->store, 0) != 0)
		log_warnx("store: checkpoint: %s", nw_store_errmsg(d->store));
	nw_outbox_kick(d->outbox);
	if (nw_outbox_busy(d->outbox) == 0)
		daemon_stop(d);
	else
		nw_outbox_on_idle(d->outbox, on_outbox_idle, d);
}

/* Everything at once, in one transaction: FTS5 then writes one segment instead of merging
 * many (half the time of batches on a first cycle of 30,000 articles). */
static void index_all(struct daemon *d)
{
	int64_t n;

	if (nw_store_fts_index(d->store, -1, &n) != 0)
		log_warnx("full-text index: %s", nw_store_errmsg(d->store));
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

static int64_t feed_interval(const struct daemon *d, const struct nw_feed_conf *fc)
{
	return fc->interval > 0 ? fc->interval : d->conf->daemon.interval;
}

/* Parse and run the pipeline; returns 0 or -errno with err set; *warning: why the document
 * was degraded (malloc'd), or NULL. */
static int ingest(struct daemon *d, const struct nw_feed_conf *fc, struct nw_fetch_res *res, char *err,
		  size_t errlen, char **warning)
{
	struct nw_input in = { res->data, res->len, res->effective_url ? res->effective_url : fc->url,
			       res->content_type };
	struct nw_doc doc = { 0 };
	struct nw_pipeline_stats ps;
	char perr[512] = "";
	int r;

	r = fc->src.p->parse(fc->src.ctx, &in, &doc, perr, sizeof perr);
	if (r) {
		snprintf(err, errlen, "%s: %s", fc->url, *perr ? perr : "cannot parse");
		nw_doc_free(&doc);
		return r;
	}
	if (doc.warning) {
		log_warnx("feed %s: %s: %s", fc->name, fc->url, doc.warning);
		*warning = strdup(doc.warning);
	}
	r = nw_pipeline_run(d->pipeline, d->store, d->conf, fc, &doc, now_s(), NULL, NULL, &ps, err, errlen);
	if (r == 0) {
		d->stats_items += ps.new_items;
		if (ps.new_items && !d->once)
			index_soon(d);
		if (ps.new_items)
			log_info("feed %s: %zu items, %zu new, %zu duplicates, %zu hits, %zu alerts queued", fc->name,
				 ps.items, ps.new_items, ps.duplicates, ps.hits, ps.alerts);
		else
			log_debug("feed %s: %zu items, none new", fc->name, ps.items);
	}
	nw_doc_free(&doc);
	return r;
}

static void feed_closed(uv_handle_t *h);

static void on_fetched(void *arg, struct nw_fetch_res *res)
{
	struct feed_rt *rt = arg;
	struct daemon *d = rt->d;
	const struct nw_feed_conf *fc = nw_conf_feed(d->conf, rt->name);
	char err[1024] = "", *warning = NULL;
	int ok = res->ok, r;
	int64_t interval, next_ms;

	rt->in_flight = 0;
	d->stats_polls++;
	if (rt->closing || !fc) { /* removed by a reload while in flight */
		uv_close((uv_handle_t *)&rt->timer, feed_closed);
		return;
	}
	interval = feed_interval(d, fc);
	if (ok && !res->not_modified && ingest(d, fc, res, err, sizeof err, &warning) != 0)
		ok = 0;
	else if (!ok)
		snprintf(err, sizeof err, "%s", res->error);
	if (ok) {
		next_ms = (int64_t)with_jitter(interval);
		if (res->not_modified)
			log_debug("feed %s: not modified", fc->name);
	} else {
		/* exponential backoff from a minute, capped by the interval (at least 1 min) */
		int64_t b = 60000;
		for (int64_t i = 0; i < rt->failures && b < interval; i++)
			b *= 2;
		next_ms = (int64_t)with_jitter(b < interval ? b : interval);
		if (res->retry_after > 0 && res->retry_after * 1000 > next_ms)
			next_ms = res->retry_after * 1000;
		log_warnx("feed %s: %s (failure %lld, next try in %llds)", fc->name, err, (long long)rt->failures + 1,
			  (long long)(next_ms / 1000));
	}
	r = nw_store_feed_fetched(d->store, rt->feed_id, ok, (int)res->status, ok ? warning : err, res->etag,
				  res->last_modified, now_s(), now_s() + next_ms / 1000);
	/* at the conf's address, count the permanent redirect (or its absence); at the new
	 * address, only a further move counts */
	if (!r && ok && (!rt->polled_moved || res->moved_to))
		r = nw_store_feed_moved(d->store, rt->feed_id, res->moved_to);
	if (r)
		log_warnx("feed %s: store: %s", fc->name, nw_store_errmsg(d->store));
	if (ok && res->moved_to)
		log_info("feed %s: %s moved permanently to %s", fc->name, fc->url, res->moved_to);
	free(warning);
	deliver_due(d);
	send_status(d, 0);
	if (d->once) {
		if (--d->once_pending == 0)
			once_done(d);
		return;
	}
	schedule(rt, (uint64_t)next_ms);
}

static void poll_feed(struct feed_rt *rt)
{
	struct daemon *d = rt->d;
	const struct nw_feed_conf *fc = nw_conf_feed(d->conf, rt->name);
	struct nw_feed_state fs;
	struct nw_fetch_req req;

	if (!fc || rt->in_flight || d->stopping)
		return;
	if (nw_store_feed(d->store, fc->name, fc->url, &fs) != 0) {
		log_warnx("feed %s: store: %s", fc->name, nw_store_errmsg(d->store));
		schedule(rt, 60000);
		return;
	}
	rt->feed_id = fs.id;
	rt->failures = fs.failures;
	/* a permanent redirect seen on three polls in a row: go to the new address directly
	 * (until the conf names another url) */
	memset(&req, 0, sizeof req);
	rt->polled_moved = fs.moved_to && fs.moved_count >= 3;
	req.url = rt->polled_moved ? fs.moved_to : fc->url;
	req.allow_file = fc->allow_file;
	if (fc->src.p->request) { /* the plugin shapes its request: e.g. a command to run */
		struct nw_request pr = { fc->url, NULL, 0, 0 };
		char err[512] = "";
		if (fc->src.p->request(fc->src.ctx, &pr, err, sizeof err) != 0) {
			log_warnx("feed %s: %s", fc->name, *err ? err : "plugin refused the request");
			nw_feed_state_free(&fs);
			if (d->once && --d->once_pending == 0)
				once_done(d);
			else
				schedule(rt, 60000);
			return;
		}
		req.argv = pr.argv;
		req.timeout = pr.timeout;
		req.max_output = pr.max_output;
	}
	/* a feed never fetched successfully has no validators worth sending */
	req.etag = fs.first_done ? fs.etag : NULL;
	req.last_modified = fs.first_done ? fs.last_modified : NULL;
	rt->in_flight = 1;
	if (nw_fetch_start(d->fetcher, &req, on_fetched, rt) != 0) {
		rt->in_flight = 0;
		log_warnx("feed %s: cannot start a transfer", fc->name);
		if (d->once && --d->once_pending == 0)
			once_done(d);
		else
			schedule(rt, 60000);
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
	free(rt);
}

static struct feed_rt *find_rt(struct daemon *d, const char *name)
{
	for (size_t i = 0; i < d->nfeeds; i++)
		if (!d->feeds[i]->closing && strcmp(d->feeds[i]->name, name) == 0)
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

	if (!nv)
		return -ENOMEM;
	for (size_t i = 0; i < d->nfeeds; i++) {
		struct feed_rt *rt = d->feeds[i];
		if (rt->closing || nw_conf_feed(d->conf, rt->name))
			continue;
		rt->closing = 1;
		uv_timer_stop(&rt->timer);
		if (!rt->in_flight)
			uv_close((uv_handle_t *)&rt->timer, feed_closed);
		else
			nv[n++] = rt; /* kept so that shutdown can close it */
	}
	for (size_t i = 0; i < d->conf->nfeeds; i++) {
		const struct nw_feed_conf *fc = &d->conf->feeds[i];
		struct feed_rt *rt = find_rt(d, fc->name);
		struct nw_feed_state fs;
		uint64_t delay = 0;

		if (rt) {
			nv[n++] = rt;
			if (!rt->in_flight && !uv_is_active((uv_handle_t *)&rt->timer))
				schedule(rt, 1000);
			continue;
		}
		rt = calloc(1, sizeof *rt);
		if (!rt || !(rt->name = strdup(fc->name))) {
			free(rt);
			free(nv);
			return -ENOMEM;
		}
		rt->d = d;
		uv_timer_init(&d->loop, &rt->timer);
		nv[n++] = rt;
		if (d->once) {
			d->once_pending++;
			continue;
		}
		if (nw_store_feed(d->store, fc->name, fc->url, &fs) == 0) {
			int64_t now = now_s();
			if (fs.next_poll > now && fs.last_fetch > 0)
				delay = (uint64_t)(fs.next_poll - now) * 1000;
			nw_feed_state_free(&fs);
		}
		if (delay == 0)
			delay = (uint64_t)(rand() % (1 + (int)(d->conf->nfeeds < 100 ? d->conf->nfeeds * 10 : 5000)));
		schedule(rt, delay);
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
	nw_fetcher_close(d->fetcher); /* alerts in flight stay queued: sent again next time */
	d->fetcher = NULL;
	nw_outbox_close(d->outbox);
	d->outbox = NULL;
	close_feeds(d);
	uv_close((uv_handle_t *)&d->watchdog_timer, NULL);
	uv_close((uv_handle_t *)&d->fts_timer, NULL);
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
	if (nw_store_limit(d->store, nc->daemon.max_database_size) != 0)
		log_warnx("reload: cannot set max_database_size: %s", nw_store_errmsg(d->store));
	nw_conf_free(d->conf);
	d->conf = nc;
	if (start_feeds(d) != 0)
		log_warnx("reload: out of memory");
	log_info("reloaded %s: %zu feeds, %zu stories, %zu alert channels", d->conf_path, nc->nfeeds, nc->nstories,
		 nc->nalerts);
	nw_sd_notify("READY=1");
}

static void on_signal(uv_signal_t *h, int signum)
{
	struct daemon *d = h->data;

	if (signum == SIGHUP) {
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
	fprintf(fp, "usage: newswatchd [-c FILE] [--once] [--check-config] [--dump-options] [-v] [--version]\n"
		    "  -c, --config FILE   configuration (default %s)\n"
		    "      --once          poll every feed once, deliver due alerts, exit\n"
		    "      --check-config  check the configuration and exit (0 ok, 1 errors)\n"
		    "      --dump-options  list every option of the core and the plugins\n"
		    "  -v, --verbose       debug messages\n"
		    "      --version       print the version\n"
		    "See newswatchd(8) and newswatch.conf(5).\n", nw_conf_default_path());
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
	int opt, check = 0, dump = 0, verbose = 0, rc;
	char err[1024];
	unsigned long long wd;

	d.conf_path = nw_conf_default_path();
	while ((opt = getopt_long(argc, argv, "c:vh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': d.conf_path = optarg; break;
		case 'o': d.once = 1; break;
		case 'k': check = 1; break;
		case 'D': dump = 1; break;
		case 'v': verbose = 1; break;
		case 'V': printf("newswatchd %s\n", PACKAGE_VERSION); return 0;
		case 'h': usage(stdout); return 0;
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
		nw_conf_dump_options(d.plugins, NULL, stdout);
		nw_plugins_free(d.plugins);
		return 0;
	}
	d.conf = nw_conf_load(d.conf_path, d.plugins, &errs);
	if (!d.conf) {
		nw_errors_print(&errs, stderr);
		fprintf(stderr, "newswatchd: %zu error%s in %s\n", errs.n, errs.n == 1 ? "" : "s", d.conf_path);
		nw_errors_free(&errs);
		nw_plugins_free(d.plugins);
		return 1;
	}
	if (check) {
		printf("%s: ok (%zu feeds, %zu stories, %zu alert channels)\n", d.conf_path, d.conf->nfeeds,
		       d.conf->nstories, d.conf->nalerts);
		nw_conf_free(d.conf);
		nw_plugins_free(d.plugins);
		return 0;
	}
	signal(SIGPIPE, SIG_IGN);
	xmlInitParser();
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		fatalx("cannot initialise libcurl");
	if (nw_store_open(d.conf->daemon.database, 0, &d.store, err, sizeof err) != 0)
		fatalx("store: %s", err);
	if (nw_store_limit(d.store, d.conf->daemon.max_database_size) != 0)
		log_warnx("store: cannot set max_database_size: %s", nw_store_errmsg(d.store));
	if (d.once)
		nw_store_bulk(d.store, 1);
	if (!(d.pipeline = nw_pipeline_new(d.store, d.conf, now_s(), err, sizeof err)))
		fatalx("%s", err);
	uv_loop_init(&d.loop);
	d.fetcher = nw_fetcher_new(&d.loop, &d.conf->daemon);
	if (!d.fetcher)
		fatalx("cannot set up transfers");
	if (!(d.outbox = nw_outbox_new(&d.loop, d.store, d.fetcher)))
		fatalx("out of memory");
	nw_outbox_set_conf(d.outbox, d.conf);
	uv_timer_init(&d.loop, &d.watchdog_timer);
	uv_timer_init(&d.loop, &d.fts_timer);
	d.fts_timer.data = &d;
	uv_signal_init(&d.loop, &d.sigint);
	uv_signal_init(&d.loop, &d.sigterm);
	uv_signal_init(&d.loop, &d.sighup);
	d.sigint.data = d.sigterm.data = d.sighup.data = &d;
	uv_signal_start(&d.sigint, on_signal, SIGINT);
	uv_signal_start(&d.sigterm, on_signal, SIGTERM);
	uv_signal_start(&d.sighup, on_signal, SIGHUP);
	if ((wd = nw_sd_watchdog_usec()) > 0)
		uv_timer_start(&d.watchdog_timer, on_watchdog, wd / 2000, wd / 2000);
	log_info("newswatchd %s: %zu feeds, %zu stories, %zu alert channels, store %s", PACKAGE_VERSION,
		 d.conf->nfeeds, d.conf->nstories, d.conf->nalerts, d.conf->daemon.database);
	if (start_feeds(&d) != 0)
		fatalx("out of memory");
	d.notify = getenv("NOTIFY_SOCKET") != NULL;
	if (!d.once) {
		deliver_due(&d);
		nw_sd_notify("READY=1");
		send_status(&d, 1);
	}
	uv_run(&d.loop, UV_RUN_DEFAULT);
	/* anything still open (there should be nothing) is closed before uv_loop_close */
	uv_walk(&d.loop, on_walk_close, NULL);
	uv_run(&d.loop, UV_RUN_DEFAULT);
	rc = uv_loop_close(&d.loop);
	if (rc != 0)
		log_warnx("event loop did not close cleanly: %s", uv_strerror(rc));
	nw_pipeline_free(d.pipeline);
	nw_store_close(d.store);
	nw_conf_free(d.conf);
	nw_plugins_free(d.plugins);
	curl_global_cleanup();
	xmlCleanupParser();
	return rc == 0 ? d.exit_code : 1;
}
