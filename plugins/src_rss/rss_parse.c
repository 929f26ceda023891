/* rss_parse.c — RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 and Atom 0.3/1.0 bytes into a struct nw_doc
 * with libxml2, shared by the rss and exec plugins (libnwfeeds). Never loads external entities
 * or DTDs, bounds entity expansion itself, and recovers broken feeds (saying why in
 * doc->warning). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* strdup, strcasecmp, memmem under -std=c11 too */
#endif
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include "xmlsafe.h"

#include "../../daemon/newswatch-plugin.h"
#include "rss_parse.h"

/* One text field never needs more than this; it also caps what entity expansion can grow to. */
#define RSS_MAX_FIELD (1u << 20)
/* Entity references expanded per document, and how deeply they may nest. */
#define RSS_MAX_EXPANSIONS 10000
#define RSS_MAX_ENTITY_DEPTH 8
/* Element nesting we follow when collecting text (libxml2 itself stops at 256). */
#define RSS_MAX_DEPTH 256
/* Feeds bigger than this are refused rather than parsed. */
#define RSS_MAX_INPUT (64u << 20)
#define RSS_MAX_WARNING 300
/* Items kept per document (nw_doc_add_item refuses more anyway); the rest are dropped. */
#define RSS_MAX_ITEMS 10000
#define NW_STR_(x) #x
#define NW_STR(x) NW_STR_(x)

/* ---- namespaces ---- */

enum ns { NS_CORE, NS_ATOM, NS_DC, NS_DCTERMS, NS_CONTENT, NS_XHTML, NS_RDF, NS_MEDIA, NS_FEEDBURNER, NS_OTHER };

#define NS_ATOM10 "http://www.w3.org/2005/Atom"
#define NS_ATOM03 "http://purl.org/atom/ns#"
#define NS_RSS10 "http://purl.org/rss/1.0/"
#define NS_RSS090 "http://my.netscape.com/rdf/simple/0.9/"

static const struct {
	const char *uri;
	enum ns ns;
} known_ns[] = {
	{ NS_RSS10, NS_CORE },
	{ NS_RSS090, NS_CORE },
	{ "http://purl.org/net/rss1.1#", NS_CORE },
	{ "http://backend.userland.com/rss2", NS_CORE },
	{ "http://backend.userland.com/rss", NS_CORE },
	{ "http://blogs.law.harvard.edu/tech/rss", NS_CORE },
	{ NS_ATOM10, NS_ATOM },
	{ NS_ATOM03, NS_ATOM },
	{ "http://purl.org/atom/ns#draft-ietf-atompub-format-08", NS_ATOM },
	{ "http://purl.org/dc/elements/1.1/", NS_DC },
	{ "http://purl.org/dc/elements/1.0/", NS_DC },
	{ "http://purl.org/dc/terms/", NS_DCTERMS },
	{ "http://purl.org/rss/1.0/modules/content/", NS_CONTENT },
	{ "http://www.w3.org/1999/xhtml", NS_XHTML },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns#", NS_RDF },
	{ "http://search.yahoo.com/mrss/", NS_MEDIA },
	{ "http://search.yahoo.com/mrss", NS_MEDIA },
	{ "http://rssnamespace.org/feedburner/ext/1.0", NS_FEEDBURNER },
};

static enum ns ns_of(const xmlNode *n)
{
	const char *uri;

	if (!n->ns || !n->ns->href)
		return NS_CORE;
	uri = (const char *)n->ns->href;
	for (size_t i = 0; i < sizeof(known_ns) / sizeof(known_ns[0]); i++)
		if (!strcasecmp(uri, known_ns[i].uri))
			return known_ns[i].ns;
	/* UserLand's namespaces for RSS 2.0 came in several spellings */
	if (!strncasecmp(uri, "http://backend.userland.com/rss", 31))
		return NS_CORE;
	return NS_OTHER;
}

static int is(const xmlNode *n, enum ns ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name && !strcmp((const char *)n->name, name) &&
	       ns_of(n) == ns;
}

/* Atom elements are also taken without a namespace: old Atom 0.3 feeds often omit it. */
static int is_atom(const xmlNode *n, const char *name)
{
	return is(n, NS_ATOM, name) || is(n, NS_CORE, name);
}

/* ---- parse state ---- */

struct parser {
	xmlDocPtr x;
	struct nw_doc *doc;
	const char *url;
	int atom;         /* the document is Atom: typed text constructs */
	unsigned expansions;
	char warning[RSS_MAX_WARNING];
};

static void text_of(struct parser *p, const xmlNode *n, struct nw_buf *b, int depth, int edepth);

/* The text an entity reference stands for. Internal entities are expanded here, not by
 * libxml2, so the expansion stays bounded (count, depth and RSS_MAX_FIELD); external ones
 * are never read; undeclared names (&nbsp; in feeds without a DTD) are taken as HTML's. */
