/* sitemap.c — the `sitemap` source plugin: an XML sitemap (<urlset>, one item per <url>; a .xml.gz too) or
 * a sitemap index (<sitemapindex>, one item per child sitemap), with the Google News
 * extension giving titles, publication dates and languages. XML read as safely as rss.c. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* strdup, strcasecmp under -std=c11 too */
#endif
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>
#include <libxml/encoding.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include "xmlsafe.h"

#include "../../daemon/newswatch-plugin.h"

/* Sitemaps are at most 50 MB and 50,000 URLs by the protocol; allow some slack. */
#define SM_MAX_INPUT (64u << 20)
#define SM_MAX_ITEMS 50000
/* One text field is cut at this many bytes. */
#define SM_MAX_FIELD (64u << 10)
/* Keywords (news:keywords, comma-separated) kept per item. */
#define SM_MAX_KEYWORDS 32
#define SM_MAX_WARNING 300
#define SM_STR_(x) #x
#define SM_STR(x) SM_STR_(x)

struct sm_ctx {
	int unused; /* no options; the loader wants a context to hand back */
};

static const struct nw_option sm_options[] = {
	{ .name = NULL },
};

/* ---- names ---- */

enum ns { NS_SITEMAP, NS_NEWS, NS_IMAGE, NS_VIDEO, NS_OTHER };

/* Elements are matched by namespace URI; with no namespace (or an undeclared prefix, which
 * libxml2's recovery keeps in the name) by the conventional prefix. */
static enum ns ns_of(const xmlNode *n)
{
	const char *uri = n->ns && n->ns->href ? (const char *)n->ns->href : NULL;

	if (!uri)
		return NS_SITEMAP;
	if (strstr(uri, "sitemap-news") || strstr(uri, "schemas/news"))
		return NS_NEWS;
	if (strstr(uri, "sitemap-image"))
		return NS_IMAGE;
	if (strstr(uri, "sitemap-video"))
		return NS_VIDEO;
	if (strstr(uri, "sitemaps.org/schemas/sitemap") || strstr(uri, "google.com/schemas/sitemap"))
		return NS_SITEMAP;
	return NS_OTHER;
}

static int is(const xmlNode *n, enum ns ns, const char *name)
{
	static const char *const prefix[] = { "", "news:", "image:", "video:", "" };
	const char *nm;
	size_t pl;

	if (n->type != XML_ELEMENT_NODE || !n->name)
		return 0;
	nm = (const char *)n->name;
	if (!strcmp(nm, name))
		return ns_of(n) == ns;
	/* <news:title> with news: never declared */
	pl = strlen(prefix[ns]);
	return pl && !n->ns && !strncmp(nm, prefix[ns], pl) && !strcmp(nm + pl, name);
}

static xmlNode *child(const xmlNode *n, enum ns ns, const char *name)
{
	for (xmlNode *c = n->children; c; c = c->next)
		if (is(c, ns, name))
			return c;
	return NULL;
}

/* ---- text ---- */

/* A leaf's characters, white space collapsed; NULL when empty. Entity references are left
 * out: a sitemap has no business declaring entities, and not expanding them bounds them. */
static char *text(const xmlNode *n)
{
	size_t total = 0, len = 0;
	char *buf, *out;

	if (!n)
		return NULL;
	for (const xmlNode *c = n->children; c && total < SM_MAX_FIELD; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			total += strnlen((const char *)c->content, SM_MAX_FIELD);
	if (total > SM_MAX_FIELD)
		total = SM_MAX_FIELD;
	buf = malloc(total + 1);
	if (!buf)
		return NULL;
	for (const xmlNode *c = n->children; c && len < total; c = c->next) {
		size_t l;

		if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) || !c->content)
			continue;
		l = strnlen((const char *)c->content, total - len);
		memcpy(buf + len, c->content, l);
		len += l;
	}
	/* a cut field never ends inside a UTF-8 sequence */
	if (len == SM_MAX_FIELD) {
		size_t k = len, need;

		while (k && ((unsigned char)buf[k - 1] & 0xC0) == 0x80 && len - k < 3)
			k--;
		if (k && (unsigned char)buf[k - 1] >= 0xC0) {
			unsigned lead = (unsigned char)buf[k - 1];

			need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
			if (k - 1 + need > len)
				len = k - 1;
		}
	}
	buf[len] = '\0';
	out = nw_collapse_ws(buf, len);
	free(buf);
	if (out && !*out) {
		free(out);
		out = NULL;
	}
	return out;
}

