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
#endif
