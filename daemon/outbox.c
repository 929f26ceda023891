/* outbox.c — the alert outbox on the loop (see outbox.h).
 *
 * Every channel ([alert NAME]) is a queue in the store, oldest first. A channel has at most
 * one message in flight; its next alert waits until that one is settled, so alerts never
 * overtake each other and a retrying alert holds back the later ones. A message is one
 * alert, or a digest of several (mode = digest, or the last message a rate limit allows);
 * a digest holds no more alerts than the channel's message shows (a notifier with limits
 * says how many fit), and its alerts get a batch id before its first attempt, so a retry
 * resends the same set under the same id; those that did not fit get a batch of their own
 * and go next; a digest the receiver refuses as too large (413) is halved the same way.
 * An alert that goes alone is written down the same way, with its own id as its batch,
 * before its first attempt: one a stop or a crash cut off goes alone again, never in a
 * digest under an id the receiver has not seen. Rows are marked sent only after the
 * receiver answered: a crash in between costs one resend of the same id. */
#include "config.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <jansson.h>
#include <openssl/evp.h>
#include "log.h"
#include "outbox.h"

#define DIGEST_MAX 200 /* alerts gathered for one digest at most; more go in a later one */

struct flight {
	struct nw_outbox *ob;
	char *channel;
	struct nw_outbox_row *rows;
	size_t nrows;
	int digest;
	int prepared; /* send made already (a digest fitted to the channel's message) */
	struct nw_send send;
	/* alert-test */
	void (*test_cb)(void *arg, int result, const char *err);
	void *test_arg;
	struct flight *next;
};

/* A channel whose last result the store refused (locked, full, I/O error): its rows are
 * still queued and due, so it waits instead of sending the same message again at once. */
struct hold {
	char *channel;
	int64_t until;
	/* the result of a message that the store could not record: recorded before the channel
	 * sends anything else (sent again instead, a delivered alert would go out every
	 * minute for as long as the store refuses) */
	struct nw_outbox_row *rows; /* NULL: none */
	size_t nrows;
	int digest, verdict;
	char *err;
	int64_t retry_after;
};

struct nw_outbox {
	uv_loop_t *loop;
	struct nw_store *st;
	struct nw_fetcher *f;
	const struct nw_conf *conf;
	uv_timer_t timer;
	struct flight *flights;
	size_t busy;
	void (*idle_cb)(void *arg);
	void *idle_arg;
	struct nw_outbox_stats stats;
	int closing;
	int kicking, again; /* a send that came back at once asks for another round */
	struct hold *holds; /* channels whose last result could not be recorded */
	size_t nholds;
};

/* ---- a message: one alert or a digest, as the notifier sees it ---- */

struct msg {
	struct nw_alert a;
	struct nw_alert *items;
	struct nw_strlist *facts, *also; /* per alert (one more for a or items) */
	json_t *root;                    /* the payload(s) parsed */
	char *json;                      /* a digest's own JSON */
	size_t n;
};

static const char *jstr(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void jlist(json_t *o, const char *k, struct nw_strlist *l)
{
	json_t *a = json_object_get(o, k), *v;
	size_t i;

	json_array_foreach(a, i, v)
		if (json_is_string(v))
			nw_strlist_add(l, json_string_value(v));
}

static void fill_alert(struct nw_alert *a, json_t *o, struct nw_strlist *facts, struct nw_strlist *also)
{
	a->id = jstr(o, "id");
	a->story = jstr(o, "story");
	a->kind = jstr(o, "kind");
	a->development = json_integer_value(json_object_get(o, "development"));
	a->title = jstr(o, "title");
	a->link = jstr(o, "link");
	a->source = jstr(o, "source");
	a->published = jstr(o, "published");
	a->summary = jstr(o, "summary");
	jlist(o, "new_facts", facts);
	jlist(o, "also_reported_by", also);
	a->new_facts = facts;
	a->also_reported_by = also;
}

static void msg_free(struct msg *m)
{
	for (size_t i = 0; m->facts && m->also && i <= m->n; i++) {
		nw_strlist_free(&m->facts[i]);
		nw_strlist_free(&m->also[i]);
	}
	free(m->facts);
	free(m->also);
	free(m->items);
	free(m->json);
	json_decref(m->root);
	memset(m, 0, sizeof *m);
}

/* payloads[0..n): stored alert JSON. digest_id: NULL for a single alert. */
static int msg_build(struct msg *m, const char *const *payloads, size_t n, const char *digest_id, char *err,
		     size_t errlen)
{
	memset(m, 0, sizeof *m);
	m->n = n;
	m->facts = calloc(n + 1, sizeof *m->facts);
	m->also = calloc(n + 1, sizeof *m->also);
	m->root = json_array();
	if (!m->facts || !m->also || !m->root)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_loads(payloads[i], 0, NULL);
		if (!o) {
			snprintf(err, errlen, "stored alert is not JSON");
			msg_free(m);
			return NW_FAIL;
		}
		json_array_append_new(m->root, o);
	}
	if (!digest_id) {
		fill_alert(&m->a, json_array_get(m->root, 0), &m->facts[0], &m->also[0]);
		m->a.json = payloads[0];
		return 0;
	}
	m->items = calloc(n ? n : 1, sizeof *m->items);
	if (!m->items)
		goto nomem;
	{
		const char *story = NULL;
		int same = 1;
		json_t *d;
		for (size_t i = 0; i < n; i++) {
			fill_alert(&m->items[i], json_array_get(m->root, i), &m->facts[i], &m->also[i]);
			m->items[i].json = payloads[i];
			if (!story)
				story = m->items[i].story;
			else if (m->items[i].story && strcmp(story, m->items[i].story) != 0)
				same = 0;
		}
		m->a.id = digest_id;
		m->a.kind = "digest";
		m->a.story = same ? story : NULL;
		m->a.items = m->items;
		m->a.nitems = n;
		m->a.new_facts = &m->facts[n];
		m->a.also_reported_by = &m->also[n];
		d = json_pack("{s:s, s:s, s:o, s:I, s:O}", "id", digest_id, "kind", "digest", "story",
			      m->a.story ? json_string(m->a.story) : json_null(), "count", (json_int_t)n, "alerts", m->root);
		if (!d)
			goto nomem;
		m->json = json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(d);
		if (!m->json)
			goto nomem;
		m->a.json = m->json;
	}
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
	msg_free(m);
	return NW_RETRY;
}

