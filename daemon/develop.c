/* develop.c — development detection (see develop.h). A hit is compared with the story's
 * recent developments; the best one above the threshold takes it, as an update when the hit
 * brings a figure the story has never seen, as known coverage otherwise. */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "develop.h"
#include "log.h"

#define MAX_DEV_TERMS 1024
#define MAX_DEV_FACTS 256
#define MAX_CANDIDATES 64     /* a hit is compared with the story's newest developments */
#define CACHE_DEVS 1024       /* developments of one story held in memory, newest first */

/* What the writer knows of each story's recent developments is kept between hits: parsing
 * their JSON and reading their terms again for every hit was a tenth of the writer's time
 * in a busy cycle. Written through: each change goes to the store and here together, and a
 * rollback drops it all (nw_devcache_clear); it is then read from the store again. So does
 * a commit of another connection (another process writing to the store, as a replay could). */
struct dev_terms {
	char *lang;
	uint32_t *v; /* sorted; NULL with n 0 when the store has none */
	size_t n;
};

struct dev {
	int64_t id, last_seen;
	uint64_t concepts;
	struct nw_strlist ents, facts;
	struct dev_terms *terms; /* per language, read when first needed */
	size_t nterms;
};

struct story_devs {
	int64_t story_id;
	int64_t since;      /* holds the story's developments seen since then, */
	int complete;       /* all of them (else the newest CACHE_DEVS) */
	struct dev *v;      /* newest first */
	size_t n;
	struct story_devs *next;
};

struct nw_devcache {
	struct story_devs *stories;
	int64_t version; /* the store's data_version it was read at */
};

struct nw_devcache *nw_devcache_new(void)
{
	return calloc(1, sizeof(struct nw_devcache));
}

static void dev_free(struct dev *d)
{
	nw_strlist_free(&d->ents);
	nw_strlist_free(&d->facts);
	for (size_t i = 0; i < d->nterms; i++) {
		free(d->terms[i].lang);
		free(d->terms[i].v);
	}
	free(d->terms);
}

static void story_devs_empty(struct story_devs *sd)
{
	for (size_t i = 0; i < sd->n; i++)
		dev_free(&sd->v[i]);
	free(sd->v);
	sd->v = NULL;
	sd->n = 0;
}

static void story_devs_free(struct story_devs *sd)
{
	story_devs_empty(sd);
	free(sd);
}

void nw_devcache_clear(struct nw_devcache *dc)
{
	if (!dc)
		return;
	while (dc->stories) {
		struct story_devs *next = dc->stories->next;
		story_devs_free(dc->stories);
		dc->stories = next;
	}
}

void nw_devcache_free(struct nw_devcache *dc)
{
	nw_devcache_clear(dc);
	free(dc);
}

/* Another connection or process has committed since the cache was read: read it again. */
static void revalidate(struct nw_devcache *dc, struct nw_store *st)
{
	int64_t v = nw_store_data_version(st);

	if (v < 0 || v != dc->version)
		nw_devcache_clear(dc);
	dc->version = v;
}

/* A JSON array of strings, as the store keeps entities and facts, into a list. */
static int parse_list(const char *text, struct nw_strlist *out)
{
	json_t *a = text ? json_loads(text, 0, NULL) : NULL, *v;
	size_t i;
	int r = 0;

	json_array_foreach(a, i, v)
		if (json_is_string(v) && (r = nw_strlist_add(out, json_string_value(v))) != 0)
			break;
	json_decref(a);
	return r ? -ENOMEM : 0;
}

static char *list_json(const struct nw_strlist *l)
{
	json_t *a = json_array();
	char *text;

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return text;
}

static int load_story(struct nw_store *st, struct story_devs *sd, int64_t since)
{
	struct nw_dev_row *rows = NULL;
	size_t n = 0;
	int r;

	story_devs_empty(sd);
	if ((r = nw_store_devs_recent(st, sd->story_id, since, CACHE_DEVS, &rows, &n))) {
		nw_dev_rows_free(rows, n);
		return r;
	}
	if (n && !(sd->v = calloc(n, sizeof *sd->v)))
		r = -ENOMEM;
	for (size_t i = 0; i < n && !r; i++) {
		struct dev *d = &sd->v[sd->n++];
		d->id = rows[i].id;
		d->last_seen = rows[i].last_seen;
		d->concepts = rows[i].concepts;
		if ((r = parse_list(rows[i].entities ? rows[i].entities : "[]", &d->ents)) == 0)
			r = parse_list(rows[i].facts ? rows[i].facts : "[]", &d->facts);
	}
	nw_dev_rows_free(rows, n);
	sd->since = since;
	sd->complete = n < CACHE_DEVS;
	return r;
}

