/* html.c — the `html` source plugin: a listing page (a site without a feed) scraped into
 * items with XPath selectors from the conf, through libxml2's forgiving HTML parser. The
 * selectors are compiled once per instance; a bad one is an init() error naming the option. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* strdup, strcasecmp, strptime, timegm under -std=c11 too */
#endif
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* strptime */
#endif
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "../../daemon/newswatch-plugin.h"
#include "../../daemon/xmlsafe.h"

/* Pages bigger than this are refused rather than parsed. */
#define HTML_MAX_INPUT (64u << 20)
/* Items taken from one page; the rest are dropped with a warning. */
#define HTML_MAX_ITEMS 5000
/* One field's text is cut at this many bytes. */
#define HTML_MAX_FIELD (1u << 20)
/* XPath steps one page may cost (libxml2 counts them across evaluations of a context):
 * a selector of nested descendant steps on a big page would otherwise run for minutes. */
#define HTML_MAX_XPATH_OPS 50000000UL
/* And the time one page's items may take (libxml2 does not count all of its work as steps:
 * merging the node sets of a union under a descendant step on a page of nested items was
 * minutes of work within the limit above); the parse runs on the daemon's loop. */
#define HTML_MAX_ITEMS_MS 2000
/* How far into the page a <meta charset> is looked for (browsers look at 1024 bytes). */
#define HTML_SNIFF 8192
/* and, when none is there and the page is not UTF-8, how much further (a long inline script
 * before the <meta>: browsers change to the later one when they reach it) */
#define HTML_SNIFF_FAR (64u << 10)
#define HTML_MAX_WARNING 600
/* Alternatives one option may list ("A || B"). */
#define HTML_MAX_ALTS 8
#define HTML_STR_(x) #x
#define HTML_STR(x) HTML_STR_(x)

enum field { F_TITLE, F_LINK, F_DATE, F_SUMMARY, F_ID, F_NFIELDS };

struct html_ctx {
	/* options, at their offsets */
	char *item, *field[F_NFIELDS], *title_feed, *date_format, *timezone;
	/* compiled at init, freed at fini; a field's alternatives in order, NULL after the last */
	xmlXPathCompExprPtr x_item, x_field[F_NFIELDS][HTML_MAX_ALTS], x_title_feed[HTML_MAX_ALTS];
	int tz_set;
	int tz_minutes; /* east of UTC */
};

static const char *const field_names[F_NFIELDS] = { "title", "link", "date", "summary", "id" };

static const struct nw_option html_options[] = {
	{ "item", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct html_ctx, item), NW_OPT_REQUIRED | NW_OPT_INIT_CHECKS,
	  "XPath selecting each item's node in the page, e.g. //article or //ul[@class='news']/li." },
	/* the defaults try a heading before any link: a union would take whichever comes first
	 * in the page, such as a category link before the headline */
	{ "title", NW_OPT_STRING, ".//h1|.//h2|.//h3|.//h4 || descendant-or-self::a", 0, 0, NULL,
	  offsetof(struct html_ctx, field[F_TITLE]), NW_OPT_EMPTY_OK,
	  "XPath relative to the item node for its title (text of the first non-empty match); "
	  "by default a heading, else a link's text. Here and in link, date, summary, id and "
	  "title_feed, alternatives written A || B are tried in turn: the first that gives a "
	  "value wins; left empty (date =), the field is not read." },
	/* the first link in a heading, found without a union under a descendant step, which
	 * on a page of nested items (unclosed <div>s: each item holds all after it) cost cubic
	 * time; [1] on a step lets libxml2 stop at the first, and the same without it is tried
	 * when that one is dead (href="#", javascript:) */
	{ "link", NW_OPT_STRING,
	  "descendant::a[ancestor::h1 or ancestor::h2 or ancestor::h3 or ancestor::h4][1]/@href"
	  " || descendant::a[ancestor::h1 or ancestor::h2 or ancestor::h3 or ancestor::h4]/@href"
	  " || descendant-or-self::a[.//h1|.//h2|.//h3|.//h4]/@href || descendant-or-self::a[1]/@href"
	  " || descendant-or-self::a/@href",
	  0, 0, NULL,
	  offsetof(struct html_ctx, field[F_LINK]), NW_OPT_EMPTY_OK,
	  "XPath relative to the item for its link (an attribute, or an element's href), resolved "
	  "against <base href> and the page URL; by default the link in a heading, else a link "
	  "around one, else the first link." },
	{ "date", NW_OPT_STRING, ".//time/@datetime", 0, 0, NULL,
	  offsetof(struct html_ctx, field[F_DATE]), NW_OPT_EMPTY_OK,
	  "XPath relative to the item for its publication date (RFC 822/3339, 2023-11-20 07:53, "
	  "2023.11.20, 2023年11月20日, 2023년 11월 20일 ...; or how long before the page was fetched: "
	  "3 hours ago, 3시간 전, 3時間前, just now, which a replay does not read)." },
	{ "summary", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct html_ctx, field[F_SUMMARY]),
	  NW_OPT_EMPTY_OK,
	  "XPath relative to the item for its summary, as plain text; none by default." },
	{ "id", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct html_ctx, field[F_ID]), NW_OPT_EMPTY_OK,
	  "XPath relative to the item for a stable id (e.g. @data-id); none by default (the link "
	  "identifies the item)." },
	{ "title_feed", NW_OPT_STRING, "/html/head/title", 0, 0, NULL,
	  offsetof(struct html_ctx, title_feed), NW_OPT_EMPTY_OK,
	  "XPath over the whole page for the feed's title (A || B: alternatives in turn)." },
	{ "date_format", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct html_ctx, date_format), 0,
	  "strptime(3) format tried first on the date text, e.g. %d/%m/%Y %H:%M; none by default. "
	  "With %z the text's offset applies, not timezone; without a year (%m.%d %H:%M) the date is "
	  "this year's, or last year's when this year's is still to come." },
	{ "timezone", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct html_ctx, timezone), 0,
	  "Offset of dates the page writes without a zone, e.g. +09:00; default: UTC, or +09:00 "
	  "for dates written with Korean/Japanese markers or on a page whose lang is ko or ja "
	  "(+08:00 for zh)." },
	{ NULL, 0, NULL, 0, 0, NULL, 0, 0, NULL },
};

/* ---- text ---- */

/* The visible text under root, iteratively (no recursion on the page's depth). */
static void collect(const xmlNode *root, struct nw_buf *b)
{
	const xmlNode *n = root;

	while (n && !b->oom && b->len < HTML_MAX_FIELD) {
		int descend = 0;

		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				nw_buf_add(b, (const char *)n->content, strlen((const char *)n->content));
		} else if (n->type == XML_ELEMENT_NODE && (n == root || !nw_html_element_hidden((const char *)n->name))) {
			if (nw_html_element_breaks((const char *)n->name))
				nw_buf_add(b, " ", 1);
			descend = n->children != NULL;
		}
		if (descend) {
			n = n->children;
			continue;
		}
		if (n == root)
			break;
		while (n != root && !n->next) {
			n = n->parent;
			if (n && n->type == XML_ELEMENT_NODE && nw_html_element_breaks((const char *)n->name))
				nw_buf_add(b, " ", 1);
		}
		if (!n || n == root)
			break;
		n = n->next;
	}
}

/* A node's text, white space collapsed; "" when it has none; NULL when out of memory.
 * An element asked for as a link gives its href (or src) when it has one. */