/* A digest's id: from the ids of the alerts it carries. */
static void digest_id(const struct nw_outbox_row *rows, size_t n, char *out, size_t outlen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	static const char hx[] = "0123456789abcdef";
	size_t o;

	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	for (size_t i = 0; i < n; i++)
		EVP_DigestUpdate(ctx, rows[i].alert_id, strlen(rows[i].alert_id) + 1);
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	o = (size_t)snprintf(out, outlen, "digest-");
	for (unsigned i = 0; i < 20 && o + 2 < outlen; i++) {
		out[o++] = hx[md[i] >> 4];
		out[o++] = hx[md[i] & 15];
	}
	out[o] = '\0';
}

/* ---- judging an answer ----
 *
 * Only a refusal of this one message fails it for good. A refusal of the channel itself —
 * its address, its credentials, its server — would meet every alert of the channel in turn:
 * failing them would empty the queue, one round trip each, with nothing to bring them back.
 * Such an answer is retried like a 5xx, until the owner fixes the channel or max_age. */

/* An HTTP status that says nothing against this message: the channel is refused, or busy. */
static int http_channel_status(long status)
{
	switch (status) {
	case 401: /* credentials */
	case 403:
	case 404: /* the address: a hook deleted or mistyped */
	case 407: /* a proxy's credentials */
	case 408: /* busy for now */
	case 410:
	case 421: /* sent to a server that does not serve it (a connection reused): another will */
	case 425: /* too early (TLS early data): a retry is what it asks for */
	case 429:
		return 1;
	default:
		return status < 400 || status >= 500; /* 3xx (redirects are not followed), 5xx */
	}
}

/* A 400 that refuses the channel, not the message: chat services answer a wrong or lapsed
 * destination so (Telegram: "Bad Request: chat not found", "bot was kicked from the group
 * chat", "chat_id is empty"; Mattermost: "Unable to find the channel"). Failed for good, one
 * wrong chat_id would fail every alert of the channel in turn. */
static const char *const channel_refusals[] = {
	"chat not found", "chat_id is empty", "bot was kicked", "bot was blocked", "bot is not a member",
	"not enough rights", "have no rights", "upgraded to a supergroup", "user is deactivated",
	"unable to find the channel", "channel_not_found", "channel_is_archived", "invalid_token", "no_service",
};

static int refuses_channel(const struct nw_fetch_res *r)
{
	char text[512];
	size_t n;

	if (!r->data || !r->len)
		return 0;
	n = r->len < sizeof text - 1 ? r->len : sizeof text - 1;
	memcpy(text, r->data, n);
	text[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!text[i])
			text[i] = ' ';
	for (size_t i = 0; i < sizeof channel_refusals / sizeof *channel_refusals; i++)
		if (strcasestr(text, channel_refusals[i]))
			return 1;
	return 0;
}

static int judge(const struct nw_send *s, const struct nw_fetch_res *r)
{
	if (r->ok)
		return 0;
	if (!r->answered)
		return NW_RETRY; /* no connection, TLS refused, time-out, killed */
	switch (s->kind) {
	case NW_SEND_HTTP:
		/* a 2xx whose reply broke off: the receiver took it (a chat service's post has no
		 * id to tell a second one by: sent again, it would show twice) */
		if (r->status >= 200 && r->status < 300)
			return 0;
		/* 409 Conflict: a receiver that deduplicates on the id already has this one (the
		 * resend after a crash between sending and recording, SPEC §3.7): delivered */
		if (r->status == 409)
			return 0;
		/* 400, 413, 415, 422 ...: this body is refused, and would be again (a digest refused
		 * with 413 is sent again in halves: see halve) */
		return http_channel_status(r->status) || (r->status == 400 && refuses_channel(r)) ? NW_RETRY : NW_FAIL;
	case NW_SEND_SMTP:
		/* a permanent refusal once the server had the whole message is of the message
		 * (550 5.7.1 as spam, 554), and so is a 552 before it but for a recipient (too big:
		 * a server that announces SIZE refuses at MAIL FROM; at RCPT TO a 552 is a full
		 * mailbox); one before the message, to the greeting, the login, MAIL FROM or
		 * RCPT TO, is of the channel, which every mail would meet */
		if (r->status >= 500 && (r->body_read || (r->status == 552 && !r->rcpt_refused)))
			return NW_FAIL;
		return NW_RETRY;
	default:
		return NW_RETRY;
	}
}

/* The receiver's words, on one line, for the log and the store: UTF-8 (a byte that is not,
 * or a character the cut at 300 bytes would split, is '?'), which `alerts --json` can show. */
