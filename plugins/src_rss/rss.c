/* rss.c — the `rss` source plugin: RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 and Atom 0.3/1.0 feeds.
 * The parsing itself is rss_parse.c (shared with the exec plugin); this file is the plugin's
 * descriptor: its (empty) option table, init and parse hooks. */
#include <stddef.h>

#include "../../daemon/newswatch-plugin.h"
#include "rss_parse.h"

struct rss_ctx {
	int unused; /* no options yet; the loader wants a context to hand back */
};

static const struct nw_option rss_options[] = {
	{ .name = NULL },
};

static int rss_init(void *ctx, char *err, size_t errlen)
{
	(void)ctx;
	(void)err;
	(void)errlen;
	nw_rss_init(); /* again, in case the loader was replaced since load */
	return 0;
}

static int rss_parse(void *ctx, const struct nw_input *in, struct nw_doc *doc, char *err,
		     size_t errlen)
{
	(void)ctx;
	return nw_rss_parse(in, doc, err, errlen);
}

const struct nw_plugin nw_plugin = {
	.abi = NW_PLUGIN_ABI,
	.kind = NW_PLUGIN_SOURCE,
	.name = "rss",
	.description = "RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 and Atom 0.3/1.0 feeds",
	.options = rss_options,
	.ctx_size = sizeof(struct rss_ctx),
	.init = rss_init,
	.fini = NULL,
	.parse = rss_parse,
	.deliver = NULL,
};
