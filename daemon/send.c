/* send.c — helpers for notifier plugins building a message (struct nw_send): freeing it, a
 * growing printf buffer, and cutting text to a service's limits between characters, never
 * inside one (jansson refuses a string that is not UTF-8). Linked into the daemon and into
 * each plugin (libnwutil). */
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

int nw_buf_put_html(char **buf, size_t *len, const char *s, int quotes)
{
	while (s && *s) {
		size_t run = strcspn(s, quotes ? "&<>\"" : "&<>"); /* copied as it is, in one go */
		if (run && nw_buf_printf(buf, len, "%.*s", (int)run, s))
			return -1;
		s += run;
		if (*s) {
			const char *e = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : "&quot;";
			if (nw_buf_printf(buf, len, "%s", e))
				return -1;
			s++;
		}
	}
	return 0;
}

const char *nw_alert_kind_label(const char *kind)
{
	static const char *const labels[][2] = { { "new", "New development" }, { "update", "Update" },
						 { "test", "Test alert" }, { "digest", "Digest" } };

	for (size_t i = 0; kind && i < sizeof labels / sizeof *labels; i++)
		if (strcmp(kind, labels[i][0]) == 0)
			return labels[i][1];
	return kind ? kind : "Alert";
}

/* s was cut at a byte limit: a character cut short at its end is dropped. */
static void drop_cut_char(char *s)
{
	size_t n = strlen(s), p = n;

	while (p > 0 && n - p < 4 && ((unsigned char)s[p - 1] & 0xC0) == 0x80)
		p--;
	if (p > 0 && !nw_utf8_seq((const unsigned char *)s, p - 1, n))
		s[p - 1] = '\0';
}

int nw_snprintf_utf8(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (len && (n < 0 || (size_t)n >= len))
		drop_cut_char(buf);
	return n;
}

void nw_strlist_join(const struct nw_strlist *l, char *out, size_t len)
{
	size_t o = 0;

	if (!len)
		return;
	*out = '\0';
	for (size_t i = 0; l && i < l->n && o + 4 < len; i++)
		o += (size_t)snprintf(out + o, len - o, "%s%s", i ? ", " : "", l->v[i]);
	if (o >= len)
		drop_cut_char(out); /* jansson refuses a string that is not UTF-8 */
}

size_t nw_utf8_chars(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

char *nw_utf8_clip(const char *s, size_t max, int bytes)
{
	size_t i = 0, n = 0, room;
	char *out;

	if (!s)
		s = "";
	room = bytes ? (max > 3 ? max - 3 : 0) : (max ? max - 1 : 0); /* the ellipsis is 3 bytes */
	if (strlen(s) <= max || (!bytes && nw_utf8_chars(s) <= max))
		return strdup(s);
	while (s[i]) {
		size_t j = i + 1;
		while ((s[j] & 0xC0) == 0x80)
			j++;
		if ((bytes ? j : n + 1) > room)
			break;
		i = j;
		n++;
	}
	out = malloc(i + 4);
	if (!out)
		return NULL;
	memcpy(out, s, i);
	memcpy(out + i, "\xe2\x80\xa6", 4);
	return out;
}