static void reply_text(const struct nw_fetch_res *r, char *out, size_t len)
{
	const unsigned char *u = (const unsigned char *)r->data;
	size_t o = 0, n, lim = r->len < 300 ? r->len : 300;

	*out = '\0';
	for (size_t i = 0; r->data && i < lim && o + 4 < len; i += n) {
		unsigned char c = u[i];
		if (c < 0x80) {
			out[o++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
			n = 1;
		} else if ((n = nw_utf8_seq(u, i, lim)) && o + n + 4 < len) {
			memcpy(out + o, u + i, n);
			o += n;
		} else {
			out[o++] = '?';
			n = n ? n : 1;
		}
	}
	if (r->data && r->len > 300 && o + 4 < len)
		o += (size_t)snprintf(out + o, len - o, "...");
	out[o] = '\0';
}

/* ---- settling a message in the store ---- */

static int64_t backoff(const struct nw_alert_conf *ac, int64_t attempts)
{
	int64_t ms = ac->retry_min;

	for (int64_t i = 0; i < attempts && ms < ac->retry_max; i++)
		ms *= 2;
	if (ms > ac->retry_max)
		ms = ac->retry_max;
	ms = ms * (80 + rand() % 41) / 100; /* ±20% so that retries of many alerts spread out */
	if (ms < ac->retry_min) /* but never sooner than retry_min (2s was once "retrying in 1s") */
		ms = ac->retry_min;
	return (ms + 500) / 1000 > 0 ? (ms + 500) / 1000 : 1;
}

/* The furthest off settle() puts a retry (s): retry_max with its jitter, or a Retry-After up
 * to retry_max, and the second it counts from. */
static int64_t retry_span(const struct nw_alert_conf *ac)
{
	return ac->retry_max * 6 / 5 / 1000 + 2;
}

static const char *msg_name(const struct nw_outbox_row *rows, size_t n, int digest, char *buf, size_t len)
{
	if (digest)
		snprintf(buf, len, "digest %s (%zu alert%s)", rows[0].batch ? rows[0].batch : "?", n, n == 1 ? "" : "s");
	else
		snprintf(buf, len, "alert %s", rows[0].alert_id);
	return buf;
}

static struct hold *hold_of(const struct nw_outbox *ob, const char *channel)
{
	for (size_t i = 0; i < ob->nholds; i++)
		if (strcmp(ob->holds[i].channel, channel) == 0)
			return &ob->holds[i];
	return NULL;
}

static int64_t held_until(const struct nw_outbox *ob, const char *channel)
{
	const struct hold *h = hold_of(ob, channel);

	return h ? h->until : 0;
}

static struct hold *hold(struct nw_outbox *ob, const char *channel, int64_t until)
{
	struct hold *nh = hold_of(ob, channel);

	if (nh) {
		nh->until = until;
		return nh;
	}
	if (!(nh = realloc(ob->holds, (ob->nholds + 1) * sizeof *nh)))
		return NULL;
	ob->holds = nh;
	nh += ob->nholds;
	memset(nh, 0, sizeof *nh);
	if (!(nh->channel = strdup(channel)))
		return NULL;
	nh->until = until;
	ob->nholds++;
	return nh;
}

static void rows_free(struct nw_outbox_row *rows, size_t n);
static int fix_batches(struct nw_outbox *ob, struct flight *fl, size_t n, const char *id, int fixed,
		       int64_t overflow);

static void hold_forget(struct hold *h)
{
	rows_free(h->rows, h->nrows);
	free(h->err);
	h->rows = NULL;
	h->nrows = 0;
	h->err = NULL;
}

/* How old an alert may get before it is failed: max_age, plus the wait the channel imposes
 * itself (a digest's every, a rate limit's window), which is not the receiver's fault. */
static int64_t max_age_ms(const struct nw_alert_conf *ac)
{
	return ac->max_age + (ac->mode == NW_MODE_DIGEST ? ac->every : 0) + (ac->rate_limit > 0 ? ac->rate_window : 0);
}

#define HOLD_S 20 /* how long a channel waits after the store refused to record its result */

/* Record what came of a message. -EIO when the store refused: the channel is then held for
 * HOLD_S, and the caller keeps the result to record then (keep_unrecorded). */
static int settle(struct nw_outbox *ob, const char *channel, struct nw_outbox_row *rows, size_t n, int digest,
		  int verdict, const char *err, int64_t retry_after)
{
	const struct nw_alert_conf *ac = ob->conf ? nw_conf_alert(ob->conf, channel) : NULL;
	int64_t now = (int64_t)time(NULL), created = rows[0].created, next;
	char name[160];
	int w = 0;
	size_t *counter;

	msg_name(rows, n, digest, name, sizeof name);
	if (nw_store_begin(ob->st) != 0) {
		log_warnx("outbox: %s: %s; [alert %s] waits %ds", name, nw_store_errmsg(ob->st), channel, HOLD_S);
		hold(ob, channel, now + HOLD_S);
		return -EIO;
	}
	if (verdict == 0) {
		for (size_t i = 0; i < n && !w; i++)
			w = nw_store_alert_done(ob->st, rows[i].rowid, rows[i].refused, now);
		counter = &ob->stats.sent;
	} else if (verdict == NW_RETRY && (!ac || (now - created) * 1000 < max_age_ms(ac))) {
		next = ac ? backoff(ac, rows[0].attempts) : 60;
		/* the receiver's Retry-After, up to retry_max: a year, or an overflowing number,
		 * must not hold the channel (or wrap the time) */
		{
			int64_t cap = ac ? (ac->retry_max / 1000 > 0 ? ac->retry_max / 1000 : 1) : 3600;
			if (retry_after > cap)
				retry_after = cap;
		}
		if (retry_after > next)
			next = retry_after;
		log_warnx("%s via [alert %s]: %s; retrying in %llds", name, channel, *err ? err : "not delivered",
			  (long long)next + 1); /* as stored below: from the next whole second */
		/* times in the store are whole seconds: counted from the next one, so that at least
		 * `next` seconds pass (a Retry-After is a minimum) */
		for (size_t i = 0; i < n && !w; i++)
			w = nw_store_alert_retry(ob->st, rows[i].rowid, now + 1 + next, err, rows[i].owed,
						 rows[i].refused, now);
		counter = &ob->stats.retried;
	} else {
		/* max_age reached: after this attempt's error, or (err "") when its turn came,
		 * after the one it last had (in the store) */
		char why[1500], *recorded = NULL;
		char owed[300] = "";
		if (rows[0].owed) { /* it reached the others: who lacks it */
			snprintf(owed, sizeof owed, ", still owed to %s (the others have it)", rows[0].owed);
			for (char *p = owed; *p; p++)
				if (*p == '\n')
					*p = ',';
		}
		if (verdict == NW_RETRY)
			snprintf(why, sizeof why, "max_age reached%s%s%s", owed, *err ? "; last error: " : "", err);
		else
			snprintf(why, sizeof why, "%s", *err ? err : "refused");
		for (size_t i = 0; i < n && !w; i++)
			w = nw_store_alert_fail(ob->st, rows[i].rowid, why, verdict == NW_RETRY && !*err,
						rows[i].refused, now, &recorded);
		if (!w)
			nw_log(NW_LOG_ERR, "%s via [alert %s] failed for good: %s", name, channel,
			       recorded ? recorded : why);
		free(recorded);
		counter = &ob->stats.failed;
	}
	if (w || nw_store_commit(ob->st) != 0) {
		log_warnx("outbox: %s: %s; [alert %s] waits %ds", name, nw_store_errmsg(ob->st), channel, HOLD_S);
		nw_store_rollback(ob->st);
		hold(ob, channel, now + HOLD_S);
		return -EIO;
	}
	(*counter)++;
	if (verdict == 0) /* only once it is recorded: the log never claims what the store lacks */
		log_info("%s sent via [alert %s]", name, channel);
	return 0;
}

/* settle() could not record what came of fl's message: the channel's hold keeps it (the
 * rows move there from fl), to be recorded before the channel sends again. */
static void keep_unrecorded(struct nw_outbox *ob, const char *channel, struct flight *fl, int verdict,
			    const char *err, int64_t retry_after)
{
	struct hold *h = hold_of(ob, channel);

	if (!h)
		return; /* out of memory: the rows stay queued, and are sent again after the hold */
	hold_forget(h);
	h->rows = fl->rows;
	h->nrows = fl->nrows;
	h->digest = fl->digest;
	h->verdict = verdict;
	h->err = strdup(err ? err : "");
	h->retry_after = retry_after;
	fl->rows = NULL;
	fl->nrows = 0;
}

/* Record a result kept by keep_unrecorded: 0 done, -EIO still refused (held again). */
static int settle_kept(struct nw_outbox *ob, struct hold *h)
{
	if (settle(ob, h->channel, h->rows, h->nrows, h->digest, h->verdict, h->err ? h->err : "", h->retry_after))
		return -EIO;
	hold_forget(h);
	return 0;
}

/* ---- sending ---- */

static void rows_free(struct nw_outbox_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		nw_outbox_row_free(&rows[i]);
	free(rows);
}

static void flight_free(struct flight *fl)
{
	nw_send_free(&fl->send);
	rows_free(fl->rows, fl->nrows);
	free(fl->channel);
	free(fl);
}

static void flight_unlink(struct nw_outbox *ob, struct flight *fl)
{
	for (struct flight **pp = &ob->flights; *pp; pp = &(*pp)->next) {
		if (*pp == fl) {
			*pp = fl->next;
			break;
		}
	}
	ob->busy--;
}

static int channel_busy(const struct nw_outbox *ob, const char *channel)
{
	for (const struct flight *fl = ob->flights; fl; fl = fl->next)
		if (fl->channel && strcmp(fl->channel, channel) == 0)
			return 1;
	return 0;
}

/* A digest the receiver refused as too large (HTTP 413) is not refused for what its alerts
 * say: its alerts become two digests of half as many, each under an id made of its own
 * alerts (the receiver took none of them under the old one), which go next, in order,
 * and are halved again if refused again; one alert refused as too large fails as before.
 * The rows keep their attempts and times: nothing waits, and max_age still counts from
 * when each alert was raised. 0 when split, -1 when the store refused (nothing changed). */
static int halve(struct nw_outbox *ob, struct flight *fl)
{
	char id[64];
	size_t n = fl->nrows / 2;

	digest_id(fl->rows, n, id, sizeof id);
	return fix_batches(ob, fl, n, id, 0, 0);
}

/* ---- a mail that reached some of its recipients ----
 *
 * Each recipient's server answers its RCPT TO (nw_fetch_res.rcpt). One that says "later"
 * (4xx: greylisting, a full queue) while others take the mail is still owed it: the alert
 * stays queued, and its retries go to those alone (nw_outbox_row.owed, in the store), as the
 * same message. One refused for good (5xx) among ones that take it is skipped, logged with
 * the server's reply, and kept on record (nw_outbox_row.refused): the alert's error once it
 * is sent, and part of it if it fails. */

#define REFUSED_MAX 4096 /* bytes of refusals kept on an alert: the first ones, whole */

/* what says who refused fl's mail for good added to its rows' (after those of its earlier
 * attempts, to the recipients it was then owed to) */
static void refused_add(struct flight *fl, const char *what)
{
	for (size_t i = 0; i < fl->nrows; i++) {
		char *was = fl->rows[i].refused, *now;
		size_t len = (was ? strlen(was) + 2 : 0) + strlen(what) + 1;
		if (len > REFUSED_MAX || !(now = malloc(len)))
			continue; /* as it was */
		snprintf(now, len, "%s%s%s", was ? was : "", was ? "; " : "", what);
		free(was);
		fl->rows[i].refused = now;
	}
}

/* addr among the owed (in any case: an address put right in `to` is still the same) */
static int owed_to(const char *owed, const char *addr)
{
	size_t n = strlen(addr);

	for (const char *p = owed; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && strncasecmp(p, addr, n) == 0)
			return 1;
		p = e ? e + 1 : p + len;
	}
	return 0;
}

