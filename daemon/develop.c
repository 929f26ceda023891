/* develop.c — development detection (see develop.h). A hit is compared with the story's
 * recent developments; the best one above the threshold takes it, as an update when the hit
 * brings a figure the story has never seen, as known coverage otherwise. */
#include "config.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "develop.h"
#include "log.h"

#define MAX_DEV_TERMS 1024

static int popcount64(uint64_t x)
{
	return __builtin_popcountll(x);
}

static int is_number_fact(const struct nw_fact *f)
{
	return strncmp(f->key, "name:", 5) != 0;
}

/* How much of the story's entities the hit and a development have in common. */
static double entity_overlap(const struct nw_strlist *ents, json_t *dev_ents)
{
	size_t inter = 0, i, n = json_array_size(dev_ents);
	json_t *v;

	if (!ents->n || !n)
		return 0;
	json_array_foreach(dev_ents, i, v)
		for (size_t k = 0; k < ents->n; k++)
			if (json_is_string(v) && strcmp(json_string_value(v), ents->v[k]) == 0)
				inter++;
	return (double)inter / (double)(ents->n + n - inter);
}

static int shares_number(const struct nw_features *f, json_t *facts)
{
	size_t i;
	json_t *v;

	json_array_foreach(facts, i, v) {
		const char *k = json_string_value(v);
		if (!k || strncmp(k, "name:", 5) == 0)
			continue;
		for (size_t j = 0; j < f->nfacts; j++)
			if (is_number_fact(&f->facts[j]) && strcmp(f->facts[j].key, k) == 0)
				return 1;
	}
	return 0;
}

/* Similarity of a hit to a development, 0..1. Event concepts carry across languages; terms
 * only within one; figures and the story's entities everywhere; and coverage follows an
 * event closely in time. A development whose events and the hit's have nothing in common is
 * another event of the same story, however many names they share. Where a signal cannot be
 * measured (no event word, no terms in this language) it counts as neither for nor against. */
