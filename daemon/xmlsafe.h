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
#endif