/* fl's mail, sent to the recipients its alerts are still owed to, if not to all: how many of
 * the channel's it goes to (0: none it is owed to is in the channel any more). */
static size_t owed_only(struct flight *fl)
{
	const char *owed = fl->nrows ? fl->rows[0].owed : NULL;
	struct nw_strlist *l = &fl->send.rcpt;
	size_t k = 0;

	if (!owed || fl->send.kind != NW_SEND_SMTP)
		return l->n ? l->n : 1;
	for (size_t i = 0; i < l->n; i++) {
		if (owed_to(owed, l->v[i]))
			l->v[k++] = l->v[i];
		else
			free(l->v[i]);
	}
	l->n = k;
	return k;
}

/* The verdict on fl's mail, given what each recipient's server said; err: why, when it is
 * still owed to some. The rows' owed become the recipients it is still owed to. Taken by
 * none (refused all, or not sent), the verdict is judge()'s, for the recipients it was
 * tried to: all refused is of the channel (a relay denied, a block list), and retried. */
static int owed_verdict(struct flight *fl, const struct nw_fetch_res *res, int verdict, char *err, size_t errlen)
{
	const struct nw_send *s = &fl->send;
	const char *shown = s->shown ? s->shown : s->url;
	size_t later = 0, taken = 0, gone = 0, len = 1;
	char name[160], gone_why[1400], *owed, *o;

	if (s->kind != NW_SEND_SMTP || !res->rcpt || !res->ok)
		return verdict;
	for (size_t i = 0; i < s->rcpt.n; i++)
		if (res->rcpt[i] == 4) {
			later++;
			len += strlen(s->rcpt.v[i]) + 1;
		} else if (res->rcpt[i] == 2)
			taken++;
		else if (res->rcpt[i] == 5)
			gone++;
	if (fl->test_cb) { /* alert-test: every recipient must have it */
		if (taken == s->rcpt.n)
			return 0;
		snprintf(err, errlen, "%s: taken for %zu of %zu recipients: %s", shown, taken, s->rcpt.n, res->rcpt_why);
		return NW_FAIL;
	}
	msg_name(fl->rows, fl->nrows, fl->digest, name, sizeof name);
	if (gone) {
		nw_snprintf_utf8(gone_why, sizeof gone_why, "%s: not delivered to %zu of %zu recipients, refused for good: %s",
			 shown, gone, s->rcpt.n, res->rcpt_gone);
		refused_add(fl, gone_why);
		if (!later) /* else the retry's log line says it */
			log_warnx("%s via [alert %s]: %s", name, fl->channel, gone_why);
	}
	if (!later)
		return 0;
	if (!(owed = malloc(len)))
		return NW_RETRY; /* tried again, to the recipients it was tried to */
	o = owed;
	for (size_t i = 0; i < s->rcpt.n; i++)
		if (res->rcpt[i] == 4)
			o += sprintf(o, "%s%s", o > owed ? "\n" : "", s->rcpt.v[i]);
	for (size_t i = 0; i < fl->nrows; i++) {
		free(fl->rows[i].owed);
		fl->rows[i].owed = i ? strdup(owed) : owed; /* NULL (out of memory): as it was */
	}
	snprintf(err, errlen, "%s: taken for %zu of %zu recipients, still owed to %zu: %s", shown, taken, s->rcpt.n,
		 later, res->rcpt_why);
	return NW_RETRY;
}

/* The message was refused for its size: HTTP 413; SMTP 552 to MAIL FROM (its SIZE) or to
 * the end of the message, but for a full mailbox (5.2.2), which a smaller one meets too. */
