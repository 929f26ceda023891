/* doc.c — the document a source plugin fills in (struct nw_doc / nw_item) and the small
 * helpers every plugin shares: growing the item array, string lists, white space collapsing
 * and URL resolution. Linked into the daemon and into each source plugin. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* strdup, strcasecmp under -std=c11 too */
#endif
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <idn2.h>
#include <libxml/uri.h>
#include <libxml/xmlmemory.h>

#include "newswatch-plugin.h"

/* A feed with more items than this is cut: nobody publishes that many, and it bounds memory. */
#define NW_DOC_MAX_ITEMS 100000

static size_t len0(const char *s)
{
	return s ? strlen(s) : 0;
}

static size_t item_bytes(const struct nw_item *it)
{
	size_t n = len0(it->id) + len0(it->title) + len0(it->link) + len0(it->author) + len0(it->summary) +
		   len0(it->content) + len0(it->language);

	for (size_t i = 0; i < it->categories.n; i++)
		n += len0(it->categories.v[i]);
	return n;
}

size_t nw_doc_budget(size_t len)
{
	return (len > SIZE_MAX / 8 ? SIZE_MAX / 2 : 4 * len) + ((size_t)4 << 20);
}

void nw_printable(char *s)
{
	unsigned char *u = (unsigned char *)s, *o = u;

	for (; *u; u++) {
		if (*u == '\n' || *u == '\r' || *u == '\t') {
			*o++ = ' ';
		} else if (*u < 0x20 || *u == 0x7f) {
			*o++ = '?';
		} else if (*u == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F) { /* U+0080..U+009F */
			*o++ = '?', *o++ = '?';
			u++;
		} else if (*u == 0xE2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9)) {
			*o++ = ' '; /* U+2028, U+2029: a line or paragraph break */
			u += 2;
		} else if (*u == 0xE2 && ((u[1] == 0x80 && u[2] >= 0xAA && u[2] <= 0xAE) ||
					  (u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9))) {
			/* U+202A..U+202E, U+2066..U+2069: the bidi embeddings, overrides and
			 * isolates, which would show the rest of a line reversed (a link in a table
			 * made to look like another) */
			*o++ = '?';
			u += 2;
		} else {
			*o++ = *u;
		}
	}
	*o = '\0';
}

struct nw_item *nw_doc_add_item(struct nw_doc *doc)
{
	if (doc->nitems)
		doc->used += item_bytes(&doc->items[doc->nitems - 1]);
	if (doc->full || (doc->budget && doc->used > doc->budget)) {
		doc->full = 1;
		return NULL;
	}
	if (doc->nitems == doc->cap) {
		size_t cap = doc->cap ? doc->cap * 2 : 16;
		struct nw_item *v;

		if (doc->nitems >= NW_DOC_MAX_ITEMS)
			return NULL;
		v = realloc(doc->items, cap * sizeof(*v));
		if (!v)
			return NULL;
		doc->items = v;
		doc->cap = cap;
	}
	struct nw_item *it = &doc->items[doc->nitems++];
	memset(it, 0, sizeof(*it));
	it->published = NW_TIME_NONE;
	it->updated = NW_TIME_NONE;
	return it;
}

void nw_item_free(struct nw_item *it)
{
	if (!it)
		return;
	free(it->id);
	free(it->title);
	free(it->link);
	free(it->author);
	free(it->summary);
	free(it->content);
	free(it->language);
	nw_strlist_free(&it->categories);
	memset(it, 0, sizeof(*it));
	it->published = NW_TIME_NONE;
	it->updated = NW_TIME_NONE;
}

void nw_doc_free(struct nw_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->nitems; i++)
		nw_item_free(&doc->items[i]);
	free(doc->items);
	free(doc->title);
	free(doc->link);
	free(doc->language);
	free(doc->description);
	free(doc->warning);
	memset(doc, 0, sizeof(*doc));
}

int nw_strlist_add(struct nw_strlist *l, const char *s)
{
	char *copy, **v;

	if (!s)
		return -EINVAL;
	if (l->n >= SIZE_MAX / sizeof(*v) - 1)
		return -ENOMEM;
	copy = strdup(s);
	if (!copy)
		return -ENOMEM;
	v = realloc(l->v, (l->n + 1) * sizeof(*v));
	if (!v) {
		free(copy);
		return -ENOMEM;
	}
	v[l->n++] = copy;
	l->v = v;
	return 0;
}

