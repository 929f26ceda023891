/* pipeline.c — a fetched document through dedup, classification, development and alerting
 * (SPEC §3 steps 4-7), written to the store in one transaction per document. */
#include "config.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "log.h"
#include "pipeline.h"
#include "story.h"
#include "text.h"
#include "url.h"

static void hex_digest(const char *data, size_t len, char *out, size_t hexlen)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	static const char hx[] = "0123456789abcdef";

	EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
	for (size_t i = 0; i < mdlen && 2 * i + 2 <= hexlen; i++) {
		out[2 * i] = hx[md[i] >> 4];
		out[2 * i + 1] = hx[md[i] & 15];
	}
	out[hexlen < 2 * (size_t)mdlen ? hexlen : 2 * (size_t)mdlen] = '\0';
}

static const char *item_body(const struct nw_item *it)
{
	return it->content && *it->content ? it->content : it->summary;
}

/* The key a feed knows an item by: its GUID, else its link, else a hash of its text. */
static char *item_key(const struct nw_item *it)
{
	char hex[65], *buf;
	int n;

	if (it->id && *it->id)
		return strdup(it->id);
	if (it->link && *it->link)
		return strdup(it->link);
	n = asprintf(&buf, "%s\n%s", it->title ? it->title : "", item_body(it) ? item_body(it) : "");
	if (n < 0)
		return NULL;
	hex_digest(buf, (size_t)n, hex, 64);
	free(buf);
	return strdup(hex);
}

/* Hash of the normalised title and body: the same text under another URL is a copy. */
static int content_hash(const struct nw_item *it, char *hex)
{
	const char *body = item_body(it);
	char *joined, *norm;
	size_t nlen;
	int n;

	n = asprintf(&joined, "%s\n%s", it->title ? it->title : "", body ? body : "");
	if (n < 0)
		return -ENOMEM;
	norm = nw_text_normalize(joined, (size_t)n, &nlen);
	free(joined);
	if (!norm)
		return -ENOMEM;
	if (nlen < 16) { /* too little text to call two items the same */
		free(norm);
		return 1;
	}
	hex_digest(norm, nlen, hex, 64);
	free(norm);
	return 0;
}

static int64_t item_time(const struct nw_item *it)
{
	return it->published != NW_TIME_NONE ? it->published : it->updated;
}

/* Oldest first; undated items last, in reverse document order (feeds list newest first). */
static int cmp_items(const void *a, const void *b, void *arg)
{
	const struct nw_doc *sort_doc = arg;
	size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
	int64_t ta = item_time(&sort_doc->items[ia]), tb = item_time(&sort_doc->items[ib]);

	if (ta != NW_TIME_NONE && tb != NW_TIME_NONE && ta != tb)
		return ta < tb ? -1 : 1;
	if ((ta == NW_TIME_NONE) != (tb == NW_TIME_NONE))
		return ta == NW_TIME_NONE ? 1 : -1;
	return ia < ib ? 1 : ia > ib ? -1 : 0;
}