static double similarity(struct nw_store *st, const struct nw_features *f, const struct nw_strlist *ents,
			 const struct nw_dev_row *d, json_t *dents, json_t *dfacts, int64_t t, int64_t last_seen,
			 char *why, size_t whylen)
{
	double cj = -1, ej = entity_overlap(ents, dents), nj = shares_number(f, dfacts), tj = -1, s, c, tt, near;
	uint32_t *terms = NULL;
	size_t nterms = 0;
	int64_t dt = t - last_seen;

	if (f->concepts && d->concepts) {
		/* half the share of the report's events that the development has (coverage may
		 * name fewer events than the first report; a report naming more is likely a new
		 * event that refers back), half Jaccard (of two developments, the one with the
		 * same events wins) */
		int inter = popcount64(f->concepts & d->concepts);
		int a = popcount64(f->concepts), b = popcount64(d->concepts);
		cj = 0.5 * inter / a + 0.5 * inter / (a + b - inter);
	}
	if (f->nterms && nw_store_dev_terms(st, d->id, f->lang, &terms, &nterms) == 0 && nterms)
		tj = (double)nw_sorted_intersect(f->terms, f->nterms, terms, nterms) / (double)f->nterms;
	free(terms);
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
static int has_class(json_t *facts, const char *key)
{
	size_t i;
	json_t *v;

	json_array_foreach(facts, i, v) {
		const char *k = json_string_value(v);
		if (k && figure_kind(k) && figure_kind(k) == figure_kind(key))
			return 1;
	}
	return 0;
}

static json_t *strlist_json(const struct nw_strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

/* The development's terms in the hit's language grow with its coverage (bounded). */
static int merge_terms(struct nw_store *st, int64_t dev, const struct nw_features *f)
{
	uint32_t *old = NULL, *m;
	size_t nold = 0, n = 0, i = 0, j = 0;
	int r;

	if (!f->nterms)
		return 0;
	nw_store_dev_terms(st, dev, f->lang, &old, &nold);
	m = malloc((nold + f->nterms) * sizeof *m);
	if (!m) {
		free(old);
		return -ENOMEM;
	}
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
	r = nw_store_dev_terms_set(st, dev, f->lang, m, n < MAX_DEV_TERMS ? n : MAX_DEV_TERMS);
	free(m);
	free(old);
	return r;
}

int nw_develop(struct nw_store *st, int64_t story_id, const struct nw_dev_params *p, int64_t article,
	       const char *title, const struct nw_features *f, const struct nw_strlist *entities, int64_t t,
	       struct nw_dev_result *out)
{
	struct nw_dev_row *rows = NULL, *best = NULL;
	size_t nrows = 0;
	double best_score = 0;
	json_t *best_facts = NULL;
	char best_why[160] = "";
	int fresh_number = 0, fresh_name = 0, fresh_event = 0, changed = 0, r = -EIO;
	struct nw_strlist fresh_classes = { 0 };

	memset(out, 0, sizeof *out);
	out->new_facts = json_array();
	if (nw_store_devs_recent(st, story_id, t - p->window, &rows, &nrows))
		goto out;
	/* the story's events seen so far: a report whose event is new to the story is novel */
	for (unsigned b = 0; b < 64; b++) {
		char key[64];
		int known;
		if (!(f->concepts & (1ULL << b)))
			continue;
		snprintf(key, sizeof key, "event:%s", nw_concept_name(b));
		if ((known = nw_store_story_fact(st, story_id, key, 0)) < 0)
			goto out;
		fresh_event += !known;
		if (nw_store_story_fact(st, story_id, key, 1))
			goto out;
	}
	/* facts first seen in this story explain the verdict */
	for (size_t i = 0; i < f->nfacts; i++) {
		int known = nw_store_story_fact(st, story_id, f->facts[i].key, 0);
		if (known < 0)
			goto out;
		if (!known) {
			json_array_append_new(out->new_facts, json_string(f->facts[i].text));
			fresh_number |= is_number_fact(&f->facts[i]);
			if (is_number_fact(&f->facts[i]) && f->facts[i].in_title)
				nw_strlist_add(&fresh_classes, f->facts[i].key);
			/* Latin names only: katakana words are as often loanwords as names */
			fresh_name |= strncmp(f->facts[i].key, "name:", 5) == 0 && (unsigned char)f->facts[i].key[5] < 0x80;
		}
		if (nw_store_story_fact(st, story_id, f->facts[i].key, 1))
			goto out;
	}
	/* a report that brings a new figure about the same event is an update even when its
	 * wording, led by that figure, is further from the first report's */
	for (size_t i = 0; i < nrows; i++) {
		json_t *dents = json_loads(rows[i].entities ? rows[i].entities : "[]", 0, NULL);
		json_t *dfacts = json_loads(rows[i].facts ? rows[i].facts : "[]", 0, NULL);
		char why[160] = "";
		double s = similarity(st, f, entities, &rows[i], dents, dfacts, t, rows[i].last_seen, why, sizeof why);
		/* an event the story has never seen, named in the headline, is the strongest sign
		 * of a new development: joining an old one then takes more, the more of the
		 * report's events are new */
		if (fresh_event)
			s *= 1.0 - 0.3 * fresh_event / popcount64(f->concepts);
		if (s > best_score) {
			best_score = s;
			best = &rows[i];
			json_decref(best_facts);
			best_facts = json_incref(dfacts);
			snprintf(best_why, sizeof best_why, "%s", why);
		}
		json_decref(dents);
		json_decref(dfacts);
	}
	/* one line per hit, not one per candidate: -v stays readable on a busy story */
	if (best)
		log_debug("development check: %zu candidates; closest %lld at %.2f (%s)", nrows, (long long)best->id,
			  best_score, best_why);
	/* A changed figure: a new value of a kind the development already has (500 staff, then
	 * 700; a second dollar amount). Another kind of figure is more likely colour. */
	if (best && best_facts)
		for (size_t i = 0; i < fresh_classes.n && !changed; i++)
			changed = has_class(best_facts, fresh_classes.v[i]);
	/* Known or update when close enough to a development; also when the report brings
	 * nothing the story has not seen (no new event, figure or name): a rehash is no news.
	 * A report with a new figure about the same event is an update even when its wording,
	 * led by that figure, is further from the first report's. */
	if (best && (best_score >= p->threshold || (!fresh_number && !fresh_name && !fresh_event) ||
		     (changed && (f->concepts & best->concepts) && best_score >= p->threshold - 0.1))) {
		out->dev = best->id;
		out->score = best_score;
		if (changed) {
			/* an update: the new figures join the development's facts */
			json_t *facts = best_facts ? json_copy(best_facts) : json_array();
			char *text;
			for (size_t i = 0; i < f->nfacts; i++)
				if (is_number_fact(&f->facts[i]))
					json_array_append_new(facts, json_string(f->facts[i].key));
			text = json_dumps(facts, JSON_COMPACT);
			json_decref(facts);
			out->verdict = "update";
			r = nw_store_dev_touch(st, best->id, t, 0, text, 1);
			free(text);
			/* only the figures are news in an update */
			{
				json_t *nums = json_array(), *v;
				size_t i;
				json_array_foreach(out->new_facts, i, v) {
					for (size_t k = 0; k < f->nfacts; k++)
						if (is_number_fact(&f->facts[k]) &&
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
		if (!r)
			r = merge_terms(st, best->id, f);
	} else {
		struct nw_dev_row row = { 0 };
		json_t *ents = strlist_json(entities), *facts = json_array();
		for (size_t i = 0; i < f->nfacts; i++)
			json_array_append_new(facts, json_string(f->facts[i].key));
		row.concepts = f->concepts;
		row.entities = json_dumps(ents, JSON_COMPACT);
		row.facts = json_dumps(facts, JSON_COMPACT);
		row.lang = (char *)f->lang;
		out->verdict = "new";
		r = nw_store_development_add(st, story_id, article, title, t, &row, &out->dev);
		free(row.entities);
		free(row.facts);
		json_decref(ents);
		json_decref(facts);
		if (!r)
			r = merge_terms(st, out->dev, f);
		for (unsigned b = 0; b < 64; b++)
			if (f->concepts & (1ULL << b))
				json_array_append_new(out->new_facts, json_string(nw_concept_name(b)));
	}
out:
	nw_strlist_free(&fresh_classes);
	json_decref(best_facts);
	nw_dev_rows_free(rows, nrows);
	if (r) {
		json_decref(out->new_facts);
		out->new_facts = NULL;
	}
	return r;
}