/* The story's developments seen since `since`, newest first, up to MAX_CANDIDATES: the
 * same as the store would give. Reports do not come in the order they were published, so
 * the cache reaches a window further back than the report that loads it. */
static int candidates(struct nw_devcache *dc, struct nw_store *st, int64_t story_id, int64_t since, int64_t window,
		      struct story_devs **out, struct dev **pick, size_t *npick)
{
	struct story_devs *sd;
	int r;

	for (sd = dc->stories; sd && sd->story_id != story_id; sd = sd->next)
		;
	if (!sd) {
		if (!(sd = calloc(1, sizeof *sd)))
			return -ENOMEM;
		sd->story_id = story_id;
		if ((r = load_story(st, sd, since - window))) {
			story_devs_free(sd);
			return r;
		}
		sd->next = dc->stories;
		dc->stories = sd;
	} else if (since < sd->since) {
		/* a report older than the cache reaches */
		if ((r = load_story(st, sd, since - window)))
			return r;
	} else if (sd->n > MAX_CANDIDATES && since - sd->since > 2 * window) {
		/* the window has moved on: what it left far behind goes (when there is much of
		 * it: reports of mixed ages would otherwise have it read again and again) */
		size_t o = 0;
		for (size_t i = 0; i < sd->n; i++)
			if (sd->v[i].last_seen >= since - window)
				sd->v[o++] = sd->v[i];
			else
				dev_free(&sd->v[i]);
		sd->n = o;
		sd->since = since - window;
	}
	*out = sd;
	for (int pass = 0; pass < 2; pass++) {
		*npick = 0;
		for (size_t i = 0; i < sd->n && *npick < MAX_CANDIDATES; i++)
			if (sd->v[i].last_seen >= since)
				pick[(*npick)++] = &sd->v[i];
		/* fewer than the store might give, and the cache does not hold them all */
		if (*npick == MAX_CANDIDATES || sd->complete || pass)
			break;
		if ((r = load_story(st, sd, since)))
			return r;
	}
	return 0;
}

/* A development's terms in one language, read from the store the first time. */
static int dev_terms(struct nw_store *st, struct dev *d, const char *lang, struct dev_terms **out)
{
	struct dev_terms *nv, *t;
	int r;

	for (size_t i = 0; i < d->nterms; i++)
		if (strcmp(d->terms[i].lang, lang) == 0) {
			*out = &d->terms[i];
			return 0;
		}
	if (!(nv = realloc(d->terms, (d->nterms + 1) * sizeof *nv)))
		return -ENOMEM;
	d->terms = nv;
	t = &nv[d->nterms];
	memset(t, 0, sizeof *t);
	if ((r = nw_store_dev_terms(st, d->id, lang, &t->v, &t->n)))
		return r; /* not held: read again next time */
	if (!(t->lang = strdup(lang))) {
		free(t->v);
		return -ENOMEM;
	}
	d->nterms++;
	*out = t;
	return 0;
}

static int popcount64(uint64_t x)
{
	return __builtin_popcountll(x);
}

static int is_number_fact(const struct nw_fact *f)
{
	return strncmp(f->key, "name:", 5) != 0;
}

/* How much of the story's entities the hit and a development have in common. */
static double entity_overlap(const struct nw_strlist *ents, const struct nw_strlist *dev_ents)
{
	size_t inter = 0, n = dev_ents->n;

	if (!ents->n || !n)
		return 0;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ents->n; k++)
			if (strcmp(dev_ents->v[i], ents->v[k]) == 0)
				inter++;
	return (double)inter / (double)(ents->n + n - inter);
}

static int shares_number(const struct nw_features *f, const struct nw_strlist *facts)
{
	for (size_t i = 0; i < facts->n; i++) {
		const char *k = facts->v[i];
		if (strncmp(k, "name:", 5) == 0)
			continue;
		for (size_t j = 0; j < f->nfacts; j++)
			if (is_number_fact(&f->facts[j]) && strcmp(f->facts[j].key, k) == 0)
				return 1;
	}
	return 0;
}

