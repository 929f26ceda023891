/* test_url.c — unit tests of daemon/url.c: canonical URLs for exact-duplicate detection
 * (tracking parameters, fragments, case of scheme/host, default ports, bad input), and links
 * resolved by doc.c (nw_url_resolve) meeting their raw form; URLs as messages show them
 * (nw_url_shown: no password). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "newswatch-plugin.h"
#include "url.h"

#define assert_canon(in, want) do { \
	char *r_ = nw_url_canonical(in); \
	assert_non_null(r_); \
	assert_string_equal(r_, want); \
	free(r_); \
} while (0)

#define assert_not_url(in) do { \
	char *r_ = nw_url_canonical(in); \
	assert_null(r_); \
} while (0)

static void test_tracking(void **state)
{
	(void)state;
	assert_canon("https://example.com/a?utm_source=rss&utm_medium=feed",
		     "https://example.com/a");
	assert_canon("https://example.com/a?id=5&utm_source=rss&fbclid=XyZ&page=2",
		     "https://example.com/a?id=5&page=2");
	assert_canon("https://example.com/a?UTM_Campaign=x&gclid=1&dclid=2&msclkid=3&mc_cid=4"
		     "&mc_eid=5&igshid=6&_ga=7&yclid=8&ref_src=9&spm=10&q=keep",
		     "https://example.com/a?q=keep");
	/* news sites' own: MSN's ocid, Yahoo's ncid, cmpid, AT Internet's xtor and at_*, the
	 * New York Times' smid; ref=rss and its kind only with a feed as their value, and ?rss */
	assert_canon("https://ex.com/a?ocid=msn&NCID=y&cmpid=c1&xtor=RSS-3208&smid=tw-share"
		     "&at_medium=RSS&at_campaign=KARANGA&at_link=l&at_format=f&at_ptr_name=p&at_bbc_team=t",
		     "https://ex.com/a");
	assert_canon("https://ex.com/a?ref=rss&from=RSS&source=feed&src=rss2&partner=rss&via=atom&rss&rss=1",
		     "https://ex.com/a");
	assert_canon("https://ex.com/a?ref=home&from=2024-01-01&source=yonhap&rss=2&rss_id=1",
		     "https://ex.com/a?ref=home&from=2024-01-01&source=yonhap&rss=2&rss_id=1");
	/* what names the article stays, Korean news sites' included */
	assert_canon("https://ex.kr/news/articleView.html?idxno=123&no=4&id=5&article_id=6&newsId=7&aid=8&oid=9",
		     "https://ex.kr/news/articleView.html?idxno=123&no=4&id=5&article_id=6&newsId=7&aid=8&oid=9");
	/* order of the others kept; empty parameters dropped; prefix-only names kept */
	assert_canon("http://x.com/?b=2&a=1&&utm=3&ref=4", "http://x.com/?b=2&a=1&utm=3&ref=4");
}

/* A feed that writes '&' as XML twice (href="?a=1&amp;amp;b=2") gives the link
 * ?a=1&amp;b=2: the same address as ?a=1&b=2 for dedup, its tracking still found. */
static void test_double_encoded_amp(void **state)
{
	char *a, *b;

	(void)state;
	a = nw_url_canonical("https://news.example.kr/view.php?idxno=123&amp;sc=A&amp;utm_source=rss");
	b = nw_url_canonical("https://news.example.kr/view.php?idxno=123&sc=A");
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
	free(a);
	free(b);
	assert_canon("https://ex.com/x?a=1&amp;amp;b=2&AMP;c=3&amp;", "https://ex.com/x?a=1&b=2&c=3");
	assert_canon("https://ex.com/x?utm_medium=rss&amp;id=3", "https://ex.com/x?id=3");
	/* ...once its escapes are decoded, so that the key is the same read again */
	assert_canon("https://ex.com/x?a=1&am%70;b=2", "https://ex.com/x?a=1&b=2");
	/* not after a '&': a parameter of that name, as written */
	assert_canon("https://ex.com/x?amp;id=3&ramp;x=1", "https://ex.com/x?amp;id=3&ramp;x=1");
}

