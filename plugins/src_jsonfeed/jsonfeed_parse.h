/* jsonfeed_parse.h — the JSON Feed parser (jsonfeed_parse.c) shared by the jsonfeed and exec
 * plugins through the libnwfeeds convenience library; not exported from any plugin. */
#ifndef NW_JSONFEED_PARSE_H
#define NW_JSONFEED_PARSE_H

#include <stddef.h>

#include "../../daemon/newswatch-plugin.h"

/* JSON Feed 1.0/1.1 bytes (UTF-8) in `in` into doc. 0, with doc->warning set if the document
 * needed repair; or -errno with a message in err: -EINVAL empty, -EFBIG too large, -EBADMSG
 * not JSON (or UTF-16/32, or nested too deep), -EPROTO JSON but not a JSON Feed, -ENOMEM. */
int nw_jsonfeed_parse(const struct nw_input *in, struct nw_doc *doc, char *err, size_t errlen);

#endif
