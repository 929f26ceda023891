/* outbox.c — the alert outbox (see outbox.h). An alert is marked sent only after its
 * notifier said delivered: a crash in between costs one resend of the same alert id. */
#include "config.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include "log.h"
#include "outbox.h"

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

/* Deliver one payload through a channel: 0, NW_RETRY or NW_FAIL. */
static int deliver_payload(const struct nw_alert_conf *ac, const char *payload, char *err, size_t errlen)
{
	struct nw_strlist facts = { 0 }, also = { 0 };
	json_t *o = json_loads(payload, 0, NULL);
	struct nw_alert a = { 0 };
	int r;

	if (!o) {
		snprintf(err, errlen, "stored alert is not JSON");
		return NW_FAIL;
	}
	a.id = jstr(o, "id");
	a.story = jstr(o, "story");
	a.kind = jstr(o, "kind");
	a.development = json_integer_value(json_object_get(o, "development"));
	a.title = jstr(o, "title");
	a.link = jstr(o, "link");
	a.source = jstr(o, "source");
	a.published = jstr(o, "published");
	a.summary = jstr(o, "summary");
	jlist(o, "new_facts", &facts);
	jlist(o, "also_reported_by", &also);
	a.new_facts = &facts;
	a.also_reported_by = &also;
	a.json = payload;
	r = ac->inst.p->deliver(ac->inst.ctx, &a, err, errlen);
	nw_strlist_free(&facts);
	nw_strlist_free(&also);
	json_decref(o);
	return r;
}

static int64_t backoff(const struct nw_alert_conf *ac, int64_t attempts)
{
	int64_t ms = ac->retry_min;

	for (int64_t i = 0; i < attempts && ms < ac->retry_max; i++)
		ms *= 2;
	if (ms > ac->retry_max)
		ms = ac->retry_max;
	ms = ms * (80 + rand() % 41) / 100; /* ±20% so that retries of many alerts spread out */
	return ms / 1000 > 0 ? ms / 1000 : 1;
}

int nw_outbox_deliver(struct nw_store *st, const struct nw_conf *conf, int64_t now, struct nw_outbox_stats *stats)
{
	for (size_t c = 0; c < conf->nalerts; c++) {
		const struct nw_alert_conf *ac = &conf->alerts[c];
		struct nw_outbox_row row = { 0 };

		if (!ac->inst.ready)
			continue;
		while (nw_store_alert_next(st, ac->name, now, &row) > 0) {
			char err[1024] = "";
			int r = deliver_payload(ac, row.payload, err, sizeof err);
			int w;

			if (r == 0) {
				w = nw_store_alert_done(st, row.rowid, now);
				stats->sent++;
			} else if (r == NW_RETRY && (now - row.created) * 1000 < ac->max_age) {
				int64_t next = now + backoff(ac, row.attempts);
				log_warnx("alert %s via [alert %s]: %s; retrying in %llds", row.alert_id, ac->name,
					  *err ? err : "not delivered", (long long)(next - now));
				w = nw_store_alert_retry(st, row.rowid, next, err);
				stats->retried++;
				nw_outbox_row_free(&row);
				if (w)
					return -EIO;
				break; /* later alerts of this channel wait for this one */
			} else {
				nw_log(NW_LOG_ERR, "alert %s via [alert %s] failed for good: %s", row.alert_id, ac->name,
				       *err ? err : r == NW_RETRY ? "max_age reached" : "refused");
				w = nw_store_alert_fail(st, row.rowid, *err ? err : "max_age reached");
				stats->failed++;
			}
			nw_outbox_row_free(&row);
			if (w) {
				log_warnx("store: %s", nw_store_errmsg(st));
				return -EIO;
			}
		}
	}
	return 0;
}

int nw_outbox_test(const struct nw_alert_conf *ac, char *err, size_t errlen)
{
	char id[64], published[32], *text;
	json_t *o;
	int r;

	snprintf(id, sizeof id, "test-%lld", (long long)time(NULL));
	nw_date_format(time(NULL), published, sizeof published);
	o = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:[s], s:[]}", "id", id, "story", "newswatch-test",
		      "kind", "test", "development", 0, "title", "newswatch test alert — 테스트 — テスト", "link",
		      "https://example.com/newswatch-test", "source", "newswatch alert-test", "published", published,
		      "summary", "If you can read this, the channel works.", "new_facts", "test", "also_reported_by");
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!text)
		return -ENOMEM;
	r = deliver_payload(ac, text, err, errlen);
	free(text);
	return r == 0 ? 0 : -EIO;
}