/* Does the headline give two figures or more, all of them the development's? The same
 * figures are the same news, however the headline words it ("지분 27% 확보…가치 1천350억달러"
 * after "Microsoft will hold about 27%, worth $135 billion"); a later development that
 * recalls one figure of an earlier one (the deal's price, when shareholders approve it) does
 * not qualify. */
static int headline_figures_of(const struct nw_features *f, const struct nw_strlist *facts)
{
	int n = 0;

	for (size_t j = 0; j < f->nfacts; j++) {
		size_t i;
		if (!f->facts[j].in_title || !is_number_fact(&f->facts[j]))
			continue;
		for (i = 0; i < facts->n && strcmp(facts->v[i], f->facts[j].key) != 0; i++)
			;
		if (i == facts->n)
			return 0;
		n++;
	}
	return n >= 2;
}

/* Similarity of a hit to a development, 0..1. Event concepts carry across languages; terms
 * only within one; figures and the story's entities everywhere; and coverage follows an
 * event closely in time. A development whose events and the hit's have nothing in common is
 * another event of the same story, however many names they share. Where a signal cannot be
 * measured (no event word, no terms in this language) it counts as neither for nor against. */
static double similarity(struct nw_store *st, const struct nw_features *f, const struct nw_strlist *ents,
			 struct dev *d, int64_t t, char *why, size_t whylen)
{
	double cj = -1, ej = entity_overlap(ents, &d->ents), nj = shares_number(f, &d->facts), tj = -1, s, c, tt, near;
	struct dev_terms *terms;
	int64_t dt = t - d->last_seen;

	if (f->concepts && d->concepts) {
		/* half the share of the report's events that the development has (coverage may
		 * name fewer events than the first report; a report naming more is likely a new
		 * event that refers back), half Jaccard (of two developments, the one with the
		 * same events wins) */
		int inter = popcount64(f->concepts & d->concepts);
		int a = popcount64(f->concepts), b = popcount64(d->concepts);
		cj = 0.5 * inter / a + 0.5 * inter / (a + b - inter);
	}
	if (f->nterms && dev_terms(st, d, f->lang, &terms) == 0 && terms->n)
		tj = (double)nw_sorted_intersect(f->terms, f->nterms, terms->v, terms->n) / (double)f->nterms;
	c = cj >= 0 ? cj : (f->concepts || d->concepts) ? 0.3 : 0.5;
	tt = tj >= 0 ? tj : 0.3;
	near = dt <= 0 ? 1.0 : 1.0 / (1.0 + (double)dt / (36.0 * 3600)); /* halves after 36 hours */
	s = 0.35 * c + 0.3 * tt + 0.1 * ej + 0.1 * nj + 0.15 * near;
	if (cj == 0)
		s *= 0.5;
	if (nw_log_level_debug())
		snprintf(why, whylen, "concepts %.2f terms %.2f entities %.2f figures %.0f near %.2f", cj, tj, ej, nj,
			 near);
	return s;
}

/* The kind of a figure: money (any currency), a share, or a count. */
static char figure_kind(const char *key)
{
	if (strncmp(key, "pct:", 4) == 0)
		return 'p';
	if (strncmp(key, "n:", 2) == 0)
		return 'n';
	if (strncmp(key, "name:", 5) == 0)
		return 0;
	return '$';
}

/* Has the development a figure of the same kind as fact key? */
static int has_class(const struct nw_strlist *facts, const char *key)
{
	for (size_t i = 0; i < facts->n; i++)
		if (figure_kind(facts->v[i]) && figure_kind(facts->v[i]) == figure_kind(key))
			return 1;
	return 0;
}

static int has_figures(const struct nw_strlist *facts)
{
	for (size_t i = 0; i < facts->n; i++)
		if (figure_kind(facts->v[i]))
			return 1;
	return 0;
}

/* A figure joins a development's facts once; one seen again moves to the end, and the
 * facts longest unseen go beyond MAX_DEV_FACTS. They were a list that every update made
 * longer, repeats and all: 539 entries after 207 updates in a bench cycle, read for every hit. */
