/* doc_json.h — a parsed feed document as the `newswatch parse --json` object (SPEC §5).
 * Used by the CLI and by tests that compare plugin output with the contract. */
#ifndef NW_DOC_JSON_H
#define NW_DOC_JSON_H
#include <jansson.h>

#include "newswatch-plugin.h"

/* {"feed": {...}, "items": [...]}: absent strings null, dates RFC 3339 UTC or null.
 * Returns a new reference, or NULL on allocation failure. */
json_t *nw_doc_to_json(const struct nw_doc *doc);
#endif