static int too_large(const struct nw_send *s, const struct nw_fetch_res *r)
{
	if (s->kind == NW_SEND_HTTP)
		return r->status == 413;
	return s->kind == NW_SEND_SMTP && r->status == 552 && !r->rcpt_refused &&
	       !(r->data && memmem(r->data, r->len, "5.2.2", 5));
}

static void on_sent(void *arg, struct nw_fetch_res *res)
{
	struct flight *fl = arg;
	struct nw_outbox *ob = fl->ob;
	int verdict = judge(&fl->send, res), split = 0;
	char err[1400] = "", name[160];

	flight_unlink(ob, fl);
	if (verdict == 0 && !res->ok && res->status == 409 && fl->test_cb) /* a test's id is the same at */
		verdict = NW_FAIL; /* every run: a 409 says it showed nothing this time */
	else if (verdict == 0 && !res->ok) {
		msg_name(fl->rows, fl->nrows, fl->digest, name, sizeof name);
		if (res->status == 409)
			log_info("%s via [alert %s]: HTTP %ld: the receiver already has its id; taken as delivered", name,
				 fl->channel, res->status);
		else
			log_info("%s via [alert %s]: HTTP %ld, its reply cut short (%s); taken as delivered", name,
				 fl->channel, res->status, res->error);
	}
	if (verdict != NW_FAIL)
		verdict = owed_verdict(fl, res, verdict, err, sizeof err);
	if (verdict != 0 && !*err) {
		char reply[400];
		reply_text(res, reply, sizeof reply);
		snprintf(err, sizeof err, "%s%s%s", *res->error ? res->error : "not delivered", *reply ? ": " : "", reply);
	}
	if (verdict == NW_FAIL && !fl->test_cb && fl->digest && fl->nrows > 1 && too_large(&fl->send, res)) {
		msg_name(fl->rows, fl->nrows, 1, name, sizeof name);
		split = halve(ob, fl) == 0;
		if (split)
			log_warnx("%s via [alert %s]: %s; sent again in two digests", name, fl->channel, err);
		else /* the store is busy: the same digest again later, split then */
			verdict = NW_RETRY;
	}
	if (fl->test_cb)
		fl->test_cb(fl->test_arg, verdict == 0 ? 0 : -EIO, err);
	else if (!split && settle(ob, fl->channel, fl->rows, fl->nrows, fl->digest, verdict, err, res->retry_after))
		keep_unrecorded(ob, fl->channel, fl, verdict, err, res->retry_after);
	flight_free(fl);
	if (!ob->closing) {
		nw_outbox_kick(ob); /* the channel's next, if due */
		if (!ob->busy && !ob->kicking && !ob->closing && ob->idle_cb)
			ob->idle_cb(ob->idle_arg);
	}
}

/* Start fl's prepared send on the loop: -EINPROGRESS (fl is then owned by the flight), or
 * NW_RETRY when it cannot start. */
static int start(struct nw_outbox *ob, struct flight *fl, char *err, size_t errlen)
{
	struct nw_fetch_req req = { 0 };
	char label[160];

	if (!ob || !ob->f) {
		snprintf(err, errlen, "no event loop to send on");
		return NW_RETRY;
	}
	snprintf(label, sizeof label, "[alert %s]", fl->channel);
	if (!owed_only(fl)) {
		log_warnx("%s via [alert %s]: none of the recipients it was still owed to is in its `to` any more; "
			  "counted as sent",
			 msg_name(fl->rows, fl->nrows, fl->digest, label, sizeof label), fl->channel);
		return 0;
	}
	req.send = &fl->send;
	req.label = label; /* copied by the fetcher */
	fl->ob = ob;
	fl->next = ob->flights;
	ob->flights = fl;
	ob->busy++;
	if (nw_fetch_start(ob->f, &req, on_sent, fl) != 0) {
		flight_unlink(ob, fl);
		snprintf(err, errlen, "cannot start sending");
		return NW_RETRY;
	}
	return -EINPROGRESS;
}

/* Hand a message to the channel's notifier: sent at once (a plugin that delivers by itself)
 * -> its verdict; started on the loop -> -EINPROGRESS (fl is then owned by the flight). */
static int dispatch(struct nw_outbox *ob, const struct nw_alert_conf *ac, struct flight *fl, const struct msg *m,
		    char *err, size_t errlen)
{
	const struct nw_plugin *p = ac->inst.p;
	int r;

	if (!p->prepare)
		return p->deliver(ac->inst.ctx, &m->a, err, errlen);
	r = p->prepare(ac->inst.ctx, &m->a, &fl->send, err, errlen);
	if (r)
		return r == NW_RETRY ? NW_RETRY : NW_FAIL;
	return start(ob, fl, err, errlen);
}

/* The message of fl's first n rows: a digest under id, or (id NULL) the one alert. */
static int rows_msg(struct msg *m, const struct flight *fl, size_t n, const char *id, char *err, size_t errlen)
{
	const char **payloads = calloc(n ? n : 1, sizeof *payloads);
	int r;

	if (!payloads) {
		snprintf(err, errlen, "out of memory");
		return NW_RETRY;
	}
	for (size_t i = 0; i < n; i++)
		payloads[i] = fl->rows[i].payload;
	r = msg_build(m, payloads, n, id, err, errlen);
	free(payloads);
	return r;
}

/* A digest as one message of the channel. A notifier whose messages have limits (embeds,
 * characters) says how many of the alerts, from the first, its message shows (nw_send.held):
 * the digest is then made again of those alone (its heading, count and id change), until
 * its message shows all it carries, so that no alert is marked sent without being shown.
 * *n: fl's rows (in), those the message carries (out); fl->send is prepared for them. id:
 * the digest's id when fixed, else made here from its alerts. A notifier that delivers by
 * itself takes the digest whole. 0, NW_RETRY or NW_FAIL. */
static int fit_digest(const struct nw_alert_conf *ac, struct flight *fl, size_t *n, char *id, size_t idlen, int fixed,
		      char *err, size_t errlen)
{
	const struct nw_plugin *p = ac->inst.p;

	for (;;) {
		struct msg m;
		int r;

		if (!fixed)
			digest_id(fl->rows, *n, id, idlen);
		if (!p->prepare)
			return 0;
		if ((r = rows_msg(&m, fl, *n, id, err, errlen)))
			return r;
		r = p->prepare(ac->inst.ctx, &m.a, &fl->send, err, errlen);
		msg_free(&m);
		if (r)
			return r == NW_RETRY ? NW_RETRY : NW_FAIL;
		if (!fl->send.held || fl->send.held >= *n) {
			fl->prepared = 1;
			return 0;
		}
		*n = fl->send.held; /* >= 1, and less each time round */
		nw_send_free(&fl->send);
	}
}

