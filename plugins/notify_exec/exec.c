/* notify_exec — alerts handed to a local program: the alert's JSON (SPEC §6; a digest's
 * {"kind": "digest", "alerts": [...]}) on its standard input, run without a shell by the
 * daemon on its loop, with a timeout. Exit status 0 is delivered; anything else (a non-zero
 * status, a signal, the timeout) is retried with backoff, the same alert id each time. What
 * the program prints goes to the daemon's log. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "newswatch-plugin.h"

struct exec_ctx {
	char *command;
	int64_t timeout;
	char **argv;
	size_t argc;
};

static const struct nw_option exec_options[] = {
	{ "command", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct exec_ctx, command), NW_OPT_REQUIRED,
	  "Program and arguments that receive the alert's JSON on stdin, run without a shell (split on white "
	  "space, \"double quotes\" group); a name without '/' is looked up in PATH. Exit 0: delivered; "
	  "anything else: retried." },
	{ "timeout", NW_OPT_DURATION, "30s", 1000, 600000, NULL, offsetof(struct exec_ctx, timeout), 0,
	  "How long the program may run before it is killed (and the alert retried)." },
	{ NULL, 0, NULL, 0, 0, NULL, 0, 0, NULL },
};

static void exec_fini(void *ctx)
{
	struct exec_ctx *c = ctx;

	free(c->argv);
	c->argv = NULL;
}

static int exec_init(void *ctx, char *err, size_t errlen)
{
	struct exec_ctx *c = ctx;

	exec_fini(c);
	return nw_command_argv(c->command, &c->argv, &c->argc, err, errlen);
}

static int exec_prepare(void *ctx, const struct nw_alert *a, struct nw_send *s, char *err, size_t errlen)
{
	struct exec_ctx *c = ctx;

	s->kind = NW_SEND_COMMAND;
	s->timeout = c->timeout;
	for (size_t i = 0; i < c->argc; i++)
		if (nw_strlist_add(&s->argv, c->argv[i]))
			goto nomem;
	s->url = strdup(c->argv[0]);
	s->body_len = strlen(a->json) + 1;
	s->body = malloc(s->body_len + 1);
	if (!s->url || !s->body)
		goto nomem;
	memcpy(s->body, a->json, s->body_len - 1);
	s->body[s->body_len - 1] = '\n'; /* one line of JSON */
	s->body[s->body_len] = '\0';
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
	return NW_RETRY;
}

const struct nw_plugin nw_plugin = {
	.abi = NW_PLUGIN_ABI,
	.kind = NW_PLUGIN_NOTIFIER,
	.name = "exec",
	.description = "Hand each alert's JSON to a program on its standard input (no shell).",
	.options = exec_options,
	.ctx_size = sizeof(struct exec_ctx),
	.init = exec_init,
	.fini = exec_fini,
	.prepare = exec_prepare,
};