/* news:title may carry escaped markup (&lt;b&gt;); the contract wants plain text. Markup
 * only when it looks like HTML, as an RSS title: "&lt;Exclusive&gt; Altman returns" and
 * "Why x&lt;y and y&gt;z matter" are text (they came out "Altman returns", "Why xz matter"). */
static char *plain(const xmlNode *n)
{
	char *t = text(n), *p;

	if (!t || !nw_looks_like_html(t))
		return t;
	p = nw_html_to_text(t, strlen(t));
	free(t);
	if (p && !*p) {
		free(p);
		p = NULL;
	}
	return p;
}

static int64_t date(const xmlNode *n)
{
	char *t = text(n);
	int64_t d = t ? nw_date_parse(t) : NW_TIME_NONE;

	free(t);
	return d;
}

/* ---- the walk ---- */

struct parser {
	struct nw_doc *doc;
	const char *url;
	size_t nitems;
	int capped, oom;
};

static void keywords(struct parser *p, const xmlNode *n, struct nw_item *it)
{
	char *t = text(n), *save = NULL, *k;
	size_t count = 0;

	if (!t)
		return;
	for (k = strtok_r(t, ",", &save); k && count < SM_MAX_KEYWORDS;
	     k = strtok_r(NULL, ",", &save)) {
		char *c = nw_collapse_ws(k, strlen(k));

		if (!c) {
			p->oom = 1;
			break;
		}
		if (*c) {
			if (nw_strlist_add(&it->categories, c))
				p->oom = 1;
			count++;
		}
		free(c);
	}
	free(t);
}

/* One <url> or <sitemap> element into an item. */
static void entry(struct parser *p, const xmlNode *e)
{
	const xmlNode *news = child(e, NS_NEWS, "news"), *pub, *video;
	struct nw_item *it;
	char *loc = text(child(e, NS_SITEMAP, "loc"));

	if (!loc)
		return; /* loc is required: an entry without one names nothing */
	if (p->nitems >= SM_MAX_ITEMS) {
		p->capped = 1;
		free(loc);
		return;
	}
	it = nw_doc_add_item(p->doc);
	if (!it) {
		free(loc);
		p->oom = !p->doc->full; /* full: said by the caller (nw_doc_finish) */
		return;
	}
	p->nitems++;
	it->link = nw_url_resolve(p->url, loc);
	it->id = loc;
	if (!it->link)
		p->oom = 1;
	it->updated = date(child(e, NS_SITEMAP, "lastmod"));
	if (news) {
		pub = child(news, NS_NEWS, "publication");
		it->title = plain(child(news, NS_NEWS, "title"));
		it->published = date(child(news, NS_NEWS, "publication_date"));
		if (pub) {
			it->language = text(child(pub, NS_NEWS, "language"));
			it->author = plain(child(pub, NS_NEWS, "name"));
			/* the publication's name is the closest thing a sitemap has to a feed title */
			if (!p->doc->title && it->author)
				p->doc->title = strdup(it->author);
		}
		keywords(p, child(news, NS_NEWS, "keywords"), it);
	}
	/* video sitemaps title their entries too */
	if (!it->title && (video = child(e, NS_VIDEO, "video"))) {
		it->title = plain(child(video, NS_VIDEO, "title"));
		if (!it->summary)
			it->summary = plain(child(video, NS_VIDEO, "description"));
		if (it->published == NW_TIME_NONE)
			it->published = date(child(video, NS_VIDEO, "publication_date"));
	}
}

