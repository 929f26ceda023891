/* rss_parse.h — the RSS/Atom parser (rss_parse.c) shared by the rss and exec plugins through
 * the libnwfeeds convenience library; not exported from any plugin (only nw_plugin is). */
#ifndef NW_RSS_PARSE_H
#define NW_RSS_PARSE_H

#include <stddef.h>

#include "../../daemon/newswatch-plugin.h"

/* RSS 0.9x/1.0/2.0 or Atom 0.3/1.0 bytes in `in` into doc (format, feed fields, items in
 * document order). 0, with doc->warning set if the feed was recovered from errors; or -errno
 * with a message in err: -EINVAL empty, -EFBIG too large, -EBADMSG not XML, -EPROTO XML but
 * not a feed, -ENOMEM. Touches neither the network nor local files. */
int nw_rss_parse(const struct nw_input *in, struct nw_doc *doc, char *err, size_t errlen);

/* Initialises libxml2 and installs the process-wide entity loader that refuses every external
 * entity and DTD. Runs on load; a plugin's init() calls it again in case something replaced
 * the loader since. */
void nw_rss_init(void);

#endif
