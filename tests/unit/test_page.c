/* test_page.c — unit tests for nw_page_in_place: an HTML page served where a feed was is told
 * from a feed by its markup (a feed served as text/html is none), past a PHP warning, and
 * named by its own <title> (not one in a comment or a script), read in its charset and cut
 * on a character. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../daemon/page.h"

/* What a parse error of the document s served as ct adds, compared with want. */
static void said(const char *s, const char *ct, const char *want)
{
	char *got = nw_page_in_place(s, strlen(s), ct);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_markup_decides(void **state)
{
	(void)state;
	said("<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>", "text/html",
	     "; an HTML page in its place, titled 'Just a moment...'");
	/* whatever it is served as */
	said("<html><head><title>Access denied</title></head></html>", "application/rss+xml",
	     "; an HTML page in its place, titled 'Access denied'");
	/* a feed served as text/html (a misconfigured server) that failed for its own reasons */
	said("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Broken Blog</title><item>", "text/html",
	     "");
	said("<!-- generator --><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</title>", "text/html", "");
	said("<rdf:RDF><channel><title>x</title>", "text/html", "");
	said("{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": ", "text/html", "");
	/* the start says nothing: the Content-Type */
	said("<p>Service unavailable</p>", "text/html; charset=utf-8", "; an HTML page in its place");
	said("<p>Service unavailable</p>", "application/xml", "");
	said("", "text/html", "");
}

static void test_after_php_warning(void **state)
{
	(void)state;
	said("<br />\n<b>Warning</b>: Cannot modify header information in <b>/var/www/feed.php</b><br />\n"
	     "<?xml version=\"1.0\"?><rss><channel><title>Broken Blog</title><item><title>a &nbsp b</title>",
	     "text/html", "");
}

static void test_title(void **state)
{
	(void)state;
	/* its own, not a template's old one in a comment, nor one a script or a style holds */
	said("<html><head><!-- <title>Old design</title> --><script>document.write('<title>x</title>')</script>"
	     "<style>/* <title> */</style><title>Just a moment...</title></head></html>",
	     "text/html", "; an HTML page in its place, titled 'Just a moment...'");
	/* <titlebar> is not <title> */
	said("<html><titlebar>no</titlebar><title>yes</title></html>", NULL, "; an HTML page in its place, titled 'yes'");
	/* entities decoded, blanks folded */
	said("<html><title>\n  Attention &amp; Required! |\n Cloudflare </title></html>", NULL,
	     "; an HTML page in its place, titled 'Attention & Required! | Cloudflare'");
}

static void test_title_cut(void **state)
{
	char page[512], want[128], expect[256];

	(void)state;
	/* 101 bytes: cut at 100 and "..." after it (it once wrote 2 bytes past the title's end) */
	memset(want, 0, sizeof want);
	memset(want, 'a', 100);
	snprintf(page, sizeof page, "<html><title>%sb</title></html>", want);
	snprintf(expect, sizeof expect, "; an HTML page in its place, titled '%s...'", want);
	said(page, NULL, expect);
	/* on a character's start: 33 three-byte characters and two more bytes of one */
	strcpy(page, "<html><title>");
	for (int i = 0; i < 34; i++)
		strcat(page, "\xE4\xB8\x80");
	strcat(page, "</title></html>");
	strcpy(expect, "; an HTML page in its place, titled '");
	for (int i = 0; i < 33; i++)
		strcat(expect, "\xE4\xB8\x80");
	strcat(expect, "...'");
	said(page, NULL, expect);
}

static void test_charsets(void **state)
{
	(void)state;
	/* EUC-KR by its <meta>: 접근 거부 (access denied) */
	said("<html><head><meta charset=\"euc-kr\"><title>\xC1\xA2\xB1\xD9 \xB0\xC5\xBA\xCE</title></head></html>",
	     "text/html", "; an HTML page in its place, titled '접근 거부'");
	/* Shift_JIS by the Content-Type: アクセス */
	said("<html><title>\x83\x41\x83\x4E\x83\x5A\x83\x58</title></html>", "text/html; charset=Shift_JIS",
	     "; an HTML page in its place, titled 'アクセス'");
	/* not a <meta> in a comment (a template's old one), nor a keywords meta's word "charset" */
	said("<html><head><!-- <meta charset=\"utf-8\"> --><meta name=\"keywords\" content=\"news, charset, web\">"
	     "<meta charset=\"euc-kr\"><title>\xC1\xA2\xB1\xD9</title></head></html>",
	     "text/html", "; an HTML page in its place, titled '접근'");
	/* a <meta> that says UTF-16 over a page it could be read in is wrong: UTF-8 */
	said("<html><head><meta charset=\"utf-16\"><title>Access denied</title></head></html>", "text/html",
	     "; an HTML page in its place, titled 'Access denied'");
	said("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-16LE\">"
	     "<title>\xEC\xA0\x91\xEA\xB7\xBC</title></head></html>",
	     "text/html", "; an HTML page in its place, titled '접근'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markup_decides), cmocka_unit_test(test_after_php_warning),
		cmocka_unit_test(test_title),          cmocka_unit_test(test_title_cut),
		cmocka_unit_test(test_charsets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
