/* pipeline.c — a fetched document through dedup, classification, development and alerting
 * (SPEC §3 steps 4-7): prepared without writing, then written to the store inside the
 * caller's transaction (the writer's, which holds many documents, or one of its own). */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/evp.h>
#include <utf8proc.h>
#include <uv.h>
#include "dedup.h"
#include "develop.h"
#include "profile.h"
#include "log.h"
#include "pipeline.h"
#include "story.h"
#include "text.h"
#include "url.h"

/* bytes of SHA-256 kept as an article's content hash (content_hash) */
#define NW_HASH_BYTES 8

struct nw_pipeline {
	struct nw_lexicon *lx;
	struct nw_dedup *dd;
	struct nw_devcache *dc;
	int64_t built_at; /* the time the index was last built for: it holds the window before */
	int64_t pruned_at; /* when fingerprints older than the window were last deleted (0: not yet) */
	int64_t forgot_at;   /* when old articles were last looked for (0: not yet) */
	int64_t forgot_from; /* when a look last began from the oldest article */
	int64_t forgot_upto_t, forgot_upto; /* the article (first_seen, id) the last look ended at */
	int forget_more;     /* the last look stopped at its limit: more are old */
	int no_outbox;       /* alerts are decided and reported, not queued (nw_pipeline_no_outbox) */
	int fts_merge;       /* the full-text index made whole (fts_merge): 0 not known yet, -1 not
			      * under way, 1 its first step due, 2 under way */
	int fts_steps;       /* steps so far */
	int64_t fts_since;   /* when it began */
};

static int load_fp(void *arg, int64_t article, int64_t t, int64_t root, const void *fp, size_t nfp,
		   const void *nums, size_t nnums, const void *lede, size_t nlede)
{
	uint32_t l[NW_DEDUP_LEDE];

	nlede = nlede < NW_DEDUP_LEDE ? nlede : NW_DEDUP_LEDE;
	if (nlede)
		memcpy(l, lede, nlede * sizeof *l);
	return nw_dedup_add(arg, article, root, t, fp, nfp, nums, nnums, l, nlede);
}

