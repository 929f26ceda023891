/* url.h — canonical URLs for exact-duplicate detection: the same article reached through
 * tracking links, fragments or case variants of the host has one canonical URL. */
#ifndef NW_URL_H
#define NW_URL_H
/* Scheme and host lower-cased, default port dropped, fragment dropped, tracking parameters
 * (utm_*, fbclid, gclid, ...) removed, an empty query dropped. malloc'd; NULL if not a URL. */
char *nw_url_canonical(const char *url);
#endif