/* ---- errors and the entity loader (as rss.c) ---- */

struct errs {
	char first[SM_MAX_WARNING];
};

static void on_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;
	struct errs *w = ctxt ? ctxt->_private : NULL;
	size_t l;

	if (!w || !e || w->first[0] || e->level == XML_ERR_WARNING)
		return;
	snprintf(w->first, sizeof(w->first), "line %d: %s", e->line,
		 e->message ? e->message : "error");
	l = strlen(w->first);
	while (l && (w->first[l - 1] == '\n' || w->first[l - 1] == ' '))
		w->first[--l] = '\0';
}

/* The loader is process-wide in libxml2 2.9: install the refusing one as soon as we are
 * loaded (nw_xml_read installs it again before every parse). */
__attribute__((constructor)) static void sm_global_init(void)
{
	nw_xml_refuse_entities();
}

/* ---- the plugin ---- */

/* A sitemap.xml.gz served as such (application/gzip, no Content-Encoding, so libcurl leaves
 * it as it came), as sites with large sitemaps publish them: inflated here, to at most
 * SM_MAX_INPUT bytes whatever the ratio (a small file can inflate to gigabytes). Members
 * after the first are read too (gzip allows concatenation). What it had is kept, with *note
 * saying what was not, from a file cut short, a corrupt member after a good one, or bytes
 * after the end that are not zeros (gzip(1) says "trailing garbage ignored"). 0, or -errno
 * with err set. */