static char *node_text(const xmlNode *n, int as_link)
{
	struct nw_buf b = { .max = HTML_MAX_FIELD };
	char *out;

	nw_buf_add(&b, "", 0);
	if (n->type == XML_ATTRIBUTE_NODE || n->type == XML_TEXT_NODE ||
	    n->type == XML_CDATA_SECTION_NODE) {
		xmlChar *v = xmlNodeGetContent(n);

		if (v) {
			nw_buf_add(&b, (const char *)v, strlen((const char *)v));
			xmlFree(v);
		}
	} else if (n->type == XML_ELEMENT_NODE) {
		xmlChar *href = as_link ? xmlGetProp(n, (const xmlChar *)"href") : NULL;

		if (as_link && !href)
			href = xmlGetProp(n, (const xmlChar *)"src");
		if (href) {
			nw_buf_add(&b, (const char *)href, strlen((const char *)href));
			xmlFree(href);
		} else {
			collect(n, &b);
		}
	} else if (n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE) {
		collect(xmlDocGetRootElement((xmlDocPtr)n), &b);
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	out = nw_collapse_ws(b.p, b.len);
	free(b.p);
	return out;
}

/* ---- dates ---- */

/* "+09:00", "-0500", "+9", "UTC", "Z", "GMT" into minutes east of UTC. */
static int parse_offset(const char *s, int *minutes)
{
	int sign, h = 0, m = 0, nd = 0;

	if (!strcasecmp(s, "UTC") || !strcasecmp(s, "GMT") || !strcasecmp(s, "Z")) {
		*minutes = 0;
		return 0;
	}
	if (!strncasecmp(s, "UTC", 3) || !strncasecmp(s, "GMT", 3))
		s += 3;
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	while (isdigit((unsigned char)*s) && nd < 2) {
		h = h * 10 + (*s++ - '0');
		nd++;
	}
	if (!nd)
		return -1;
	if (*s == ':')
		s++;
	if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1])) {
		m = (s[0] - '0') * 10 + (s[1] - '0');
		s += 2;
	}
	if (*s || h > 14 || m > 59)
		return -1;
	*minutes = sign * (h * 60 + m);
	return 0;
}

static int starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Korean and Japanese date/time markers (UTF-8) and what they stand for. */
#define KO_YEAR "\xEB\x85\x84"          /* 년 */
#define KO_MONTH "\xEC\x9B\x94"         /* 월 */
#define KO_DAY "\xEC\x9D\xBC"           /* 일 */
#define KO_HOUR "\xEC\x8B\x9C"          /* 시 */
#define KO_MIN "\xEB\xB6\x84"           /* 분 */
#define KO_AM "\xEC\x98\xA4\xEC\xA0\x84" /* 오전 */
#define KO_PM "\xEC\x98\xA4\xED\x9B\x84" /* 오후 */
#define JA_YEAR "\xE5\xB9\xB4"          /* 年 */
#define JA_MONTH "\xE6\x9C\x88"         /* 月 */
#define JA_DAY "\xE6\x97\xA5"           /* 日 */
#define JA_HOUR "\xE6\x99\x82"          /* 時 */
#define JA_MIN "\xE5\x88\x86"           /* 分 */
#define JA_AM "\xE5\x8D\x88\xE5\x89\x8D" /* 午前 */
#define JA_PM "\xE5\x8D\x88\xE5\xBE\x8C" /* 午後 */

static const char *skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

/* One of the given separators at s: its length, or 0. */
static size_t sep_at(const char *s, const char *const *seps, int *cjk)
{
	for (; *seps; seps++)
		if (starts(s, *seps)) {
			*cjk |= (unsigned char)**seps >= 0x80;
			return strlen(*seps);
		}
	return 0;
}

static const char *number(const char *s, int maxd, int *v)
{
	int n = 0;

	*v = 0;
	while (n < maxd && isdigit((unsigned char)s[n])) {
		*v = *v * 10 + (s[n] - '0');
		n++;
	}
	return n && !isdigit((unsigned char)s[n]) ? s + n : NULL;
}

/* am/pm marker at s: 1 am, 2 pm, 0 none; *s moved past it. */
static int meridiem(const char **s, int *cjk)
{
	static const struct {
		const char *w;
		int v, cjk;
	} m[] = { { KO_AM, 1, 1 }, { KO_PM, 2, 1 }, { JA_AM, 1, 1 }, { JA_PM, 2, 1 },
		  { "AM", 1, 0 }, { "PM", 2, 0 }, { "am", 1, 0 }, { "pm", 2, 0 },
		  { "a.m.", 1, 0 }, { "p.m.", 2, 0 } };

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (starts(*s, m[i].w)) {
			*s += strlen(m[i].w);
			*cjk |= m[i].cjk;
			return m[i].v;
		}
	return 0;
}

/* A zone written right after the time: Z, +hh[:mm], -hh[:mm] or a capitalised abbreviation. */
static int zone_follows(const char *s)
{
	size_t n = 0;

	s = skip_spaces(s);
	if ((*s == '+' || *s == '-') && isdigit((unsigned char)s[1]))
		return 1;
	if (*s == 'Z' && !isalpha((unsigned char)s[1]))
		return 1;
	while (isupper((unsigned char)s[n]))
		n++;
	return n >= 3 && n <= 5 && s[n] != '.';
}

/* The first year-month-day date (and the time after it) anywhere in s, as page listings
 * write them: 2023-11-20 07:53, 2023.11.20., 2023/11/20, 2023年11月20日(月) 7時53分,
 * 2023년 11월 20일 오후 3:12. The time is local: seconds since the epoch as if it were
 * UTC. *cjk says whether Korean/Japanese markers were used, *zone whether a zone follows. */