/* The near-duplicate index of what a new item can still be a copy of: recent articles. */
static struct nw_dedup *load_index(struct nw_store *st, const struct nw_conf *conf, int64_t now, size_t keys,
				   char *err, size_t errlen)
{
	struct nw_dedup_params dp = { conf->daemon.dedup_window / 1000, conf->daemon.dedup_threshold / 100.0, 3 };
	struct nw_dedup *dd = nw_dedup_new(&dp);

	if (!dd || nw_dedup_reserve(dd, keys)) {
		nw_dedup_free(dd);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (nw_store_fp_load(st, now - dp.window - 86400, load_fp, dd) != 0) {
		snprintf(err, errlen, "loading fingerprints: %s", nw_store_errmsg(st));
		nw_dedup_free(dd);
		return NULL;
	}
	return dd;
}

struct nw_pipeline *nw_pipeline_new(struct nw_store *st, const struct nw_conf *conf, int64_t now, char *err,
				    size_t errlen)
{
	struct nw_pipeline *pl = calloc(1, sizeof *pl);

	if (!pl || !(pl->lx = nw_lexicon_new()) || !(pl->dc = nw_devcache_new())) {
		snprintf(err, errlen, "out of memory");
		nw_pipeline_free(pl);
		return NULL;
	}
	if (!(pl->dd = load_index(st, conf, now, 0, err, errlen))) {
		nw_pipeline_free(pl);
		return NULL;
	}
	pl->built_at = now;
	return pl;
}

void nw_pipeline_no_outbox(struct nw_pipeline *pl)
{
	pl->no_outbox = 1;
}

void nw_pipeline_free(struct nw_pipeline *pl)
{
	if (!pl)
		return;
	nw_lexicon_free(pl->lx);
	nw_dedup_free(pl->dd);
	nw_devcache_free(pl->dc);
	free(pl);
}

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

/* Hash of the normalised title and body (as classification normalised them): the same text
 * under another URL is a copy. 1 when there is too little text to call two items the same.
 * The first 64 bits of SHA-256, in hex: a short key keeps the store's index of it small
 * (every new article inserts into it at a random place), and 64 bits do not collide among
 * the articles of a store. */
static int content_hash(const struct nw_classification *cls, char *hex)
{
	static const char hx[] = "0123456789abcdef";
	size_t tl = cls->norm_title ? strlen(cls->norm_title) : 0, bl = cls->norm_body ? strlen(cls->norm_body) : 0;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx;

	if (tl + 1 + bl < 16)
		return 1;
	if (!(ctx = EVP_MD_CTX_new()))
		return -ENOMEM;
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	EVP_DigestUpdate(ctx, cls->norm_title ? cls->norm_title : "", tl);
	EVP_DigestUpdate(ctx, "\n", 1);
	EVP_DigestUpdate(ctx, cls->norm_body ? cls->norm_body : "", bl);
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	for (unsigned int k = 0; k < mdlen && k < NW_HASH_BYTES; k++) {
		hex[2 * k] = hx[md[k] >> 4];
		hex[2 * k + 1] = hx[md[k] & 15];
	}
	hex[2 * NW_HASH_BYTES] = '\0';
	return 0;
}

static int64_t item_time(const struct nw_item *it)
{
	return it->published != NW_TIME_NONE ? it->published : it->updated;
}

/* An item dated (published or, later, updated) longer ago than a story's alert_within when it
 * is first seen: an archive's piece that surfaced (a "related" list, a feed that lists old
 * items again under new GUIDs) is no news, and raises no alert. Its verdict stands (the
 * timeline keeps it). An undated item is never stale. */
static int stale(const struct nw_item *it, int64_t now, int64_t window_s)
{
	int64_t t = it->updated != NW_TIME_NONE && (it->published == NW_TIME_NONE || it->updated > it->published)
			    ? it->updated
			    : it->published;

	return t != NW_TIME_NONE && t < now - window_s;
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

/* An alert's summary says what the item is about, at a glance: the whole article (an item
 * without a summary falls back to its content) would make every message, and a digest of
 * them, as large as the feed's pages, which receivers refuse (HTTP 413). */
#define ALERT_SUMMARY_MAX 1000 /* characters, the ellipsis included */

static json_t *alert_payload(const char *alert_id, const char *story, const char *kind, int64_t dev,
			     const struct nw_item *it, const char *source, json_t *facts)
{
	char published[32], *summary = NULL;
	const char *text = it->summary ? it->summary : it->content;
	int64_t t = item_time(it);
	json_t *o;

	if (t != NW_TIME_NONE)
		nw_date_format(t, published, sizeof published);
	if (text && !(summary = nw_utf8_clip(text, ALERT_SUMMARY_MAX, 0)))
		return NULL;
	o = json_pack("{s:s, s:s, s:s, s:I, s:o, s:o, s:s, s:o, s:o, s:O, s:[]}", "id", alert_id, "story", story,
		      "kind", kind, "development", (json_int_t)dev, "title", str_or_null(it->title), "link",
		      str_or_null(it->link), "source", source, "published",
		      t != NW_TIME_NONE ? json_string(published) : json_null(), "summary", str_or_null(summary),
		      "new_facts", facts, "also_reported_by");
	free(summary);
	return o;
}

/* Queue one alert per channel of the story; the id is stable for (story, article, channel):
 * the article's address, or for an item without one of its own — none, or one another item
 * of its feed has (link_shared) — its row (two such items of a story must not share an id:
 * the second alert would be dropped as already queued). */
static int queue_alerts(struct nw_store *st, const struct nw_story_conf *sc, const char *kind, int64_t dev,
			int64_t hit_id, int64_t article, const char *canon, int link_shared, const struct nw_item *it,
			const char *source, json_t *facts, int64_t now, size_t *queued)
{
	const char *addr = link_shared ? NULL : canon ? canon : it->link && *it->link ? it->link : NULL;

	for (size_t c = 0; c < sc->alert.n; c++) {
		char *idsrc = NULL, alert_id[33];
		size_t idlen = 0;
		json_t *payload;
		char *text;
		int r;

		/* the whole address, however long: two addresses alike in their first kilobytes
		 * are two articles */
		r = addr ? nw_buf_printf(&idsrc, &idlen, "%s\n%s\n%s\n%s", sc->name, sc->alert.v[c], addr, kind)
			 : nw_buf_printf(&idsrc, &idlen, "%s\n%s\narticle %lld\n%s", sc->name, sc->alert.v[c],
					 (long long)article, kind);
		if (r)
			return -ENOMEM;
		hex_digest(idsrc, idlen, alert_id, 32);
		free(idsrc);
		payload = alert_payload(alert_id, sc->name, kind, dev, it, source, facts);
		text = payload ? json_dumps(payload, JSON_COMPACT) : NULL;
		json_decref(payload);
		if (!text)
			return -ENOMEM;
		r = nw_store_alert_add(st, alert_id, sc->alert.v[c], sc->name, hit_id, text, now);
		free(text);
		if (r < 0)
			return r;
		if (r == 0)
			(*queued)++;
		else /* the same alert queued before (the article seen again under the same address) */
			log_debug("story %s: alert %s for [alert %s] is already queued", sc->name, alert_id,
				  sc->alert.v[c]);
	}
	return 0;
}

int nw_story_language_ok(const struct nw_story_conf *sc, const char *declared, const char *detected)
{
	char lang[4] = "";

	if (!sc->language.n)
		return 1;
	if (declared && strlen(declared) >= 2) {
		lang[0] = (char)tolower((unsigned char)declared[0]);
		lang[1] = (char)tolower((unsigned char)declared[1]);
	} else {
		snprintf(lang, sizeof lang, "%s", detected ? detected : "");
	}
	for (size_t i = 0; i < sc->language.n; i++)
		if (strncasecmp(sc->language.v[i], lang, 2) == 0)
			return 1;
	return 0;
}

static int language_ok(const struct nw_story_conf *sc, const struct nw_item *it, const struct nw_features *f)
{
	return nw_story_language_ok(sc, it->language, f->lang);
}

/* How long articles no story holds are kept, in seconds (0: for ever): keep_articles, but
 * at least the near-duplicate window, whose articles copies are compared with. */
static int64_t keep_seconds(const struct nw_conf *conf)
{
	int64_t keep = conf->daemon.keep_articles / 1000, least = conf->daemon.dedup_window / 1000;

	/* and two days: a sighting's time is written at most once a day */
	if (least < 2 * 86400)
		least = 2 * 86400;
	return keep && keep < least ? least : keep;
}

/* The time from which an item its feed listed counts as still listed (nw_store_sighting_exists):
 * keep_articles before now, a day nearer (the writer forgets by its own clock, later than a
 * document's fetch: an item near the cutoff is prepared in full), and for ever when articles
 * are kept for ever. */
static int64_t listed_since(const struct nw_conf *conf, int64_t now)
{
	int64_t keep = keep_seconds(conf);

	return keep ? now - keep + 86400 : INT64_MIN;
}

struct item_ctx {
	struct nw_pipeline *pl;
	struct nw_store *st;
	const struct nw_conf *conf;
	const struct nw_feed_conf *feed;
	int64_t feed_id, now;
	int backlog;
	struct nw_pipeline_stats *stats;
	const struct nw_footers *footers; /* the document's stock tail (prepare only) */
	const struct nw_prepared *pd;     /* the document's items (apply only) */
	const char **keys;                /* their keys, sorted (doc_lists: made when first asked) */
	size_t nkeys;
};

static int index_item(struct item_ctx *c, int64_t article, int64_t root, int64_t t, const struct nw_features *f)
{
	uint32_t nums[16];
	size_t nn = 0;

	for (size_t i = 0; i < f->nnums && nn < 16; i++)
		nums[nn++] = nw_fact_hash(f->nums[i].key);
	if (nw_store_fp_add(c->st, article, t, root, f->fp, f->nfp, nums, nn, f->lede, f->nlede))
		return -EIO;
	return nw_dedup_add(c->pl->dd, article, root, t, f->fp, f->nfp, nums, nn, f->lede, f->nlede);
}

/* What the item it, of features f, adds to a text it may be a write-through of
 * (nw_features_additions), from its body as prepare gave it to nw_features_extract_for:
 * stripped again, and cut where f's ended (the feed's stock tail). 0 or -ENOMEM. */
static int item_additions(struct item_ctx *c, const struct nw_item *it, struct nw_features *f)
{
	char *body = nw_strip_boilerplate(c->pl->lx, item_body(it));
	int r;

	if (!body)
		return -ENOMEM;
	if (strlen(body) > f->blen)
		body[f->blen] = '\0';
	r = nw_features_additions(f, body);
	free(body);
	return r;
}

/* The original of the near-duplicates of the item it (of features f), or 0. When none is, because f is a
 * write-through of one (nw_dedup_find), the facts it wrote into it join f's: development
 * detection reads them as it reads the lede's. What it adds is worked out only when a copy
 * is found without them (few items are one): a text none is a copy of is a write-through of
 * none either. */
static int64_t near_copy_of(struct item_ctx *c, int64_t t, const struct nw_item *it, struct nw_features *f)
{
	struct nw_dedup_hit hit;
	struct nw_dedup_addition add[NW_ADDITIONS];
	uint32_t nums[16];
	size_t nn = 0, na = 0;

	for (size_t i = 0; i < f->nnums && nn < 16; i++)
		nums[nn++] = nw_fact_hash(f->nums[i].key);
	if (nw_dedup_find(c->pl->dd, t, f->fp, f->nfp, nums, nn, f->ntitle_nums, f->lede, f->nlede, f->shingles,
			  f->nshingles, NULL, 0, &hit) != 1)
		return 0;
	if (f->add_k && item_additions(c, it, f))
		log_warnx("out of memory: a write-through taken for a copy");
	for (; na < f->nadds && na < NW_ADDITIONS; na++) {
		const struct nw_addition *a = &f->adds[na];
		add[na] = (struct nw_dedup_addition){ nw_fact_hash(a->fact.key), a->name, a->own, a->next, a->nown,
						      a->nnext };
	}
	if (!na || nw_dedup_find(c->pl->dd, t, f->fp, f->nfp, nums, nn, f->ntitle_nums, f->lede, f->nlede,
				 f->shingles, f->nshingles, add, na, &hit) == 1)
		return hit.root;
	if (hit.written && nw_features_add_written(f, hit.written))
		log_warnx("out of memory: the new facts of a write-through left out");
	return 0;
}

/* Another of the feed's items under the address of one it listed before, with a text neither
 * the same nor a near-duplicate of it: the entries of a live page (page#entry-2, #entry-3),
 * or a feed linking every item to its home page. Not the same article: each is its own. (A
 * new GUID on the same text is the same article; so is one address in two feeds, whatever
 * their texts, a teaser and the full text.) */
static int link_shared(struct item_ctx *c, int64_t article, const char *hash, int64_t t, const struct nw_item *it,
		       struct nw_features *f, int64_t *near, int *relisted)
{
	int64_t root;
	char *ahash = NULL;
	int in = nw_store_article_in_feed(c->st, article, c->feed_id, &root, &ahash);
	int same = hash && ahash && strcmp(hash, ahash) == 0;

	free(ahash);
	*relisted = in && same;
	return in && !same && (*near = near_copy_of(c, t, it, f)) != root;
}

/* A headline as an editor's touch leaves it: normalised (case, full/half width) and its
 * letters, digits and symbols only (punctuation and spacing gone; a currency, an emoji and a
 * figure's sign kept: "shares +2%" and "shares -2%" are two headlines); with outlet, a short
 * trailing " - Outlet", " | Outlet" or "｜媒体名" dropped first. malloc'd, or NULL. */
static char *headline_key(const char *title, int outlet)
{
	/* the outlet is looked for as written: normalising drops the spaces next to Hangul */
	static const char *const seps[] = { " - ", "|", "\xef\xbd\x9c", " \xe2\x80\x93 ", " \xe2\x80\x94 " };
	size_t len = title ? strlen(title) : 0, cut = len, n, o = 0;
	char *norm, *key;
	utf8proc_ssize_t i = 0;
	int word = 0; /* the character before was a letter or a digit */

	for (size_t k = 0; outlet && k < sizeof seps / sizeof *seps; k++) {
		const char *p = NULL, *q;
		for (q = title; q && (q = strstr(q, seps[k])); q++)
			p = q;
		/* an outlet's name is a few words: the rest is the headline's own */
		if (p && p > title && len - (size_t)(p - title) - strlen(seps[k]) <= 40 && (size_t)(p - title) < cut)
			cut = (size_t)(p - title);
	}
	if (!(norm = nw_text_normalize(title ? title : "", cut, &n)))
		return NULL;
	if (!(key = malloc(n + 1))) {
		free(norm);
		return NULL;
	}
	while ((size_t)i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)norm + i, (utf8proc_ssize_t)n - i, &cp);
		utf8proc_category_t cat;
		if (l <= 0) {
			i++;
			continue;
		}
		cat = utf8proc_category(cp);
		if ((cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == 0x2212) && !word && (size_t)(i + l) < n &&
		    norm[i + l] >= '0' && norm[i + l] <= '9') {
			key[o++] = '-'; /* a minus sign, not a hyphen (COVID-19, 2023-11-20) */
		} else if ((cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO) || /* letters, marks, digits */
			   cat == UTF8PROC_CATEGORY_SC || cat == UTF8PROC_CATEGORY_SO ||
			   (cat == UTF8PROC_CATEGORY_SM && cp != '|' && cp != 0x2212)) {
			memcpy(key + o, norm + i, (size_t)l);
			o += (size_t)l;
		}
		word = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
		i += l;
	}
	key[o] = '\0';
	free(norm);
	return key;
}