void nw_strlist_free(struct nw_strlist *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* ASCII white space plus U+00A0 (C2 A0) and the Unicode spaces in U+2000..U+200A, U+3000:
 * feeds use them for layout, and matching wants one plain space. Returns the byte length of
 * the space at s, or 0. */
static size_t ws_len(const unsigned char *s, size_t left)
{
	if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' || s[0] == '\f' ||
	    s[0] == '\v')
		return 1;
	if (left >= 2 && s[0] == 0xC2 && (s[1] == 0xA0 || (s[1] >= 0x80 && s[1] <= 0x9F))) /* NBSP; C1 controls */
		return 2;
	if (left >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x80 && s[2] <= 0x8A)
		return 3;
	if (left >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

char *nw_collapse_ws(const char *s, size_t len)
{
	/* 1: a space of one byte (or a NUL, read as one), or a control character, taken as one
	 * (ESC, BEL: a JSON Feed's title must not drive the terminal that shows it); 2: may start
	 * a longer space (ws_len tells); 0: a byte that is copied. Runs of 0 bytes, most of any
	 * text, are copied without a test each for every kind of space. */
	static const unsigned char cls[256] = {
		[0] = 1, [1] = 1, [2] = 1, [3] = 1, [4] = 1, [5] = 1, [6] = 1, [7] = 1, [8] = 1,
		[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\f'] = 1, ['\v'] = 1,
		[0x0E] = 1, [0x0F] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1,
		[0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1, [0x1C] = 1, [0x1D] = 1,
		[0x1E] = 1, [0x1F] = 1, [0x7F] = 1, [0xC2] = 2, [0xE2] = 2, [0xE3] = 2 };
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	char *out, *o;
	int pending = 0;

	if (!s)
		len = 0;
	out = malloc(len + 1);
	if (!out)
		return NULL;
	o = out;
	for (size_t i = 0; i < len;) {
		size_t w = cls[p[i]] == 1 ? 1 : cls[p[i]] == 2 ? ws_len(p + i, len - i) : 0;

		if (w) {
			pending = o != out;
			i += w;
			continue;
		}
		if (pending)
			*o++ = ' ';
		pending = 0;
		do
			*o++ = (char)p[i++];
		while (i < len && !cls[p[i]]);
	}
	*o = '\0';
	return out;
}

/* "scheme:" at the start of u (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )). */
static int has_scheme(const char *u)
{
	size_t i = 0;

	if (!u || ((u[0] | 0x20) < 'a' || (u[0] | 0x20) > 'z'))
		return 0;
	while (((u[i] | 0x20) >= 'a' && (u[i] | 0x20) <= 'z') || (u[i] >= '0' && u[i] <= '9') ||
	       u[i] == '+' || u[i] == '-' || u[i] == '.')
		i++;
	return u[i] == ':';
}

/* http:// or https://, as a link a reader may follow: javascript:, data: or vbscript: links
 * would reach an alert's HTML part, a Slack message, the JSON payload. A relative link (no
 * scheme) stays in a document parsed without its address, but not one that begins with a
 * control character or a space (the "\x0e" before "javascript:" a browser skips); with an
 * address, one still relative is one that did not resolve ("java\tscript:x"): no link. */
static int web_link(const char *u, int based)
{
	if (!has_scheme(u))
		return !based && (unsigned char)u[0] > ' ' && u[0] != 0x7f;
	return !strncasecmp(u, "http://", 7) || !strncasecmp(u, "https://", 8);
}

void nw_doc_finish(struct nw_doc *doc, const char *base)
{
	char note[160], *w;
	int based = base && *base;

	for (size_t i = 0; i < doc->nitems; i++) {
		struct nw_item *it = &doc->items[i];
		if (it->link && !web_link(it->link, based)) {
			free(it->link);
			it->link = NULL;
		}
		/* a date before 1970 or at its first second is a generator's "no date" (Go's zero time
		 * 0001-01-01, 1900-01-01, new Date(0)),
		 * not news: taken as one, its item was too old to alert */
		if (it->published != NW_TIME_NONE && it->published <= 0)
			it->published = NW_TIME_NONE;
		if (it->updated != NW_TIME_NONE && it->updated <= 0)
			it->updated = NW_TIME_NONE;
	}
	if (doc->link && !web_link(doc->link, based)) {
		free(doc->link);
		doc->link = NULL;
	}
	if (doc->warning)
		nw_printable(doc->warning);
	if (!doc->full)
		return;
	snprintf(note, sizeof note, "its items made more than %zu MB of text (4 times the document's size, and 4 MB): "
		 "the rest dropped after %zu items", doc->budget >> 20, doc->nitems);
	if (!doc->warning) {
		doc->warning = strdup(note);
		return;
	}
	if ((w = malloc(strlen(doc->warning) + 2 + strlen(note) + 1))) {
		sprintf(w, "%s; %s", doc->warning, note);
		free(doc->warning);
		doc->warning = w;
	}
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* u as xmlParseURI takes it, the way a browser reads a link: C0 controls and space trimmed
 * at both ends, tab and newlines dropped, and what RFC 3986 does not allow raw escaped as
 * %XX of its bytes (UTF-8 as it is): controls, space, bytes >= 0x7F, "<>\^`{|}, '[' and
 * ']' outside the host, a second '#', and a '%' that starts no escape. Escapes already
 * there are kept as they are. NULL when out of memory. */
static char *escape_for_uri(const char *u)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len, i = 0, auth_end = 0;
	struct nw_buf b = { 0 };
	int hash = 0;

	while (*u && (unsigned char)*u <= 0x20)
		u++;
	len = strlen(u);
	while (len && (unsigned char)u[len - 1] <= 0x20)
		len--;
	/* the authority, where '[' and ']' enclose an IPv6 address */
	if (has_scheme(u))
		i = strcspn(u, ":") + 1;
	if (u[i] == '/' && u[i + 1] == '/')
		auth_end = i + 2 + strcspn(u + i + 2, "/?#");
	nw_buf_add(&b, "", 0);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)u[i];
		char e[3] = { '%', hex[c >> 4], hex[c & 15] };
		int esc;

		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '[' || c == ']')
			esc = i >= auth_end;
		else if (c == '#')
			esc = hash++ > 0;
		else if (c == '%')
			esc = !(i + 2 < len && is_hex(u[i + 1]) && is_hex(u[i + 2]));
		else
			esc = c <= 0x20 || c >= 0x7F || strchr("\"<>\\^`{|}", c);
		if (esc)
			nw_buf_add(&b, e, 3);
		else
			nw_buf_add(&b, (const char *)&c, 1);
	}
	return nw_buf_take(&b);
}

char *nw_host_ascii(const char *host, size_t n)
{
	char *raw, *a = NULL, *out;
	size_t i, r = 0;

	if (!memchr(host, '%', n)) {
		for (i = 0; i < n && (unsigned char)host[i] < 0x80; i++)
			;
		if (i == n)
			return NULL;
	}
	if (!(raw = malloc(n + 1)))
		return NULL;
	for (i = 0; i < n; i++) {
		if (host[i] == '%' && i + 2 < n && isxdigit((unsigned char)host[i + 1]) &&
		    isxdigit((unsigned char)host[i + 2])) {
			char hex[3] = { host[i + 1], host[i + 2], '\0' };
			raw[r++] = (char)strtol(hex, NULL, 16);
			i += 2;
		} else {
			raw[r++] = host[i];
		}
	}
	raw[r] = '\0';
	/* a NUL decoded from %00 ends the name early: not such a host */
	if (strlen(raw) != r || idn2_to_ascii_8z(raw, &a, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT) != IDN2_OK) {
		free(raw);
		return NULL;
	}
	free(raw);
	/* what a host may not hold (libidn2 leaves ASCII as it is, spaces and '/' too) */
	for (i = 0; a[i]; i++)
		if (!((a[i] >= 'a' && a[i] <= 'z') || (a[i] >= '0' && a[i] <= '9') || a[i] == '-' || a[i] == '_' ||
		      a[i] == '.')) {
			idn2_free(a);
			return NULL;
		}
	out = strdup(a); /* freed with free(), as the callers do */
	idn2_free(a);
	return out;
}

char *nw_url_resolve(const char *base, const char *ref)
{
	xmlChar *r;
	char *out;

	if (!ref)
		return base ? strdup(base) : NULL;
	if (!base || !*base)
		return strdup(ref);
	r = xmlBuildURI((const xmlChar *)ref, (const xmlChar *)base);
	/* xmlParseURI refuses a link or a base with non-ASCII, a space, '|' or '{' in it (NULL,
	 * or the reference back unresolved when the base is refused): escaped as a browser
	 * would, they resolve. A link that is absolute already is kept as written. */
	if ((!r || !has_scheme((const char *)r)) && !has_scheme(ref)) {
		char *eref = escape_for_uri(ref), *ebase = escape_for_uri(base);
		xmlChar *e = eref && ebase ? xmlBuildURI((const xmlChar *)eref, (const xmlChar *)ebase)
					   : NULL;

		if (e && has_scheme((const char *)e)) {
			xmlFree(r);
			r = e;
		} else {
			xmlFree(e);
		}
		free(eref);
		free(ebase);
	}
	if (!r)
		return strdup(ref);
	out = strdup((const char *)r);
	xmlFree(r);
	return out;
}

size_t nw_utf8_prefix(const char *s, size_t len, size_t max)
{
	size_t n = max;

	if (len <= max)
		return len;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

void nw_buf_add(struct nw_buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->max && b->len + n > b->max) {
		/* cut between characters: a field cut inside one was invalid UTF-8, and lost whole;
		 * and nothing after the cut (a later, shorter piece would fit in what it left) */
		n = nw_utf8_prefix(s, n, b->max > b->len ? b->max - b->len : 0);
		b->max = b->len + n;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void nw_buf_add_utf8(struct nw_buf *b, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	nw_buf_add(b, u, n);
}

char *nw_buf_take(struct nw_buf *b)
{
	if (b->oom) {
		free(b->p);
		return NULL;
	}
	return b->p ? b->p : strdup("");
}
