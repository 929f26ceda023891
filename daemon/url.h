/* url.h — canonical URLs for exact-duplicate detection: the same article reached through
 * tracking links, fragments or case variants of the host has one canonical URL. */
#ifndef NW_URL_H
#define NW_URL_H
#include <stddef.h>
/* Scheme and host lower-cased, default port dropped, fragment dropped, tracking parameters
 * (utm_*, fbclid, gclid, ...) removed, an empty query dropped. malloc'd; NULL if not a URL. */
char *nw_url_canonical(const char *url);
/* The URL as messages show it (the log, a feed's last_error, `newswatch feeds`): a password
 * in its userinfo replaced with *** (http://alice:***@host/feed; a userinfo without a
 * password, often a token: all of it), and so is the value of a query parameter that holds a
 * credential (token, api_key, key, sig, password, ...: url.c's list; ?token=***), the rest as
 * given, but cut in its middle (…) past 240
 * bytes. Into buf, truncated to len; returns buf ("" for NULL). The transfer itself uses
 * the URL as given. */
const char *nw_url_shown(const char *url, char *buf, size_t len);
/* The same, never cut (newswatch feeds: an address to copy) */
const char *nw_url_shown_whole(const char *url, char *buf, size_t len);
/* The URL with no userinfo at all: the base a parser resolves item links against, so that
 * stored links and alerts never carry a feed's password. malloc'd (NULL for NULL or out of
 * memory). */
char *nw_url_without_userinfo(const char *url);
/* The host part of a URL (no user, password or port; an IPv6 literal with its brackets),
 * lower-cased, into buf. */
void nw_url_host(const char *url, char *buf, size_t len);
#endif