/* A near-duplicate of an article the item's own feed listed under another headline is not a
 * copy of it: an outlet does not publish its own story again under a new address and a new
 * headline, so what the two share is the feed's stock text (a tagline, "This is a developing
 * story", a press release's "About" paragraphs) and the new headline is the news ("OpenAI
 * board reinstates Sam Altman" over the same stock line as "OpenAI board fires Sam Altman").
 * Indexed as an original, the stock text soon has enough postings to be a stop phrase. */
static int own_stock(struct item_ctx *c, int64_t orig, const char *title)
{
	int64_t root;
	char *ahash = NULL, *otitle = NULL, *obody = NULL;
	int in = nw_store_article_in_feed(c->st, orig, c->feed_id, &root, &ahash), differ = 0;

	free(ahash);
	if (in && nw_store_article_text(c->st, orig, &otitle, &obody)) {
		/* the same headline as far as an editor's touch goes is the same article: the
		 * same words, or the same words with an outlet's name after them on one side.
		 * Two tails that differ are the headlines' own ("- day 2", "- day 3"). */
		char *a = headline_key(otitle, 0), *b = headline_key(title, 0), *ao = headline_key(otitle, 1),
		     *bo = headline_key(title, 1);
		differ = !a || !b || !ao || !bo || (strcmp(a, b) != 0 && strcmp(ao, b) != 0 && strcmp(a, bo) != 0);
		/* nothing left of one (a headline of punctuation, "?!" and "..."): as written */
		if (a && b && (!*a || !*b))
			differ = strcmp(otitle ? otitle : "", title ? title : "") != 0;
		free(a);
		free(b);
		free(ao);
		free(bo);
	}
	free(otitle);
	free(obody);
	return differ;
}