/* Write a digest down before its first attempt: its first n alerts get its id (unless it is
 * fixed already), so that a retry resends the same set under the same id; the alerts fl
 * holds past n (more than one message of the channel shows) become a digest of their own,
 * under an id made of theirs, which goes next, before anything raised later; and with
 * overflow (a row id), what waits past it, which one digest could not hold, is due at once
 * (nw_store_alert_overflow). fl keeps the digest's rows only. 0, or -1 when the store
 * refused (then nothing changed). */
static int fix_batches(struct nw_outbox *ob, struct flight *fl, size_t n, const char *id, int fixed,
		       int64_t overflow)
{
	char rest[64] = "";
	int w = nw_store_begin(ob->st);

	if (!w && overflow)
		w = nw_store_alert_overflow(ob->st, fl->channel, overflow);

	if (n < fl->nrows)
		digest_id(fl->rows + n, fl->nrows - n, rest, sizeof rest);
	for (size_t i = 0; i < fl->nrows && !w; i++)
		if (i >= n || !fixed)
			w = nw_store_alert_set_batch(ob->st, fl->rows[i].rowid, i < n ? id : rest);
	if (w || nw_store_commit(ob->st) != 0) {
		nw_store_rollback(ob->st);
		return -1;
	}
	for (size_t i = n; i < fl->nrows; i++)
		nw_outbox_row_free(&fl->rows[i]);
	fl->nrows = n;
	for (size_t i = 0; i < n && !fixed; i++) {
		free(fl->rows[i].batch);
		fl->rows[i].batch = strdup(id);
	}
	return 0;
}

/* Whether a queued alert went out alone before: its batch is its own id (kick_channel), or,
 * in a store written before alerts were marked so, it has no batch and was tried. It goes
 * alone again, under its id: it may have reached the receiver so. */
static int gone_alone(const struct nw_outbox_row *row)
{
	return row->batch ? strcmp(row->batch, row->alert_id) == 0 : row->attempts > 0;
}

/* A rate-limited channel: 0 when it may send a message now (*last: the last one its window
 * allows), else the time it may. */
static int64_t rate_wait(struct nw_outbox *ob, const struct nw_alert_conf *ac, int64_t now, int *last)
{
	int64_t win = ac->rate_window / 1000 > 0 ? ac->rate_window / 1000 : 1, count, earliest, lastsent;

	nw_store_alert_sent(ob->st, ac->name, now - win + 1, now, &count, &earliest, &lastsent);
	if (count >= ac->rate_limit)
		return earliest + win;
	*last = count == ac->rate_limit - 1;
	return 0;
}

/* One channel: send what is due; returns when it next needs the outbox (unix s) or INT64_MAX,
 * and *owed_wake when a mail owed to some recipients is next due. */
static int64_t kick_queue(struct nw_outbox *ob, const struct nw_alert_conf *ac, int64_t now, int64_t *owed_wake)
{
	for (;;) {
		struct nw_outbox_row head = { 0 }, *rows = NULL;
		struct flight *fl;
		struct hold *h;
		char batch[64] = "", err[1024] = "";
		int n, r, w, digest = 0, fixed = 0, last = 0, alone = 0;
		size_t held;
		int64_t t;

		if (ob->closing || channel_busy(ob, ac->name) || !ac->inst.ready)
			return INT64_MAX;
		if (held_until(ob, ac->name) > now)
			return held_until(ob, ac->name);
		if ((h = hold_of(ob, ac->name)) && h->rows && settle_kept(ob, h)) /* first, what the store did not take */
			return held_until(ob, ac->name);
		/* a mail owed to some recipients (it reached the others: owed_verdict) goes when
		 * due, on its own, and does not hold the channel's queue back while it waits (a
		 * mailbox full for days would hold every later alert, for everyone) */
		r = nw_store_alert_next(ob->st, ac->name, 1, &head);
		if (r > 0 && head.next_attempt > now && head.next_attempt - now <= retry_span(ac)) {
			/* (not due, even past max_age: it fails when due, holding nothing back) */
			if (head.next_attempt < *owed_wake)
				*owed_wake = head.next_attempt;
			nw_outbox_row_free(&head);
			r = 0;
		}
		if (r == 0)
			r = nw_store_alert_next(ob->st, ac->name, 0, &head);
		if (r < 0)
			log_warnx("outbox: %s", nw_store_errmsg(ob->st));
		if (r <= 0)
			return r < 0 ? now + 60 : INT64_MAX;
		/* a retry's time, unless it is further off than any retry is put (the clock has
		 * been set back since it was: it goes now, not after the step); an alert not
		 * tried yet has no such time (it is when it was raised) */
		if (head.attempts > 0 && head.next_attempt > now && head.next_attempt - now <= retry_span(ac)) {
			t = head.next_attempt;
			nw_outbox_row_free(&head);
			return t;
		}
		/* older than max_age when its turn comes (queued before a long stop, or held back
		 * by the alert ahead of it): failed, not sent late; a digest written down before
		 * goes whole, as it would have been sent */
		if ((now - head.created) * 1000 >= max_age_ms(ac)) {
			int nstale = nw_store_alert_rows(ob->st, ac->name, head.batch, head.batch ? DIGEST_MAX : 1, &rows);
			digest = head.batch && !gone_alone(&head);
			nw_outbox_row_free(&head);
			if (nstale <= 0) {
				free(rows);
				return now + 60;
			}
			w = settle(ob, ac->name, rows, (size_t)nstale, digest, NW_RETRY, "", 0);
			rows_free(rows, (size_t)nstale);
			if (w)
				return now + HOLD_S;
			continue;
		}
		if (gone_alone(&head)) { /* written down as sent alone: alone again, under its id */
			if (head.batch)
				snprintf(batch, sizeof batch, "%s", head.batch);
			alone = 1;
		}
		if (head.batch && !alone) { /* a digest written down before: the same alerts, under the same id */
			snprintf(batch, sizeof batch, "%s", head.batch);
			digest = fixed = 1;
			/* not tried yet (the rest of a digest one message could not show): to a rate
			 * limit, a new message; in digest mode, part of the digest now due */
			if (!head.attempts && ac->mode != NW_MODE_DIGEST && ac->rate_limit > 0 &&
			    (t = rate_wait(ob, ac, now, &last))) {
				nw_outbox_row_free(&head);
				return t;
			}
		} else if (alone && ac->mode == NW_MODE_DIGEST) {
			/* sent alone before, under an older conf: it may have reached the receiver
			 * under its own id, so it goes alone again, as a retry, before any digest
			 * forms (in one it would come under an id the receiver has not seen) */
		} else if (ac->mode == NW_MODE_DIGEST) {
			int64_t count, earliest, lastsent, every = ac->every / 1000 > 0 ? ac->every / 1000 : 1;
			/* raised "later than now" (the clock was set back since): counted from the
			 * last digest alone, not waited for until the clock catches up */
			int64_t created = head.created <= now ? head.created : 0;
			nw_store_alert_sent(ob->st, ac->name, now, now, &count, &earliest, &lastsent);
			/* `every` after the oldest alert and after the last digest; but what a
			 * digest could not hold when it formed (next_attempt 0: fix_batches) follows
			 * at once */
			t = !head.next_attempt ? now : (created > lastsent ? created : lastsent) + every;
			if (now < t) {
				nw_outbox_row_free(&head);
				return t;
			}
			digest = 1;
		} else if (ac->rate_limit > 0) {
			if ((t = rate_wait(ob, ac, now, &last))) {
				nw_outbox_row_free(&head);
				return t;
			}
			/* the last message allowed carries all that waits, unless the oldest was sent
			 * alone before: it goes alone again, under its id (see above) */
			digest = last && !alone;
		}
		nw_outbox_row_free(&head);
		n = nw_store_alert_rows(ob->st, ac->name, fixed || *batch ? batch : NULL, digest ? DIGEST_MAX : 1, &rows);
		if (n <= 0) {
			free(rows);
			if (n < 0)
				log_warnx("outbox: %s", nw_store_errmsg(ob->st));
			return n < 0 ? now + 60 : INT64_MAX;
		}
		if (digest && n == 1 && !fixed && ac->mode != NW_MODE_DIGEST)
			digest = 0; /* one alert waiting: it goes as itself */
		fl = calloc(1, sizeof *fl);
		if (!fl || !(fl->channel = strdup(ac->name))) {
			free(fl);
			rows_free(rows, (size_t)n);
			return now + 60;
		}
		fl->rows = rows;
		fl->nrows = (size_t)n;
		fl->digest = digest;
		held = (size_t)n;
		r = digest ? fit_digest(ac, fl, &held, batch, sizeof batch, fixed, err, sizeof err) : 0;
		/* a digest gathered as many as one holds: what waits past it follows at once (those
		 * raised while it is sent wait for `every`, as they would have) */
		if (digest && (!fixed || held < fl->nrows) &&
		    fix_batches(ob, fl, held, batch, fixed,
				ac->mode == NW_MODE_DIGEST && !fixed && n == DIGEST_MAX ? fl->rows[n - 1].rowid : 0) != 0) {
			log_warnx("outbox: %s", nw_store_errmsg(ob->st));
			flight_free(fl);
			return now + 60;
		}
		/* an alert going alone is written down so too, its batch its own id (the id of the
		 * message it goes in, which a rate limit counts), before its first attempt: a send
		 * that a stop or a crash cuts off counts no attempt, and without the mark the alert
		 * could come back in a digest under an id the receiver has not seen */
		if (!digest && r == 0 && !fl->rows[0].batch && fix_batches(ob, fl, 1, fl->rows[0].alert_id, 0, 0) != 0) {
			log_warnx("outbox: %s", nw_store_errmsg(ob->st));
			flight_free(fl);
			return now + 60;
		}
		if (r == 0 && fl->prepared)
			r = start(ob, fl, err, sizeof err);
		else if (r == 0) {
			struct msg m;
			r = rows_msg(&m, fl, fl->nrows, digest ? batch : NULL, err, sizeof err);
			if (r == 0) {
				r = dispatch(ob, ac, fl, &m, err, sizeof err);
				msg_free(&m);
			}
		}
		if (r == -EINPROGRESS)
			return INT64_MAX; /* on_sent takes it from here */
		if ((w = settle(ob, ac->name, fl->rows, fl->nrows, digest, r, err, 0)))
			keep_unrecorded(ob, ac->name, fl, r, err, 0);
		flight_free(fl);
		if (w)
			return now + HOLD_S; /* not recorded: held, then recorded, never sent again */
	}
}

