/* xmlsafe.h — the one way newswatch parses XML (source plugins include it): no external
 * entity or DTD ever loaded, entities never substituted, no network, errors recovered. */
#ifndef NW_XMLSAFE_H
#define NW_XMLSAFE_H
#include <stddef.h>
#include <libxml/parser.h>

/* Install the refusing external-entity loader (process-wide in libxml2 2.9). Idempotent. */
void nw_xml_refuse_entities(void);
/* Read data with ctxt (its sax->serror and _private set by the caller for error reports):
 * the refusing loader installed, libxml2's own messages off, the safe options. */
xmlDocPtr nw_xml_read(xmlParserCtxtPtr ctxt, const char *data, size_t len, const char *url, const char *encoding);
/* encoding="..." of the XML declaration at d (lower-cased into out): 1 if there is one. */
int nw_xml_decl_encoding(const char *d, size_t len, char *out, size_t olen);
/* How many bytes come before the XML (a PHP warning, blank lines): up to "<?xml", else to
 * the feed's root element (<rss, <feed, <rdf:RDF, <urlset, <sitemapindex...); 0 when it
 * starts at once. */
size_t nw_xml_junk_len(const char *s, size_t len);
/* The document with what real feeds get wrong made well-formed before parsing (see
 * xmlsafe.c); NULL when nothing changed (*oom on allocation failure); *bare: a bare '&'. */
char *nw_xml_fix_amps(const char *s, size_t len, size_t *outlen, int *bare, int *oom);

/* A document's bytes as the parsers read them (nw_xml_decode). */
struct nw_xml_text {
	const char *data;     /* from where the XML starts: after a UTF-8 BOM and any junk */
	size_t len;
	const char *encoding; /* for nw_xml_read: "UTF-8" once decoded here, else a label or NULL */
	int ascii;            /* '&' and '<' are their ASCII bytes (not UTF-16/32, UTF-7, EBCDIC) */
	int repaired;         /* invalid UTF-8 replaced by U+FFFD */
	size_t bad;           /* bytes the label's encoding lacks, each one U+FFFD */
	size_t junk;          /* bytes skipped before the XML, not counting a BOM or white space */
	char label[64];       /* the label the bytes were decoded from, lower-cased ("" none) */
	char note[112];       /* a label not believed, or bytes replaced, for a warning ("" none) */
	char *buf;            /* what data points into when rewritten: free() it */
};
/* The one order every XML source reads an encoding in: a byte-order mark, then the HTTP
 * charset (content_type, may be NULL), then the XML declaration; a label on bytes that are
 * all UTF-8 (a server's ISO-8859-1 default), or a UTF-16 label on 8-bit bytes, is not
 * believed. Decodes to UTF-8 where it can. 0, or -ENOMEM (t->buf then NULL). */
int nw_xml_decode(const char *data, size_t len, const char *content_type, struct nw_xml_text *t);
#endif
