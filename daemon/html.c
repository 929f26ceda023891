/* html.c — HTML (or an XHTML fragment) to plain text for titles, summaries and content:
 * libxml2's forgiving HTML parser with SAX handlers (no tree is built), script/style and other
 * non-content dropped, a space at block boundaries, white space collapsed. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* strdup, strcasecmp under -std=c11 too */
#endif
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "newswatch-plugin.h"

/* Larger fragments are cut: an item's text is never legitimately this big. */
#define NW_HTML_MAX_INPUT (8u << 20)

/* Elements whose content is not text a reader sees. */
static const char *const dropped[] = {
	"script", "style", "noscript", "template", "head", "title", "svg", "math", "select",
	"textarea", "rt", "rp", NULL, /* rt, rp: a ruby's reading, 東<rt>とう</rt>京 is 東京 */
};

/* Elements that end a run of words: a space before and after them. */
static const char *const blocks[] = {
	"address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "details",
	"dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
	"h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "img", "legend", "li", "main", "menu",
	"nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
	"thead", "tr", "ul", "body", "html", "input", "button", "option", "label", "area", "map",
	"video", "audio", "source", "track", "frameset", "frame", "iframe", "object",
	"embed", "applet", NULL,
};

static int in_list(const char *const *l, const xmlChar *name)
{
	int c;

	if (!name)
		return 0;
	/* every element is looked up in both lists: the first letter rules out most names
	 * without a call (the lists are lower case) */
	c = tolower(name[0]);
	for (; *l; l++)
		if ((*l)[0] == c && !strcasecmp(*l, (const char *)name))
			return 1;
	return 0;
}

int nw_html_element_hidden(const char *name)
{
	return in_list(dropped, (const xmlChar *)name);
}

int nw_html_element_breaks(const char *name)
{
	return in_list(blocks, (const xmlChar *)name);
}

/* Valid UTF-8 with NULs and invalid bytes replaced (U+FFFD), so the parser never falls back
 * to guessing another encoding halfway through. */