static int64_t kick_channel(struct nw_outbox *ob, const struct nw_alert_conf *ac, int64_t now)
{
	int64_t owed_wake = INT64_MAX, t = kick_queue(ob, ac, now, &owed_wake);

	return owed_wake < t ? owed_wake : t;
}

static void on_timer(uv_timer_t *t)
{
	nw_outbox_kick(t->data);
}

void nw_outbox_kick(struct nw_outbox *ob)
{
	int64_t now = (int64_t)time(NULL), wake = INT64_MAX;

	if (ob->closing || !ob->conf || !ob->st)
		return; /* (alert-test sends without a store) */
	if (ob->kicking) {
		ob->again = 1;
		return;
	}
	ob->kicking = 1;
	do {
		ob->again = 0;
		wake = INT64_MAX;
		for (size_t c = 0; c < ob->conf->nalerts; c++) {
			int64_t w = kick_channel(ob, &ob->conf->alerts[c], now);
			if (w < wake)
				wake = w;
		}
		/* a kept result of a channel a reload removed: recorded all the same */
		for (size_t i = 0; i < ob->nholds; i++) {
			struct hold *h = &ob->holds[i];
			if (h->rows && !nw_conf_alert(ob->conf, h->channel) &&
			    (h->until > now || settle_kept(ob, h)) && h->until < wake)
				wake = h->until;
		}
	} while (ob->again && !ob->closing);
	ob->kicking = 0;
	if (ob->closing)
		return;
	uv_timer_stop(&ob->timer);
	if (wake != INT64_MAX)
		uv_timer_start(&ob->timer, on_timer, wake > now ? (uint64_t)(wake - now) * 1000 : 1000, 0);
}

struct nw_outbox *nw_outbox_new(uv_loop_t *loop, struct nw_store *st, struct nw_fetcher *f)
{
	struct nw_outbox *ob = calloc(1, sizeof *ob);

	if (!ob)
		return NULL;
	ob->loop = loop;
	ob->st = st;
	ob->f = f;
	uv_timer_init(loop, &ob->timer);
	ob->timer.data = ob;
	return ob;
}

static int warn_unconfigured(void *arg, const char *channel, int64_t n)
{
	const struct nw_conf *conf = arg;

	if (channel && !nw_conf_alert(conf, channel))
		log_warnx("outbox: %lld alert%s queued for [alert %s], which the configuration no longer has: "
			  "kept, and sent if a channel of that name comes back",
			  (long long)n, n == 1 ? "" : "s", channel);
	return 0;
}