/* A copy of another article: same canonical URL (the same article, unless the link is shared:
 * *canon_taken), the same normalised text within the near-duplicate window, or a
 * near-duplicate of its fingerprints (not the feed's own stock text: own_stock). Returns the
 * original's id, or 0. *relisted: the original is one the feed listed before, with the same
 * text (under another key: a GUID that changes at every fetch); *article is then it. */
static int64_t find_copy(struct item_ctx *c, const char *canon, const char *hash, int64_t t, int dated,
			 const struct nw_item *it, struct nw_features *f, int64_t *article, char **dup_link,
			 int *canon_taken, int *relisted)
{
	int64_t orig = 0, near = -1, root; /* -1: not looked for yet */
	char *ahash = NULL;

	*canon_taken = *relisted = 0;
	if (nw_store_article_by_url(c->st, canon, article, dup_link)) {
		if (!link_shared(c, *article, hash, t, it, f, &near, relisted))
			return *article;
		*canon_taken = 1;
		free(*dup_link);
		*dup_link = NULL;
	}
	*article = 0;
	if (hash && nw_store_article_by_hash(c->st, hash, t, dated ? c->conf->daemon.dedup_window / 1000 : -1, &orig,
					     dup_link)) {
		/* (the same text: a near-duplicate has another hash, and is never the feed's own) */
		if ((*relisted = nw_store_article_in_feed(c->st, orig, c->feed_id, &root, &ahash)))
			*article = orig;
		free(ahash);
		return orig;
	}
	if ((orig = near >= 0 ? near : near_copy_of(c, t, it, f)) && !own_stock(c, orig, it->title) &&
	    nw_store_article_link(c->st, orig, dup_link))
		return orig;
	return 0;
}

/* What an item needs before the store is touched: its key, plain body, classification,
 * features, canonical URL and content hash. Worked out before the write transaction
 * begins, so that the store's write lock is held only for the writes. */
struct prepared {
	const struct nw_item *it;
	char *key, *body, *canon;
	struct nw_classification cls;
	struct nw_features feat;
	int64_t article; /* the row apply added for it, to index */
	char *fts;       /* its full-text index text (index_text, else apply makes it) */
	size_t ftslen;
	char hash[2 * NW_HASH_BYTES + 1];
	int have_hash;
};

struct nw_prepared {
	const struct nw_doc *doc;
	struct prepared *v;
	size_t n;
	char **listed; /* the keys of the items the feed still lists that it had before */
	size_t nlisted;
};

static void prepared_free(struct prepared *p)
{
	nw_classification_free(&p->cls);
	nw_features_free(&p->feat);
	free(p->key);
	free(p->body);
	free(p->canon);
	free(p->fts);
}

/* The item's full-text index text (nw_store_index_text: title, summary, content unless the
 * same as the summary, each made apart) from the title and body classification normalised,
 * when the body is one of those fields whole (nothing cut as boilerplate) and the other is
 * empty or the same: most items, whose text is then not normalised again. NULL otherwise
 * (apply makes it), or out of memory (*oom). */
static char *index_text(const struct nw_item *it, const char *body, const struct nw_normtext *nt, size_t *len,
			int *oom)
{
	const char *sum = it->summary, *con = it->content;
	int no_content = !con || !*con, body_is_summary = no_content || (sum && strcmp(con, sum) == 0);
	struct nw_normfield f[3] = { { nt->title, nt->tlen }, { "", 0 }, { "", 0 } };
	char *t;

	if ((!body_is_summary && sum && *sum) || strlen(body) != strlen(item_body(it) ? item_body(it) : ""))
		return NULL;
	/* the body is the summary (no content, or the same), else the content (no summary) */
	f[body_is_summary ? 1 : 2] = (struct nw_normfield){ nt->body, nt->blen };
	if (!(t = nw_store_index_text_norm(f, len)))
		*oom = 1;
	return t;
}

/* 0: prepared; 1: nothing to do (empty); 2: seen before by this feed, which still lists it
 * (p->key kept); -ENOMEM. */