static int64_t scan_date(const char *s, int *cjk, int *zone)
{
	static const char *const ysep[] = { "-", ".", "/", KO_YEAR, JA_YEAR, NULL };
	static const char *const msep[] = { "-", ".", "/", KO_MONTH, JA_MONTH, NULL };
	static const char *const dsuf[] = { KO_DAY, JA_DAY, ".", NULL };
	static const char *const hsep[] = { ":", KO_HOUR, JA_HOUR, NULL };
	static const char *const msuf[] = { ":", KO_MIN, JA_MIN, NULL };
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	size_t limit = strnlen(s, 512);

	for (size_t i = 0; i + 8 <= limit; i++) {
		const char *p = s + i, *q;
		int y, mo, d, h = 0, mi = 0, sec = 0, mer, c = 0;
		size_t n;
		struct tm tm = { 0 };

		if (i && isdigit((unsigned char)s[i - 1]))
			continue;
		if (!(p = number(p, 4, &y)) || p - (s + i) != 4 || y < 1970 || y > 2200)
			continue;
		p = skip_spaces(p);
		if (!(n = sep_at(p, ysep, &c)))
			continue;
		if (!(p = number(skip_spaces(p + n), 2, &mo)) || mo < 1 || mo > 12)
			continue;
		p = skip_spaces(p);
		if (!(n = sep_at(p, msep, &c)))
			continue;
		if (!(p = number(skip_spaces(p + n), 2, &d)) || d < 1 || d > mdays[mo - 1] ||
		    (mo == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400))))
			continue;
		if ((n = sep_at(p, dsuf, &c)))
			p += n;
		/* (Mon), (월), (月): skip a short parenthesised weekday */
		q = skip_spaces(p);
		if (*q == '(' || starts(q, "\xEF\xBC\x88")) { /* ( or fullwidth （ */
			const char *e = q + 1;

			while (*e && *e != ')' && !starts(e, "\xEF\xBC\x89") && e - q < 16)
				e++;
			if (*e == ')' || starts(e, "\xEF\xBC\x89")) {
				/* a weekday of one character, (火), (화): Japanese or Korean, as 年月日 would say */
				const char *in = q + (*q == '(' ? 1 : 3);

				c |= e - in == 3 && (unsigned char)*in >= 0xE0;
				p = e + (*e == ')' ? 1 : 3);
			}
		}
		/* an optional time, an am/pm marker before or after it */
		q = skip_spaces(p);
		if (*q == 'T')
			q++;
		mer = meridiem(&q, &c);
		q = skip_spaces(q);
		{
			const char *t;
			int hh, mm, ss = 0;

			if ((t = number(q, 2, &hh)) && (n = sep_at(t, hsep, &c)) &&
			    (t = number(skip_spaces(t + n), 2, &mm)) && hh < 24 && mm < 60) {
				if (*t == ':' && isdigit((unsigned char)t[1])) {
					const char *u = number(t + 1, 2, &ss);

					if (u && ss < 61) {
						t = u;
						while (*t == '.' || *t == ',' || isdigit((unsigned char)*t))
							t++; /* fractions of a second */
					} else {
						ss = 0;
					}
				} else if ((n = sep_at(t, msuf + 1, &c))) {
					t += n;
				}
				if (!mer) {
					const char *u = skip_spaces(t);

					mer = meridiem(&u, &c);
					if (mer)
						t = u;
				}
				if (mer && hh >= 1 && hh <= 12)
					hh = hh % 12 + (mer == 2 ? 12 : 0);
				h = hh;
				mi = mm;
				sec = ss;
				p = t;
			}
		}
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_sec = sec > 59 ? 59 : sec;
		*cjk = c;
		*zone = zone_follows(p);
		return (int64_t)timegm(&tm);
	}
	return NW_TIME_NONE;
}

/* Whether "ago", 전 or 前 ends at s: not "agog", 전국 (nationwide) or 前後 (about); 전에
 * (전 with the particle of time) and 前に do end. */
static int ago_ends(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;

	if (u[0] < 0x80)
		return !isalpha(u[0]);
	if ((u[0] & 0xF0) != 0xE0 || !u[1] || !u[2])
		return 1;
	cp = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
	if (cp >= 0xAC00 && cp <= 0xD7A3) /* a Hangul syllable goes on with the word, but 에 */
		return cp == 0xC5D0;
	return !(cp >= 0x4E00 && cp <= 0x9FFF); /* an ideograph too; kana and punctuation end it */
}

/* "3 hours ago", "3시간 전", "3時間前", "3小时前", "just now", "방금": how long before now, as
 * listings write their newest items (Korean and Japanese portals most of all). The first
 * such phrase in s; a count in the unit it names (the page says "3 hours" for 3 to 4). */
static int64_t relative_date(const char *s, int64_t now)
{
	static const struct {
		const char *w;
		int64_t sec;
	} units[] = { /* a longer word before its prefix */
		{ "seconds", 1 }, { "second", 1 }, { "secs", 1 }, { "sec", 1 },
		{ "minutes", 60 }, { "minute", 60 }, { "mins", 60 }, { "min", 60 },
		{ "hours", 3600 }, { "hour", 3600 }, { "hrs", 3600 }, { "hr", 3600 },
		{ "days", 86400 }, { "day", 86400 }, { "weeks", 604800 }, { "week", 604800 },
		{ "months", 2592000 }, { "month", 2592000 },
		{ "\xEC\xB4\x88", 1 },                          /* 초 */
		{ KO_MIN, 60 },                                    /* 분 */
		{ KO_HOUR "\xEA\xB0\x84", 3600 },               /* 시간 */
		{ KO_DAY, 86400 },                                 /* 일 */
		{ "\xEC\xA3\xBC", 604800 },                     /* 주 */
		{ "\xEA\xB0\x9C" KO_MONTH, 2592000 },           /* 개월 */
		{ "\xE7\xA7\x92", 1 },                          /* 秒 */
		{ JA_MIN "\xE9\x92\x9F", 60 },                  /* 分钟 */
		{ JA_MIN, 60 },                                    /* 分 */
		{ JA_HOUR "\xE9\x96\x93", 3600 },               /* 時間 */
		{ "\xE5\xB0\x8F\xE6\x97\xB6", 3600 },        /* 小时 */
		{ "\xE5\xB0\x8F\xE6\x99\x82", 3600 },        /* 小時 */
		{ JA_DAY, 86400 },                                 /* 日 */
		{ "\xE5\xA4\xA9", 86400 },                      /* 天 */
		{ "\xE9\x80\xB1\xE9\x96\x93", 604800 },      /* 週間 */
		{ "\xE5\x91\xA8", 604800 },                     /* 周 */
		{ "\xE3\x81\x8B" JA_MONTH, 2592000 },           /* か月 */
		{ "\xE3\x83\xB6" JA_MONTH, 2592000 },           /* ヶ月 */
		{ "\xE4\xB8\xAA" JA_MONTH, 2592000 },           /* 个月 */
	};
	static const char *const ago[] = { "ago", "\xEC\xA0\x84" /* 전 */, "\xE5\x89\x8D" /* 前 */, NULL };
	static const char *const just[] = { "just now", "moments ago", "\xEB\xB0\xA9\xEA\xB8\x88" /* 방금 */,
					    "\xE3\x81\x9F\xE3\x81\xA3\xE3\x81\x9F\xE4\xBB\x8A" /* たった今 */,
					    "\xE5\x88\x9A\xE5\x88\x9A" /* 刚刚 */, NULL };
	size_t limit = strnlen(s, 512);

	for (size_t i = 0; i < limit; i++) {
		const char *p = s + i;
		int64_t n = 0, tenths = 0;
		int nd = 0;

		if (i && (isalnum((unsigned char)s[i - 1]) ||
			  (i >= 2 && (s[i - 1] == '.' || s[i - 1] == ',') && isdigit((unsigned char)s[i - 2]))))
			continue; /* not where a word or a number starts */
		for (const char *const *w = just; *w; w++)
			if (!strncasecmp(p, *w, strlen(*w)) && !isalpha((unsigned char)p[strlen(*w)]))
				return now; /* ("just nowhere" is not) */
		if (!strncasecmp(p, "an ", 3) || !strncasecmp(p, "a ", 2)) {
			n = 1; /* "an hour ago" */
			p += p[1] == ' ' ? 2 : 3;
		} else {
			while (isdigit((unsigned char)p[nd]) && nd < 5)
				n = n * 10 + (p[nd++] - '0');
			if (!nd || nd == 5)
				continue;
			p += nd;
			if ((*p == '.' || *p == ',') && isdigit((unsigned char)p[1])) { /* 1.5 hours */
				tenths = p[1] - '0';
				for (p += 2; isdigit((unsigned char)*p); p++)
					;
			}
		}
		p = skip_spaces(p);
		for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
			size_t ul = strlen(units[u].w);
			const char *q = p + ul;

			if (strncasecmp(p, units[u].w, ul))
				continue;
			if ((unsigned char)units[u].w[0] < 0x80 && isalpha((unsigned char)*q))
				break; /* "min" of "minister" */
			if (*q == '.')
				q++;
			q = skip_spaces(q);
			for (const char *const *a = ago; *a; a++)
				if (!strncasecmp(q, *a, strlen(*a)) && ago_ends(q + strlen(*a)))
					return now - n * units[u].sec - tenths * units[u].sec / 10;
			break;
		}
	}
	return NW_TIME_NONE;
}