static json_t *strlist_json(const struct nw_strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; l && i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *alert_payload(const char *alert_id, const char *story, const char *kind, int64_t dev,
			     const struct nw_item *it, const char *source, json_t *facts)
{
	char published[32];
	int64_t t = item_time(it);

	if (t != NW_TIME_NONE)
		nw_date_format(t, published, sizeof published);
	return json_pack("{s:s, s:s, s:s, s:I, s:o, s:o, s:s, s:o, s:o, s:O, s:[]}", "id", alert_id, "story", story,
			 "kind", kind, "development", (json_int_t)dev, "title", str_or_null(it->title), "link",
			 str_or_null(it->link), "source", source, "published",
			 t != NW_TIME_NONE ? json_string(published) : json_null(), "summary",
			 str_or_null(it->summary ? it->summary : it->content), "new_facts", facts,
			 "also_reported_by");
}

/* Queue one alert per channel of the story; the id is stable for (story, article, channel). */
static int queue_alerts(struct nw_store *st, const struct nw_story_conf *sc, const char *kind, int64_t dev,
			int64_t hit_id, const char *canon, const struct nw_item *it, const char *source,
			json_t *facts, int64_t now, size_t *queued)
{
	for (size_t c = 0; c < sc->alert.n; c++) {
		char idsrc[4096], alert_id[33];
		json_t *payload;
		char *text;
		int r;

		snprintf(idsrc, sizeof idsrc, "%s\n%s\n%s\n%s", sc->name, sc->alert.v[c],
			 canon ? canon : (it->link ? it->link : ""), kind);
		hex_digest(idsrc, strlen(idsrc), alert_id, 32);
		payload = alert_payload(alert_id, sc->name, kind, dev, it, source, facts);
		text = payload ? json_dumps(payload, JSON_COMPACT) : NULL;
		json_decref(payload);
		if (!text)
			return -ENOMEM;
		r = nw_store_alert_add(st, alert_id, sc->alert.v[c], sc->name, hit_id, text, now);
		free(text);
		if (r)
			return r;
		(*queued)++;
	}
	return 0;
}

static const struct nw_story_conf *story_conf(const struct nw_conf *conf, const char *name)
{
	for (size_t i = 0; i < conf->nstories; i++)
		if (strcmp(conf->stories[i].name, name) == 0)
			return &conf->stories[i];
	return NULL;
}

struct item_ctx {
	struct nw_store *st;
	const struct nw_conf *conf;
	const struct nw_feed_conf *feed;
	int64_t feed_id, now;
	int backlog;
	struct nw_pipeline_stats *stats;
};

static int process_item(struct item_ctx *c, const struct nw_item *it, json_t *out)
{
	struct nw_classification cls = { 0 };
	char hash[65], *key = item_key(it), *canon = NULL, *dup_link = NULL;
	int64_t article = 0, dup_of = 0;
	int have_hash, r = -EIO;
	json_t *stories = json_array();

	if (!key)
		goto out;
	if (nw_store_sighting_exists(c->st, c->feed_id, key)) {
		r = 1; /* seen before: never new again */
		goto out;
	}
	c->stats->new_items++;
	canon = it->link ? nw_url_canonical(it->link) : NULL;
	have_hash = content_hash(it, hash) == 0;
	if (nw_store_article_by_url(c->st, canon, &article, &dup_link)) {
		dup_of = article; /* the same article reached through another feed or link */
	} else {
		/* the same text under another address is a copy of the article that has it */
		if (have_hash)
			nw_store_article_by_hash(c->st, hash, &dup_of, &dup_link);
		if (nw_store_article_add(c->st, it, canon, have_hash ? hash : NULL, dup_of, c->now, &article))
			goto out;
	}
	if (nw_store_sighting_add(c->st, c->feed_id, key, article, c->now))
		goto out;
	if (dup_of)
		c->stats->duplicates++;
	if (nw_storyset_classify(c->conf->storyset, it->title, item_body(it), &cls)) {
		r = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < cls.n; i++) {
		const struct nw_story_match *m = &cls.v[i];
		const struct nw_story_conf *sc;
		int64_t story_id, dev = 0, hit_id;
		const char *verdict;
		int alert = 0;
		json_t *matched, *facts;
		char *mtext, *ftext;

		if (!m->matched || !(sc = story_conf(c->conf, m->story)))
			continue;
		if (nw_store_story(c->st, m->story, &story_id))
			goto out;
		if (dup_of) {
			verdict = "known";
			nw_store_article_development(c->st, story_id, dup_of, &dev);
		} else {
			verdict = "new";
			if (nw_store_development_add(c->st, story_id, article, it->title,
						     item_time(it) != NW_TIME_NONE ? item_time(it) : c->now, &dev))
				goto out;
			alert = !c->backlog && (sc->alert_mask & NW_ALERT_ON_NEW) && sc->alert.n > 0;
		}
		matched = strlist_json(&m->entities);
		facts = json_array();
		mtext = json_dumps(matched, JSON_COMPACT);
		ftext = json_dumps(facts, JSON_COMPACT);
		r = nw_store_hit_add(c->st, story_id, article, c->feed_id, verdict, dev, mtext, ftext, alert, c->now,
				     &hit_id);
		free(mtext);
		free(ftext);
		if (!r && alert)
			r = queue_alerts(c->st, sc, verdict, dev, hit_id, canon, it, c->feed->name, facts, c->now,
					 &c->stats->alerts);
		c->stats->hits++;
		json_array_append_new(stories, json_pack("{s:s, s:s, s:o, s:b, s:o, s:o}", "story", m->story, "verdict",
							 verdict, "development", dev ? json_integer(dev) : json_null(),
							 "alert", alert, "matched", matched, "new_facts", facts));
		if (r)
			goto out;
	}
	if (out) {
		json_object_set_new(out, "feed", json_string(c->feed->name));
		json_object_set_new(out, "id", str_or_null(it->id));
		json_object_set_new(out, "link", str_or_null(it->link));
		json_object_set_new(out, "title", str_or_null(it->title));
		json_object_set_new(out, "duplicate_of", dup_of ? str_or_null(dup_link) : json_null());
		json_object_set(out, "stories", stories);
	}
	r = 0;
out:
	nw_classification_free(&cls);
	json_decref(stories);
	free(key);
	free(canon);
	free(dup_link);
	return r;
}

int nw_pipeline_run(struct nw_store *st, const struct nw_conf *conf, const struct nw_feed_conf *feed,
		    struct nw_doc *doc, int64_t now, nw_report_fn report, void *arg,
		    struct nw_pipeline_stats *stats, char *err, size_t errlen)
{
	struct nw_feed_state fs;
	struct item_ctx c = { st, conf, feed, 0, now, 0, stats };
	size_t *order = NULL;
	int r;

	memset(stats, 0, sizeof *stats);
	stats->items = doc->nitems;
	if (nw_store_begin(st)) {
		snprintf(err, errlen, "store: %s", nw_store_errmsg(st));
		return -EIO;
	}
	if ((r = nw_store_feed(st, feed->name, feed->url, &fs)))
		goto fail;
	c.feed_id = fs.id;
	c.backlog = !fs.first_done;
	nw_feed_state_free(&fs);
	order = malloc((doc->nitems + 1) * sizeof *order);
	if (!order) {
		r = -ENOMEM;
		goto fail;
	}
	for (size_t i = 0; i < doc->nitems; i++)
		order[i] = i;
	qsort_r(order, doc->nitems, sizeof *order, cmp_items, doc);
	for (size_t i = 0; i < doc->nitems; i++) {
		json_t *obj = report ? json_object() : NULL;
		r = process_item(&c, &doc->items[order[i]], obj);
		if (r == 0 && obj)
			report(arg, obj);
		json_decref(obj);
		if (r < 0)
			goto fail;
	}
	if (c.backlog && (r = nw_store_feed_first_done(st, c.feed_id)))
		goto fail;
	free(order);
	if (nw_store_commit(st)) {
		snprintf(err, errlen, "store: commit: %s", nw_store_errmsg(st));
		nw_store_rollback(st);
		return -EIO;
	}
	return 0;
fail:
	free(order);
	snprintf(err, errlen, "store: %s", r == -ENOMEM ? "out of memory" : nw_store_errmsg(st));
	nw_store_rollback(st);
	return r < 0 ? r : -EIO;
}
