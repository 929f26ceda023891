/* send.c — helpers for notifier plugins building a message (struct nw_send): freeing it and
 * a growing printf buffer. Linked into the daemon and into each plugin (libnwutil). */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "newswatch-plugin.h"

void nw_send_free(struct nw_send *s)
{
	if (!s)
		return;
	free(s->url);
	free(s->shown);
	free(s->method);
	nw_strlist_free(&s->headers);
	if (s->body)
		memset(s->body, 0, s->body_len); /* may carry a token; cheap to clear */
	free(s->body);
	free(s->ca_file);
	free(s->mail_from);
	nw_strlist_free(&s->rcpt);
	free(s->username);
	if (s->password)
		memset(s->password, 0, strlen(s->password));
	free(s->password);
	nw_strlist_free(&s->argv);
	memset(s, 0, sizeof *s);
}

/* The buffer's allocation is kept at the power of two above its length (64 at least), so
 * appends cost amortised linear time (notifiers append a character at a time). */
static size_t room_for(size_t len)
{
	size_t cap = 64;

	while (cap < len)
		cap *= 2;
	return cap;
}

int nw_buf_printf(char **buf, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *nb = *buf;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n >= 0 && (!*buf || room_for(*len + (size_t)n + 1) > room_for(*len + 1)))
		nb = realloc(*buf, room_for(*len + (size_t)n + 1));
	if (n < 0 || !nb) {
		free(*buf);
		*buf = NULL;
		*len = 0;
		return -1;
	}
	va_start(ap, fmt);
	vsnprintf(nb + *len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	*buf = nb;
	*len += (size_t)n;
	return 0;
}