static void entity_text(struct parser *p, const xmlNode *ref, struct nw_buf *b, int depth,
			int edepth)
{
	xmlEntityPtr e = xmlGetDocEntity(p->x, ref->name);

	if (!e) {
		uint32_t h = nw_html_entity((const char *)ref->name);

		if (h)
			nw_buf_add_utf8(b, h);
		return;
	}
	if (e->etype == XML_INTERNAL_PREDEFINED_ENTITY) {
		if (e->content)
			nw_buf_add(b, (const char *)e->content, strlen((const char *)e->content));
		return;
	}
	if (e->etype != XML_INTERNAL_GENERAL_ENTITY || edepth >= RSS_MAX_ENTITY_DEPTH ||
	    p->expansions >= RSS_MAX_EXPANSIONS)
		return;
	p->expansions++;
	if (e->children)
		text_of(p, (const xmlNode *)e, b, depth + 1, edepth + 1);
	else if (e->content && !strpbrk((const char *)e->content, "&<"))
		nw_buf_add(b, (const char *)e->content, strlen((const char *)e->content));
}

/* The characters of a node's descendants, without markup. */
static void text_of(struct parser *p, const xmlNode *n, struct nw_buf *b, int depth, int edepth)
{
	if (depth > RSS_MAX_DEPTH)
		return;
	for (const xmlNode *c = n->children; c && !b->oom && b->len < RSS_MAX_FIELD; c = c->next) {
		switch (c->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (c->content)
				nw_buf_add(b, (const char *)c->content, strlen((const char *)c->content));
			break;
		case XML_ELEMENT_NODE:
			text_of(p, c, b, depth + 1, edepth);
			break;
		case XML_ENTITY_REF_NODE:
			entity_text(p, c, b, depth, edepth);
			break;
		default:
			break;
		}
	}
}

static char *node_text(struct parser *p, const xmlNode *n)
{
	struct nw_buf b = { .max = RSS_MAX_FIELD };

	text_of(p, n, &b, 0, 0);
	return nw_buf_take(&b);
}

