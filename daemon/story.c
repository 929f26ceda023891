/* story.c — stories compiled for matching (story.h): alias lists parsed and normalised, all
 * aliases of all stories (and the quoted phrases of their rules) in one automaton, and each
 * story's match/exclude rule evaluated on the terms found in a title and body. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "match.h"
#include "newswatch-plugin.h"
#include "rule.h"
#include "story.h"
#include "text.h"

#define NW_STORY_MAX_ALIASES 1000   /* per entity */
#define NW_STORY_MAX_ALIAS_LEN 512  /* bytes, as written */
#define NW_STORY_MAX_TERMS 1024     /* entities + phrases of one story */
#define NW_STORY_MAX_HITS 1000      /* hits kept per story and classification */

struct term {
	char *name;      /* entity name as first written, or the phrase (unquoted) */
	int is_phrase;
	char *norm;      /* phrases: normalised text, to share a term between equal phrases */
	size_t naliases; /* entities: aliases so far, over all of its lines */
	int in_match;    /* phrases: named by the match rule (one only in exclude matched nothing) */
};

struct pattern {
	uint32_t story, term;
	char *alias;     /* as written in the conf */
};

struct story {
	char *name;
	struct term *terms;
	size_t nterms, nent, termcap;
	size_t base;     /* of this story's terms in the flat presence array */
	struct nw_rule *match, *exclude;
};

struct note {
	int line, col;
	char *msg;
};

struct nw_storyset {
	struct story *v;
	size_t n;
	struct note *notes; /* what is allowed but is likely a mistake (nw_storyset_note) */
	size_t nnotes;
	size_t nterms_total;
	struct nw_matcher *m;
	struct pattern *pats;
	size_t npats, patcap;
};

struct compiler {
	struct nw_storyset *set;
	nw_story_err_fn err;
	void *arg;
	int nerr, nomem;
	size_t cur;      /* story being compiled */
	int in_story;    /* messages then name the story */
	int line;        /* conf line of the rule being parsed */
	int col0;        /* column in its line of the value being parsed */
	int no_entities; /* the story has no entity lines (said once): its rule's names not said */
	int hush;        /* the rule error about to be reported is one of those */
};

/* A message about the story being compiled into msg, its name before it. */
static void cmsg(const struct compiler *c, char *msg, size_t msglen, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));
static void cmsg(const struct compiler *c, char *msg, size_t msglen, const char *fmt, va_list ap)
{
	const char *name = c->in_story ? c->set->v[c->cur].name : NULL;
	int o = 0;

	if (name) {
		/* at most 100 bytes of the name, whole characters (a cut inside one is not UTF-8) */
		size_t n = nw_utf8_prefix(name, strlen(name), 100);
		o = snprintf(msg, msglen, "story '%.*s%s': ", (int)n, name, name[n] ? "…" : "");
	}
	vsnprintf(msg + o, msglen - (size_t)o, fmt, ap);
}

