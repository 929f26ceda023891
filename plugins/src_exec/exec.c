/* exec.c — the `exec` source plugin: a feed produced by a local command, so that sources can be
 * written in any language. init() splits the `command` option into an argv (no shell); the core
 * runs it on the event loop with this plugin's timeout and output cap (the request hook), and
 * parse() reads its stdout as RSS/Atom or JSON Feed through the shared parsers (libnwfeeds). */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* strdup under -std=c11 too */
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../daemon/newswatch-plugin.h"
#include "../src_jsonfeed/jsonfeed_parse.h"
#include "../src_rss/rss_parse.h"

#define EXEC_MS(s) ((int64_t)(s) * 1000)

enum exec_format { EXEC_AUTO, EXEC_RSS, EXEC_JSONFEED };

struct exec_ctx {
	/* options, at their offsets */
	char *command;
	int64_t timeout;    /* ms */
	int64_t max_output; /* bytes */
	int format;         /* enum exec_format */
	/* made by init(), freed by fini() */
	char **argv; /* NULL-terminated: the program's absolute path, then its arguments */
	size_t argc;
};

static const char *const exec_formats[] = { "auto", "rss", "jsonfeed", NULL };

static const struct nw_option exec_options[] = {
	{ "command", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct exec_ctx, command),
	  NW_OPT_REQUIRED,
	  "Program and arguments printing an RSS/Atom or JSON Feed document on stdout (and exiting "
	  "0), run without a shell: split on white space, \"double quotes\" group (\\\" and \\\\ "
	  "inside them), no globbing, variables or redirections. A program name without '/' is "
	  "looked up in PATH when the configuration is loaded; a name with '/' must be an "
	  "absolute path." },
	{ "timeout", NW_OPT_DURATION, "30s", EXEC_MS(1), EXEC_MS(600), NULL,
	  offsetof(struct exec_ctx, timeout), 0,
	  "How long the command may run before it is killed and the poll counts as failed (once it has "
	  "exited, a child it left holding its output gets a second more, then the output is taken as it is)." },
	{ "max_output", NW_OPT_SIZE, "16M", 1024, (int64_t)1 << 30, NULL,
	  offsetof(struct exec_ctx, max_output), 0,
	  "Most bytes the command may print on stdout; past it the command is killed and the "
	  "poll fails." },
	{ "format", NW_OPT_ENUM, "auto", 0, 0, exec_formats, offsetof(struct exec_ctx, format), 0,
	  "What the command prints: rss (RSS 0.9x/1.0/2.0 or Atom), jsonfeed (JSON Feed 1.0/1.1), "
	  "or auto: JSON Feed when the first non-space byte is '{', else RSS/Atom." },
	{ .name = NULL },
};

static void exec_fini(void *vctx)
{
	struct exec_ctx *c = vctx;

	free(c->argv);
	c->argv = NULL;
	c->argc = 0;
}

static int exec_init(void *vctx, char *err, size_t errlen)
{
	struct exec_ctx *c = vctx;

	exec_fini(c); /* a second init() must not leak the first one's argv */
	nw_rss_init(); /* the refusing entity loader, in case it was replaced since load */
	if (!c->command) {
		snprintf(err, errlen, "command: required (the program printing the feed)");
		return -EINVAL;
	}
	return nw_command_argv(c->command, &c->argv, &c->argc, err, errlen);
}

static int exec_request(void *vctx, struct nw_request *req, char *err, size_t errlen)
{
	struct exec_ctx *c = vctx;

	if (!c->argv) {
		snprintf(err, errlen, "command: not initialised");
		return -EINVAL;
	}
	req->argv = (const char *const *)c->argv;
	req->timeout = c->timeout;
	req->max_output = c->max_output;
	return 0;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

/* auto: JSON Feed when the first byte after a UTF-8 BOM and white space is '{'. */
static enum exec_format sniff(const char *data, size_t len)
{
	size_t i = 0;

	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && is_space(data[i]))
		i++;
	return i < len && data[i] == '{' ? EXEC_JSONFEED : EXEC_RSS;
}

static int blank(const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_space(data[i]))
			return 0;
	return 1;
}

static int exec_parse(void *vctx, const struct nw_input *in, struct nw_doc *doc, char *err,
		      size_t errlen)
{
	const struct exec_ctx *c = vctx;
	enum exec_format f = (enum exec_format)c->format;
	char why[512] = "";
	int rc;

	if (!in->data || blank(in->data, in->len)) {
		snprintf(err, errlen, "the command printed nothing on stdout");
		return -EINVAL;
	}
	if (f == EXEC_AUTO)
		f = sniff(in->data, in->len);
	if (f == EXEC_JSONFEED)
		rc = nw_jsonfeed_parse(in, doc, why, sizeof(why));
	else
		rc = nw_rss_parse(in, doc, why, sizeof(why));
	if (rc) {
		/* say which parser judged it, so that a wrong guess is easy to see and override */
		if (c->format == EXEC_AUTO)
			snprintf(err, errlen, "%s (output read as %s; set format to choose)", why,
				 f == EXEC_JSONFEED ? "JSON Feed: it starts with '{'" : "RSS/Atom");
		else
			snprintf(err, errlen, "%s", why);
	}
	return rc;
}

const struct nw_plugin nw_plugin = {
	.abi = NW_PLUGIN_ABI,
	.kind = NW_PLUGIN_SOURCE,
	.name = "exec",
	.description = "RSS/Atom or JSON Feed printed by a local command (run without a shell, "
		       "with a timeout and an output cap)",
	.options = exec_options,
	.ctx_size = sizeof(struct exec_ctx),
	.init = exec_init,
	.fini = exec_fini,
	.parse = exec_parse,
	.deliver = NULL,
	.request = exec_request,
};