static int has_element_child(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

/* The markup inside an element, serialised, for the HTML-to-text pass. With html set (RSS,
 * whose text is HTML) its text and CDATA sections are HTML already, escaped or not, and go
 * as they are, as they do in an element with no markup in it: "&lt;p&gt;Hi" beside a raw
 * <img> is a paragraph, not the characters "<p>" (XHTML: escaped, literal characters). */
static char *inner_xml(struct parser *p, xmlNode *n, int html)
{
	xmlBufferPtr xb = xmlBufferCreate();
	char *out;

	if (!xb)
		return NULL;
	for (xmlNode *c = n->children; c; c = c->next) {
		if (xmlBufferLength(xb) > (int)RSS_MAX_FIELD)
			break;
		if (c->type == XML_ENTITY_REF_NODE) {
			/* expanded (bounded) and put back as escaped text */
			struct nw_buf b = { .max = RSS_MAX_FIELD };

			entity_text(p, c, &b, 0, 0);
			if (b.p) {
				xmlChar *esc = xmlEncodeSpecialChars(p->x, (const xmlChar *)b.p);

				if (esc) {
					xmlBufferCat(xb, esc);
					xmlFree(esc);
				}
			}
			free(b.p);
			continue;
		}
		if (html && (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)) {
			if (c->content)
				xmlBufferCat(xb, c->content);
			continue;
		}
		xmlNodeDump(xb, p->x, c, 0, 0);
	}
	out = strdup((const char *)xmlBufferContent(xb));
	xmlBufferFree(xb);
	return out;
}

static char *trimmed(char *s)
{
	char *t;

	if (!s)
		return NULL;
	t = nw_collapse_ws(s, strlen(s));
	free(s);
	return t;
}

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

static char *b64_decode(const char *s, size_t *outlen)
{
	size_t n = strlen(s), o = 0;
	unsigned acc = 0;
	int bits = 0;
	char *out = malloc(n / 4 * 3 + 4);

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		int v = b64val((unsigned char)s[i]);

		if (s[i] == '=')
			break;
		if (v < 0)
			continue;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((acc >> bits) & 0xFF);
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

static char *html_text(char *raw)
{
	char *t;

	if (!raw)
		return NULL;
	t = nw_html_to_text(raw, strlen(raw));
	free(raw);
	return t;
}

static char *attr(const xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static char *text_construct(struct parser *p, xmlNode *n);

/* A title of RSS (or Dublin Core) as plain text: HTML only when it looks like HTML. */
static char *title_text(struct parser *p, xmlNode *n)
{
	char *raw, *t;

	if ((ns_of(n) == NS_ATOM || (p->atom && ns_of(n) == NS_CORE)) || has_element_child(n))
		return text_construct(p, n);
	if (!(raw = node_text(p, n)) || nw_looks_like_html(raw))
		return html_text(raw);
	t = nw_collapse_ws(raw, strlen(raw));
	free(raw);
	return t;
}

/* RSS text (HTML, escaped or in CDATA or raw, or all three) as plain text */
static char *rss_html(struct parser *p, xmlNode *n)
{
	return html_text(has_element_child(n) ? inner_xml(p, n, 1) : node_text(p, n));
}

/* A text construct as plain text. RSS text is HTML; Atom says what it is in type (and, in
 * 0.3, mode): text is literal, html is escaped markup, xhtml/XML is inline markup, anything
 * else not text/ is base64. */
static char *text_construct(struct parser *p, xmlNode *n)
{
	char *type, *mode, *out;
	int atom = ns_of(n) == NS_ATOM || (p->atom && ns_of(n) == NS_CORE);

	if (!atom)
		return rss_html(p, n);
	type = attr(n, "type");
	mode = attr(n, "mode");
	if (type && !*type) {
		xmlFree(type);
		type = NULL;
	}
	if (type)
		for (char *c = type; *c; c++)
			*c = (char)tolower((unsigned char)*c);
	if (mode && !strcasecmp(mode, "base64")) {
		char *raw = node_text(p, n), *dec;
		size_t dl;

		dec = raw ? b64_decode(raw, &dl) : NULL;
		free(raw);
		if (dec && type && (!strcmp(type, "text") || !strcmp(type, "text/plain"))) {
			out = trimmed(dec);
		} else {
			out = dec ? nw_html_to_text(dec, dl) : NULL;
			free(dec);
		}
	} else if (mode && !strcasecmp(mode, "escaped")) {
		out = html_text(node_text(p, n));
	} else if (type && (!strcmp(type, "html") || !strcmp(type, "text/html"))) {
		out = html_text(node_text(p, n));
	} else if (type && (!strcmp(type, "xhtml") || strstr(type, "xml"))) {
		out = html_text(inner_xml(p, n, 0));
	} else if (!type || !strcmp(type, "text") || !strncmp(type, "text/", 5)) {
		/* literal text; stray markup (invalid, but seen in 0.3 feeds) is read as XHTML */
		if (has_element_child(n))
			out = html_text(inner_xml(p, n, 0));
		else
			out = trimmed(node_text(p, n));
	} else {
		char *raw = node_text(p, n), *dec;
		size_t dl;

		dec = raw ? b64_decode(raw, &dl) : NULL;
		free(raw);
		out = dec ? nw_html_to_text(dec, dl) : NULL;
		free(dec);
	}
	free(type);
	free(mode);
	return out;
}

/* Set *dst once: the first occurrence wins, as feed readers do. */
/* The first value of a field that says something: an empty one (an empty CDATA, a
 * description of an image alone) gives way to the next. */
static void set_once(char **dst, char *v)
{
	if ((*dst && **dst) || !v) {
		free(v);
		return;
	}
	free(*dst);
	*dst = v;
}

/* An empty field is no field: NULL, so that a fallback (the summary from the content) works. */
static void none_if_empty(char **s)
{
	if (*s && !**s) {
		free(*s);
		*s = NULL;
	}
}

static char *resolve(struct parser *p, xmlNode *n, const char *ref)
{
	xmlNode *chain[32];
	size_t k = 0;
	char *base, *out;

	if (!ref)
		return NULL;
	/* the feed's own address as given, then each xml:base from the outermost in: libxml2
	 * keeps the document's URL escaped beyond use when it has non-ASCII or spaces in it,
	 * and xmlNodeGetBase would build on that */
	for (xmlNode *a = n; a && a->type == XML_ELEMENT_NODE; a = a->parent)
		if (xmlHasNsProp(a, (const xmlChar *)"base", XML_XML_NAMESPACE) && k < sizeof chain / sizeof *chain)
			chain[k++] = a;
	base = p->url ? strdup(p->url) : NULL;
	while (k-- > 0) {
		xmlChar *b = xmlGetNsProp(chain[k], (const xmlChar *)"base", XML_XML_NAMESPACE);
		char *nb = nw_url_resolve(base, (const char *)b);

		xmlFree(b);
		free(base);
		base = nb;
	}
	out = nw_url_resolve(base, ref);
	free(base);
	return out;
}

static char *link_text(struct parser *p, xmlNode *n)
{
	char *t = trimmed(node_text(p, n)), *out;

	if (!t || !*t) {
		free(t);
		return NULL;
	}
	out = resolve(p, n, t);
	free(t);
	return out;
}

/* Atom <link>: an alternate one (rel absent or "alternate"), resolved. */
static char *atom_alternate(struct parser *p, xmlNode *n)
{
	char *rel = attr(n, "rel"), *href, *out = NULL;

	if (!rel || !strcasecmp(rel, "alternate") ||
	    !strcasecmp(rel, "http://www.iana.org/assignments/relation/alternate")) {
		href = attr(n, "href");
		if (href) {
			char *t = nw_collapse_ws(href, strlen(href));

			if (t && *t)
				out = resolve(p, n, t);
			free(t);
			xmlFree(href);
		}
	}
	if (rel)
		xmlFree(rel);
	return out;
}

/* Minutes east of UTC of a language's country when it has one time (ko, ja 540; zh 480, as
 * the html source takes a page's), or -1. */
static int lang_minutes(const char *lang)
{
	if (!lang || !lang[0] || !lang[1] || (lang[2] && lang[2] != '-' && lang[2] != '_'))
		return -1;
	if (!strncasecmp(lang, "ko", 2) || !strncasecmp(lang, "ja", 2))
		return 540;
	if (!strncasecmp(lang, "zh", 2))
		return 480;
	return -1;
}

/* A date without a zone ("2026-11-24 10:00:00", common in Korean and Japanese feeds) is on
 * the time of the feed's language (its xml:lang there, else the feed's), not UTC: read as
 * UTC, a Korean report came 9 hours after the wire copy of the same news. */
static void set_date(int64_t *dst, struct parser *p, xmlNode *n)
{
	xmlChar *lang;
	char *t;
	int local;

	if (*dst != NW_TIME_NONE)
		return;
	t = node_text(p, n);
	lang = xmlNodeGetLang(n);
	local = lang_minutes(lang ? (const char *)lang : p->doc->language);
	if (t)
		*dst = local >= 0 ? nw_date_parse_local(t, local) : nw_date_parse(t);
	xmlFree(lang);
	free(t);
}

static char *person(struct parser *p, xmlNode *n)
{
	char *name = NULL, *email = NULL, *out;

	for (xmlNode *c = n->children; c; c = c->next) {
		if (is_atom(c, "name"))
			set_once(&name, trimmed(node_text(p, c)));
		else if (is_atom(c, "email"))
			set_once(&email, trimmed(node_text(p, c)));
	}
	if (name && !*name) {
		free(name);
		name = NULL;
	}
	if (!name && !has_element_child(n)) {
		free(email);
		return trimmed(node_text(p, n));
	}
	out = name ? name : email;
	free(name == out ? email : name);
	return out && *out ? out : (free(out), NULL);
}

static void add_category(struct nw_strlist *l, char *v)
{
	if (v && *v)
		(void)nw_strlist_add(l, v);
	free(v);
}

/* ---- items ---- */

struct item_state {
	char *guid_link;   /* RSS guid that is a permalink: the link if there is no other */
	int64_t created;   /* dcterms:created/atom created: published if nothing better */
	int link_other;    /* the link taken is an Atom alternate that is not a page (JSON, audio) */
	char *media_title; /* Media RSS's title: the item's if it has none of its own */
	char *orig_link;   /* FeedBurner's origLink: the article's own address, over its <link> */
	char *media_desc;  /* Media RSS's description: the summary if there is no other text */
};

/* Media RSS's title and description, of the item or in its media:group (YouTube's and
 * podcasts' wrapper) or media:content (a video's, or a group's video's): the item's title and
 * summary when it has none of its own. A description is plain text unless type="html". */
static void media_fields(struct parser *p, xmlNode *c, struct item_state *st, int depth)
{
	const char *name = (const char *)c->name;

	if (!strcmp(name, "title")) {
		set_once(&st->media_title, title_text(p, c));
	} else if (!strcmp(name, "description")) {
		char *type = attr(c, "type");

		set_once(&st->media_desc, type && !strcasecmp(type, "html") ? rss_html(p, c) : title_text(p, c));
		if (type)
			xmlFree(type);
	} else if ((!strcmp(name, "group") || !strcmp(name, "content")) && depth < 2) {
		for (xmlNode *g = c->children; g; g = g->next)
			if (g->type == XML_ELEMENT_NODE && ns_of(g) == NS_MEDIA)
				media_fields(p, g, st, depth + 1);
	}
}

/* Elements an RSS item and an Atom entry share (Dublin Core, content:, xhtml:body, atom:*). */
static int common_item_field(struct parser *p, xmlNode *c, struct nw_item *it,
			     struct item_state *st)
{
	enum ns ns = ns_of(c);
	const char *name = (const char *)c->name;

	if (ns == NS_DC) {
		if (!strcmp(name, "title"))
			set_once(&it->title, title_text(p, c));
		else if (!strcmp(name, "creator") || !strcmp(name, "author"))
			set_once(&it->author, trimmed(node_text(p, c)));
		else if (!strcmp(name, "date"))
			set_date(&it->updated, p, c);
		else if (!strcmp(name, "language"))
			set_once(&it->language, trimmed(node_text(p, c)));
		else if (!strcmp(name, "subject"))
			add_category(&it->categories, trimmed(node_text(p, c)));
		else if (!strcmp(name, "description"))
			set_once(&it->summary, html_text(node_text(p, c)));
		else
			return 0;
		return 1;
	}
	if (ns == NS_DCTERMS) {
		if (!strcmp(name, "issued"))
			set_date(&it->published, p, c);
		else if (!strcmp(name, "modified"))
			set_date(&it->updated, p, c);
		else if (!strcmp(name, "created"))
			set_date(&st->created, p, c);
		else
			return 0;
		return 1;
	}
	if (ns == NS_CONTENT && !strcmp(name, "encoded")) {
		set_once(&it->content, rss_html(p, c));
		return 1;
	}
	if (ns == NS_XHTML && !strcmp(name, "body")) {
		set_once(&it->content, html_text(inner_xml(p, c, 0)));
		return 1;
	}
	if (ns == NS_MEDIA && (!strcmp(name, "title") || !strcmp(name, "description") ||
			       !strcmp(name, "group") || !strcmp(name, "content"))) {
		media_fields(p, c, st, 0);
		return 1;
	}
	if (ns == NS_FEEDBURNER && !strcmp(name, "origLink")) {
		/* FeedBurner puts its redirector (feedproxy.google.com/~r/...) in <link>: the same
		 * article in the site's own feed, or another's, would not be the same link */
		char *l = link_text(p, c);

		if (l && (!strncasecmp(l, "http://", 7) || !strncasecmp(l, "https://", 8)))
			set_once(&st->orig_link, l);
		else
			free(l);
		return 1;
	}
	return 0;
}

static void atom_entry_field(struct parser *p, xmlNode *c, struct nw_item *it,
			     struct item_state *st)
{
	const char *name = (const char *)c->name;

	if (!strcmp(name, "title")) {
		set_once(&it->title, text_construct(p, c));
	} else if (!strcmp(name, "id")) {
		set_once(&it->id, trimmed(node_text(p, c)));
	} else if (!strcmp(name, "link")) {
		/* of several alternates, a page (no type, or HTML) before any other (JSON, audio);
		 * an RSS item's own <link> stays */
		char *l = atom_alternate(p, c), *type = l ? attr(c, "type") : NULL;
		size_t tl = type ? strcspn(type, "; \t") : 0;
		int page = !type || (tl == 9 && !strncasecmp(type, "text/html", 9)) ||
			   (tl == 21 && !strncasecmp(type, "application/xhtml+xml", 21));

		if (l && (!it->link || (page && st->link_other))) {
			free(it->link);
			it->link = l;
			st->link_other = !page;
		} else {
			free(l);
		}
		if (type)
			xmlFree(type);
	} else if (!strcmp(name, "published") || !strcmp(name, "issued")) {
		set_date(&it->published, p, c);
	} else if (!strcmp(name, "updated") || !strcmp(name, "modified")) {
		set_date(&it->updated, p, c);
	} else if (!strcmp(name, "created")) {
		set_date(&st->created, p, c);
	} else if (!strcmp(name, "summary")) {
		set_once(&it->summary, text_construct(p, c));
	} else if (!strcmp(name, "content")) {
		char *src = attr(c, "src");

		if (src)
			xmlFree(src); /* out-of-line content: nothing to read here */
		else
			set_once(&it->content, text_construct(p, c));
	} else if (!strcmp(name, "author")) {
		set_once(&it->author, person(p, c));
	} else if (!strcmp(name, "category")) {
		char *term = attr(c, "term");

		if (!term)
			term = attr(c, "label");
		if (term) {
			add_category(&it->categories, nw_collapse_ws(term, strlen(term)));
			xmlFree(term);
		}
	}
}

static void rss_item_field(struct parser *p, xmlNode *c, struct nw_item *it,
			   struct item_state *st)
{
	const char *name = (const char *)c->name;

	if (!strcmp(name, "title")) {
		set_once(&it->title, title_text(p, c));
	} else if (!strcmp(name, "link")) {
		set_once(&it->link, link_text(p, c));
	} else if (!strcmp(name, "guid")) {
		char *perma = attr(c, "isPermaLink");
		char *g = trimmed(node_text(p, c));

		if (g && *g && !it->id) {
			/* a permalink (the default) only if it is an address or a path, with a '/':
			 * a GUID "12345" or a UUID whose feed left isPermaLink out, resolved against the
			 * feed's address, made a page that does not exist, the same for two feeds of
			 * one site that number their items apart, which dedup then took for one */
			if ((!perma || strcasecmp(perma, "false")) && !st->guid_link && strchr(g, '/'))
				st->guid_link = resolve(p, c, g);
			it->id = g;
			g = NULL;
		}
		free(g);
		if (perma)
			xmlFree(perma);
	} else if (!strcmp(name, "description") || !strcmp(name, "summary")) {
		/* both present: the first is the summary, the other the content */
		if (!it->summary || !*it->summary)
			set_once(&it->summary, text_construct(p, c));
		else
			set_once(&it->content, text_construct(p, c));
	} else if (!strcmp(name, "fullitem") || !strcmp(name, "body")) {
		set_once(&it->content, text_construct(p, c));
	} else if (!strcmp(name, "pubDate")) {
		set_date(&it->published, p, c);
	} else if (!strcmp(name, "author")) {
		set_once(&it->author, trimmed(node_text(p, c)));
	} else if (!strcmp(name, "category")) {
		add_category(&it->categories, trimmed(node_text(p, c)));
	}
}

static int parse_item(struct parser *p, xmlNode *n, const char *feed_lang)
{
	struct nw_item *it;
	struct item_state st = { NULL, NW_TIME_NONE, 0, NULL, NULL, NULL };

	if (p->doc->nitems >= RSS_MAX_ITEMS)
		return -E2BIG;
	it = nw_doc_add_item(p->doc);
	if (!it)
		return p->doc->full ? -E2BIG : -ENOMEM; /* full: said by the caller (nw_doc_finish) */
	for (xmlNode *c = n->children; c; c = c->next) {
		enum ns ns;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (common_item_field(p, c, it, &st))
			continue;
		ns = ns_of(c);
		if (ns == NS_ATOM || (p->atom && ns == NS_CORE))
			atom_entry_field(p, c, it, &st);
		else if (ns == NS_CORE)
			rss_item_field(p, c, it, &st);
	}
	if (!it->id && ns_of(n) != NS_ATOM) {
		/* RSS 1.0: the item's rdf:about is its identity */
		xmlChar *about = xmlGetNsProp(n, (const xmlChar *)"about",
					      (const xmlChar *)"http://www.w3.org/1999/02/22-rdf-syntax-ns#");

		if (about) {
			it->id = trimmed(strdup((const char *)about));
			xmlFree(about);
		}
	}
	if (st.orig_link) {
		free(it->link);
		it->link = st.orig_link;
		st.orig_link = NULL;
	}
	if (!it->link && st.guid_link) {
		it->link = st.guid_link;
		st.guid_link = NULL;
	}
	free(st.guid_link);
	if (it->published == NW_TIME_NONE)
		it->published = st.created;
	none_if_empty(&it->title);
	if (!it->title) {
		it->title = st.media_title;
		st.media_title = NULL;
	}
	free(st.media_title);
	none_if_empty(&it->summary);
	none_if_empty(&it->content);
	none_if_empty(&st.media_desc);
	if (!it->summary && it->content)
		it->summary = strdup(it->content);
	if (!it->summary) { /* a video's description (YouTube): a photo's caption says less than an article */
		it->summary = st.media_desc;
		st.media_desc = NULL;
	}
	free(st.media_desc);
	if (!it->language) {
		xmlChar *lang = xmlNodeGetLang(n);

		if (lang) {
			it->language = strdup((const char *)lang);
			xmlFree(lang);
		} else if (feed_lang) {
			it->language = strdup(feed_lang);
		}
	}
	return 0;
}

/* ---- feed level ---- */

static void feed_field(struct parser *p, xmlNode *c)
{
	struct nw_doc *d = p->doc;
	enum ns ns = ns_of(c);
	const char *name = (const char *)c->name;

	if (ns == NS_DC) {
		if (!strcmp(name, "title"))
			set_once(&d->title, title_text(p, c));
		else if (!strcmp(name, "language"))
			set_once(&d->language, trimmed(node_text(p, c)));
		else if (!strcmp(name, "description"))
			set_once(&d->description, html_text(node_text(p, c)));
		return;
	}
	if (ns == NS_ATOM || (p->atom && ns == NS_CORE)) {
		if (!strcmp(name, "title"))
			set_once(&d->title, text_construct(p, c));
		else if (!strcmp(name, "link"))
			set_once(&d->link, atom_alternate(p, c));
		else if (!strcmp(name, "subtitle") || !strcmp(name, "tagline") ||
			 !strcmp(name, "info"))
			set_once(&d->description, text_construct(p, c));
		return;
	}
	if (ns != NS_CORE)
		return;
	if (!strcmp(name, "title"))
		set_once(&d->title, title_text(p, c));
	else if (!strcmp(name, "link"))
		set_once(&d->link, link_text(p, c));
	else if (!strcmp(name, "description"))
		set_once(&d->description, text_construct(p, c));
	else if (!strcmp(name, "language"))
		set_once(&d->language, trimmed(node_text(p, c)));
}

static int is_item(struct parser *p, xmlNode *c)
{
	if (p->atom)
		return is_atom(c, "entry");
	return is(c, NS_CORE, "item");
}

/* The feed's language: an element if any, else xml:lang. Needed before the items. */
static void feed_language(struct parser *p, xmlNode *root, xmlNode *channel)
{
	xmlNode *scopes[2] = { channel, root };

	for (int s = 0; s < 2 && !p->doc->language; s++) {
		if (!scopes[s])
			continue;
		for (xmlNode *c = scopes[s]->children; c; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			if (is(c, NS_CORE, "language") || is(c, NS_DC, "language"))
				set_once(&p->doc->language, trimmed(node_text(p, c)));
		}
	}
	if (p->doc->language && !*p->doc->language) {
		free(p->doc->language);
		p->doc->language = NULL;
	}
	if (!p->doc->language) {
		xmlChar *lang = xmlNodeGetLang(channel ? channel : root);

		if (lang) {
			p->doc->language = strdup((const char *)lang);
			xmlFree(lang);
		}
	}
}

static int walk(struct parser *p, xmlNode *root)
{
	xmlNode *channel = NULL;
	int rc;

	for (xmlNode *c = root->children; c && !p->atom; c = c->next)
		if (is(c, NS_CORE, "channel")) {
			channel = c;
			break;
		}
	feed_language(p, root, channel);
	/* feed fields: Atom's <feed>, RSS's <channel> (plus the root for channel-less feeds) */
	for (xmlNode *c = (channel ? channel : root)->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !is_item(p, c))
			feed_field(p, c);
	/* items in document order: under the channel (RSS 2.0) or beside it (RDF, 0.90) */
	for (xmlNode *c = root->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (c == channel) {
			for (xmlNode *i = c->children; i; i = i->next)
				if (i->type == XML_ELEMENT_NODE && is_item(p, i) &&
				    (rc = parse_item(p, i, p->doc->language)) < 0)
					return rc;
		} else if (is_item(p, c) && (rc = parse_item(p, c, p->doc->language)) < 0) {
			return rc;
		}
	}
	return 0;
}

static const char *rss_format(xmlNode *root)
{
	char *v = attr(root, "version");
	const char *f = "rss";

	if (v) {
		static const struct {
			const char *v, *f;
		} vs[] = {
			{ "2.0", "rss2.0" }, { "2.01", "rss2.0" }, { "2.0.1", "rss2.0" },
			{ "0.91", "rss0.91" }, { "0.92", "rss0.92" }, { "0.93", "rss0.93" },
			{ "0.94", "rss0.94" }, { "0.90", "rss0.90" }, { "0.9", "rss0.90" },
		};
		char *t = nw_collapse_ws(v, strlen(v));

		for (size_t i = 0; t && i < sizeof(vs) / sizeof(vs[0]); i++)
			if (!strcmp(t, vs[i].v))
				f = vs[i].f;
		free(t);
		xmlFree(v);
	}
	return f;
}

/* ---- errors and the entity loader ---- */

static void on_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;
	struct parser *p = ctxt ? ctxt->_private : NULL;

	if (!p || !e || p->warning[0] || e->level == XML_ERR_WARNING)
		return;
	snprintf(p->warning, sizeof(p->warning), "line %d: %s", e->line,
		 e->message ? e->message : "error");
	/* libxml2's messages end with a newline */
	size_t l = strlen(p->warning);

	while (l && (p->warning[l - 1] == '\n' || p->warning[l - 1] == ' '))
		p->warning[--l] = '\0';
}

/* Whether data ends before the end tag of its root (in its last 4 KB): a transfer cut
 * short. Not told for a document in UTF-16 (NULs), which is then taken as whole. */
static int cut_short(const char *data, size_t len, const xmlNode *root)
{
	size_t from = len > 4096 ? len - 4096 : 0;
	const char *prefix = root->ns && root->ns->prefix ? (const char *)root->ns->prefix : NULL;
	char tag[300];
	int tl;

	if (!root->name || memchr(data + from, '\0', len - from))
		return 0;
	tl = snprintf(tag, sizeof tag, "</%s%s%s", prefix ? prefix : "", prefix ? ":" : "", (const char *)root->name);
	if (tl < 0 || (size_t)tl >= sizeof tag)
		return 0;
	return memmem(data + from, len - from, tag, (size_t)tl) == NULL;
}

void nw_rss_init(void)
{
	nw_xml_refuse_entities();
}

/* on load too, so that nothing parses XML in this process before the loader is installed */
__attribute__((constructor)) static void rss_global_init(void)
{
	nw_rss_init();
}

/* ---- the entry point ---- */

int nw_rss_parse(const struct nw_input *in, struct nw_doc *doc, char *err, size_t errlen)
{
	struct parser p = { 0 };
	struct nw_xml_text t;
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr x = NULL;
	xmlNode *root;
	char *clean = NULL;
	const char *data, *force;
	size_t len = in->len;
	int rc = 0, amps = 0, capped = 0;

	if (!in->data || !len) {
		snprintf(err, errlen, "empty document");
		return -EINVAL;
	}
	if (len > RSS_MAX_INPUT) {
		snprintf(err, errlen, "document too large (%zu bytes)", len);
		return -EFBIG;
	}
	if (len >= 2 && (unsigned char)in->data[0] == 0x1F && (unsigned char)in->data[1] == 0x8B) {
		/* a feed comes compressed with Content-Encoding, which libcurl undoes */
		snprintf(err, errlen, "a gzip-compressed file, not a feed (a sitemap.xml.gz is read with plugin = sitemap)");
		return -EPROTO;
	}
	/* a BOM, then the HTTP charset, then the declaration; a mislabelled body caught */
	if (nw_xml_decode(in->data, len, in->content_type, &t) < 0) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	data = t.data;
	len = t.len;
	force = t.encoding;
	clean = t.buf;
	if (t.ascii) {
		/* '&', '<' and ';' are their ASCII bytes, never parts of other characters, in
		 * UTF-8, the ISO-8859/Windows code pages and the East Asian multi-byte ones */
		int oom = 0;
		size_t alen = len;
		char *fixed = nw_xml_fix_amps(data, len, &alen, &amps, &oom);

		if (oom) {
			rc = -ENOMEM;
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		if (fixed) {
			free(clean);
			clean = fixed;
			data = fixed;
			len = alen;
		}
	}
	if (len > INT32_MAX) {
		rc = -EFBIG;
		snprintf(err, errlen, "document too large");
		goto out;
	}

	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		rc = -ENOMEM;
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	ctxt->_private = &p;
	ctxt->sax->serror = on_error;
	x = nw_xml_read(ctxt, data, len, in->url, force);
	root = x ? xmlDocGetRootElement(x) : NULL;
	if (!root) {
		rc = -EBADMSG;
		snprintf(err, errlen, "not XML%s%s", p.warning[0] ? ": " : "", p.warning);
		goto out;
	}
	p.x = x;
	p.doc = doc;
	p.url = in->url;
	if (is(root, NS_ATOM, "feed") || is(root, NS_CORE, "feed")) {
		p.atom = 1;
		if (root->ns && !strcmp((const char *)root->ns->href, NS_ATOM10)) {
			doc->format = "atom1.0";
		} else if (root->ns && !strcmp((const char *)root->ns->href, NS_ATOM03)) {
			doc->format = "atom0.3";
		} else {
			char *v = attr(root, "version");

			doc->format = v && !strcmp(v, "0.3") ? "atom0.3" : "atom";
			if (v)
				xmlFree(v);
		}
	} else if (root->name && !strcmp((const char *)root->name, "RDF")) {
		doc->format = "rss1.0";
		for (xmlNode *c = root->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && c->ns &&
			    !strcmp((const char *)c->ns->href, NS_RSS090))
				doc->format = "rss0.90";
	} else if (is(root, NS_CORE, "rss")) {
		doc->format = rss_format(root);
	} else if (is(root, NS_CORE, "channel")) {
		doc->format = "rss";
	} else {
		rc = -EPROTO;
		snprintf(err, errlen, "not an RSS or Atom feed (root element <%s>)",
			 root->name ? (const char *)root->name : "?");
		goto out;
	}
	/* a document cut short is never well-formed; one that is not may be whole (a bare '&') */
	doc->cut = !ctxt->wellFormed && cut_short(data, len, root);
	/* a bare <channel> root walks as the channel: its children are the feed and items */
	rc = walk(&p, root);
	if (rc == -E2BIG) {
		rc = 0;
		capped = !doc->full;
	}
	if (rc < 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (!ctxt->wellFormed || p.warning[0] || amps || capped || t.junk || t.note[0] || t.repaired) {
		char w[RSS_MAX_WARNING + 256];
		int broken = !ctxt->wellFormed || p.warning[0] || amps;
		char pre[160] = "";
		/* a label not believed, or bytes replaced: said as the sitemap plugin says it */
		const char *note = t.note[0] ? t.note : t.repaired ? "invalid UTF-8 replaced" : "";

		if (t.junk)
			snprintf(pre, sizeof pre, "%zu bytes before the XML skipped%s", t.junk,
				 note[0] || broken || capped ? "; " : "");
		if (note[0])
			snprintf(pre + strlen(pre), sizeof pre - strlen(pre), "%s%s", note,
				 broken || capped ? "; " : "");
		snprintf(w, sizeof(w), "%s%s%s%s%s%s%s", pre,
			 broken ? "not well-formed XML, recovered: " : "",
			 amps ? "bare '&' escaped" : "", amps && p.warning[0] ? "; " : "",
			 p.warning[0] ? p.warning : broken && !amps ? "errors" : "",
			 broken && capped ? "; " : "",
			 capped ? "more than " NW_STR(RSS_MAX_ITEMS) " items, the rest dropped" : "");
		free(doc->warning);
		doc->warning = strdup(w);
	}
out:
	if (x)
		xmlFreeDoc(x);
	if (ctxt)
		xmlFreeParserCtxt(ctxt);
	free(clean);
	return rc;
}