/* A date with a year of two digits, as Korean and Japanese listings write it (25.11.20,
 * 25/11/20 14:30), which reads as YY.MM.DD there, DD.MM.YY in Europe, MM/DD/YY in the US:
 * on a Korean, Japanese or Chinese page YY.MM.DD unless that is after now (and a day), else
 * the reading latest but not after now; with no now (a replay) YY.MM.DD on such a page.
 * Its time (14:30, 오후 3:12, 3:12 PM) as if in UTC; *cjk set by a Korean or Japanese
 * marker. NW_TIME_NONE: none such, or no reading to prefer (nw_date_parse's then). */
static int64_t short_year_date(const char *s, int64_t now, int cjk_page, int *cjk)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	size_t limit = strnlen(s, 512);

	for (size_t i = 0; i + 6 <= limit; i++) {
		const char *p = s + i;
		int a, b, c, h = 0, mi = 0, sec = 0, best = -1, mer = 0;
		int64_t when[3], chosen = NW_TIME_NONE;
		char sep;

		if (i && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '.' || s[i - 1] == '/' || s[i - 1] == '-'))
			continue;
		if (!(p = number(p, 2, &a)) || p - (s + i) != 2)
			continue;
		sep = *p;
		if ((sep != '.' && sep != '/' && sep != '-') || !(p = number(p + 1, 2, &b)) || *p != sep ||
		    !(p = number(p + 1, 2, &c)) || isdigit((unsigned char)*p) ||
		    ((*p == '.' || *p == '/' || *p == '-') && isdigit((unsigned char)p[1])))
			continue;
		{ /* a time after it: "25.11.20. 14:30", "11/20/25, 3:12 PM", "25.11.20 오후 3:12" */
			const char *q = p, *u;
			int hh, mm, ss = 0;
			if (*q == '.' || *q == ',')
				q++;
			if (*q == ',')
				q++;
			q = skip_spaces(q);
			mer = meridiem(&q, cjk);
			q = skip_spaces(q);
			if ((u = number(q, 2, &hh)) && *u == ':' && (u = number(u + 1, 2, &mm)) && hh < 24 &&
			    mm < 60) {
				const char *v;
				if (*u == ':' && (v = number(u + 1, 2, &ss))) {
					u = v;
					ss = ss > 59 ? 59 : ss;
				} else {
					ss = 0;
				}
				if (!mer) {
					v = skip_spaces(u);
					mer = meridiem(&v, cjk);
				}
				if (mer && hh >= 1 && hh <= 12)
					hh = hh % 12 + (mer == 2 ? 12 : 0);
				h = hh, mi = mm, sec = ss;
			}
		}
		/* 0: YY.MM.DD, 1: DD.MM.YY, 2: MM/DD/YY */
		for (int r = 0; r < 3; r++) {
			int y = r == 0 ? a : c, mo = r == 0 ? b : r == 1 ? b : a, d = r == 0 ? c : r == 1 ? a : b;
			struct tm tm = { 0 };
			when[r] = NW_TIME_NONE;
			if ((r == 2 && sep != '/') || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
			    (mo == 2 && d == 29 && y % 4))
				continue;
			tm.tm_year = 100 + y, tm.tm_mon = mo - 1, tm.tm_mday = d;
			tm.tm_hour = h, tm.tm_min = mi, tm.tm_sec = sec;
			when[r] = (int64_t)timegm(&tm);
		}
		if (now) {
			if (cjk_page && when[0] != NW_TIME_NONE && when[0] <= now + 86400)
				best = 0;
			for (int r = 0; r < 3 && !(cjk_page && best == 0); r++)
				if (when[r] != NW_TIME_NONE && when[r] <= now + 86400 && (best < 0 || when[r] > when[best]))
					best = r;
			if (best >= 0)
				chosen = when[best];
		} else if (cjk_page) {
			chosen = when[0];
		}
		return chosen;
	}
	return NW_TIME_NONE;
}

/* A date as the page writes it; now is when it was read, for "3 hours ago" (0: not read);
 * lang_offset: minutes east of UTC of the page's language (Korean, Japanese: 540; Chinese:
 * 480), or -1, for dates it writes without a zone (unless timezone says otherwise). */
static int64_t page_date(const struct html_ctx *c, const char *s, int64_t now, int lang_offset)
{
	int64_t t;
	int cjk = 0, zone = 0;
	/* a zone-less date's offset: the configured one, or the page's language's */
	int offset = c->tz_set ? c->tz_minutes : lang_offset >= 0 ? lang_offset : 0;

	if (!s || !*s)
		return NW_TIME_NONE;
	if (c->date_format) {
		struct tm tm = { 0 };
		const char *end;
		int with_zone = strstr(c->date_format, "%z") != NULL;

		tm.tm_mday = 1;
		tm.tm_year = -20000; /* left so: the format has no year */
		end = strptime(s, c->date_format, &tm);
		if (end && tm.tm_year == -20000 && now) {
			/* "11.20 14:30": of the years about now's, the latest not after it */
			time_t n = (time_t)now;
			struct tm nt;
			int64_t pick = NW_TIME_NONE;
			gmtime_r(&n, &nt);
			for (int y = nt.tm_year + 1; y >= nt.tm_year - 1 && pick == NW_TIME_NONE; y--) {
				struct tm k = tm;
				k.tm_year = y;
				if ((int64_t)timegm(&k) - (int64_t)offset * 60 <= now + 86400)
					pick = y;
			}
			tm.tm_year = pick == NW_TIME_NONE ? nt.tm_year - 1 : (int)pick;
		}
		if (end && tm.tm_year >= 70) {
			long off = tm.tm_gmtoff; /* %z: the offset the text gives (timegm clears it) */
			t = (int64_t)timegm(&tm);
			if (with_zone)
				return t - off;
			return t - (int64_t)offset * 60;
		}
	}
	/* a zone-less numeric date with a configured zone, or on a Korean, Japanese or Chinese
	 * page: ours, not the core's guess (UTC); and a full date, if the text has one, before
	 * one of two-digit year ("Ver. 12.5.3 — 2024-11-20 10:00") */
	t = scan_date(s, &cjk, &zone);
	if (t != NW_TIME_NONE && !zone && (c->tz_set || lang_offset >= 0))
		return t - (int64_t)offset * 60;
	if (t == NW_TIME_NONE) {
		t = short_year_date(s, now, lang_offset >= 0, &cjk);
		if (t != NW_TIME_NONE)
			return t - (int64_t)(c->tz_set || lang_offset >= 0 ? offset : cjk ? 540 : 0) * 60;
	}
	t = nw_date_parse(s);
	if (t != NW_TIME_NONE)
		return t;
	t = scan_date(s, &cjk, &zone);
	if (t == NW_TIME_NONE)
		return now ? relative_date(s, now) : t;
	/* Korea and Japan are both UTC+9; a page that writes 年月日 or 년월일 is almost surely
	 * on their time */
	return t - (int64_t)(c->tz_set || lang_offset >= 0 ? offset : cjk ? 540 : 0) * 60;
}

