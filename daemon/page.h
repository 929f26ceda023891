/* page.h — what a feed's parse error adds when an HTML page was served in the feed's place:
 * a CDN's "Access denied" or "Just a moment...", a login, a site's error page, served with
 * 200. The parser's "not XML: ..." said nothing of it, and the page's title says why. */
#ifndef NW_PAGE_H
#define NW_PAGE_H
#include <stddef.h>

/* "; an HTML page in its place, titled '...'" (malloc'd; "" when the document of len bytes
 * at data, with its Content-Type ct or NULL, is no HTML page; NULL when out of memory). Its
 * own markup decides first (a DOCTYPE, its root element: a feed served as text/html is no
 * page), past what a PHP warning printed before it; the Content-Type only when neither says. */
char *nw_page_in_place(const char *data, size_t len, const char *ct);

#endif