void nw_outbox_set_conf(struct nw_outbox *ob, const struct nw_conf *conf)
{
	/* a reload that changes how a channel delivers (its url, server, the content of a
	 * secret file...) is the fix to it tried at once: the retry its next alert waits for is
	 * not waited for (a start: nw_outbox_retry_waiting) */
	for (size_t i = 0; ob->conf && conf && ob->st && i < conf->nalerts; i++) {
		const struct nw_alert_conf *was = nw_conf_alert(ob->conf, conf->alerts[i].name);
		if ((!was || strcmp(was->delivery, conf->alerts[i].delivery)) &&
		    nw_store_alert_retry_now(ob->st, conf->alerts[i].name, (int64_t)time(NULL)) != 0)
			log_warnx("outbox: %s", nw_store_errmsg(ob->st));
	}
	ob->conf = conf;
	/* a channel taken out of the conf leaves its queue behind: say so, rather than keep
	 * alerts nobody will send without a word */
	if (conf && ob->st && nw_store_alert_channels(ob->st, warn_unconfigured, (void *)conf) != 0)
		log_warnx("outbox: %s", nw_store_errmsg(ob->st));
}

void nw_outbox_retry_waiting(struct nw_outbox *ob)
{
	int64_t now = (int64_t)time(NULL);
	int w = 0;

	if (!ob->conf || !ob->st)
		return;
	/* not waited for: a store another process holds must not hold the start back */
	if (nw_store_try_begin(ob->st) != 0) {
		log_info("outbox: the store is busy: the alerts waiting for a retry wait their time");
		return;
	}
	for (size_t i = 0; i < ob->conf->nalerts && !w; i++)
		w = nw_store_alert_retry_now(ob->st, ob->conf->alerts[i].name, now);
	if (w || nw_store_commit(ob->st) != 0) {
		log_warnx("outbox: %s", nw_store_errmsg(ob->st));
		nw_store_rollback(ob->st);
	}
}

size_t nw_outbox_busy(const struct nw_outbox *ob)
{
	return ob->busy;
}

void nw_outbox_on_idle(struct nw_outbox *ob, void (*cb)(void *arg), void *arg)
{
	ob->idle_cb = cb;
	ob->idle_arg = arg;
}

const struct nw_outbox_stats *nw_outbox_stats(const struct nw_outbox *ob)
{
	return &ob->stats;
}

static void on_closed(uv_handle_t *h)
{
	free(h->data);
}

void nw_outbox_stopping(struct nw_outbox *ob)
{
	if (ob)
		ob->closing = 1; /* results still recorded (on_sent); nothing more sent */
}

void nw_outbox_close(struct nw_outbox *ob)
{
	struct flight *fl;

	if (!ob)
		return;
	ob->closing = 1;
	while ((fl = ob->flights)) {
		ob->flights = fl->next;
		flight_free(fl);
	}
	ob->busy = 0;
	for (size_t i = 0; i < ob->nholds; i++) {
		struct hold *h = &ob->holds[i];
		char name[160];
		/* a last try to record a kept result; else it is sent again, under its id, after
		 * the next start (as after a crash between sending and recording) */
		if (h->rows && ob->st && settle_kept(ob, h))
			log_warnx("outbox: %s went out via [alert %s] but is not recorded: it goes again, under the "
				  "same id, after the next start",
				  msg_name(h->rows, h->nrows, h->digest, name, sizeof name), h->channel);
		hold_forget(h);
		free(h->channel);
	}
	free(ob->holds);
	ob->holds = NULL;
	ob->nholds = 0;
	uv_timer_stop(&ob->timer);
	uv_close((uv_handle_t *)&ob->timer, on_closed);
}

/* ---- alert-test ---- */

static char *sample_json(int n, int fixed)
{
	static const char *const titles[] = { "newswatch test alert — 테스트 — テスト",
					      "Second test alert: <b>markup</b> & \"quotes\" stay text" };
	char id[64], published[32];
	json_t *o;
	char *text;

	snprintf(id, sizeof id, "test-%lld-%d", fixed ? 0LL : (long long)time(NULL), n);
	nw_date_format(fixed ? 1767225600 : (int64_t)time(NULL), published, sizeof published);
	o = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:[s], s:[s]}", "id", id, "story", "newswatch-test",
		      "kind", "test", "development", n + 1, "title", titles[n % 2], "link",
		      n ? "https://example.com/newswatch-test?n=2&x=<y>" : "https://example.com/newswatch-test",
		      "source", "newswatch alert-test", "published", published, "summary",
		      "If you can read this, the channel works. 채널이 작동합니다. チャンネルは動いています。", "new_facts",
		      n ? "$135 billion" : "test", "also_reported_by", "example-feed");
	text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return text;
}

static int sample_msg(struct msg *m, char **payloads, int digest, int fixed, char *err, size_t errlen)
{
	int n = digest ? 2 : 1, r;

	for (int i = 0; i < n; i++)
		if (!(payloads[i] = sample_json(i, fixed)))
			return -ENOMEM;
	r = msg_build(m, (const char *const *)payloads, (size_t)n, digest ? (fixed ? "digest-test-0" : "digest-test") : NULL,
		      err, errlen);
	return r ? -EIO : 0;
}

int nw_outbox_sample(const struct nw_alert_conf *ac, int digest, struct nw_send *send, char *err, size_t errlen)
{
	char *payloads[2] = { NULL, NULL };
	struct msg m;
	int r;

	memset(send, 0, sizeof *send);
	r = sample_msg(&m, payloads, digest, 1, err, errlen);
	if (r == 0) {
		if (ac->inst.p->prepare)
			r = ac->inst.p->prepare(ac->inst.ctx, &m.a, send, err, errlen) ? -EIO : 0;
		else
			r = ac->inst.p->deliver(ac->inst.ctx, &m.a, err, errlen) ? -EIO : 0;
		msg_free(&m);
	}
	free(payloads[0]);
	free(payloads[1]);
	return r;
}

int nw_outbox_test(struct nw_outbox *ob, const struct nw_alert_conf *ac, int digest,
		   void (*cb)(void *arg, int result, const char *err), void *arg)
{
	char *payloads[2] = { NULL, NULL }, err[1024] = "";
	struct flight *fl = calloc(1, sizeof *fl);
	struct msg m;
	int r;

	if (!fl || !(fl->channel = strdup(ac->name))) { /* its output's label, "[alert NAME]" */
		free(fl);
		return -ENOMEM;
	}
	fl->test_cb = cb;
	fl->test_arg = arg;
	r = sample_msg(&m, payloads, digest, 0, err, sizeof err);
	if (r == 0) {
		r = dispatch(ob, ac, fl, &m, err, sizeof err);
		msg_free(&m);
	}
	free(payloads[0]);
	free(payloads[1]);
	if (r == -EINPROGRESS)
		return 0;
	cb(arg, r == 0 ? 0 : -EIO, err);
	flight_free(fl);
	return 0;
}