/* ---- XPath ---- */

struct xerr {
	char msg[200];
};

/* libxml2 hands XPath errors over with a code and a position but no text. */
static const char *xpath_message(int code)
{
	static const char *const m[] = {
		"ok", "number encoding", "unfinished literal", "start of literal",
		"expected $ for variable reference", "undefined variable", "invalid predicate",
		"invalid expression", "missing closing bracket", "unregistered function",
		"invalid operand", "invalid type", "invalid number of arguments",
		"invalid context size", "invalid context position", "memory allocation failed",
		"syntax error", "resource error", "sub resource error", "undefined namespace prefix",
		"encoding error", "invalid character", "invalid or incomplete context",
		"stack usage error", "forbidden variable", "operation limit exceeded",
		"recursion limit exceeded",
	};
	int i = code - XML_XPATH_EXPRESSION_OK;

	return i >= 0 && i < (int)(sizeof(m) / sizeof(m[0])) ? m[i] : "error";
}

static void on_xpath_error(void *data, xmlErrorPtr e)
{
	struct xerr *x = data;

	if (!x || !e || x->msg[0])
		return;
	if (e->message)
		snprintf(x->msg, sizeof(x->msg), "%s", e->message);
	else if (e->str1)
		snprintf(x->msg, sizeof(x->msg), "%s at offset %d", xpath_message(e->code), e->int1);
	else
		snprintf(x->msg, sizeof(x->msg), "%s", xpath_message(e->code));
	for (size_t l = strlen(x->msg); l && (x->msg[l - 1] == '\n' || x->msg[l - 1] == ' ');)
		x->msg[--l] = '\0';
}

/* libxml2 reports some evaluation errors (an unknown function) through its generic error
 * function too, which would print on stderr: silence it around our calls. It is per-thread
 * state, restored right after. */
static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static xmlXPathObjectPtr eval_quiet(xmlXPathCompExprPtr comp, xmlXPathContextPtr xc)
{
	xmlGenericErrorFunc old = xmlGenericError;
	void *old_ctx = xmlGenericErrorContext;
	xmlXPathObjectPtr r;

	xmlSetGenericErrorFunc(NULL, silent);
	r = xmlXPathCompiledEval(comp, xc);
	xmlSetGenericErrorFunc(old_ctx, old);
	return r;
}

/* Functions XPath 1.0 has (libxml2 registers these and no others in a fresh context), with
 * the arguments each takes (-1: no most), the node tests written like calls, and operators
 * that may precede "(" (min -1: no count to check). */
static const struct {
	const char *name;
	int min, max;
} xpath_functions[] = {
	{ "last", 0, 0 }, { "position", 0, 0 }, { "count", 1, 1 }, { "id", 1, 1 },
	{ "local-name", 0, 1 }, { "namespace-uri", 0, 1 }, { "name", 0, 1 }, { "string", 0, 1 },
	{ "concat", 2, -1 }, { "starts-with", 2, 2 }, { "contains", 2, 2 },
	{ "substring-before", 2, 2 }, { "substring-after", 2, 2 }, { "substring", 2, 3 },
	{ "string-length", 0, 1 }, { "normalize-space", 0, 1 }, { "translate", 3, 3 },
	{ "boolean", 1, 1 }, { "not", 1, 1 }, { "true", 0, 0 }, { "false", 0, 0 }, { "lang", 1, 1 },
	{ "number", 0, 1 }, { "sum", 1, 1 }, { "floor", 1, 1 }, { "ceiling", 1, 1 }, { "round", 1, 1 },
	{ "escape-uri", 2, 2 }, { "node", 0, 0 }, { "text", 0, 0 }, { "comment", 0, 0 },
	{ "processing-instruction", 0, 1 }, { "and", -1, -1 }, { "or", -1, -1 }, { "div", -1, -1 },
	{ "mod", -1, -1 }, { NULL, 0, 0 },
};

/* The arguments of the call whose "(" is at p: top-level commas counted, strings and nested
 * parentheses and brackets skipped; -1 when it is not closed (the compiler reports that). */
static int call_args(const char *p)
{
	int depth = 0, args = 0, any = 0;

	for (p++; *p; p++) {
		if (*p == '"' || *p == '\'') {
			const char *q = strchr(p + 1, *p);
			if (!q)
				return -1;
			p = q;
			any = 1;
		} else if (*p == '(' || *p == '[') {
			depth++;
			any = 1;
		} else if ((*p == ')' || *p == ']') && depth) {
			depth--;
		} else if (*p == ')') {
			return any ? args + 1 : 0;
		} else if (*p == ',' && !depth) {
			args++;
		} else if (!isspace((unsigned char)*p)) {
			any = 1;
		}
	}
	return -1;
}

/* What fails only when evaluated, and maybe not on every page, caught when the conf is
 * read: a function libxml2 does not have or given other than its number of arguments
 * (contains(@class)), a variable, a namespace prefix (an HTML page has none). 0, or -EINVAL
 * with why in bad. */
static int check_names(const char *e, char *bad, size_t badlen)
{
	while (*e) {
		const char *start = e, *after;
		size_t n;
		int known = 0;

		if (*e == '"' || *e == '\'') {
			const char *q = strchr(e + 1, *e);

			if (!q)
				return 0; /* the compiler reports it */
			e = q + 1;
			continue;
		}
		if (*e == '$') {
			snprintf(bad, badlen, "variables ($) are not available");
			return -EINVAL;
		}
		if (!isalpha((unsigned char)*e) && *e != '_') {
			e++;
			continue;
		}
		while (isalnum((unsigned char)*e) || *e == '_' || *e == '-' || *e == '.' ||
		       (*e == ':' && e[1] != ':' && e > start && e[-1] != ':'))
			e++;
		n = (size_t)(e - start);
		if (memchr(start, ':', n)) {
			snprintf(bad, badlen, "no namespace prefixes in an HTML page (%.*s)",
				 (int)(n < 64 ? n : 64), start);
			return -EINVAL;
		}
		for (after = e; *after == ' ' || *after == '\t' || *after == '\n'; after++)
			;
		if (*after != '(')
			continue;
		for (size_t f = 0; xpath_functions[f].name && !known; f++)
			if (strlen(xpath_functions[f].name) == n && !strncmp(xpath_functions[f].name, start, n))
				known = (int)f + 1;
		if (!known) {
			snprintf(bad, badlen, "no function %.*s()", (int)(n < 64 ? n : 64), start);
			return -EINVAL;
		}
		{
			int min = xpath_functions[known - 1].min, max = xpath_functions[known - 1].max;
			int args = min >= 0 ? call_args(after) : -1;
			if (args >= 0 && (args < min || (max >= 0 && args > max))) {
				char want[40];
				if (min == max)
					snprintf(want, sizeof want, "%d argument%s", min, min == 1 ? "" : "s");
				else if (max < 0)
					snprintf(want, sizeof want, "%d arguments or more", min);
				else
					snprintf(want, sizeof want, "%d to %d arguments", min, max);
				snprintf(bad, badlen, "%.*s() takes %s, not %d", (int)(n < 64 ? n : 64), start, want, args);
				return -EINVAL;
			}
		}
	}
	return 0;
}