static int remember_fact(struct nw_strlist *facts, const char *key)
{
	char *keep = NULL;
	size_t i;

	for (i = 0; i < facts->n; i++)
		if (strcmp(facts->v[i], key) == 0) {
			keep = facts->v[i];
			memmove(facts->v + i, facts->v + i + 1, (facts->n - i - 1) * sizeof *facts->v);
			facts->v[facts->n - 1] = keep;
			return 0;
		}
	if (nw_strlist_add(facts, key))
		return -ENOMEM;
	if (facts->n > MAX_DEV_FACTS) {
		free(facts->v[0]);
		memmove(facts->v, facts->v + 1, (facts->n - 1) * sizeof *facts->v);
		facts->n--;
	}
	return 0;
}

/* The development's terms in the hit's language grow with its coverage (bounded). */
static int merge_terms(struct nw_store *st, struct dev *d, const struct nw_features *f)
{
	struct dev_terms *t;
	uint32_t *old, *m;
	size_t nold, n = 0, i = 0, j = 0;
	int r;

	if (!f->nterms)
		return 0;
	if ((r = dev_terms(st, d, f->lang, &t)))
		return r;
	old = t->v;
	nold = t->n;
	m = malloc((nold + f->nterms) * sizeof *m);
	if (!m)
		return -ENOMEM;
	while (i < nold || j < f->nterms) {
		uint32_t x;
		if (j >= f->nterms || (i < nold && old[i] < f->terms[j]))
			x = old[i++];
		else if (i >= nold || f->terms[j] < old[i])
			x = f->terms[j++];
		else
			x = old[i++], j++;
		m[n++] = x;
	}
	n = n < MAX_DEV_TERMS ? n : MAX_DEV_TERMS;
	if ((r = nw_store_dev_terms_set(st, d->id, f->lang, m, n))) {
		free(m);
		return r;
	}
	free(t->v);
	t->v = m;
	t->n = n;
	return 0;
}

/* A new development joins the front of its story's list (its id is the newest). */
static int cache_new(struct story_devs *sd, int64_t id, int64_t t, uint64_t concepts, const struct nw_strlist *ents,
		     const struct nw_strlist *facts, struct dev **out)
{
	struct dev *nv, *d;

	if (sd->n == CACHE_DEVS) { /* the oldest leaves; the cache no longer holds them all */
		dev_free(&sd->v[--sd->n]);
		sd->complete = 0;
	}
	if (!(nv = realloc(sd->v, (sd->n + 1) * sizeof *nv)))
		return -ENOMEM;
	sd->v = nv;
	memmove(nv + 1, nv, sd->n * sizeof *nv);
	sd->n++;
	d = &nv[0];
	memset(d, 0, sizeof *d);
	d->id = id;
	d->last_seen = t;
	d->concepts = concepts;
	*out = d;
	for (size_t i = 0; i < ents->n; i++)
		if (nw_strlist_add(&d->ents, ents->v[i]))
			return -ENOMEM;
	for (size_t i = 0; i < facts->n; i++)
		if (nw_strlist_add(&d->facts, facts->v[i]))
			return -ENOMEM;
	return 0;
}

/* Has the story any development, however old? 1, 0, or -errno. */
static int story_has_devs(const struct story_devs *sd, struct nw_store *st, int64_t story_id)
{
	struct nw_dev_row *rows;
	size_t n;
	int r;

	if (sd->n)
		return 1;
	if ((r = nw_store_devs_recent(st, story_id, INT64_MIN, 1, &rows, &n)))
		return r;
	nw_dev_rows_free(rows, n);
	return n > 0;
}

/* Does the sound of a word of alias a, or of all of it, equal sound? */
static int alias_sounds(const char *a, const char *sound)
{
	char word[128], ws[32];
	size_t n = 0;

	if (nw_name_sound(a, ws, sizeof ws) >= 2 && strcmp(ws, sound) == 0)
		return 1;
	for (const char *p = a;; p++) {
		/* words end at ASCII spaces and punctuation, ・ and · */
		int sep = !*p || ((unsigned char)*p < 0x80 && !isalnum((unsigned char)*p)) ||
			  strncmp(p, "・", 3) == 0 || strncmp(p, "·", 2) == 0;
		if (!sep && n + 1 < sizeof word) {
			word[n++] = *p;
			continue;
		}
		if (sep && n) {
			word[n] = '\0';
			if (nw_name_sound(word, ws, sizeof ws) >= 2 && strcmp(ws, sound) == 0)
				return 1;
			n = 0;
		}
		if (!*p)
			return 0;
	}
}