static int prepare_item(struct item_ctx *c, int64_t feed_id, const struct nw_item *it, struct prepared *p)
{
	struct nw_normtext nt;
	int hit = 0, r;

	memset(p, 0, sizeof *p);
	p->it = it;
	if (!(p->key = item_key(it)))
		return -ENOMEM;
	if ((!it->title || !*it->title) && (!it->link || !*it->link) && (!item_body(it) || !*item_body(it)))
		return 1; /* nothing to show or match: a cut-off fragment of a broken feed */
	/* seen before: never new again, while the feed lists it (apply notes that); one the
	 * store may forget before apply is prepared in full, for apply to store it again if so */
	if (feed_id && nw_store_sighting_exists(c->st, feed_id, p->key, listed_since(c->conf, c->now)) == 1)
		return 2;
	/* what feeds append (copyright, "originally appeared on") is not the article */
	p->body = nw_strip_boilerplate(c->pl->lx, item_body(it));
	if (!p->body || nw_storyset_classify(c->conf->storyset, it->title, p->body, &p->cls))
		return -ENOMEM;
	/* what development detection needs only for an item that matched a story */
	for (size_t i = 0; i < p->cls.n; i++)
		hit |= p->cls.v[i].matched;
	nt.title = p->cls.norm_title, nt.tlen = strlen(p->cls.norm_title);
	nt.body = p->cls.norm_body, nt.blen = strlen(p->cls.norm_body);
	{
		/* copies and developments are told by the text without the outlet's stock tail
		 * (normalised again for that, when it has one) */
		size_t cut = c->footers ? nw_footer_start(c->footers, p->body) : 0;
		char save = 0;
		if (c->footers && p->body[cut]) {
			save = p->body[cut];
			p->body[cut] = '\0';
			nt.body = NULL, nt.blen = 0;
		}
		r = nw_features_extract_for(c->pl->lx, it->title, p->body, &nt, hit, &p->feat);
		if (save)
			p->body[cut] = save;
		nt.body = p->cls.norm_body, nt.blen = strlen(p->cls.norm_body);
		if (r)
			return -ENOMEM;
	}
	p->canon = it->link ? nw_url_canonical(it->link) : NULL; /* NULL: not a URL we can read */
	p->have_hash = content_hash(&p->cls, p->hash) == 0;
	{
		int oom = 0;
		if (!(p->fts = index_text(it, p->body, &nt, &p->ftslen, &oom)) && oom)
			return -ENOMEM;
	}
	/* what apply does not read: let it go now (the loop may run a few documents ahead) */
	free(p->body);
	p->body = NULL;
	free(p->cls.norm_title);
	free(p->cls.norm_body);
	p->cls.norm_title = p->cls.norm_body = NULL;
	return 0;
}

static void prepared_list_free(struct prepared *p, size_t n)
{
	for (size_t i = 0; p && i < n; i++)
		prepared_free(&p[i]);
	free(p);
}

/* A copy's original, classified by the stories as they are now: once per copy, when a story
 * the copy matched does not hold the original. */
struct original {
	int done;
	struct nw_classification cls; /* n 0: no text, or out of memory */
};