static void free_alts(xmlXPathCompExprPtr *alts)
{
	for (int i = 0; i < HTML_MAX_ALTS; i++) {
		xmlXPathFreeCompExpr(alts[i]);
		alts[i] = NULL;
	}
}

static void html_fini(void *vctx)
{
	struct html_ctx *c = vctx;

	xmlXPathFreeCompExpr(c->x_item);
	c->x_item = NULL;
	for (int f = 0; f < F_NFIELDS; f++)
		free_alts(c->x_field[f]);
	free_alts(c->x_title_feed);
}

static int compile(xmlXPathContextPtr xc, struct xerr *xe, const char *name, const char *expr,
		   xmlXPathCompExprPtr *out, char *err, size_t errlen)
{
	char why[120];

	*out = NULL;
	if (!expr || !*expr)
		return 0;
	if (check_names(expr, why, sizeof(why))) {
		snprintf(err, errlen, "%s: invalid XPath '%.200s': %s", name, expr, why);
		return -EINVAL;
	}
	xe->msg[0] = '\0';
	*out = xmlXPathCtxtCompile(xc, (const xmlChar *)expr);
	if (!*out) {
		snprintf(err, errlen, "%s: invalid XPath '%.200s'%s%s", name, expr,
			 xe->msg[0] ? ": " : "", xe->msg);
		return -EINVAL;
	}
	return 0;
}

/* The next "||" outside string literals in s, or NULL. */
static const char *next_or(const char *s)
{
	char quote = 0;

	for (; *s; s++) {
		if (quote)
			quote = *s == quote ? 0 : quote;
		else if (*s == '"' || *s == '\'')
			quote = *s;
		else if (s[0] == '|' && s[1] == '|')
			return s;
	}
	return NULL;
}

/* expr's alternatives, "A || B || C", into out[] in order. '||' is no XPath 1.0 operator:
 * an expression without one outside quotes is compiled whole, as it always was. */
