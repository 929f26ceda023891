/* notify_log — the `log` notifier: one line per alert on stdout (a journald priority prefix
 * under systemd), as text or as the alert's JSON. The first form of alerting, and the demo's. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "newswatch-plugin.h"

struct log_ctx {
	int format;   /* 0 text, 1 json */
	int journal;
	char *shown[8]; /* the last strings shown (shown()), freed at the next turn or fini */
	unsigned next;
};

static const char *const formats[] = { "text", "json", NULL };

static const struct nw_option log_options[] = {
	{ "format", NW_OPT_ENUM, "text", 0, 0, formats, offsetof(struct log_ctx, format), 0,
	  "text: one readable line per alert; json: the alert's JSON object per line." },
	{ NULL, 0, NULL, 0, 0, NULL, 0, 0, NULL },
};

static int log_init(void *ctx, char *err, size_t errlen)
{
	struct log_ctx *c = ctx;

	(void)err;
	(void)errlen;
	c->journal = getenv("JOURNAL_STREAM") != NULL;
	return 0;
}

/* s as a line of the log shows a feed's words: no line break, control or bidi character
 * (nw_printable: a title's U+202E showed the rest of the line reversed, a "\n<0>" began a
 * line of its own), in one of c's few buffers, which the next calls reuse. */
static const char *shown(struct log_ctx *c, const char *s)
{
	char **slot = &c->shown[c->next++ % 8];

	free(*slot);
	if (!(*slot = strdup(s)))
		return "?";
	nw_printable(*slot);
	return *slot;
}

static void log_fini(void *ctx)
{
	struct log_ctx *c = ctx;

	for (size_t i = 0; i < 8; i++)
		free(c->shown[i]);
}

static int log_deliver(void *ctx, const struct nw_alert *a, char *err, size_t errlen)
{
	struct log_ctx *c = ctx;
	int r;

	if (a->nitems && c->format == 0) { /* a digest: a heading, then each alert as usual */
		r = printf("%sDIGEST %s: %zu alert%s%s%s\n", c->journal ? "<5>" : "", a->id, a->nitems,
			   a->nitems == 1 ? "" : "s", a->story ? " in " : "", a->story ? shown(c, a->story) : "");
		for (size_t i = 0; r >= 0 && i < a->nitems; i++)
			if ((r = log_deliver(ctx, &a->items[i], err, errlen)) != 0)
				return r;
		return r < 0 ? NW_RETRY : 0;
	}
	if (c->format == 1) { /* (JSON: its strings escaped) */
		r = printf("%s%s\n", c->journal ? "<5>" : "", a->json);
	} else {
		r = printf("%sALERT [%s] %s #%lld: %s\n%s       %s — %s%s%s\n", c->journal ? "<5>" : "",
			   a->story ? shown(c, a->story) : "?", a->kind ? a->kind : "?", (long long)a->development,
			   a->title ? shown(c, a->title) : "(untitled)", c->journal ? "<5>" : "",
			   a->source ? shown(c, a->source) : "?", a->link ? shown(c, a->link) : "(no link)",
			   a->published ? ", " : "", a->published ? a->published : "");
		for (size_t i = 0; r >= 0 && a->new_facts && i < a->new_facts->n; i++)
			r = printf("%s       new: %s\n", c->journal ? "<5>" : "", shown(c, a->new_facts->v[i]));
		for (size_t i = 0; r >= 0 && a->also_reported_by && i < a->also_reported_by->n; i++)
			r = printf("%s%s%s", i ? ", " : c->journal ? "<5>       also reported by: " : "       also reported by: ",
				   shown(c, a->also_reported_by->v[i]), i + 1 == a->also_reported_by->n ? "\n" : "");
	}
	if (r < 0 || fflush(stdout) != 0) {
		snprintf(err, errlen, "cannot write to stdout");
		return NW_RETRY;
	}
	return 0;
}

const struct nw_plugin nw_plugin = {
	.abi = NW_PLUGIN_ABI,
	.kind = NW_PLUGIN_NOTIFIER,
	.name = "log",
	.description = "Print alerts on standard output (the journal under systemd).",
	.options = log_options,
	.ctx_size = sizeof(struct log_ctx),
	.init = log_init,
	.deliver = log_deliver,
	.fini = log_fini,
};
