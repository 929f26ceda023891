/* jsonfeed.c — the `jsonfeed` source plugin: JSON Feed 1.0 and 1.1 (jsonfeed.org). The parsing
 * itself is jsonfeed_parse.c (shared with the exec plugin); this file is the plugin's
 * descriptor: its (empty) option table and parse hook. */
#include <stddef.h>

#include "../../daemon/newswatch-plugin.h"
#include "jsonfeed_parse.h"

struct jf_ctx {
	int unused; /* no options; the loader wants a context to hand back */
};

static const struct nw_option jf_options[] = {
	{ .name = NULL },
};

static int jf_parse(void *ctx, const struct nw_input *in, struct nw_doc *doc, char *err,
		    size_t errlen)
{
	(void)ctx;
	return nw_jsonfeed_parse(in, doc, err, errlen);
}

const struct nw_plugin nw_plugin = {
	.abi = NW_PLUGIN_ABI,
	.kind = NW_PLUGIN_SOURCE,
	.name = "jsonfeed",
	.description = "JSON Feed 1.0 and 1.1 (https://jsonfeed.org)",
	.options = jf_options,
	.ctx_size = sizeof(struct jf_ctx),
	.init = NULL,
	.fini = NULL,
	.parse = jf_parse,
	.deliver = NULL,
};