static void test_fragment_case_port(void **state)
{
	(void)state;
	assert_canon("https://example.com/news/1#comments", "https://example.com/news/1");
	assert_canon("HTTPS://News.Example.COM:443/Path/Case", "https://news.example.com/Path/Case");
	assert_canon("http://example.com:80", "http://example.com/");
	assert_canon("http://example.com:8080/x", "http://example.com:8080/x");
	assert_canon("http://example.com./x?#", "http://example.com/x");
	assert_canon("http://[2001:DB8::1]:80/x", "http://[2001:db8::1]/x");
	assert_canon("  https://example.com/a/./b/../c  \n", "https://example.com/a/c");
	assert_canon("https://example.com/%7euser/%2f%41", "https://example.com/~user/%2FA");
	assert_canon("https://example.com/기사 1", "https://example.com/%EA%B8%B0%EC%82%AC%201");
	assert_canon("mailto:someone@example.com#x", "mailto:someone@example.com");
}

static void test_variants_meet(void **state)
{
	char *a, *b;

	(void)state;
	a = nw_url_canonical("https://Example.com:443/story?id=9&utm_source=twitter#top");
	b = nw_url_canonical("https://example.com/story?fbclid=abc&id=9");
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* A link resolved escaped (doc.c) and the same link written raw meet, and neither is
 * escaped twice: %XX of UTF-8 bytes stays as it is. */
static void test_resolved_meet(void **state)
{
	char *r;

	(void)state;
	r = nw_url_resolve("http://127.0.0.1:18765/p1.html", "/\xED\x83\x9C\xEA\xB7\xB8/a b"); /* /태그/ */
	assert_non_null(r);
	assert_string_equal(r, "http://127.0.0.1:18765/%ED%83%9C%EA%B7%B8/a%20b");
	assert_canon(r, "http://127.0.0.1:18765/%ED%83%9C%EA%B7%B8/a%20b");
	assert_canon("http://127.0.0.1:18765/\xED\x83\x9C\xEA\xB7\xB8/a b",
		     "http://127.0.0.1:18765/%ED%83%9C%EA%B7%B8/a%20b");
	free(r);
	/* what else a resolved link has escaped (| ^ ` { } \ [ ]), written raw in an absolute
	 * link, in its path and its query */
	r = nw_url_resolve("https://ex.com/feed", "a|b^c`d\\e?q[]={x}");
	assert_non_null(r);
	assert_canon(r, "https://ex.com/a%7Cb%5Ec%60d%5Ce?q%5B%5D=%7Bx%7D");
	assert_canon("https://ex.com/a|b^c`d\\e?q[]={x}", "https://ex.com/a%7Cb%5Ec%60d%5Ce?q%5B%5D=%7Bx%7D");
	assert_canon("https://[::1]/a[1]", "https://[::1]/a%5B1%5D");
	free(r);
}

/* A host in Unicode, percent-encoded or in Punycode is one host: the form a browser asks
 * DNS for (UTS #46: NFKC, lower case, ideographic full stops, Punycode per label). */
/* A key is no longer than a URL may be (8 KiB): 3,000 bytes escaped three times over made
 * one of 9,018, which canonicalised again was no URL; the key was no fixed point (fuzz_url) */
static void test_key_length(void **state)
{
	char u[4096], *c, *again;

	(void)state;
	strcpy(u, "https://e.example/");
	memset(u + 18, '\xF7', 3000);
	u[3018] = '\0';
	assert_null(nw_url_canonical(u));
	u[18 + 2000] = '\0'; /* 6,018 once escaped: kept, and canonical again as it is */
	c = nw_url_canonical(u);
	assert_non_null(c);
	assert_int_equal(strlen(c), 18 + 6000);
	again = nw_url_canonical(c);
	assert_non_null(again);
	assert_string_equal(again, c);
	free(again);
	free(c);
}

static void test_idn_host(void **state)
{
	char *r;

	(void)state;
	assert_canon("https://\xED\x95\x9C\xEA\xB5\xAD.kr/x", "https://xn--3e0b707e.kr/x"); /* 한국.kr */
	assert_canon("https://XN--3E0B707E.KR/x", "https://xn--3e0b707e.kr/x");
	assert_canon("https://%ed%95%9c%ea%b5%ad.kr./x", "https://xn--3e0b707e.kr/x");
	assert_canon("https://\xED\x95\x9C\xEA\xB5\xAD\xE3\x80\x82kr/x", "https://xn--3e0b707e.kr/x"); /* 한국。kr */
	assert_canon("http://user@B\xC3\x9C" "CHER.de:80/a?q=1", "http://user@xn--bcher-kva.de/a?q=1"); /* BÜCHER */
	assert_canon("https://\xEF\xBD\x85\xEF\xBD\x98.com/", "https://ex.com/"); /* ｅｘ.com, full width */
	assert_canon("https://\xE4\xBE\x8B\xE3\x81\x88.jp:8443/", "https://xn--r8jz45g.jp:8443/"); /* 例え.jp */
	/* not a host name once decoded: as written, as before */
	assert_canon("https://a%2Fb.com/", "https://a%2fb.com/");
	/* one longer in ASCII than three times as written: whole, its path too (the key was
	 * cut, so that /x and /y on that host were one article) */
	{
		char in[128] = "http://", want[400] = "http://";
		for (int i = 0; i < 15; i++) {
			strcat(in, "\xE3\x8C\x80."); /* U+3300 */
			strcat(want, "xn--cckzd0a3n.");
		}
		strcat(in, "/x");
		want[strlen(want) - 1] = '\0';
		strcat(want, "/x");
		assert_canon(in, want);
	}
	/* a link resolved against a page on such a host meets the same link written in Punycode */
	r = nw_url_resolve("https://\xED\x95\x9C\xEA\xB5\xAD.kr/feed", "/news/1 2");
	assert_non_null(r);
	assert_canon(r, "https://xn--3e0b707e.kr/news/1%202");
	assert_canon("https://xn--3e0b707e.kr/news/./1%202", "https://xn--3e0b707e.kr/news/1%202");
	free(r);
}

static void test_not_urls(void **state)
{
	char *huge;

	(void)state;
	assert_not_url(NULL);
	assert_not_url("");
	assert_not_url("example.com/x");
	assert_not_url("/relative/path");
	assert_not_url("http:no-slashes");
	assert_not_url("http:///nohost");
	assert_not_url("http://host:port/");
	assert_not_url("http://host:99999/");
	assert_not_url("http://[::1/");
	huge = malloc(20000);
	assert_non_null(huge);
	memcpy(huge, "http://x.com/", 13);
	memset(huge + 13, 'a', 20000 - 14);
	huge[19999] = '\0';
	assert_not_url(huge);
	free(huge);
}

static void test_shown(void **state)
{
	char b[256];

	(void)state;
	assert_string_equal(nw_url_shown("http://alice:s3cret@host/feed", b, sizeof b), "http://alice:***@host/feed");
	assert_string_equal(nw_url_shown("https://tok3n@host:8443/f?a=b@c", b, sizeof b), "https://***@host:8443/f?a=b@c");
	/* a raw '@' in the password: the last one before the path ends the userinfo */
	assert_string_equal(nw_url_shown("http://bob:p@ss@h/x", b, sizeof b), "http://bob:***@h/x");
	/* a raw ? or # in it, which ended the search before: the password was shown */
	assert_string_equal(nw_url_shown("http://bob:S3CRET?PW@h:18080/ok", b, sizeof b), "http://bob:***@h:18080/ok");
	assert_string_equal(nw_url_shown("http://bob:pw#x@h/ok", b, sizeof b), "http://bob:***@h/ok");
	/* ...but an '@' in the query or fragment of an address without a path is no password */
	assert_string_equal(nw_url_shown("https://feeds.example.org?src=news@partner.example", b, sizeof b),
			    "https://feeds.example.org?src=news@partner.example");
	assert_string_equal(nw_url_shown("https://feeds.example.org#me@x.example", b, sizeof b),
			    "https://feeds.example.org#me@x.example");
	assert_string_equal(nw_url_shown("http://h:8080/a@b", b, sizeof b), "http://h:8080/a@b");
	assert_string_equal(nw_url_shown("http://h/x", b, sizeof b), "http://h/x");
	assert_string_equal(nw_url_shown("file:///tmp/a@b", b, sizeof b), "file:///tmp/a@b");
	assert_string_equal(nw_url_shown("not a url", b, sizeof b), "not a url");
	assert_string_equal(nw_url_shown(NULL, b, sizeof b), "");
	/* truncated, never the password's first bytes */
	assert_string_equal(nw_url_shown("http://alice:s3cret@host/feed", b, 14), "http://alice:");
	/* a very long address is cut in its middle, whole characters kept, so that the message
	 * about it still has room for what happened */
	{
		char *u = malloc(60100), big[1024];
		size_t n;
		size_t at = strlen(strcpy(u, "http://alice:s3cret@host/feed.xml?pad="));
		memset(u + at, 'x', 60000);
		strcpy(u + at + 60000, "&end=\xec\x83\x98");
		nw_url_shown(u, big, sizeof big);
		n = strlen(big);
		assert_true(n <= 250);
		assert_memory_equal(big, "http://alice:***@host/feed.xml?pad=xxx", 38);
		assert_non_null(strstr(big, "x\u2026x"));
		assert_string_equal(big + n - 8, "&end=\xec\x83\x98");
		assert_null(strstr(big, "s3cret"));
		free(u);
	}
	/* a credential in the query: its value hidden, whatever the case of its name; other
	 * parameters and an empty value as given */
	assert_string_equal(nw_url_shown("https://h/f.xml?token=abc123&lang=en", b, sizeof b),
			    "https://h/f.xml?token=***&lang=en");
	assert_string_equal(nw_url_shown("https://h/f?q=ai&API_KEY=k1;apikey=k2&Access_Token=t#top", b, sizeof b),
			    "https://h/f?q=ai&API_KEY=***;apikey=***&Access_Token=***#top");
	/* ...and in the fragment: an OAuth implicit grant's, a web app's route */
	assert_string_equal(nw_url_shown("https://h/cb#access_token=ya29.a0&token_type=Bearer&expires_in=3599", b, sizeof b),
			    "https://h/cb#access_token=***&token_type=Bearer&expires_in=3599");
	assert_string_equal(nw_url_shown("https://h/f?lang=en#sig=x", b, sizeof b), "https://h/f?lang=en#sig=***");
	assert_string_equal(nw_url_shown("https://h/app#/feed?q=ai&apiKey=k", b, sizeof b),
			    "https://h/app#/feed?q=ai&apiKey=***");
	assert_string_equal(nw_url_shown("https://h/f#section-2", b, sizeof b), "https://h/f#section-2");
	/* a name as the server reads it, its percent-escapes decoded */
	assert_string_equal(nw_url_shown("https://h/f?api%5Fkey=k&%74oken=t&%54OKEN=u&%6=v&a%=w", b, sizeof b),
			    "https://h/f?api%5Fkey=***&%74oken=***&%54OKEN=***&%6=v&a%=w");
	/* a second '?' inside a value: what follows it is read too, a secret's value goes on */
	assert_string_equal(nw_url_shown("https://h/f?a=b?token=x&c=d", b, sizeof b), "https://h/f?a=b?token=***&c=d");
	assert_string_equal(nw_url_shown("https://h/f?next=https://x/y?key=k", b, sizeof b),
			    "https://h/f?next=https://x/y?key=***");
	assert_string_equal(nw_url_shown("https://h/f?token=abc?def&x=1", b, sizeof b), "https://h/f?token=***&x=1");
	assert_string_equal(nw_url_shown("https://h/f?key=a&Signature=s&sig=&private_token=p&x-api-key=z&monkey=1", b, sizeof b),
			    "https://h/f?key=***&Signature=***&sig=&private_token=***&x-api-key=***&monkey=1");
	assert_string_equal(nw_url_shown("http://bob:pw@h/f?pass=p&password=q&auth=r&secret=s&tokens=t", b, sizeof b),
			    "http://bob:***@h/f?pass=***&password=***&auth=***&secret=***&tokens=t");
	assert_string_equal(nw_url_shown("https://h/f?token", b, sizeof b), "https://h/f?token");
	/* a ';' inside a secret's value does not end it; one before a name still parts it */
	assert_string_equal(nw_url_shown("https://h/f?token=abc;def&lang=en", b, sizeof b),
			    "https://h/f?token=***&lang=en");
	assert_string_equal(nw_url_shown("https://h/f?a=1;token=abc;def;;g#x", b, sizeof b),
			    "https://h/f?a=1;token=***#x");
	assert_string_equal(nw_url_shown("https://h/f?token=abc;", b, sizeof b), "https://h/f?token=***");
	/* camelCase and other providers' names: a suffix in any case, Key after a small letter */
	assert_string_equal(nw_url_shown("https://h/f?accessToken=x&authToken=y&clientSecret=z&X-Goog-Signature=s"
					 "&X-Goog-Credential=c&apiKey=k&monkey=1&turkey=2&userPassword=p&tokenize=1",
					 b, sizeof b),
			    "https://h/f?accessToken=***&authToken=***&clientSecret=***&X-Goog-Signature=***"
			    "&X-Goog-Credential=***&apiKey=***&monkey=1&turkey=2&userPassword=***&tokenize=1");
	/* an address percent-encoded in a value (a feed proxy's ?url=): its own parameters too */
	assert_string_equal(nw_url_shown("https://bridge.example/?action=display&url=https%3A%2F%2Fapi.example%2Ff"
					 "%3Flang%3Den%26api_key%3Dk123%26x%3D1&format=Atom", b, sizeof b),
			    "https://bridge.example/?action=display&url=https%3A%2F%2Fapi.example%2Ff"
			    "%3Flang%3Den%26api_key%3D***%26x%3D1&format=Atom");
	assert_string_equal(nw_url_shown("https://p/?u=https%3a%2f%2fa%2ff%3ftoken%3dabc%23top&q=a%3Db%26c%3Dd&w=token%3D",
					 b, sizeof b),
			    "https://p/?u=https%3a%2f%2fa%2ff%3ftoken%3d***%23top&q=a%3Db%26c%3Dd&w=token%3D");
	/* a session id, in the query or as a parameter of the path (a servlet's ;jsessionid=) */
	assert_string_equal(nw_url_shown("http://h/rss.php?PHPSESSID=5f2a&sessid=a&session_id=b&Session-Id=c"
					 "&sid1=105&sess=d&sessionlength=3", b, sizeof b),
			    "http://h/rss.php?PHPSESSID=***&sessid=***&session_id=***&Session-Id=***"
			    "&sid1=105&sess=d&sessionlength=3");
	assert_string_equal(nw_url_shown("http://h/feed.jsp;jsessionid=0A1B2C3D?cat=1", b, sizeof b),
			    "http://h/feed.jsp;jsessionid=***?cat=1");
	assert_string_equal(nw_url_shown("http://bob:p;w@h/a;v=1/b;JSESSIONID=X;y=2/c;token=t?k=1#s", b, sizeof b),
			    "http://bob:***@h/a;v=1/b;JSESSIONID=***;y=2/c;token=***?k=1#s");
	assert_string_equal(nw_url_shown("http://h;x/y;z", b, sizeof b), "http://h;x/y;z");
	assert_string_equal(nw_url_shown_whole("https://h?key=v", b, 16), "https://h?key=*");
	/* the base item links are resolved against: no userinfo at all */
	{
		char *u = nw_url_without_userinfo("http://bob:p@ss@h:81/x?a=@b");
		assert_string_equal(u, "http://h:81/x?a=@b");
		free(u);
		u = nw_url_without_userinfo("https://h/feed");
		assert_string_equal(u, "https://h/feed");
		free(u);
		assert_null(nw_url_without_userinfo(NULL));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tracking),
		cmocka_unit_test(test_double_encoded_amp),
		cmocka_unit_test(test_fragment_case_port),
		cmocka_unit_test(test_variants_meet),
		cmocka_unit_test(test_idn_host), cmocka_unit_test(test_key_length),
		cmocka_unit_test(test_not_urls),
		cmocka_unit_test(test_resolved_meet),
		cmocka_unit_test(test_shown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