static int compile_alts(xmlXPathContextPtr xc, struct xerr *xe, const char *name, const char *expr,
			xmlXPathCompExprPtr *out, char *err, size_t errlen)
{
	const char *start = expr, *end;
	int n = 0, rc = 0;

	if (!expr || !next_or(expr))
		return compile(xc, xe, name, expr, &out[0], err, errlen);
	do {
		char *alt;
		size_t len;

		end = next_or(start);
		len = end ? (size_t)(end - start) : strlen(start);
		while (len && isspace((unsigned char)*start)) {
			start++;
			len--;
		}
		while (len && isspace((unsigned char)start[len - 1]))
			len--;
		if (!len) {
			snprintf(err, errlen, "%s: an empty alternative in '%.200s'", name, expr);
			return -EINVAL;
		}
		if (n == HTML_MAX_ALTS) {
			snprintf(err, errlen, "%s: more than %d alternatives in '%.200s'", name,
				 HTML_MAX_ALTS, expr);
			return -EINVAL;
		}
		alt = strndup(start, len);
		if (!alt) {
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		rc = compile(xc, xe, name, alt, &out[n++], err, errlen);
		free(alt);
		start = end ? end + 2 : NULL;
	} while (!rc && end);
	return rc;
}

/* err: the message of one more mistake after those already in it ("; " between): every
 * mistake of a feed's selectors is said at once, not one per --check-config. */
static void add_err(char *err, size_t errlen, const char *one)
{
	size_t o = strlen(err);

	if (o + 2 < errlen)
		snprintf(err + o, errlen - o, "%s%s", o ? "; " : "", one);
}

static int html_init(void *vctx, char *err, size_t errlen)
{
	struct html_ctx *c = vctx;
	struct xerr xe = { "" };
	xmlXPathContextPtr xc;
	char one[512];
	int rc = 0, r;

	html_fini(c); /* a second init() must not leak the first one's expressions */
	if (errlen)
		err[0] = '\0';
	if (!c->item || !*c->item) {
		add_err(err, errlen, "item: required (an XPath selecting each item, e.g. //article)");
		rc = -EINVAL;
	}
	c->tz_set = 0;
	if (c->timezone && *c->timezone) {
		if (parse_offset(c->timezone, &c->tz_minutes)) {
			snprintf(one, sizeof one, "timezone: '%.64s' is not an offset like +09:00 or UTC", c->timezone);
			add_err(err, errlen, one);
			rc = -EINVAL;
		} else {
			c->tz_set = 1;
		}
	}
	xmlInitParser();
	xc = xmlXPathNewContext(NULL);
	if (!xc) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	xc->error = on_xpath_error;
	xc->userData = &xe;
	if (c->item && *c->item && (r = compile(xc, &xe, "item", c->item, &c->x_item, one, sizeof one))) {
		add_err(err, errlen, one);
		rc = rc ? rc : r;
	}
	for (int f = 0; f < F_NFIELDS && rc != -ENOMEM; f++)
		if ((r = compile_alts(xc, &xe, field_names[f], c->field[f], c->x_field[f], one, sizeof one))) {
			add_err(err, errlen, one);
			rc = rc ? rc : r;
		}
	if (rc != -ENOMEM && (r = compile_alts(xc, &xe, "title_feed", c->title_feed, c->x_title_feed, one, sizeof one))) {
		add_err(err, errlen, one);
		rc = rc ? rc : r;
	}
	xmlXPathFreeContext(xc);
	if (rc)
		html_fini(c);
	return rc;
}

struct page {
	const struct html_ctx *c;
	xmlDocPtr x;
	xmlXPathContextPtr xc;
	struct xerr xe;
	const char *base;
	int64_t now; /* when the page is read: "3 hours ago" is before it */
	int lang_offset; /* its language's offset east of UTC in minutes (ko, ja 540; zh 480), or -1 */
	char bad_date[64]; /* the item's first date text not read as a date */
	char warning[HTML_MAX_WARNING];
	int oom;
};

/* The first problem is the one the feed's health shows. */
static void warn(struct page *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(struct page *p, const char *fmt, ...)
{
	va_list ap;

	if (p->warning[0])
		return;
	va_start(ap, fmt);
	vsnprintf(p->warning, sizeof(p->warning), fmt, ap);
	va_end(ap);
}

/* At most max bytes of an XPath, for "%.*s": whole characters (a cut inside one, in a
 * class name in Korean, say, left invalid UTF-8 in the log and the store). */
#define XPATH_SHOWN(s, max) ((int)nw_utf8_prefix((s), strlen(s), (max)))

/* Why the page gave no item (its item XPath found nothing to keep): it goes before a note
 * made earlier, an encoding's ("invalid UTF-8 replaced"), which would hide it, as the first
 * problem, from parse's output and the feed's health. */
static void warn_empty(struct page *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn_empty(struct page *p, const char *fmt, ...)
{
	/* why: room for the longest message (its XPaths are cut to 200 bytes at most), so
	 * that only the cut to the warning's size below is made, and between characters */
	char why[2 * HTML_MAX_WARNING], note[HTML_MAX_WARNING];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	memcpy(note, p->warning, sizeof(note));
	if (note[0])
		nw_snprintf_utf8(p->warning, sizeof(p->warning), "%s; %s", why, note);
	else
		nw_snprintf_utf8(p->warning, sizeof(p->warning), "%s", why);
}

/* Links that lead nowhere a reader could follow from a feed. */
static int dead_link(const char *s)
{
	static const char *const schemes[] = { "javascript:", "mailto:", "tel:", "data:",
					       "vbscript:", "about:", NULL };

	if (!*s || *s == '#')
		return 1;
	for (const char *const *k = schemes; *k; k++)
		if (!strncasecmp(s, *k, strlen(*k)))
			return 1;
	return 0;
}

/* The text a compiled expression selects relative to node: the first non-empty (and, for a
 * link, followable; for a date, parseable) match. NULL when none. */
static char *select_text(struct page *p, xmlXPathCompExprPtr comp, xmlNode *node,
			 const char *name, enum field f)
{
	xmlXPathObjectPtr r;
	char *out = NULL;

	if (!comp)
		return NULL;
	p->xc->node = node;
	p->xe.msg[0] = '\0';
	r = eval_quiet(comp, p->xc);
	if (!r) {
		warn(p, "%s: XPath error: %s", name, p->xe.msg[0] ? p->xe.msg : "failed");
		return NULL;
	}
	switch (r->type) {
	case XPATH_NODESET:
		for (int i = 0; r->nodesetval && i < r->nodesetval->nodeNr; i++) {
			char *t = node_text(r->nodesetval->nodeTab[i], f == F_LINK);

			if (!t) {
				p->oom = 1;
				break;
			}
			if (*t && !(f == F_LINK && dead_link(t)) &&
			    !(f == F_DATE && page_date(p->c, t, p->now, p->lang_offset) == NW_TIME_NONE)) {
				out = t;
				break;
			}
			if (*t && f == F_DATE && !p->bad_date[0])
				nw_snprintf_utf8(p->bad_date, sizeof p->bad_date, "%s", t); /* cut between characters */
			free(t);
		}
		break;
	case XPATH_STRING:
		if (r->stringval && *r->stringval) {
			out = nw_collapse_ws((const char *)r->stringval,
					     strnlen((const char *)r->stringval, HTML_MAX_FIELD));
			if (!out)
				p->oom = 1;
			else if (!*out) {
				free(out);
				out = NULL;
			}
		}
		break;
	case XPATH_NUMBER: {
		char num[64];

		if (r->floatval == r->floatval) { /* not NaN */
			snprintf(num, sizeof(num), "%.15g", r->floatval);
			out = strdup(num);
		}
		break;
	}
	default:
		break;
	}
	xmlXPathFreeObject(r);
	return out;
}

/* select_text() of each alternative in turn: the first value found. */
static char *select_alts(struct page *p, xmlXPathCompExprPtr const *alts, xmlNode *node,
			 const char *name, enum field f)
{
	char *out = NULL;

	for (int i = 0; i < HTML_MAX_ALTS && alts[i] && !out && !p->oom; i++)
		out = select_text(p, alts[i], node, name, f);
	return out;
}

/* One item node into an item; 0 if it gave nothing worth keeping (no title, no link). */
/* What was tried for a field, for a message: its XPath as written, quoted, or what the
 * default does (the link's is over 300 bytes), or that it is not read. */
static void field_tried(const struct html_ctx *c, enum field f, char *buf, size_t len)
{
	const char *v = c->field[f];

	for (const struct nw_option *o = html_options; o->name; o++) {
		if (strcmp(o->name, field_names[f]) || !v || !o->def || strcmp(v, o->def))
			continue;
		snprintf(buf, len, "%s", f == F_TITLE ? "the default, a heading, else a link's text"
			 : "the default, the link in a heading, else around one, else the first link");
		return;
	}
	if (!v || !*v)
		snprintf(buf, len, "not read (%s =)", field_names[f]);
	else if (strlen(v) > len - 3)
		snprintf(buf, len, "'%.*s…'", (int)nw_utf8_prefix(v, strlen(v), len - 6), v);
	else
		snprintf(buf, len, "'%s'", v);
}

static int read_item(struct page *p, xmlNode *node, struct nw_doc *doc)
{
	const struct html_ctx *c = p->c;
	char *v[F_NFIELDS] = { NULL };
	struct nw_item *it;
	int kept = 0;

	p->bad_date[0] = '\0';
	for (int f = 0; f < F_NFIELDS && !p->oom; f++)
		v[f] = select_alts(p, c->x_field[f], node, field_names[f], (enum field)f);
	/* a date XPath that finds text but no date: the page writes it another way */
	if (!v[F_DATE] && p->bad_date[0])
		warn(p, "date: '%s' is not a date this reads (date_format gives its format)", p->bad_date);
	if (p->oom || (!v[F_TITLE] && !v[F_LINK]))
		goto out;
	it = nw_doc_add_item(doc);
	if (!it) {
		p->oom = !doc->full; /* full: read_items stops (the caller says it: nw_doc_finish) */
		goto out;
	}
	kept = 1;
	it->title = v[F_TITLE];
	v[F_TITLE] = NULL;
	if (v[F_LINK]) {
		it->link = nw_url_resolve(p->base, v[F_LINK]);
		if (!it->link)
			p->oom = 1;
	}
	if (v[F_DATE])
		it->published = page_date(c, v[F_DATE], p->now, p->lang_offset);
	it->summary = v[F_SUMMARY];
	v[F_SUMMARY] = NULL;
	it->id = v[F_ID];
	v[F_ID] = NULL;
	if (doc->language)
		it->language = strdup(doc->language);
out:
	for (int f = 0; f < F_NFIELDS; f++)
		free(v[f]);
	return kept;
}

/* ---- encodings ---- */


static int supported(const char *enc)
{
	xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(enc);

	if (!h)
		return 0;
	xmlCharEncCloseFunc(h);
	return 1;
}

/* ---- the plugin ---- */

static char *page_attr(struct page *p, const char *expr)
{
	xmlXPathCompExprPtr comp = xmlXPathCtxtCompile(p->xc, (const xmlChar *)expr);
	char *v;

	if (!comp)
		return NULL;
	v = select_text(p, comp, (xmlNode *)p->x, "page", F_TITLE);
	xmlXPathFreeCompExpr(comp);
	return v;
}

static int html_parse(void *vctx, const struct nw_input *in, struct nw_doc *doc, char *err,
		      size_t errlen)
{
	const struct html_ctx *c = vctx;
	struct page p = { .c = c, .now = in->fetched };
	const unsigned char *u = (const unsigned char *)in->data;
	const char *data = in->data, *enc = NULL;
	char label[64] = "", *fixed = NULL, *base_href = NULL, *base = NULL;
	size_t len = in->len, kept = 0, lead = 0;
	xmlXPathObjectPtr items = NULL;
	struct timespec t0;
	int rc = 0;

	if (!c->x_item) {
		snprintf(err, errlen, "not initialised (no item XPath)");
		return -EINVAL;
	}
	if (!data || !len) {
		snprintf(err, errlen, "empty document");
		return -EINVAL;
	}
	if (len > HTML_MAX_INPUT) {
		snprintf(err, errlen, "document too large (%zu bytes)", len);
		return -EFBIG;
	}
	/* encoding: a BOM, the HTTP charset, a <meta> charset (unless the page is plainly UTF-8),
	 * else the XML declaration's (browsers read it too: an XHTML page that says Shift_JIS
	 * there alone was read as UTF-8, each character a U+FFFD), else UTF-8 */
	while (lead < len && (data[lead] == ' ' || data[lead] == '\t' || data[lead] == '\r' || data[lead] == '\n'))
		lead++; /* before an XML declaration: a CMS's blank lines */
	if (len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE))) {
		enc = NULL; /* libxml2 reads UTF-16 BOMs itself */
	} else if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		enc = "UTF-8";
	} else if (nw_http_charset(in->content_type, label, sizeof(label)) ||
		   nw_html_meta_charset(data, len, HTML_SNIFF, label, sizeof(label)) ||
		   (len > HTML_SNIFF && nw_utf8_span(data, len) < len &&
		    nw_html_meta_charset(data, len, HTML_SNIFF_FAR, label, sizeof(label))) ||
		   nw_xml_decl_encoding(data + lead, len - lead, label, sizeof(label))) {
		enc = nw_charset_superset(label) ? nw_charset_superset(label) : label;
		if (!strcmp(enc, "utf-8") || !strcmp(enc, "utf8") || !strncmp(enc, "utf-16", 6)) {
			/* a page served as UTF-16 but not starting with a BOM is UTF-8 in practice */
			enc = "UTF-8";
		} else if (nw_utf8_evident(data, len)) {
			/* mislabelled: a template's <meta charset=euc-kr> on a page written in UTF-8 */
			warn(&p, "labelled %s but UTF-8, read as UTF-8", label);
			enc = "UTF-8";
		} else if (!supported(enc)) {
			warn(&p, "unknown charset '%s', read as UTF-8", label);
			enc = "UTF-8";
		}
	} else {
		enc = "UTF-8";
	}
	if (enc && strcmp(enc, "UTF-8")) {
		/* decoded here, a byte the encoding lacks one U+FFFD: libxml2 stops there, and the
		 * rest of the page is lost without a word */
		size_t bad = 0, ulen;
		char *conv = nw_charset_to_utf8(enc, data, len, &ulen, &bad);

		if (conv) {
			data = fixed = conv;
			len = ulen;
			enc = "UTF-8";
			if (bad)
				warn(&p, "%zu sequence%s not %s replaced", bad, bad == 1 ? "" : "s", label);
		}
	} else if (enc) {
		int changed;

		fixed = nw_utf8_repair(data, len, &len, &changed);
		if (changed && !fixed) {
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		if (fixed) {
			data = fixed;
			warn(&p, "invalid UTF-8 replaced");
		}
	}
	if (len > INT32_MAX) {
		rc = -EFBIG;
		snprintf(err, errlen, "document too large");
		goto out;
	}
	xmlInitParser();
	/* XML_PARSE_HUGE (libxml2 2.9 has no HTML_ name for it): 2048 levels of elements, not 256, and text nodes past 10 MB (the
	 * page is at most HTML_MAX_INPUT): unclosed <font> or <div> repeated in every item of an
	 * old portal's listing went past 256, and libxml2 stopped there without a word, every
	 * item after it lost */
	p.x = htmlReadMemory(data, (int)len, in->url, enc,
			     HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
				     HTML_PARSE_RECOVER | HTML_PARSE_COMPACT | XML_PARSE_HUGE);
	if (!p.x || !xmlDocGetRootElement(p.x)) {
		rc = -EBADMSG;
		snprintf(err, errlen, "not HTML");
		goto out;
	}
	p.xc = xmlXPathNewContext(p.x);
	if (!p.xc)
		goto oom;
	p.xc->error = on_xpath_error;
	p.xc->userData = &p.xe;
	p.xc->opLimit = HTML_MAX_XPATH_OPS;

	/* relative links: against <base href> (itself relative to the page), then the page */
	base_href = page_attr(&p, "(//head/base/@href | //base/@href)[1]");
	if (base_href || in->url) {
		base = base_href ? nw_url_resolve(in->url, base_href) : strdup(in->url);
		if (!base)
			goto oom;
	}
	p.base = base;
	doc->format = "html";
	doc->title = select_alts(&p, c->x_title_feed, (xmlNode *)p.x, "title_feed", F_TITLE);
	doc->link = base ? strdup(base) : NULL;
	doc->language = page_attr(&p, "(/html/@lang | /html/@xml:lang)[1]");
	p.lang_offset = -1;
	if (doc->language && doc->language[0] && doc->language[1] &&
	    (!doc->language[2] || doc->language[2] == '-' || doc->language[2] == '_')) { /* (lang="k": no [2]) */
		if (!strncasecmp(doc->language, "ko", 2) || !strncasecmp(doc->language, "ja", 2))
			p.lang_offset = 540;
		else if (!strncasecmp(doc->language, "zh", 2))
			p.lang_offset = 480;
	}
	doc->description = page_attr(&p, "(//meta[translate(@name,'DESCRIPTON','descripton')="
					 "'description']/@content | //meta[@property='og:description']"
					 "/@content)[1]");
	if (p.oom)
		goto oom;

	p.xc->node = (xmlNode *)p.x;
	p.xe.msg[0] = '\0';
	items = eval_quiet(c->x_item, p.xc);
	if (!items || items->type != XPATH_NODESET) {
		if (items)
			warn_empty(&p, "item: '%.*s' does not select nodes", XPATH_SHOWN(c->item, 200), c->item);
		else
			warn_empty(&p, "item: XPath error: %s", p.xe.msg[0] ? p.xe.msg : "failed");
		goto done;
	}
	if (!items->nodesetval || !items->nodesetval->nodeNr) {
		warn_empty(&p, "item: '%.*s' matched nothing", XPATH_SHOWN(c->item, 200), c->item);
		goto done;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < items->nodesetval->nodeNr; i++) {
		struct timespec t1;
		if (kept >= HTML_MAX_ITEMS) {
			warn(&p, "more than " HTML_STR(HTML_MAX_ITEMS) " items, the rest dropped");
			break;
		}
		kept += (size_t)read_item(&p, items->nodesetval->nodeTab[i], doc);
		if (p.oom)
			goto oom;
		if (doc->full)
			break;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (p.xc->opCount > HTML_MAX_XPATH_OPS ||
		    (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 > HTML_MAX_ITEMS_MS) {
			warn(&p, "XPath too costly for this page, stopped after %zu of its %d items", kept,
			     items->nodesetval->nodeNr);
			break;
		}
	}
	if (!kept) {
		char tried[2][200];
		for (int f = 0; f < 2; f++)
			field_tried(c, (enum field)f, tried[f], sizeof tried[f]);
		warn_empty(&p, "item: '%.*s' matched %d node%s, but none had a title or a link (title: %s; link: %s)",
			   XPATH_SHOWN(c->item, 150), c->item, items->nodesetval->nodeNr,
			   items->nodesetval->nodeNr == 1 ? "" : "s", tried[F_TITLE], tried[F_LINK]);
	}
done:
	if (p.warning[0]) {
		free(doc->warning);
		doc->warning = strdup(p.warning);
	}
	goto out;
oom:
	rc = -ENOMEM;
	snprintf(err, errlen, "out of memory");
out:
	xmlXPathFreeObject(items);
	if (p.xc)
		xmlXPathFreeContext(p.xc);
	if (p.x)
		xmlFreeDoc(p.x);
	free(fixed);
	free(base_href);
	free(base);
	return rc;
}

const struct nw_plugin nw_plugin = {
	.abi = NW_PLUGIN_ABI,
	.kind = NW_PLUGIN_SOURCE,
	.name = "html",
	.description = "A web page without a feed, scraped into items with XPath selectors",
	.options = html_options,
	.ctx_size = sizeof(struct html_ctx),
	.init = html_init,
	.fini = html_fini,
	.parse = html_parse,
	.deliver = NULL,
};