static char *utf8_clean(const char *s, size_t len, size_t *outlen)
{
	struct nw_buf b = { 0 };
	const unsigned char *p = (const unsigned char *)s;

	nw_buf_add(&b, "", 0);
	for (size_t i = 0; i < len;) {
		size_t n = nw_utf8_span(s + i, len - i);

		if (n) { /* copy a run of valid sequences at once */
			nw_buf_add(&b, s + i, n);
			i += n;
		} else {
			nw_buf_add(&b, p[i] ? "\xEF\xBF\xBD" : " ", p[i] ? 3 : 1);
			i++;
		}
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	*outlen = b.len;
	return b.p;
}

/* The text, as libxml2's HTML parser reports it (SAX: no tree is built). */
struct text_sax {
	struct nw_buf *b;
	unsigned dropped; /* depth inside an element whose content is not text */
};

/* An element's name without its prefix ("news:title" is a title), as libxml2's tree has it. */
static const xmlChar *local_name(const xmlChar *name)
{
	const xmlChar *colon = name ? (const xmlChar *)strrchr((const char *)name, ':') : NULL;

	return colon && colon[1] ? colon + 1 : name;
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	htmlParserCtxtPtr p = ctx;
	struct text_sax *t = p->_private;

	(void)atts;
	name = local_name(name);
	if (t->dropped || in_list(dropped, name))
		t->dropped++;
	else if (in_list(blocks, name))
		nw_buf_add(t->b, " ", 1);
}

static void on_end(void *ctx, const xmlChar *name)
{
	htmlParserCtxtPtr p = ctx;
	struct text_sax *t = p->_private;

	name = local_name(name);
	if (t->dropped)
		t->dropped--;
	else if (in_list(blocks, name))
		nw_buf_add(t->b, " ", 1);
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	htmlParserCtxtPtr p = ctx;
	struct text_sax *t = p->_private;

	if (!t->dropped && len > 0)
		nw_buf_add(t->b, (const char *)ch, (size_t)len);
}

/* Parse with the handlers above instead of libxml2's tree builder. */
static void html_text_sax(const char *html, int len, struct nw_buf *b)
{
	struct text_sax t = { b, 0 };
	htmlParserCtxtPtr p = htmlCreateMemoryParserCtxt(html, len);
	xmlCharEncodingHandlerPtr utf8;
	xmlSAXHandlerPtr sax;

	if (!p)
		return;
	/* HUGE: past 256 levels of unclosed elements the text is not dropped (plugins/src_html) */
	htmlCtxtUseOptions(p, HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
				      HTML_PARSE_NOIMPLIED | HTML_PARSE_COMPACT | XML_PARSE_HUGE);
	/* UTF-8 (utf8_clean) with a converter set, as htmlReadMemory does: a <meta charset>
	 * in the fragment must not switch to another encoding halfway through */
	if ((utf8 = xmlFindCharEncodingHandler("UTF-8")))
		xmlSwitchToEncoding(p, utf8);
	sax = (xmlSAXHandlerPtr)p->sax;
	memset(sax, 0, sizeof *sax);
	sax->initialized = 1;
	sax->startElement = on_start;
	sax->endElement = on_end;
	sax->characters = on_text;
	sax->cdataBlock = on_text;
	p->_private = &t;
	htmlParseDocument(p);
	htmlFreeParserCtxt(p);
}

/* s with HTML5's named references that libxml2's HTML4 parser would leave as they are
 * (&NewLine; &colon; &bullet;) made numeric; NULL when there are none (or out of memory:
 * then the text keeps them, as before). */
static char *html5_refs(const char *s, size_t len, size_t *outlen)
{
	struct nw_buf b = { 0 };
	size_t start = 0;

	for (const char *a = memchr(s, '&', len); a; a = memchr(a + 1, '&', len - (size_t)(a + 1 - s))) {
		size_t i = (size_t)(a - s), n = 0;
		char name[40], num[16];
		uint32_t cp;

		while (i + 1 + n < len && n + 1 < sizeof name && isalnum((unsigned char)s[i + 1 + n])) {
			name[n] = s[i + 1 + n];
			n++;
		}
		name[n] = '\0';
		if (!n || i + 1 + n >= len || s[i + 1 + n] != ';' || htmlEntityLookup((const xmlChar *)name) ||
		    !(cp = nw_html_entity(name)))
			continue;
		nw_buf_add(&b, s + start, i - start);
		snprintf(num, sizeof num, "&#%u;", (unsigned)cp);
		nw_buf_add(&b, num, strlen(num));
		start = i + n + 2;
		if (start >= len)
			break;
	}
	if (!b.p || b.oom) {
		free(b.p);
		return NULL;
	}
	nw_buf_add(&b, s + start, len - start);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	*outlen = b.len;
	return b.p;
}

char *nw_html_to_text(const char *html, size_t len)
{
	struct nw_buf b = { 0 };
	char *clean, *out;
	size_t clen;

	if (!html)
		return nw_collapse_ws("", 0);
	if (len > NW_HTML_MAX_INPUT)
		len = NW_HTML_MAX_INPUT;
	if (!memchr(html, '<', len) && !memchr(html, '&', len)) {
		clean = utf8_clean(html, len, &clen);
		if (!clean)
			return NULL;
		out = nw_collapse_ws(clean, clen);
		free(clean);
		return out;
	}
	clean = utf8_clean(html, len, &clen);
	if (!clean)
		return NULL;
	{
		size_t rlen;
		char *refs = html5_refs(clean, clen, &rlen);

		if (refs) {
			free(clean);
			clean = refs;
			clen = rlen;
		}
	}
	/* a fragment in a container: loose text at the top would otherwise get an implied <p>,
	 * a block, and "<b>Open</b>AI" would read "Open AI" */
	{
		char *wrapped = malloc(clen + 12);
		if (!wrapped) {
			free(clean);
			return NULL;
		}
		memcpy(wrapped, "<div>", 5);
		memcpy(wrapped + 5, clean, clen);
		memcpy(wrapped + 5 + clen, "</div>", 6);
		free(clean);
		clean = wrapped;
		clen += 11;
	}
	if (clen > INT32_MAX)
		clen = INT32_MAX;
	nw_buf_add(&b, "", 0);
	html_text_sax(clean, (int)clen, &b);
	free(clean);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	out = nw_collapse_ws(b.p, b.len);
	free(b.p);
	return out;
}

/* Elements HTML5 added, which libxml2's HTML4 table does not know (htmlTagLookup). */
static const char *const html5[] = {
	"article", "aside", "audio", "bdi", "canvas", "data", "datalist", "details", "dialog",
	"figcaption", "figure", "footer", "header", "main", "mark", "meter", "nav", "output",
	"picture", "progress", "rp", "rt", "ruby", "section", "source", "summary", "template",
	"time", "track", "video", "wbr", NULL,
};

/* (newswatch-plugin.h) */
int nw_looks_like_html(const char *s)
{
	int evidence = 0;

	for (const char *c = s; *c; c++) {
		char name[32];
		size_t n = 0;

		if (*c == '<') {
			const char *q = c + 1 + (c[1] == '/');
			while (isalnum((unsigned char)q[n]) && n + 1 < sizeof name) {
				name[n] = (char)tolower((unsigned char)q[n]);
				n++;
			}
			name[n] = '\0';
			if (!n)
				continue;
			if (isalnum((unsigned char)q[n]) ||
			    (!htmlTagLookup((const xmlChar *)name) && !in_list(html5, (const xmlChar *)name)))
				return 0;
			/* a closing tag, or one that stands alone (<br>, <img ...>, <x/>) */
			evidence |= c[1] == '/' || !strcmp(name, "br") || !strcmp(name, "img") || !strcmp(name, "hr") ||
				    !strcmp(name, "wbr");
			{
				const char *gt = strchr(q + n, '>');
				evidence |= gt && gt > q && gt[-1] == '/';
			}
		} else if (*c == '&') {
			const char *q = c + 1;
			if (*q == '#') {
				for (q++; isalnum((unsigned char)*q); q++)
					;
				evidence |= *q == ';' && q > c + 2;
				continue;
			}
			while (isalnum((unsigned char)q[n]) && n + 1 < sizeof name) {
				name[n] = q[n];
				n++;
			}
			name[n] = '\0';
			if (!n || q[n] != ';')
				continue;
			if (!nw_html_entity(name))
				return 0;
			evidence = 1;
		}
	}
	return evidence;
}