static int gunzip(const unsigned char *in, size_t len, char **out, size_t *outlen, const char **note, char *err,
		  size_t errlen)
{
	z_stream z = { 0 };
	size_t cap = len < (SM_MAX_INPUT - 4096) / 8 ? len * 8 + 4096 : SM_MAX_INPUT + 1, n = 0, good = 0;
	char *buf = malloc(cap);
	int zr = Z_OK, members = 0;

	*out = NULL;
	*note = NULL;
	if (!buf || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(buf);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	z.next_in = (unsigned char *)in;
	for (;;) {
		size_t left = len - (size_t)(z.next_in - in);
		if (n == cap) {
			size_t nc = cap * 2 > SM_MAX_INPUT + 1 ? SM_MAX_INPUT + 1 : cap * 2;
			char *nb;
			if (nc <= cap) { /* past the cap: refused, as a document that large would be */
				inflateEnd(&z);
				free(buf);
				snprintf(err, errlen, "gzip-compressed sitemap larger than %u MiB uncompressed",
					 SM_MAX_INPUT >> 20);
				return -EFBIG;
			}
			if (!(nb = realloc(buf, nc))) {
				inflateEnd(&z);
				free(buf);
				snprintf(err, errlen, "out of memory");
				return -ENOMEM;
			}
			buf = nb;
			cap = nc;
		}
		z.avail_in = (uInt)(left < UINT_MAX ? left : UINT_MAX);
		z.next_out = (unsigned char *)buf + n;
		z.avail_out = (uInt)(cap - n < UINT_MAX ? cap - n : UINT_MAX);
		zr = inflate(&z, Z_NO_FLUSH);
		n = (size_t)((char *)z.next_out - buf);
		if (zr == Z_STREAM_END) {
			size_t k;
			good = n;
			members++;
			left = len - (size_t)(z.next_in - in);
			if (left >= 2 && z.next_in[0] == 0x1F && z.next_in[1] == 0x8B && inflateReset(&z) == Z_OK)
				continue; /* another member */
			for (k = 0; k < left && !z.next_in[k]; k++)
				; /* zeros: padding */
			if (k < left)
				*note = "data after the end of the gzip-compressed sitemap ignored";
			break;
		}
		if (zr == Z_OK || (zr == Z_BUF_ERROR && z.avail_out == 0))
			continue;
		if (zr == Z_BUF_ERROR) { /* no more input before the end: cut short */
			*note = "gzip-compressed sitemap cut short";
			break;
		}
		if (members && zr == Z_DATA_ERROR) { /* a good member, then a broken one */
			n = good;
			*note = "a corrupt part after the start of the gzip-compressed sitemap ignored";
			break;
		}
		inflateEnd(&z);
		free(buf);
		snprintf(err, errlen, "gzip-compressed sitemap is corrupt (%s)",
			 z.msg ? z.msg : zr == Z_MEM_ERROR ? "out of memory" : "bad data");
		return zr == Z_MEM_ERROR ? -ENOMEM : -EBADMSG;
	}
	inflateEnd(&z);
	if (n > SM_MAX_INPUT) {
		free(buf);
		snprintf(err, errlen, "gzip-compressed sitemap larger than %u MiB uncompressed", SM_MAX_INPUT >> 20);
		return -EFBIG;
	}
	if (!n) {
		free(buf);
		snprintf(err, errlen, "gzip-compressed sitemap is empty%s", *note ? " (cut short)" : "");
		return -EINVAL;
	}
	*out = buf;
	*outlen = n;
	return 0;
}

/* Whether any item has a title. */
static int titled(const struct nw_doc *doc)
{
	for (size_t i = 0; i < doc->nitems; i++)
		if (doc->items[i].title)
			return 1;
	return 0;
}

/* Append one note to a document's warning, "; " between notes (cut at the buffer's end). */
static void note_add(char *w, size_t size, const char *fmt, ...)
{
	size_t n = strlen(w);
	va_list ap;

	if (n && n + 2 < size) {
		memcpy(w + n, "; ", 3);
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(w + n, size - n, fmt, ap);
	va_end(ap);
}

static int sm_parse(void *vctx, const struct nw_input *in, struct nw_doc *doc, char *err,
		    size_t errlen)
{
	const unsigned char *u = (const unsigned char *)in->data;
	const char *src = in->data, *data, *force;
	struct parser p = { .doc = doc, .url = in->url };
	struct nw_xml_text t;
	struct errs w = { "" };
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr x = NULL;
	xmlNode *root;
	char *fixed, *inflated = NULL, warning[SM_MAX_WARNING + 300] = "";
	size_t len = in->len;
	const char *gz_note = NULL;
	int rc = 0, index, repaired;

	(void)vctx;
	if (!in->data || !len) {
		snprintf(err, errlen, "empty document");
		return -EINVAL;
	}
	if (len > SM_MAX_INPUT) {
		snprintf(err, errlen, "document too large (%zu bytes)", len);
		return -EFBIG;
	}
	if (len >= 2 && u[0] == 0x1F && u[1] == 0x8B) {
		if ((rc = gunzip(u, len, &inflated, &len, &gz_note, err, errlen)))
			return rc;
		src = inflated;
	}
	/* The protocol says UTF-8, but servers label sitemaps as they label feeds, and wrongly
	 * as often: read in the feeds' order (a BOM, the HTTP charset, the declaration), legacy
	 * encodings decoded here, invalid UTF-8 replaced rather than turning the rest of the
	 * document into Latin-1. Blank lines or a PHP warning before the XML are skipped. */
	if (nw_xml_decode(src, len, in->content_type, &t) < 0) {
		free(inflated);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	data = t.data;
	len = t.len;
	force = t.encoding;
	fixed = t.buf;
	repaired = t.repaired || t.bad;
	if (t.ascii && force && !strcmp(force, "UTF-8")) {
		/* a bare '&' in a <loc>, HTML entities in a news:title, as in feeds (on UTF-8 only:
		 * in ISO-2022-JP, '&' is half of a character) */
		int bare = 0, oom = 0;
		size_t alen = len;
		char *amps = nw_xml_fix_amps(data, len, &alen, &bare, &oom);

		if (oom) {
			free(fixed);
			free(inflated);
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		if (amps) {
			free(fixed);
			data = fixed = amps;
			len = alen;
		}
	}
	if (len > INT32_MAX) {
		rc = -EFBIG;
		snprintf(err, errlen, "document too large");
		goto out;
	}
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		goto oom;
	ctxt->_private = &w;
	ctxt->sax->serror = on_error;
	x = nw_xml_read(ctxt, data, len, in->url, force);
	root = x ? xmlDocGetRootElement(x) : NULL;
	if (!root) {
		rc = -EBADMSG;
		snprintf(err, errlen, "not XML%s%s", w.first[0] ? ": " : "", w.first);
		goto out;
	}
	if (is(root, NS_SITEMAP, "urlset")) {
		index = 0;
		doc->format = "sitemap";
	} else if (is(root, NS_SITEMAP, "sitemapindex")) {
		index = 1;
		doc->format = "sitemapindex";
	} else {
		rc = -EPROTO;
		snprintf(err, errlen, "not a sitemap (root element <%s>)",
			 root->name ? (const char *)root->name : "?");
		goto out;
	}
	if (in->url && !(doc->link = strdup(in->url)))
		goto oom;
	for (xmlNode *c = root->children; c && !p.oom; c = c->next)
		if (is(c, NS_SITEMAP, index ? "sitemap" : "url"))
			entry(&p, c);
	if (p.oom)
		goto oom;
	{
		const char *note = t.note[0] ? t.note : repaired ? "invalid UTF-8 replaced" : "";
		const struct nw_item *child = index && doc->nitems ? &doc->items[0] : NULL;

		/* the child to name: the newest by its lastmod (an index of monthly archives lists
		 * them oldest first), else the first */
		for (size_t i = 1; child && i < doc->nitems; i++)
			if (doc->items[i].updated > child->updated)
				child = &doc->items[i];

		if (gz_note)
			note_add(warning, sizeof warning, "%s", gz_note);
		if (!ctxt->wellFormed || w.first[0]) /* w.first: what was recovered from */
			note_add(warning, sizeof warning, "not well-formed XML, recovered: %s",
				 w.first[0] ? w.first : "errors");
		if (note[0]) /* a label not believed, or how many bytes its encoding lacked */
			note_add(warning, sizeof warning, "%s", note);
		if (p.capped)
			note_add(warning, sizeof warning, "more than " SM_STR(SM_MAX_ITEMS) " entries, the rest dropped");
		/* a plain sitemap: its items are addresses, with no text a story's rule could find
		 * an alias in (an image:title titles a picture, maybe of another article, not the
		 * page: not taken for a title) */
		if (!index && doc->nitems && !titled(doc))
			note_add(warning, sizeof warning,
				 "none of its %zu entries has a title (news:title): they are stored and "
				 "deduplicated by their address, but no story can match them; a Google News "
				 "sitemap, or the site's feed, has titles", doc->nitems);
		/* its items are sitemaps, which no rule is written for: the articles are in them */
		if (index)
			note_add(warning, sizeof warning,
				 "a sitemap index: its %zu sitemaps are listed as items, not read; give a sitemap "
				 "of articles a feed of its own%s%.200s%s",
				 doc->nitems,
				 !child || !child->link ? ""
				 : child->updated != NW_TIME_NONE ? " (the newest: " : " (the first: ",
				 child && child->link ? child->link : "", child && child->link ? ")" : "");
		if (warning[0]) {
			free(doc->warning);
			doc->warning = strdup(warning);
		}
	}
	goto out;
oom:
	rc = -ENOMEM;
	snprintf(err, errlen, "out of memory");
out:
	if (x)
		xmlFreeDoc(x);
	if (ctxt)
		xmlFreeParserCtxt(ctxt);
	free(fixed);
	free(inflated);
	return rc;
}

const struct nw_plugin nw_plugin = {
	.abi = NW_PLUGIN_ABI,
	.kind = NW_PLUGIN_SOURCE,
	.name = "sitemap",
	.description = "XML sitemaps (also gzip-compressed) and sitemap indexes, with Google News titles and dates",
	.options = sm_options,
	.ctx_size = sizeof(struct sm_ctx),
	.init = NULL,
	.fini = NULL,
	.parse = sm_parse,
	.deliver = NULL,
};