/* Is name (a name fact's text, lower-cased ASCII, Hangul or katakana) a word of one of the
 * aliases the story matched? The story's own names are in most of its reports: no news. A
 * Hangul or katakana name is also the story's when it sounds as a word of one does: the
 * story's 샘 알트먼 is its 올트먼 CEO, its Sam Altman the アルトマン氏 of a report. */
static int own_name(const char *name, const struct nw_story_match *m)
{
	size_t n = strlen(name);
	char sound[32];

	for (size_t i = 0; i < m->nhits; i++) {
		const char *a = m->hits[i].alias;
		for (const char *p = a; p && (p = strcasestr(p, name)); p++) {
			int before = p == a || ((unsigned char)p[-1] < 0x80 && !isalnum((unsigned char)p[-1]));
			int after = !p[n] || ((unsigned char)p[n] < 0x80 && !isalnum((unsigned char)p[n]));
			if ((before && after) || (unsigned char)*name >= 0x80)
				return 1;
		}
	}
	if ((unsigned char)*name < 0x80 || nw_name_sound(name, sound, sizeof sound) < 2)
		return 0;
	for (size_t i = 0; i < m->nhits; i++)
		if (alias_sounds(m->hits[i].alias, sound))
			return 1;
	return 0;
}

int nw_develop(struct nw_devcache *dc, struct nw_store *st, int64_t story_id, const struct nw_dev_params *p,
	       int64_t article, const char *title, const struct nw_features *f, const struct nw_story_match *m,
	       int64_t t, struct nw_dev_result *out)
{
	const struct nw_strlist *entities = &m->entities;
	struct story_devs *sd;
	struct dev *cand[MAX_CANDIDATES], *best = NULL;
	double score[MAX_CANDIDATES];
	size_t ncand = 0;
	double best_score = 0;
	char best_why[160] = "";
	int fresh_number = 0, fresh_name = 0, fresh_person = 0, fresh_event = 0, nevents = 0, changed = 0, rehash, r;
	uint64_t fresh_mask = 0;
	struct nw_strlist fresh_classes = { 0 };

	memset(out, 0, sizeof *out);
	out->new_facts = json_array();
	revalidate(dc, st);
	if ((r = candidates(dc, st, story_id, t - p->window, p->window, &sd, cand, &ncand)))
		goto out;
	/* the story's events seen so far: a report whose event is new to the story is novel */
	for (unsigned b = 0; b < 64; b++) {
		char key[64];
		int added;
		if (!(f->concepts & (1ULL << b)))
			continue;
		snprintf(key, sizeof key, "event:%s", nw_concept_name(b));
		if ((added = nw_store_story_fact_add(st, story_id, key)) < 0) {
			r = added;
			goto out;
		}
		if (added)
			fresh_mask |= 1ULL << b;
	}
	/* one word's twin concepts ("fires") are one event: what only such a word gives is new
	 * only when none of its twins is known */
	if (f->concepts & f->twin_group & ~fresh_mask)
		fresh_mask &= ~f->twins;
	fresh_event = popcount64(fresh_mask & ~f->twins) + !!(fresh_mask & f->twins);
	nevents = popcount64(f->concepts & ~f->twins) + !!(f->concepts & f->twins);
	/* facts first seen in this story explain the verdict */
	for (size_t i = 0; i < f->nfacts; i++) {
		int added, heard = 1;
		char sound[40] = "sound:";
		if (!is_number_fact(&f->facts[i]) && own_name(f->facts[i].key + 5, m))
			continue;
		/* a name's sound joins the story's facts too: a person first named in one script
		 * and then in another (Brockman, 브로크먼 사장, ブロックマン社長) is one person */
		if (!is_number_fact(&f->facts[i]) && nw_name_sound(f->facts[i].key + 5, sound + 6, sizeof sound - 6) >= 2 &&
		    (heard = nw_store_story_fact_add(st, story_id, sound)) < 0) {
			r = heard;
			goto out;
		}
		added = nw_store_story_fact_add(st, story_id, f->facts[i].key);
		if (added < 0) {
			r = added;
			goto out;
		}
		/* a person known in another spelling is no news */
		if (added && f->facts[i].person && !heard)
			continue;
		if (added) {
			fresh_person |= !f->facts[i].person ? 0 : f->facts[i].in_title ? 2 : 1;
			json_array_append_new(out->new_facts, json_string(f->facts[i].text));
			fresh_number |= is_number_fact(&f->facts[i]);
			/* a figure that leads (the headline's), or one a write-through put into the
			 * story under its kept lede, is the news; one further on in a lede of its
			 * own is as often colour */
			if (is_number_fact(&f->facts[i]) && (f->facts[i].in_title || f->facts[i].written))
				nw_strlist_add(&fresh_classes, f->facts[i].key);
			/* Latin names, and people named with their title: other katakana words are as
			 * often loanwords as names */
			fresh_name |= strncmp(f->facts[i].key, "name:", 5) == 0 &&
				      ((unsigned char)f->facts[i].key[5] < 0x80 || f->facts[i].person);
		}
	}
	/* a report that brings a new figure about the same event is an update even when its
	 * wording, led by that figure, is further from the first report's */
	for (size_t i = 0; i < ncand; i++) {
		char why[160] = "";
		double s = score[i] = similarity(st, f, entities, cand[i], t, why, sizeof why);
		/* an event the story has never seen, named in the headline, is the strongest sign
		 * of a new development: joining an old one then takes more, the more of the
		 * report's events are new */
		if (fresh_event)
			s *= 1.0 - 0.3 * fresh_event / nevents;
		if (s > best_score) {
			best_score = s;
			best = cand[i];
			snprintf(best_why, sizeof best_why, "%s", why);
		}
	}
	for (size_t i = 0; i < ncand; i++) /* newest first */
		if (headline_figures_of(f, &cand[i]->facts)) {
			if (cand[i] != best || best_score < p->threshold)
				snprintf(best_why, sizeof best_why, "the headline's figures are all its own");
			best = cand[i];
			best_score = score[i] > p->threshold ? score[i] : p->threshold;
			break;
		}
	/* one line per hit, not one per candidate: -v stays readable on a busy story */
	if (best && nw_log_level_debug()) {
		const char *tt = title ? title : "";
		log_debug("development check of \"%.*s\": %zu candidates; closest %lld at %.2f (%s)",
			  (int)nw_utf8_prefix(tt, strlen(tt), 80), tt, ncand, (long long)best->id, best_score, best_why);
	}
	/* A changed figure: a new value of a kind the development already has (500 staff, then
	 * 700; a second dollar amount), or a new amount or share in the headline ("stake valued
	 * at $135 billion" after "27% stake"). A new count of another kind is more likely colour
	 * ("5 things to know"). A development first reported without figures takes its first
	 * ones, from the headline or the lede, as news: "completes restructuring", then
	 * "Microsoft to hold about 27%". (A name new to the story is not enough, even in the
	 * headline: there it is as often a place or a product, "Tokyo signs off", "the KX-1
	 * controller", as the news; 4 of the labelled corpus's coverage would alert. A name
	 * with its title is a person: see below.) */
	if (best)
		for (size_t i = 0; i < fresh_classes.n && !changed; i++)
			changed = has_class(&best->facts, fresh_classes.v[i]) || figure_kind(fresh_classes.v[i]) != 'n';
	if (best && fresh_number && !changed && !has_figures(&best->facts))
		changed = 1;
	/* A person new to the story, named with a title in the headline, is no place or
	 * product: "오픈AI 이사회, 브록먼 의장도 해임" or "OpenAI board removes Brockman as chairman
	 * too" after the firing of Altman is its update. With an event new to the story, that
	 * event says what the report is ("OpenAI president Brockman quits": his resignation, a
	 * development of its own, not the firing's update). */
	if (best && (fresh_person & 2) && !fresh_event)
		changed = 1;
	/* analysis and opinion report what the story had: known, when there is a development */
	if (best && f->analysis)
		changed = 0;
	/* A rehash brings nothing the story has not seen (no new event, figure or name). It is
	 * more coverage of the closest development when that one is about the same events (or
	 * either names none); when their events have nothing in common, it recalls another
	 * development, closed or not among the closest ("the board fired Altman", while only
	 * "Microsoft hires Altman" is open): known, of no development. Joining the unrelated one
	 * would keep it open and teach it the rehash's words. */
	rehash = !fresh_number && !fresh_name && !fresh_event;
	if (rehash && best && best_score < p->threshold && f->concepts && best->concepts && !(f->concepts & best->concepts))
		rehash = 2;
	/* Known or update when close enough to a development; also when the report is a rehash
	 * of it. A report with a new figure about the same event is an update even when its
	 * wording, led by that figure, is further from the first report's. */
	if (best && (best_score >= p->threshold || f->analysis || rehash == 1 ||
		     (changed && (f->concepts & best->concepts) && best_score >= p->threshold - 0.1))) {
		out->dev = best->id;
		out->score = best_score;
		if (changed) {
			/* an update: the new figures join the development's facts */
			for (size_t i = 0; i < f->nfacts && !r; i++)
				if (is_number_fact(&f->facts[i]))
					r = remember_fact(&best->facts, f->facts[i].key);
			out->verdict = "update";
			if (!r) {
				char *text = list_json(&best->facts);
				r = text ? nw_store_dev_touch(st, best->id, t, 0, text, 1) : -ENOMEM;
				free(text);
			}
			/* only the figures and the people are news in an update */
			if (!r) {
				json_t *nums = json_array(), *v;
				size_t i;
				json_array_foreach(out->new_facts, i, v) {
					for (size_t k = 0; k < f->nfacts; k++)
						if ((is_number_fact(&f->facts[k]) || f->facts[k].person) &&
						    strcmp(f->facts[k].text, json_string_value(v)) == 0) {
							json_array_append(nums, v);
							break;
						}
				}
				json_decref(out->new_facts);
				out->new_facts = nums;
			}
		} else {
			out->verdict = "known";
			json_array_clear(out->new_facts);
			r = nw_store_dev_touch(st, best->id, t, 0, NULL, 0);
		}
		if (!r && t > best->last_seen)
			best->last_seen = t;
		if (!r)
			r = merge_terms(st, best, f);
	} else if ((rehash == 2 ||
		    (!best && f->analysis && !fresh_number && !fresh_event)) && (r = story_has_devs(sd, st, story_id)) != 0) {
		/* a rehash of another development than the closest; analysis of what the story
		 * had, once its developments are past the window ("a month after the coup"):
		 * known, of no development (it opens none). The names it
		 * brings are its analysts'; a new event or figure would be news. (The story's very
		 * first report, analysis or not, is its first development.) */
		if (r < 0)
			goto out;
		r = 0;
		out->verdict = "known";
		json_array_clear(out->new_facts);
	} else {
		struct nw_dev_row row = { 0 };
		struct nw_strlist facts = { 0 };
		struct dev *d;
		for (size_t i = 0; i < f->nfacts && !r; i++)
			r = nw_strlist_add(&facts, f->facts[i].key) ? -ENOMEM : 0;
		row.concepts = f->concepts;
		row.entities = list_json(entities);
		row.facts = list_json(&facts);
		row.lang = (char *)f->lang;
		out->verdict = "new";
		if (!r)
			r = row.entities && row.facts ? nw_store_development_add(st, story_id, article, title, t, &row, &out->dev)
						       : -ENOMEM;
		if (!r)
			r = cache_new(sd, out->dev, t, f->concepts, entities, &facts, &d);
		if (!r)
			r = merge_terms(st, d, f);
		free(row.entities);
		free(row.facts);
		nw_strlist_free(&facts);
		for (unsigned b = 0; b < 64; b++)
			if (f->concepts & (1ULL << b))
				json_array_append_new(out->new_facts, json_string(nw_concept_name(b)));
	}
	/* A report taken as known below the threshold (analysis, a rehash) has read its events
	 * of the story in passing: "Microsoft weighs hiring him" is no hiring. They stay new to
	 * the story, for the report of the event itself. */
	if (!r && fresh_mask && strcmp(out->verdict, "known") == 0 && (!out->dev || out->score < p->threshold))
		for (unsigned b = 0; b < 64 && !r; b++) {
			char key[64];
			if (!(fresh_mask & (1ULL << b)))
				continue;
			snprintf(key, sizeof key, "event:%s", nw_concept_name(b));
			r = nw_store_story_fact_del(st, story_id, key);
		}
out:
	nw_strlist_free(&fresh_classes);
	if (r) {
		/* what the cache holds may now differ from the store: it is read again */
		nw_devcache_clear(dc);
		json_decref(out->new_facts);
		out->new_facts = NULL;
	}
	return r;
}