static int original_matches(struct item_ctx *c, int64_t id, struct original *o, size_t story)
{
	if (!o->done) {
		char *title = NULL, *body = NULL, *plain = NULL;
		o->done = 1;
		if (nw_store_article_text(c->st, id, &title, &body) &&
		    (plain = nw_strip_boilerplate(c->pl->lx, body ? body : "")) &&
		    nw_storyset_classify(c->conf->storyset, title, plain, &o->cls) != 0)
			memset(&o->cls, 0, sizeof o->cls);
		free(title);
		free(body);
		free(plain);
	}
	return story < o->cls.n && o->cls.v[story].matched;
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Does the document list an item under this key (one seen before, or one it brings)? Its
 * keys are sorted the first time a document asks (a feed whose every GUID changes asks for
 * each item: a scan each time was a document's square). With no memory for them, every key
 * is listed: nothing is re-keyed, a sighting is added as before. */
static int doc_lists(void *arg, const char *key)
{
	struct item_ctx *c = arg;
	const struct nw_prepared *pd = c->pd;

	if (!c->keys) {
		if (!(c->keys = malloc((pd->nlisted + pd->n + 1) * sizeof *c->keys)))
			return 1;
		for (size_t i = 0; i < pd->nlisted; i++)
			c->keys[c->nkeys++] = pd->listed[i];
		for (size_t i = 0; i < pd->n; i++)
			if (pd->v[i].key)
				c->keys[c->nkeys++] = pd->v[i].key;
		qsort(c->keys, c->nkeys, sizeof *c->keys, cmp_key);
	}
	return bsearch(&key, c->keys, c->nkeys, sizeof *c->keys, cmp_key) != NULL;
}

static int process_item(struct item_ctx *c, struct prepared *p, json_t *out)
{
	const struct nw_item *it = p->it;
	struct nw_classification *cls = &p->cls;
	struct nw_features *feat = &p->feat;
	const char *canon = p->canon;
	char *dup_link = NULL;
	/* an item's own date, or when it was fetched if it has none — or one later than that: a
	 * misdated item (a wrong year, a placeholder in 9999) would keep its development open,
	 * and take every later report of the story as more coverage, until then */
	int64_t article = 0, dup_of = 0, t = item_time(it);
	int r = -EIO, relisted = 0;
	json_t *stories = json_array();
	struct original orig = { 0 };
	int canon_taken;

	if (t == NW_TIME_NONE || t > c->now)
		t = c->now;

	p->article = 0; /* an apply before this one may have been rolled back */
	/* prepared outside the transaction: a second copy of the key in the same document, or
	 * one the feed had before that was not forgotten since prepare (still listed) */
	if (nw_store_sighting_exists(c->st, c->feed_id, p->key, INT64_MIN)) {
		r = nw_store_sighting_listed(c->st, c->feed_id, p->key, c->now) ? -EIO : 1;
		goto out;
	}
	/* relisted: the feed lists again, under another key (a GUID that changes at every fetch),
	 * an article it listed before, its text the same: reported as the duplicate it is, but in
	 * the store a sighting of that article, no more (it was a new article row, a copy of
	 * itself, and a hit in each of its stories, at every fetch) */
	dup_of = find_copy(c, canon, p->have_hash ? p->hash : NULL, t, item_time(it) != NW_TIME_NONE, it, feat,
			   &article, &dup_link, &canon_taken, &relisted);
	if (!relisted)
		c->stats->new_items++;
	if (!article) { /* a new article row, even for a copy under another address */
		if (nw_store_article_add(c->st, it, canon_taken ? NULL : canon, p->have_hash ? p->hash : NULL, dup_of,
					 c->now, &article))
			goto out;
		p->article = article;
		if (!p->fts && !(p->fts = nw_store_index_text(it->title, it->summary, it->content, &p->ftslen))) {
			r = -ENOMEM;
			goto out;
		}
		/* only originals are indexed: a copy's text is its original's, and indexing
		 * every copy of a widely syndicated story would only lengthen its postings */
		if (!dup_of && index_item(c, article, article, t, feat))
			goto out;
	}
	if (relisted ? nw_store_sighting_rekey(c->st, c->feed_id, p->key, article, c->now, doc_lists, c)
		     : nw_store_sighting_add(c->st, c->feed_id, p->key, article, c->now))
		goto out;
	if (dup_of && !relisted)
		c->stats->duplicates++;
	for (size_t i = 0; i < cls->n; i++) {
		const struct nw_story_match *m = &cls->v[i];
		const struct nw_story_conf *sc;
		struct nw_dev_result dr = { "known", 0, 0, NULL };
		int64_t story_id, hit_id;
		int alert = 0;
		json_t *matched;
		char *mtext, *ftext;
		int64_t dev_no;

		if (!m->matched || !(sc = nw_conf_story(c->conf, m->story)) || !language_ok(sc, it, feat))
			continue;
		if (nw_store_story(c->st, m->story, &story_id))
			goto out;
		/* a copy is known in the development its original is in; one whose original the
		 * story does not hold is judged as a first report if the original is the story's
		 * by the rules as they are now (it came before an alias was added, or before the
		 * story), else it is known with no development (its new headline alone files it
		 * in the story: the text says nothing new) */
		if (dup_of && (nw_store_article_development(c->st, story_id, dup_of, &dr.dev) || relisted ||
			       !original_matches(c, dup_of, &orig, i))) {
			dr.new_facts = json_array();
		} else {
			struct nw_dev_params dp = { sc->development_window / 1000, sc->development_threshold / 100.0 };
			if (nw_develop(c->pl->dc, c->st, story_id, &dp, article, it->title, feat, m, t, &dr))
				goto out;
			alert = !c->backlog && sc->alert.n > 0 && !stale(it, c->now, sc->alert_within / 1000) &&
				((strcmp(dr.verdict, "new") == 0 && (sc->alert_mask & NW_ALERT_ON_NEW)) ||
				 (strcmp(dr.verdict, "update") == 0 && (sc->alert_mask & NW_ALERT_ON_UPDATE)));
		}
		matched = strlist_json(&m->entities);
		/* the development as people see it: its number in the story */
		dev_no = dr.dev ? nw_store_development_number(c->st, dr.dev) : 0;
		mtext = json_dumps(matched, JSON_COMPACT);
		ftext = json_dumps(dr.new_facts, JSON_COMPACT);
		r = relisted ? 0 /* (its hit is there: known, no alert) */
			     : nw_store_hit_add(c->st, story_id, article, c->feed_id, dr.verdict, dr.dev, mtext, ftext,
						alert, c->now, feat->lang, &hit_id);
		free(mtext);
		free(ftext);
		if (!r && alert && !c->pl->no_outbox)
			/* queued now, in the world's time: a replay's moment of fetch is its snapshot's,
			 * but the outbox counts max_age and a digest's wait from when it is queued */
			r = queue_alerts(c->st, sc, dr.verdict, dev_no, hit_id, article, canon, canon_taken, it,
					 c->feed->name,
					 dr.new_facts, (int64_t)time(NULL), &c->stats->alerts);
		c->stats->hits += !relisted;
		json_array_append_new(stories, json_pack("{s:s, s:s, s:o, s:b, s:o, s:o}", "story", m->story, "verdict",
							 dr.verdict, "development", dev_no ? json_integer(dev_no) : json_null(),
							 "alert", alert, "matched", matched, "new_facts", dr.new_facts));
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
	nw_classification_free(&orig.cls);
	json_decref(stories);
	free(dup_link);
	return r;
}

/* After a rollback the index may hold articles that were never stored, and the cache of
 * developments what the store no longer has: the one is built again, the other emptied. */
static void rebuild_index(struct nw_pipeline *pl, struct nw_store *st, const struct nw_conf *conf, int64_t now)
{
	char err[256];
	struct nw_dedup *fresh;

	nw_devcache_clear(pl->dc);
	if (!(fresh = load_index(st, conf, now, pl->dd ? nw_dedup_keys(pl->dd) : 0, err, sizeof err))) {
		log_warnx("near-duplicate index: %s", err);
		return;
	}
	log_debug("near-duplicate index rebuilt: %zu articles, %zu within the window (%.1f MB)", nw_dedup_size(pl->dd),
		  nw_dedup_size(fresh), (double)nw_dedup_bytes(fresh) / 1e6);
	nw_dedup_free(pl->dd);
	pl->dd = fresh;
	pl->built_at = now;
}

/* The time the store is kept by (what is pruned, forgotten, rebuilt): a fetch's, but never
 * later than the clock — a replay of a snapshot dated years ahead throughout is taken at its
 * own dates, and must not forget the store's history as if those years had passed. */
static int64_t store_clock(int64_t now)
{
	int64_t wall = (int64_t)time(NULL);

	return now < wall ? now : wall;
}

void nw_pipeline_rolled_back(struct nw_pipeline *pl, struct nw_store *st, const struct nw_conf *conf, int64_t now)
{
	pl->pruned_at = 0; /* a prune in the rolled-back transaction is undone too */
	rebuild_index(pl, st, conf, store_clock(now));
}

void nw_prepared_free(struct nw_prepared *pd)
{
	if (!pd)
		return;
	prepared_list_free(pd->v, pd->n);
	for (size_t i = 0; i < pd->nlisted; i++)
		free(pd->listed[i]);
	free(pd->listed);
	free(pd);
}

int nw_pipeline_prepare(struct nw_pipeline *pl, struct nw_store *st, const struct nw_conf *conf,
			const struct nw_feed_conf *feed, const struct nw_doc *doc, int64_t now, struct nw_prepared **out,
			char *err, size_t errlen)
{
	struct nw_pipeline_stats unused;
	struct item_ctx c = { pl, st, conf, feed, 0, now, 0, &unused, NULL, NULL, NULL, 0 };
	struct nw_prepared *pd = calloc(1, sizeof *pd);
	size_t *order = malloc((doc->nitems + 1) * sizeof *order);
	const char **bodies = malloc((doc->nitems + 1) * sizeof *bodies);
	struct nw_footers footers = { 0 };
	int64_t feed_id;
	int r = 0;

	*out = NULL;
	if (!pd || !order || !bodies || !(pd->v = calloc(doc->nitems + 1, sizeof *pd->v))) {
		r = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < doc->nitems; i++)
		bodies[i] = item_body(&doc->items[i]);
	if ((r = nw_footers_learn(&footers, bodies, doc->nitems)))
		goto out;
	c.footers = &footers;
	pd->doc = doc;
	for (size_t i = 0; i < doc->nitems; i++)
		order[i] = i;
	qsort_r(order, doc->nitems, sizeof *order, cmp_items, (void *)doc);
	/* which items are new, and all the text work on them */
	feed_id = nw_store_feed_id(st, feed->name);
	for (size_t i = 0; i < doc->nitems; i++) {
		r = prepare_item(&c, feed_id, &doc->items[order[i]], &pd->v[pd->n]);
		if (r == 2) { /* apply notes that the feed still lists it */
			if (!pd->listed && !(pd->listed = calloc(doc->nitems, sizeof *pd->listed)))
				r = -ENOMEM;
			else {
				pd->listed[pd->nlisted++] = pd->v[pd->n].key;
				pd->v[pd->n].key = NULL;
			}
		}
		if (r == 0)
			pd->n++;
		else
			prepared_free(&pd->v[pd->n]);
		if (r < 0)
			goto out;
	}
	r = 0;
out:
	free(order);
	free(bodies);
	nw_footers_free(&footers);
	if (r) {
		snprintf(err, errlen, "out of memory");
		nw_prepared_free(pd);
		return r;
	}
	*out = pd;
	return 0;
}

/* A look examines FORGET_BATCH of the articles first seen before the cutoff, in the order of
 * first_seen from where the last one ended, and forgets those not held: so a transaction
 * is short however many are held. Looks follow each other while there are more to examine,
 * then once an hour for those come of age; once a day one starts from the oldest, for those
 * a feed listed until lately. */
#define FORGET_BATCH 500
/* The full-text index is made whole again a step at a time: a step writes about
 * FTS_MERGE_PAGES pages (0.1 s on an index of 30 MB), the steps of one turn stop after
 * FTS_MERGE_MS in a transaction of their own, and a turn comes before each transaction of
 * documents, until a step finds nothing left. So an index of any size is made whole without
 * holding the write lock for long (optimize, at once: 9.5 s for 140,000 articles, longer
 * than the loop's writes wait for the lock), and an index of a few thousand articles in one
 * turn. */
#define FTS_MERGE_PAGES 200
#define FTS_MERGE_MS 100

/* A merge is due: its first step next */
static void fts_merge_due(struct nw_pipeline *pl)
{
	pl->fts_merge = 1;
	pl->fts_steps = 0;
	pl->fts_since = (int64_t)time(NULL);
}

static void fts_merge(struct nw_pipeline *pl, struct nw_store *st)
{
	uint64_t began = uv_hrtime();
	int worked = 1, r;

	if ((r = nw_store_try_begin(st)) == -EBUSY)
		return; /* the lock is another's: the next turn */
	if (r)
		goto fail;
	if (!pl->fts_merge) { /* the first turn since the start: a merge left unfinished? */
		int64_t due = 0;
		if ((r = nw_store_fts_forgotten(st, 0, &due)))
			goto fail;
		pl->fts_merge = -1;
		if (due) {
			fts_merge_due(pl);
			log_info("full-text index: making it whole again, as begun before the restart");
		}
	}
	while (pl->fts_merge > 0 && worked && (uv_hrtime() - began) / 1000000 < FTS_MERGE_MS) {
		if ((r = nw_store_fts_merge(st, pl->fts_merge == 1, FTS_MERGE_PAGES, &worked)))
			goto fail;
		pl->fts_merge = 2;
		pl->fts_steps++;
	}
	if (pl->fts_merge > 0 && !worked && (r = nw_store_fts_whole(st)))
		goto fail;
	if ((r = nw_store_commit(st)))
		goto fail;
	if (pl->fts_merge > 0 && !worked) {
		log_info("full-text index made whole again (as many articles have left it as the store holds): "
			 "%d steps in %" PRId64 " s", pl->fts_steps, (int64_t)time(NULL) - pl->fts_since);
		pl->fts_merge = -1;
	}
	return;
fail:
	/* a store full to its cap has no room to write the index anew: tried again once as many
	 * articles more have left it, not at every turn */
	log_warnx("full-text index: cannot make it whole: %s", nw_store_errmsg(st));
	nw_store_rollback(st);
	pl->fts_merge = -1;
	if (nw_store_begin(st) || nw_store_fts_whole(st) || nw_store_commit(st))
		nw_store_rollback(st);
}

int nw_pipeline_forget(struct nw_pipeline *pl, struct nw_store *st, const struct nw_conf *conf, int64_t now)
{
	int64_t keep = keep_seconds(conf);
	struct nw_old_article v[FORGET_BATCH];
	size_t n = 0, gone = 0, refused = 0;
	int64_t alerts_gone = 0, whole = 0, alerts_keep = keep > 8 * 86400 ? keep : 8 * 86400;
	int r;

	if (pl->fts_merge >= 0)
		fts_merge(pl, st);
	if (!keep || (!pl->forget_more && pl->forgot_at && now >= pl->forgot_at && now - pl->forgot_at < 3600))
		return 0;
	if ((r = nw_store_try_begin(st)) == -EBUSY)
		return 0; /* the lock is another's: the next transaction of documents tries again */
	if (r)
		goto fail;
	if (!pl->forgot_from || now < pl->forgot_from || now - pl->forgot_from >= 86400) {
		pl->forgot_from = now;
		pl->forgot_upto_t = INT64_MIN;
		pl->forgot_upto = 0;
	}
	pl->forgot_at = now;
	pl->forget_more = 0;
	if ((r = nw_store_old_articles(st, pl->forgot_upto_t, pl->forgot_upto, now - keep, v, FORGET_BATCH, &n)))
		goto fail;
	r = nw_store_articles_forget(st, v, n, &refused);
	for (size_t i = 0; i < n; i++)
		gone += !v[i].held;
	nw_old_articles_free(v, n);
	/* and the alerts sent or failed as long ago (the outbox's rows would grow for ever) */
	if (!r) /* and never within a digest's every or a rate limit's window (7 days at most) */
		r = nw_store_alerts_forget(st, now - alerts_keep, &alerts_gone);
	if (!r && gone)
		r = nw_store_fts_forgotten(st, (int64_t)gone, &whole);
	if (r || (r = nw_store_commit(st)))
		goto fail;
	if (whole && pl->fts_merge <= 0) {
		fts_merge_due(pl);
		fts_merge(pl, st);
	}
	if (refused)
		log_warnx("forgetting old articles: the full-text index refuses the text of %zu as not what it "
			  "holds; they are deleted, their words stay in the index",
			  refused);
	if (n) {
		pl->forgot_upto_t = v[n - 1].first_seen;
		pl->forgot_upto = v[n - 1].id;
		pl->forget_more = n == FORGET_BATCH;
	}
	if (gone)
		log_debug("forgot %zu articles first seen over %" PRId64 " days ago", gone, keep / 86400);
	if (alerts_gone)
		log_debug("forgot %" PRId64 " alerts sent or failed over %" PRId64 " days ago", alerts_gone,
			  alerts_keep / 86400);
	pl->forget_more |= alerts_gone == 500;
	return 0;
fail:
	log_warnx("forgetting old articles: %s", r == -ENOMEM ? "out of memory" : nw_store_errmsg(st));
	nw_store_rollback(st);
	return r;
}

/* The clock went back more than a whole window since `then` (it was a year ahead at start,
 * until NTP set it right): what waits for a window to pass from then would wait that long
 * too — the index and the fingerprints growing all the while. (A replay's snapshots go back
 * a little, from one feed's to another's: not that far.) */
static int clock_back(int64_t then, int64_t now, const struct nw_conf *conf)
{
	return now < then - conf->daemon.dedup_window / 1000;
}

int nw_pipeline_apply(struct nw_pipeline *pl, struct nw_store *st, const struct nw_conf *conf,
		      const struct nw_feed_conf *feed, struct nw_prepared *pd, int64_t now, nw_report_fn report,
		      void *arg, struct nw_pipeline_stats *stats, char *err, size_t errlen)
{
	struct nw_feed_state fs;
	struct item_ctx c = { pl, st, conf, feed, 0, now, 0, stats, NULL, pd, NULL, 0 };
	int64_t upkeep = store_clock(now); /* the store's time (never ahead of the clock) */
	int r;

	memset(stats, 0, sizeof *stats);
	stats->items = pd->doc->nitems;
	/* fingerprints older than the window are forgotten, so that the store stays bounded:
	 * by each process at its first document (a daemon restarted or reloaded within every
	 * window, or --once from cron, would otherwise never), then once a window */
	if (!pl->pruned_at || upkeep - pl->pruned_at > conf->daemon.dedup_window / 1000 ||
	    clock_back(pl->pruned_at, upkeep, conf)) {
		if (nw_store_fp_prune(st, upkeep - conf->daemon.dedup_window / 1000 - 86400) != 0)
			log_warnx("pruning fingerprints: %s", nw_store_errmsg(st));
		pl->pruned_at = upkeep;
	}
	/* a whole window has passed since the index was built: what it holds from before is
	 * dead weight; it is built again from the store's window, so that memory stays bounded
	 * however long the daemon runs */
	if (upkeep - pl->built_at > conf->daemon.dedup_window / 1000 || clock_back(pl->built_at, upkeep, conf))
		rebuild_index(pl, st, conf, upkeep);
	log_debug("feed %s: storing %zu new of %zu items", feed->name, pd->n, pd->doc->nitems);
	if ((r = nw_store_feed(st, feed->name, feed->url, feed->source, &fs)))
		goto fail;
	c.feed_id = fs.id;
	c.backlog = !fs.first_done;
	nw_feed_state_free(&fs);
	/* what the feed lists is not forgotten however old (nw_pipeline_forget): the document's
	 * time, and each item's that it had before (at most a write a day each) */
	if ((r = nw_store_feed_listed(st, c.feed_id, now)))
		goto fail;
	for (size_t i = 0; i < pd->nlisted; i++)
		if ((r = nw_store_sighting_listed(st, c.feed_id, pd->listed[i], now)))
			goto fail;
	for (size_t i = 0; i < pd->n; i++) {
		json_t *obj = report ? json_object() : NULL;
		r = process_item(&c, &pd->v[i], obj);
		if (r == 0 && obj)
			report(arg, obj);
		json_decref(obj);
		if (r < 0)
			goto fail;
	}
	if (c.backlog && (r = nw_store_feed_first_done(st, c.feed_id)))
		goto fail;
	free(c.keys);
	return 0;
fail: /* what was written stays in the transaction: the caller rolls it back */
	free(c.keys);
	snprintf(err, errlen, "store: %s", r == -ENOMEM ? "out of memory" : nw_store_errmsg(st));
	return r < 0 ? r : -EIO;
}

int nw_pipeline_index(struct nw_store *st, struct nw_prepared *pd, char *err, size_t errlen)
{
	for (size_t i = 0; i < pd->n; i++)
		if (pd->v[i].article && nw_store_fts_add(st, pd->v[i].article, pd->v[i].fts, pd->v[i].ftslen)) {
			snprintf(err, errlen, "store: full-text index: %s", nw_store_errmsg(st));
			return -EIO;
		}
	return 0;
}

int nw_pipeline_run(struct nw_pipeline *pl, struct nw_store *st, const struct nw_conf *conf,
		    const struct nw_feed_conf *feed, struct nw_doc *doc, int64_t now, nw_report_fn report, void *arg,
		    struct nw_pipeline_stats *stats, char *err, size_t errlen)
{
	struct nw_prepared *pd;
	int r;

	memset(stats, 0, sizeof *stats);
	if ((r = nw_pipeline_prepare(pl, st, conf, feed, doc, now, &pd, err, errlen)))
		return r;
	nw_pipeline_forget(pl, st, conf, store_clock(now)); /* logs its failures; the document goes on */
	if (nw_store_begin(st)) {
		snprintf(err, errlen, "store: %s", nw_store_errmsg(st));
		nw_prepared_free(pd);
		return -EIO;
	}
	if ((r = nw_pipeline_apply(pl, st, conf, feed, pd, now, report, arg, stats, err, errlen))) {
		nw_prepared_free(pd);
		nw_store_rollback(st);
		nw_pipeline_rolled_back(pl, st, conf, now);
		return r;
	}
	r = nw_pipeline_index(st, pd, err, errlen);
	nw_prepared_free(pd);
	if (!r && nw_store_commit(st)) {
		snprintf(err, errlen, "store: commit: %s", nw_store_errmsg(st));
		r = -EIO;
	}
	if (r) { /* the index holds articles that are now gone */
		nw_store_rollback(st);
		nw_pipeline_rolled_back(pl, st, conf, now);
	}
	return r;
}