static void cerr(struct compiler *c, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void cerr(struct compiler *c, int line, int col, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	cmsg(c, msg, sizeof msg, fmt, ap);
	va_end(ap);
	c->nerr++;
	if (c->err)
		c->err(c->arg, line, col, msg);
}

/* What is allowed but is likely a mistake: kept in the set for --check-config to say. */
static void cnote(struct compiler *c, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void cnote(struct compiler *c, int line, int col, const char *fmt, ...)
{
	char msg[600];
	struct note *nv;
	va_list ap;

	va_start(ap, fmt);
	cmsg(c, msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (c->set->nnotes >= 100) /* a conf of many such names: the first ones say it */
		return;
	if (!(nv = realloc(c->set->notes, (c->set->nnotes + 1) * sizeof *nv)) ||
	    !(nv[c->set->nnotes].msg = strdup(msg))) {
		if (nv)
			c->set->notes = nv;
		c->nomem = 1;
		return;
	}
	nv[c->set->nnotes].line = line;
	nv[c->set->nnotes].col = col;
	c->set->notes = nv;
	c->set->nnotes++;
}

/* The column in the conf line of byte off of the value being parsed. */
static int col_of(const struct compiler *c, const char *s, size_t off)
{
	int col = c->col0 > 0 ? c->col0 : 1;
	size_t i;

	for (i = 0; i < off; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			col++;
	return col;
}

static int add_term(struct story *st, const char *name, size_t len, int is_phrase,
		    char *norm)
{
	if (st->nterms >= NW_STORY_MAX_TERMS)
		return -E2BIG;
	if (st->nterms == st->termcap) {
		size_t cap = st->termcap ? st->termcap * 2 : 8;
		struct term *nt = realloc(st->terms, cap * sizeof(*nt));
		if (!nt)
			return -ENOMEM;
		st->terms = nt;
		st->termcap = cap;
	}
	st->terms[st->nterms].name = strndup(name, len);
	if (!st->terms[st->nterms].name)
		return -ENOMEM;
	st->terms[st->nterms].is_phrase = is_phrase;
	st->terms[st->nterms].norm = norm;
	st->terms[st->nterms].naliases = 0;
	st->terms[st->nterms].in_match = 0;
	return (int)st->nterms++;
}

/* Normalise text and add it to the automaton for (story, term). 0, -EINVAL if nothing is
 * left after normalisation, -EDOM if only punctuation or symbols are (no letter or digit:
 * "-", "?", "..." would match nearly every article), -E2BIG, -ENOMEM. */
static int add_pattern(struct compiler *c, size_t story, size_t term, const char *text,
		       size_t len, char **norm_out)
{
	struct nw_storyset *set = c->set;
	struct pattern *p;
	size_t nlen;
	char *norm;
	int rc;

	norm = nw_text_normalize(text, len, &nlen);
	if (!norm)
		return -ENOMEM;
	if (!nlen) {
		free(norm);
		return -EINVAL;
	}
	if (!nw_text_has_word(norm, nlen)) {
		free(norm);
		return -EDOM;
	}
	if (nlen > NW_MATCH_MAX_PATLEN) {
		free(norm);
		return -E2BIG;
	}
	if (set->npats == set->patcap) {
		size_t cap = set->patcap ? set->patcap * 2 : 64;
		struct pattern *np = realloc(set->pats, cap * sizeof(*np));
		if (!np) {
			free(norm);
			return -ENOMEM;
		}
		set->pats = np;
		set->patcap = cap;
	}
	p = &set->pats[set->npats];
	p->alias = strndup(text, len);
	if (!p->alias) {
		free(norm);
		return -ENOMEM;
	}
	rc = nw_matcher_add(set->m, norm, nlen, (uint32_t)set->npats);
	if (rc) {
		free(p->alias);
		free(norm);
		return rc;
	}
	p->story = (uint32_t)story;
	p->term = (uint32_t)term;
	set->npats++;
	if (norm_out)
		*norm_out = norm;
	else
		free(norm);
	return 0;
}

static int is_name_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' ||
	       c == '.' || c == '-' || c >= 0x80;
}

static int name_usable(const char *s)
{
	size_t i;

	if (!*s || !strcasecmp(s, "and") || !strcasecmp(s, "or") || !strcasecmp(s, "not"))
		return 0;
	for (i = 0; s[i]; i++)
		if (!is_name_byte((unsigned char)s[i]))
			return 0;
	return 1;
}

static int find_entity(const struct story *st, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < st->nent; i++)
		if (strlen(st->terms[i].name) == len && !strncasecmp(st->terms[i].name, name, len))
			return (int)i;
	return -1;
}

/* How much of s (len bytes) a message quotes: at most 40 characters, whole ones; *more is
 * "…" when that is not all of it. */
static int shown(const char *s, size_t len, const char **more)
{
	size_t i = 0;

	for (int chars = 0; i < len && chars < 40; chars++)
		do
			i++;
		while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80);
	*more = i < len ? "…" : "";
	return (int)i;
}

static void add_alias(struct compiler *c, const struct nw_kv *kv, size_t term, const char *a,
		      size_t alen, size_t off)
{
	const char *more;
	int shown_n = shown(a, alen, &more);
	int rc;

	if (alen > NW_STORY_MAX_ALIAS_LEN) {
		cerr(c, kv->line, col_of(c, kv->value, off), "alias too long (%zu bytes, max %d)",
		     alen, NW_STORY_MAX_ALIAS_LEN);
		return;
	}
	rc = add_pattern(c, c->cur, term, a, alen, NULL);
	if (rc == -ENOMEM)
		c->nomem = 1;
	else if (rc == -EINVAL)
		cerr(c, kv->line, col_of(c, kv->value, off),
		     "alias '%.*s' of entity '%s' has nothing left to match after normalisation",
		     (int)alen, a, kv->key);
	else if (rc == -EDOM)
		cerr(c, kv->line, col_of(c, kv->value, off),
		     "alias '%.*s' of entity '%s' has no letter or digit: it would match nearly "
		     "every article", (int)alen, a, kv->key);
	else if (rc == -E2BIG)
		cerr(c, kv->line, col_of(c, kv->value, off),
		     "alias '%.*s%s' of entity '%s' is longer than %d bytes once normalised",
		     shown_n, a, more, kv->key, NW_MATCH_MAX_PATLEN);
	else if (rc)
		cerr(c, kv->line, col_of(c, kv->value, off), "alias '%.*s%s': %s", shown_n, a, more,
		     strerror(-rc));
}

/* The bytes of a bar at v[i] ('|', or the full-width ｜ U+FF5C an input method types); 0 if
 * there is none there. A list's blanks are a rule's (nw_rule_blank). */
static size_t bar_at(const char *v, size_t i, size_t len)
{
	if (i < len && v[i] == '|')
		return 1;
	return i + 2 < len && !memcmp(v + i, "\xef\xbd\x9c", 3) ? 3 : 0;
}

/* Is an unquoted alias written in quotes, which would then have to be in the text too:
 * smart quotes (“Sam Altman”), an input method's full-width ones (＂OpenAI＂), or single
 * ones ('MS')? Normalised, each of them is an ASCII quote; an apostrophe in or before a
 * word ("OpenAI’s", "‘90s") is not at both ends. */
static int in_quotes(const char *a, size_t alen)
{
	size_t n;
	char *norm = nw_text_normalize(a, alen, &n);
	int q = norm && n >= 3 && (norm[0] == '"' || norm[0] == '\'') &&
		(norm[n - 1] == '"' || norm[n - 1] == '\'');

	free(norm);
	return q;
}

/* The comma of Japanese or Chinese (、 ， and half-width ､) in an unquoted alias: a list
 * written with it for '|' ("サム・アルトマン、アルトマン") is one alias, the names run
 * together once normalised, which no text has. A name has none of them (Japanese parts a
 * name with ・), so the alias is refused; quoted, it is taken as written. NULL if none. */
static const char *list_comma(const char *a, size_t alen)
{
	static const char *const commas[] = { "\xe3\x80\x81", "\xef\xbc\x8c", "\xef\xbd\xa4" };

	for (size_t i = 0; i + 3 <= alen; i++)
		for (size_t k = 0; k < sizeof commas / sizeof *commas; k++)
			if (!memcmp(a + i, commas[k], 3))
				return commas[k];
	return NULL;
}

/* The ASCII comma of an unquoted alias that is not in a number ("1,350억"): an English
 * list written with it ("OpenAI, 오픈AI") is one alias, which a text has only as written.
 * Allowed (a company's "Co., Ltd." has one), but said by --check-config. -1 if none. */
static long ascii_comma(const char *a, size_t alen)
{
	for (size_t i = 0; i < alen; i++)
		if (a[i] == ',' && !(i > 0 && i + 1 < alen && a[i - 1] >= '0' && a[i - 1] <= '9' && a[i + 1] >= '0' &&
				     a[i + 1] <= '9'))
			return (long)i;
	return -1;
}

/* "A | 샘 알트먼 | \"Sam Altman\" | \"a|b\"": '|'-separated, blanks around aliases ignored,
 * double quotes keep '|' and outer blanks (\" and \\ inside quotes). An input method's ｜
 * and blanks are the list's too (nw_rule_blank, bar_at). */
static void parse_aliases(struct compiler *c, const struct nw_kv *kv, size_t term)
{
	const char *v = kv->value ? kv->value : "";
	size_t len = strlen(v), i = 0, *count = &c->set->v[c->cur].terms[term].naliases;
	char *buf = malloc(len + 1);

	if (!buf) {
		c->nomem = 1;
		return;
	}
	for (;;) {
		size_t start, blen = 0, n;
		const char *more;
		int quoted = 0, sn;
		while ((n = nw_rule_blank(v, i, len)))
			i += n;
		start = i;
		if (i < len && v[i] == '"') {
			i++;
			while (i < len && v[i] != '"') {
				if (v[i] == '\\' && i + 1 < len && (v[i + 1] == '"' || v[i + 1] == '\\'))
					i++;
				buf[blen++] = v[i++];
			}
			if (i >= len) {
				cerr(c, kv->line, col_of(c, v, start), "unterminated quoted alias");
				break;
			}
			i++;
			quoted = 1;
			while ((n = nw_rule_blank(v, i, len)))
				i += n;
			if (i < len && !bar_at(v, i, len)) {
				/* the character whole: its first byte alone is not UTF-8 */
				for (n = 1; n < 4 && i + n < len && ((unsigned char)v[i + n] & 0xc0) == 0x80;)
					n++;
				cerr(c, kv->line, col_of(c, v, i),
				     "expected '|' after quoted alias, found '%.*s'", (int)n, v + i);
				break;
			}
		} else {
			while (i < len && !bar_at(v, i, len))
				buf[blen++] = v[i++];
			for (;;) {
				if (blen && nw_rule_blank(buf, blen - 1, blen) == 1)
					blen--;
				else if (blen >= 2 && nw_rule_blank(buf, blen - 2, blen) == 2)
					blen -= 2;
				else if (blen >= 3 && nw_rule_blank(buf, blen - 3, blen) == 3)
					blen -= 3;
				else
					break;
			}
		}
		sn = shown(buf, blen, &more); /* how much of it a message quotes */
		if (!blen)
			cerr(c, kv->line, col_of(c, v, start), "empty alias in entity '%s'", kv->key);
		else if (++*count > NW_STORY_MAX_ALIASES) {
			cerr(c, kv->line, col_of(c, v, start), "too many aliases in entity '%s' (max %d, "
			     "over all of its lines)", kv->key, NW_STORY_MAX_ALIASES);
			break;
		} else if (!quoted && list_comma(buf, blen))
			cerr(c, kv->line, col_of(c, v, start),
			     "alias '%.*s%s' of entity '%s' holds '%s': aliases are separated by | (quote it to "
			     "keep it one alias)", sn, buf, more, kv->key, list_comma(buf, blen));
		else if (!quoted && in_quotes(buf, blen))
			cerr(c, kv->line, col_of(c, v, start),
			     "alias '%.*s%s' of entity '%s' is in quotes, which would have to be in the text "
			     "too: quote an alias with \" (or not at all)", sn, buf, more, kv->key);
		else {
			if (!quoted && ascii_comma(buf, blen) >= 0)
				cnote(c, kv->line, col_of(c, v, start),
				      "alias '%.*s%s' of entity '%s' holds a comma: it is one alias, which a text must "
				      "hold as written; aliases are separated by | (quote it to say it is one name)",
				      sn, buf, more, kv->key);
			add_alias(c, kv, term, buf, blen, start);
		}
		if (c->nomem || i >= len)
			break;
		i += bar_at(v, i, len); /* the '|' */
		if (i >= len) {
			cerr(c, kv->line, col_of(c, v, i), "empty alias in entity '%s' after '|'",
			     kv->key);
			break;
		}
	}
	free(buf);
}

static int resolve(void *arg, const char *text, size_t len, int is_phrase, char *msg,
		   size_t msglen)
{
	struct compiler *c = arg;
	struct story *st = &c->set->v[c->cur];
	size_t i, nlen;
	char *norm;
	int id, rc;

	if (!is_phrase) {
		const char *more;
		int n = shown(text, len, &more);
		size_t o;
		id = find_entity(st, text, len);
		if (id >= 0)
			return id;
		if (c->no_entities) {
			c->hush = 1;
			msg[0] = '\0';
			return -ENOENT;
		}
		/* the known names as far as there is room, whole: a name cut by snprintf could
		 * end inside a character, and the message would not be UTF-8 */
		o = (size_t)snprintf(msg, msglen, "unknown entity '%.*s%s'", n, text, more);
		for (i = 0; i < st->nent && o < msglen; i++) {
			const char *sep = i ? ", " : " (known: ";
			if (o + strlen(sep) + strlen(st->terms[i].name) + sizeof(", …)") > msglen) {
				o += (size_t)snprintf(msg + o, msglen - o, "%s…", sep);
				break;
			}
			o += (size_t)snprintf(msg + o, msglen - o, "%s%s", sep, st->terms[i].name);
		}
		if (st->nent && o < msglen)
			snprintf(msg + o, msglen - o, ")");
		return -ENOENT;
	}
	norm = nw_text_normalize(text, len, &nlen);
	if (!norm)
		return -ENOMEM;
	for (i = st->nent; i < st->nterms; i++)
		if (!strcmp(st->terms[i].norm, norm)) {
			free(norm);
			return (int)i;
		}
	if (!nlen) {
		free(norm);
		snprintf(msg, msglen, "phrase \"%.*s\" has nothing left to match after normalisation",
			 (int)len, text);
		return -EINVAL;
	}
	if (!nw_text_has_word(norm, nlen)) {
		free(norm);
		snprintf(msg, msglen, "phrase \"%.*s\" has no letter or digit: it would match "
			 "nearly every article", (int)len, text);
		return -EDOM;
	}
	id = add_term(st, text, len, 1, norm);
	if (id < 0) {
		free(norm);
		if (id == -E2BIG)
			snprintf(msg, msglen, "too many entities and quoted phrases in the story (max %d)",
				 NW_STORY_MAX_TERMS);
		return id;
	}
	rc = add_pattern(c, c->cur, (size_t)id, text, len, NULL);
	if (rc == -ENOMEM)
		return rc;
	if (rc) {
		const char *more;
		int n = shown(text, len, &more);
		if (rc == -E2BIG)
			snprintf(msg, msglen, "phrase \"%.*s%s\" is longer than %d bytes once normalised", n,
				 text, more, NW_MATCH_MAX_PATLEN);
		else
			snprintf(msg, msglen, "phrase \"%.*s%s\": %s", n, text, more, strerror(-rc));
		return rc;
	}
	return id;
}

static void rule_err(void *arg, int col, const char *msg)
{
	struct compiler *c = arg;

	if (c->hush) { /* counted, not said: the story's missing entities were */
		c->hush = 0;
		c->nerr++;
		return;
	}
	cerr(c, c->line, col, "%s", msg);
}

static struct nw_rule *compile_rule(struct compiler *c, const char *src, int line, int col)
{
	struct nw_rule *r = NULL;
	int rc;

	c->line = line;
	rc = nw_rule_parse(src, col, resolve, c, rule_err, c, &r);
	c->hush = 0;
	if (rc == -ENOMEM)
		c->nomem = 1;
	return rc ? NULL : r;
}

/* A story without `match`: any of its entities. */
static struct nw_rule *default_rule(struct compiler *c)
{
	struct story *st = &c->set->v[c->cur];
	struct nw_rule *r = NULL;
	const char **names = malloc(st->nent * sizeof *names);
	int *ids = malloc(st->nent * sizeof *ids);

	for (size_t i = 0; names && ids && i < st->nent; i++) {
		names[i] = st->terms[i].name;
		ids[i] = (int)i;
	}
	if (!names || !ids || nw_rule_any(names, ids, st->nent, &r) != 0)
		c->nomem = 1;
	free(names);
	free(ids);
	return r;
}

static void compile_story(struct compiler *c, const struct nw_story_def *d)
{
	struct story *st = &c->set->v[c->cur];
	size_t i;
	int id;

	st->name = strdup(d->name ? d->name : "");
	if (!st->name) {
		c->nomem = 1;
		return;
	}
	/* entities first: they are terms 0..nent-1; repeated keys append aliases */
	for (i = 0; d->entities && i < d->entities->n; i++) {
		const struct nw_kv *kv = &d->entities->v[i];
		const char *key = kv->key ? kv->key : "";
		if (!name_usable(key)) {
			cerr(c, kv->line, 0,
			     "entity name '%s' cannot be used in a rule (letters, digits, "
			     "'_', '.', '-'; not AND/OR/NOT)", key);
			continue;
		}
		if (find_entity(st, key, strlen(key)) >= 0)
			continue;
		id = add_term(st, key, strlen(key), 0, NULL);
		if (id == -ENOMEM) {
			c->nomem = 1;
			return;
		}
		if (id < 0) {
			cerr(c, kv->line, 0, "too many entities and quoted phrases in the story (max %d)",
			     NW_STORY_MAX_TERMS);
			return;
		}
		st->nent++;
	}
	for (i = 0; d->entities && i < d->entities->n && !c->nomem; i++) {
		const struct nw_kv *kv = &d->entities->v[i];
		const char *key = kv->key ? kv->key : "";
		if (!name_usable(key))
			continue;
		id = find_entity(st, key, strlen(key));
		c->col0 = d->entity_cols ? d->entity_cols[i] : 1;
		if (id >= 0)
			parse_aliases(c, kv, (size_t)id);
	}
	c->col0 = 1;
	if (c->nomem)
		return;
	/* one mistake, one message: not also each name its rule gives, nor "no match rule" (a
	 * rule of quoted phrases alone is still checked) */
	c->no_entities = !d->entities || !d->entities->n;
	if (c->no_entities)
		cerr(c, d->line ? d->line : d->match_line, 0,
		     "no entity.NAME = aliases line: a story needs at least one (entity.openai = OpenAI | 오픈AI)");
	if (d->match) {
		st->match = compile_rule(c, d->match, d->match_line, d->match_col);
	} else if (!st->nent) {
		; /* no entity lines, or none with a usable name: each said above */
	} else {
		st->match = default_rule(c);
	}
	if (d->exclude && !c->nomem)
		st->exclude = compile_rule(c, d->exclude, d->exclude_line, d->exclude_col);
	c->no_entities = 0;
	if (st->match && st->nterms) {
		unsigned char *mark = calloc(st->nterms, 1);
		if (!mark) {
			c->nomem = 1;
			return;
		}
		/* mark: none found yet */
		if (nw_rule_eval(st->match, mark, st->nterms))
			cerr(c, d->match_line, d->match_col,
			     "the match rule holds when none of its terms is found: it would match every "
			     "article (NOT belongs with a term that must be found: a AND NOT b)");
		nw_rule_mark_terms(st->match, mark, st->nterms);
		for (i = 0; i < st->nterms; i++)
			st->terms[i].in_match = mark[i];
		free(mark);
	}
}

void nw_storyset_free(struct nw_storyset *set)
{
	size_t i, k;

	if (!set)
		return;
	for (i = 0; i < set->n; i++) {
		struct story *st = &set->v[i];
		for (k = 0; k < st->nterms; k++) {
			free(st->terms[k].name);
			free(st->terms[k].norm);
		}
		free(st->terms);
		free(st->name);
		nw_rule_free(st->match);
		nw_rule_free(st->exclude);
	}
	for (i = 0; i < set->npats; i++)
		free(set->pats[i].alias);
	free(set->pats);
	for (i = 0; i < set->nnotes; i++)
		free(set->notes[i].msg);
	free(set->notes);
	free(set->v);
	nw_matcher_free(set->m);
	free(set);
}

struct nw_storyset *nw_storyset_compile(const struct nw_story_def *defs, size_t n,
					nw_story_err_fn err, void *arg)
{
	struct compiler c = { .err = err, .arg = arg };
	struct nw_storyset *set;
	size_t i;
	int rc;

	set = calloc(1, sizeof(*set));
	if (!set)
		return NULL;
	c.set = set;
	set->m = nw_matcher_new();
	set->v = calloc(n ? n : 1, sizeof(*set->v));
	if (!set->m || !set->v)
		goto nomem;
	set->n = n;
	for (i = 0; i < n && !c.nomem; i++) {
		c.cur = i;
		c.in_story = 1;
		compile_story(&c, &defs[i]);
		c.in_story = 0;
	}
	if (c.nomem)
		goto nomem;
	for (i = 0; i < n; i++) {
		set->v[i].base = set->nterms_total;
		set->nterms_total += set->v[i].nterms;
	}
	if (c.nerr) {
		nw_storyset_free(set);
		return NULL;
	}
	rc = nw_matcher_compile(set->m);
	if (rc == -ENOMEM)
		goto nomem;
	if (rc) {
		cerr(&c, 0, 0, "too many aliases for one automaton: %s", strerror(-rc));
		nw_storyset_free(set);
		return NULL;
	}
	return set;
nomem:
	cerr(&c, 0, 0, "out of memory compiling stories");
	nw_storyset_free(set);
	return NULL;
}

size_t nw_storyset_count(const struct nw_storyset *set)
{
	return set ? set->n : 0;
}

const char *nw_storyset_name(const struct nw_storyset *set, size_t i)
{
	return set && i < set->n ? set->v[i].name : NULL;
}

const char *nw_storyset_note(const struct nw_storyset *set, size_t i, int *line, int *col)
{
	if (!set || i >= set->nnotes)
		return NULL;
	*line = set->notes[i].line;
	*col = set->notes[i].col;
	return set->notes[i].msg;
}

/* ---- classification ---- */

struct scan {
	const struct nw_storyset *set;
	struct nw_classification *out;
	unsigned char *present;
	size_t *cap;
	int field;
	int nomem;
};

static int on_hit(void *arg, uint32_t id, size_t start, size_t end)
{
	struct scan *s = arg;
	const struct pattern *p = &s->set->pats[id];
	const struct story *st = &s->set->v[p->story];
	struct nw_story_match *sm = &s->out->v[p->story];
	struct nw_alias_hit *h;

	s->present[st->base + p->term] = 1;
	if (sm->nhits >= NW_STORY_MAX_HITS)
		return 0;
	/* two aliases of a term alike once normalised (샘 알트먼 | 샘알트먼, 오픈AI | 오픈 AI) find
	 * the same place: one hit (the matcher reports a place's patterns together) */
	for (size_t k = sm->nhits; k-- > 0 && sm->hits[k].end == end && sm->hits[k].field == s->field;)
		if (sm->hits[k].start == start && sm->hits[k].entity == st->terms[p->term].name)
			return 0;
	if (sm->nhits == s->cap[p->story]) {
		size_t cap = sm->nhits ? sm->nhits * 2 : 8;
		struct nw_alias_hit *nh = realloc(sm->hits, cap * sizeof(*nh));
		if (!nh) {
			s->nomem = 1;
			return -ENOMEM;
		}
		sm->hits = nh;
		s->cap[p->story] = cap;
	}
	h = &sm->hits[sm->nhits++];
	h->entity = st->terms[p->term].name;
	h->alias = p->alias;
	h->field = s->field;
	h->start = start;
	h->end = end;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int listed(const struct nw_strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return 1;
	return 0;
}

static int finish_story(const struct story *st, const unsigned char *present,
			struct nw_story_match *sm)
{
	char *m = NULL, *x = NULL;
	size_t i, k = 0;
	int held, vetoed = 0;

	sm->story = st->name;
	/* the entities found, and the quoted phrases of the match rule found (as written in
	 * the rule, once): a story that a phrase alone matched still says what matched it; a
	 * phrase only the exclude rule names matched nothing */
	for (i = 0; i < st->nterms; i++)
		k += present[i] != 0;
	if (k) {
		sm->entities.v = calloc(k, sizeof(char *));
		if (!sm->entities.v)
			return -ENOMEM;
		for (i = 0; i < st->nterms; i++) {
			if (!present[i] ||
			    (i >= st->nent && (!st->terms[i].in_match || listed(&sm->entities, st->terms[i].name))))
				continue;
			sm->entities.v[sm->entities.n] = strdup(st->terms[i].name);
			if (!sm->entities.v[sm->entities.n])
				return -ENOMEM;
			sm->entities.n++;
		}
		qsort(sm->entities.v, sm->entities.n, sizeof(char *), cmp_str);
	}
	held = nw_rule_eval(st->match, present, st->nterms);
	if (st->exclude)
		vetoed = nw_rule_eval(st->exclude, present, st->nterms);
	sm->matched = held && !vetoed;
	sm->excluded = held && vetoed;
	m = nw_rule_explain(st->match, present, st->nterms, "match", "no match");
	if (!m)
		return -ENOMEM;
	if (st->exclude) {
		x = nw_rule_explain(st->exclude, present, st->nterms, "excluded", "not excluded");
		if (!x) {
			free(m);
			return -ENOMEM;
		}
		size_t len = strlen(m) + strlen(x) + 16;
		sm->explain = malloc(len);
		if (sm->explain)
			snprintf(sm->explain, len, "%s; exclude: %s", m, x);
		free(m);
		free(x);
		if (!sm->explain)
			return -ENOMEM;
	} else {
		sm->explain = m;
	}
	return 0;
}

int nw_storyset_classify(const struct nw_storyset *set, const char *title, const char *body,
			 struct nw_classification *out)
{
	struct scan s = { .set = set, .out = out };
	size_t tl, bl, i;
	int rc = -ENOMEM;

	memset(out, 0, sizeof(*out));
	if (!set)
		return -EINVAL;
	out->norm_title = nw_text_normalize(title ? title : "", title ? strlen(title) : 0, &tl);
	out->norm_body = nw_text_normalize(body ? body : "", body ? strlen(body) : 0, &bl);
	out->v = calloc(set->n ? set->n : 1, sizeof(*out->v));
	s.present = calloc(set->nterms_total ? set->nterms_total : 1, 1);
	s.cap = calloc(set->n ? set->n : 1, sizeof(*s.cap));
	if (!out->norm_title || !out->norm_body || !out->v || !s.present || !s.cap)
		goto fail;
	out->n = set->n;
	s.field = 0;
	nw_matcher_scan(set->m, out->norm_title, tl, 0, on_hit, &s);
	s.field = 1;
	if (!s.nomem)
		nw_matcher_scan(set->m, out->norm_body, bl, 0, on_hit, &s);
	if (s.nomem)
		goto fail;
	for (i = 0; i < set->n; i++)
		if (finish_story(&set->v[i], s.present + set->v[i].base, &out->v[i]))
			goto fail;
	rc = 0;
fail:
	free(s.present);
	free(s.cap);
	if (rc)
		nw_classification_free(out);
	return rc;
}

void nw_classification_free(struct nw_classification *c)
{
	size_t i, k;

	if (!c)
		return;
	for (i = 0; c->v && i < c->n; i++) {
		struct nw_story_match *sm = &c->v[i];
		for (k = 0; k < sm->entities.n; k++)
			free(sm->entities.v[k]);
		free(sm->entities.v);
		free(sm->hits);
		free(sm->explain);
	}
	free(c->v);
	free(c->norm_title);
	free(c->norm_body);
	memset(c, 0, sizeof(*c));
}
