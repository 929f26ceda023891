/* test_sitemap.c — unit tests for the sitemap source plugin: <urlset> with the Google News
 * extension (title, publication date, language), sitemap indexes, relative locs, and
 * broken, hostile (XXE, entity bombs) or foreign documents giving a warning or an error. */
#include <stdarg.h>
#include <stddef.h>
#include <iconv.h>
#include <setjmp.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../plugins/src_sitemap/sitemap.c"

struct parsed {
	struct nw_doc doc;
	int rc;
	char err[256];
};

static void parse_url(struct parsed *r, const char *xml, size_t len, const char *url,
		      const char *ctype)
{
	struct sm_ctx ctx = { 0 };
	struct nw_input in = { xml, len, url, ctype, 0 };

	memset(r, 0, sizeof(*r));
	r->rc = nw_plugin.parse(&ctx, &in, &r->doc, r->err, sizeof(r->err));
}

static void parse(struct parsed *r, const char *xml)
{
	parse_url(r, xml, strlen(xml), "https://www.example.co.kr/sitemaps/news.xml", NULL);
}

static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (int64_t)timegm(&tm);
}

/* Does any string of the document contain needle? */
static int doc_contains(const struct nw_doc *d, const char *needle)
{
	const char *f[] = { d->title, d->link, d->language, d->description, d->warning };

	for (size_t i = 0; i < 5; i++)
		if (f[i] && strstr(f[i], needle))
			return 1;
	for (size_t i = 0; i < d->nitems; i++) {
		const struct nw_item *it = &d->items[i];
		const char *g[] = { it->id, it->title, it->link, it->author,
				    it->summary, it->content, it->language };

		for (size_t k = 0; k < 7; k++)
			if (g[k] && strstr(g[k], needle))
				return 1;
		for (size_t k = 0; k < it->categories.n; k++)
			if (strstr(it->categories.v[k], needle))
				return 1;
	}
	return 0;
}

static void test_descriptor(void **state)
{
	(void)state;
	assert_int_equal(nw_plugin.abi, NW_PLUGIN_ABI);
	assert_int_equal(nw_plugin.kind, NW_PLUGIN_SOURCE);
	assert_string_equal(nw_plugin.name, "sitemap");
	assert_non_null(nw_plugin.parse);
	assert_null(nw_plugin.deliver);
	for (const struct nw_option *o = nw_plugin.options; o->name; o++)
		assert_non_null(o->description);
}

static const char news[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"\n"
	"        xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n"
	" <url>\n"
	"  <loc> https://www.example.co.kr/article/2023112001 </loc>\n"
	"  <lastmod>2023-11-20T08:10:00+09:00</lastmod>\n"
	"  <news:news>\n"
	"   <news:publication><news:name>예제일보</news:name><news:language>ko</news:language>"
	"</news:publication>\n"
	"   <news:publication_date>2023-11-20T07:53:00+09:00</news:publication_date>\n"
	"   <news:title>샘 알트먼, 마이크로소프트 합류 &amp; 오픈AI 혼란</news:title>\n"
	"   <news:keywords>OpenAI, 마이크로소프트 ,, Sam Altman</news:keywords>\n"
	"  </news:news>\n"
	" </url>\n"
	" <url>\n"
	"  <loc>../article/2023112002</loc>\n"
	"  <news:news>\n"
	"   <news:publication><news:name>例示新聞</news:name><news:language>ja</news:language>"
	"</news:publication>\n"
	"   <news:publication_date>2023-11-20</news:publication_date>\n"
	"   <news:title><![CDATA[サム・アルトマン氏、<b>マイクロソフト</b>へ]]></news:title>\n"
	"  </news:news>\n"
	" </url>\n"
	" <url><lastmod>2023-11-21</lastmod></url>\n"
	" <url><loc>https://www.example.co.kr/about</loc><lastmod>not a date</lastmod></url>\n"
	"</urlset>\n";

static void test_news(void **state)
{
	struct parsed r;
	const struct nw_item *a, *b, *c;

	(void)state;
	parse(&r, news);
	assert_int_equal(r.rc, 0);
	assert_null(r.doc.warning);
	assert_string_equal(r.doc.format, "sitemap");
	assert_string_equal(r.doc.title, "예제일보");
	assert_string_equal(r.doc.link, "https://www.example.co.kr/sitemaps/news.xml");
	assert_int_equal(r.doc.nitems, 3); /* the <url> without <loc> names nothing */

	a = &r.doc.items[0];
	assert_string_equal(a->id, "https://www.example.co.kr/article/2023112001");
	assert_string_equal(a->link, "https://www.example.co.kr/article/2023112001");
	assert_string_equal(a->title, "샘 알트먼, 마이크로소프트 합류 & 오픈AI 혼란");
	assert_true(a->published == utc(2023, 11, 19, 22, 53, 0));
	assert_true(a->updated == utc(2023, 11, 19, 23, 10, 0));
	assert_string_equal(a->language, "ko");
	assert_int_equal(a->categories.n, 3);
	assert_string_equal(a->categories.v[0], "OpenAI");
	assert_string_equal(a->categories.v[1], "마이크로소프트");
	assert_string_equal(a->categories.v[2], "Sam Altman");

	b = &r.doc.items[1];
	assert_string_equal(b->id, "../article/2023112002"); /* as published */
	assert_string_equal(b->link, "https://www.example.co.kr/article/2023112002");
	assert_string_equal(b->title, "サム・アルトマン氏、マイクロソフトへ"); /* markup stripped */
	assert_true(b->published == utc(2023, 11, 20, 0, 0, 0));
	assert_true(b->updated == NW_TIME_NONE);
	assert_string_equal(b->language, "ja");

	c = &r.doc.items[2];
	assert_null(c->title);
	assert_null(c->language);
	assert_true(c->published == NW_TIME_NONE);
	assert_true(c->updated == NW_TIME_NONE);
	nw_doc_free(&r.doc);
}

static void test_index(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "<?xml version=\"1.0\"?><sitemapindex "
		  "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
		  "<sitemap><loc>https://www.example.com/sitemap-news.xml</loc>"
		  "<lastmod>2023-11-20T07:53:00Z</lastmod></sitemap>"
		  "<sitemap><loc>sitemap-2023-11.xml</loc></sitemap>"
		  "<url><loc>https://ignored.example/</loc></url>"
		  "</sitemapindex>");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.format, "sitemapindex");
	assert_int_equal(r.doc.nitems, 2);
	assert_string_equal(r.doc.items[0].link, "https://www.example.com/sitemap-news.xml");
	assert_true(r.doc.items[0].updated == utc(2023, 11, 20, 7, 53, 0));
	assert_string_equal(r.doc.items[1].link,
			    "https://www.example.co.kr/sitemaps/sitemap-2023-11.xml");
	assert_null(r.doc.title);
	/* its items are sitemaps: a warning says so, naming the newest to give a feed of its own */
	assert_non_null(r.doc.warning);
	assert_non_null(strstr(r.doc.warning, "a sitemap index: its 2 sitemaps are listed as items, not read"));
	assert_non_null(strstr(r.doc.warning, "(the newest: https://www.example.com/sitemap-news.xml)"));
	nw_doc_free(&r.doc);
	/* none dated: the first; a sitemap of articles has no such warning */
	parse(&r, "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
		  "<sitemap><loc>a.xml</loc></sitemap><sitemap><loc>b.xml</loc></sitemap></sitemapindex>");
	assert_int_equal(r.rc, 0);
	assert_non_null(r.doc.warning);
	assert_non_null(strstr(r.doc.warning, "(the first: https://www.example.co.kr/sitemaps/a.xml)"));
	nw_doc_free(&r.doc);
	parse(&r, "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
		  "<url><loc>a.html</loc></url></urlset>");
	assert_int_equal(r.rc, 0);
	assert_true(!r.doc.warning || !strstr(r.doc.warning, "index"));
	nw_doc_free(&r.doc);
}

/* A sitemap without the news extension: its items are addresses with no title (an
 * image:title is a picture's, not taken for the page's), stored and deduplicated by their
 * address; a warning says no story can match them. One entry with a title: no warning. */
static void test_untitled(void **state)
{
	static const char plain[] = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
		"xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">"
		"<url><loc>https://news.example.com/2023/11/20/sam-altman-joins-microsoft</loc>"
		"<lastmod>2023-11-20T07:53:00Z</lastmod><image:image><image:loc>https://news.example.com/i/1.jpg"
		"</image:loc><image:title>IMG_0423</image:title><image:caption>Sam Altman</image:caption>"
		"</image:image></url><url><loc>https://news.example.com/2023/11/20/openai-board</loc></url></urlset>";
	static const char mixed[] = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
		"xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">"
		"<url><loc>https://a.example/1</loc></url><url><loc>https://a.example/2</loc><news:news>"
		"<news:title>오픈AI 이사회</news:title></news:news></url></urlset>";
	struct parsed r;

	(void)state;
	parse(&r, plain);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_null(r.doc.items[i].title);
		assert_null(r.doc.items[i].summary);
		assert_string_equal(r.doc.items[i].id, r.doc.items[i].link);
	}
	assert_string_equal(r.doc.items[0].link, "https://news.example.com/2023/11/20/sam-altman-joins-microsoft");
	assert_int_equal(r.doc.items[0].updated, utc(2023, 11, 20, 7, 53, 0));
	assert_false(doc_contains(&r.doc, "IMG_0423"));
	assert_string_equal(r.doc.warning, "none of its 2 entries has a title (news:title): they are stored and "
					   "deduplicated by their address, but no story can match them; a Google News "
					   "sitemap, or the site's feed, has titles");
	nw_doc_free(&r.doc);

	parse(&r, mixed);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 2);
	assert_null(r.doc.items[0].title);
	assert_string_equal(r.doc.items[1].title, "오픈AI 이사회");
	assert_null(r.doc.warning);
	nw_doc_free(&r.doc);
}

/* No namespaces at all, an undeclared news: prefix, the old Google namespace. */
static void test_namespaces(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "<urlset><url><loc>https://a.example/1</loc><news:news>"
		  "<news:title>undeclared prefix</news:title>"
		  "<news:publication_date>2023-11-20T07:53:00Z</news:publication_date>"
		  "</news:news></url></urlset>");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 1);
	assert_string_equal(r.doc.items[0].title, "undeclared prefix");
	assert_true(r.doc.items[0].published == utc(2023, 11, 20, 7, 53, 0));
	assert_non_null(r.doc.warning); /* the namespace error is reported */
	nw_doc_free(&r.doc);

	parse(&r, "<urlset xmlns=\"http://www.google.com/schemas/sitemap/0.84\">"
		  "<url><loc>https://a.example/old</loc></url></urlset>");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 1);
	nw_doc_free(&r.doc);

	/* a foreign namespace's <url> is not an entry */
	parse(&r, "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
		  "xmlns:x=\"urn:other\"><x:url><loc>https://a.example/x</loc></x:url>"
		  "<url><loc>https://a.example/y</loc></url></urlset>");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 1);
	assert_string_equal(r.doc.items[0].link, "https://a.example/y");
	nw_doc_free(&r.doc);

	/* video sitemaps title their entries */
	parse(&r, "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
		  "xmlns:video=\"http://www.google.com/schemas/sitemap-video/1.1\"><url>"
		  "<loc>https://v.example/1</loc><video:video><video:title>영상 제목</video:title>"
		  "<video:description>설명</video:description></video:video></url></urlset>");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.items[0].title, "영상 제목");
	assert_string_equal(r.doc.items[0].summary, "설명");
	nw_doc_free(&r.doc);
}

static void test_not_a_sitemap(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>");
	assert_int_equal(r.rc, -EPROTO);
	assert_non_null(strstr(r.err, "rss"));
	nw_doc_free(&r.doc);

	parse(&r, "{\"version\": \"https://jsonfeed.org/version/1\"}");
	assert_int_equal(r.rc, -EBADMSG);
	nw_doc_free(&r.doc);

	parse_url(&r, "\x1F\x8B\x08\x00\x00\x00", 6, NULL, NULL); /* a gzip header cut short */
	assert_int_equal(r.rc, -EINVAL);
	assert_non_null(strstr(r.err, "gzip-compressed sitemap is empty"));
	nw_doc_free(&r.doc);

	parse_url(&r, "", 0, NULL, NULL);
	assert_int_equal(r.rc, -EINVAL);
	nw_doc_free(&r.doc);
}

/* gzip (deflate, a gzip header and trailer) of len bytes, as gzip(1) writes a .xml.gz; at
 * level 0 stored as it is */
static unsigned char *gzl(const char *data, size_t len, size_t *outlen, int level)
{
	z_stream z = { 0 };
	size_t cap = compressBound((uLong)len) + 64;
	unsigned char *out = malloc(cap);

	assert_non_null(out);
	assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)data;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*outlen = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

static unsigned char *gz(const char *data, size_t len, size_t *outlen)
{
	return gzl(data, len, outlen, 9);
}

/* A sitemap.xml.gz served as application/gzip (no Content-Encoding: libcurl hands it over
 * compressed) is read as the sitemap it holds; two gzip members one after the other are one
 * sitemap; one cut short gives its entries before the cut, with a warning; a corrupt one is
 * an error that says so; one that inflates past the cap (a gzip bomb) is refused, and no
 * more than the cap is inflated. */
static void test_gzip(void **state)
{
	static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
		"xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">";
	static const char tail[] = "</urlset>";
	char *xml = malloc(300 * 200 + 512), *two;
	unsigned char *z, *z1, *z2;
	size_t n = 0, zn, n1, n2;
	struct parsed r;

	(void)state;
	n += (size_t)sprintf(xml + n, "%s", head);
	for (int i = 0; i < 300; i++)
		n += (size_t)sprintf(xml + n, "<url><loc>https://news.example.jp/a/%d</loc><news:news>"
				      "<news:title>サム・アルトマン氏 %d</news:title></news:news></url>", i, i);
	n += (size_t)sprintf(xml + n, "%s", tail);
	z = gz(xml, n, &zn);
	parse_url(&r, (const char *)z, zn, "https://news.example.jp/sitemap-news.xml.gz", "application/gzip");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 300);
	assert_string_equal(r.doc.items[299].link, "https://news.example.jp/a/299");
	assert_string_equal(r.doc.items[0].title, "サム・アルトマン氏 0");
	assert_null(r.doc.warning);
	nw_doc_free(&r.doc);

	/* cut in the middle of the compressed stream */
	parse_url(&r, (const char *)z, zn / 2, NULL, "application/gzip");
	assert_int_equal(r.rc, 0);
	assert_true(r.doc.nitems > 10 && r.doc.nitems < 300);
	assert_non_null(r.doc.warning);
	assert_non_null(strstr(r.doc.warning, "gzip-compressed sitemap cut short"));
	nw_doc_free(&r.doc);

	/* corrupt: the deflate data overwritten */
	memset(z + 20, 0xFF, 16);
	parse_url(&r, (const char *)z, zn, NULL, NULL);
	assert_int_equal(r.rc, -EBADMSG);
	assert_non_null(strstr(r.err, "gzip-compressed sitemap is corrupt"));
	nw_doc_free(&r.doc);
	free(z);

	/* two members: the head in one, the rest in the other */
	z1 = gz(xml, n / 2, &n1);
	z2 = gz(xml + n / 2, n - n / 2, &n2);
	two = malloc(n1 + n2);
	memcpy(two, z1, n1);
	memcpy(two + n1, z2, n2);
	parse_url(&r, two, n1 + n2, NULL, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 300);
	assert_null(r.doc.warning);
	nw_doc_free(&r.doc);
	free(z1);
	free(z2);
	free(two);
	free(xml);

	/* a complete sitemap, then bytes that are no gzip member: the sitemap, with a warning;
	 * zeros after it are padding, said nothing of */
	{
		static const char one[] = "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/"
					  "sitemap/0.9\"><url><loc>https://x.example/1</loc></url></urlset>";
		unsigned char *g = gz(one, sizeof one - 1, &zn), *pad = malloc(zn + 64);
		memcpy(pad, g, zn);
		memset(pad + zn, 0, 64);
		parse_url(&r, (const char *)pad, zn + 64, NULL, NULL);
		assert_int_equal(r.rc, 0);
		assert_int_equal(r.doc.nitems, 1);
		assert_true(!r.doc.warning || !strstr(r.doc.warning, "gzip")); /* (its entry has no title: said) */
		nw_doc_free(&r.doc);
		memcpy(pad + zn, "trailing garbage", 16);
		parse_url(&r, (const char *)pad, zn + 16, NULL, NULL);
		assert_int_equal(r.rc, 0);
		assert_int_equal(r.doc.nitems, 1);
		assert_non_null(r.doc.warning);
		assert_non_null(strstr(r.doc.warning, "data after the end of the gzip-compressed sitemap ignored"));
		nw_doc_free(&r.doc);
		/* a second member that is broken: the first one's sitemap, with a warning */
		memcpy(pad + zn, "\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03\xFF\xFF\xFF\xFF", 14);
		parse_url(&r, (const char *)pad, zn + 14, NULL, NULL);
		assert_int_equal(r.rc, 0);
		assert_int_equal(r.doc.nitems, 1);
		assert_non_null(r.doc.warning);
		assert_non_null(strstr(r.doc.warning, "a corrupt part after the start"));
		nw_doc_free(&r.doc);
		free(g);
		free(pad);
	}

	/* 80 MiB of spaces compress to about 80 KB: refused past SM_MAX_INPUT (64 MiB) */
	{
		size_t big = 80u << 20;
		char *sp = malloc(big);
		assert_non_null(sp);
		memcpy(sp, head, sizeof head - 1);
		memset(sp + sizeof head - 1, ' ', big - (sizeof head - 1));
		z = gz(sp, big, &zn);
		free(sp);
		assert_true(zn < big / 500);
		parse_url(&r, (const char *)z, zn, NULL, NULL);
		assert_int_equal(r.rc, -EFBIG);
		assert_non_null(strstr(r.err, "larger than 64 MiB uncompressed"));
		nw_doc_free(&r.doc);

		/* the same bomb after a stored member that brings the file just under 8 MiB, where
		 * the first buffer (8 times the file) is already past the cap: refused as too large
		 * all the same (it was "out of memory") */
		{
			size_t target = SM_MAX_INPUT / 8 - 100, dn = target - zn - 200, sn = 0;
			char *rnd = malloc(target);
			unsigned char *st = NULL, *all;
			uint64_t x = 88172645463325252ULL;
			assert_non_null(rnd);
			for (size_t i = 0; i < target; i++) {
				x ^= x << 13, x ^= x >> 7, x ^= x << 17;
				rnd[i] = (char)x;
			}
			for (int k = 0; k < 4; k++) { /* stored blocks: the size is the data's and a little */
				free(st);
				st = gzl(rnd, dn, &sn, 0);
				if (sn + zn == target)
					break;
				dn = dn + target - (sn + zn);
			}
			assert_int_equal(sn + zn, target);
			all = malloc(target);
			memcpy(all, st, sn);
			memcpy(all + sn, z, zn);
			parse_url(&r, (const char *)all, target, NULL, NULL);
			if (r.rc != -EFBIG)
				fail_msg("rc %d: %s", r.rc, r.err);
			assert_non_null(strstr(r.err, "larger than 64 MiB uncompressed"));
			nw_doc_free(&r.doc);
			free(all);
			free(st);
			free(rnd);
		}
		free(z);
	}
}

/* A truncated sitemap still gives the entries before the cut, with a warning. */
static void test_broken(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "<?xml version=\"1.0\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
		  "<url><loc>https://a.example/1?a=1&b=2</loc></url>"
		  "<url><loc>https://a.example/2</loc></url>"
		  "<url><loc>https://a.example/3</lo");
	assert_int_equal(r.rc, 0);
	assert_true(r.doc.nitems >= 2);
	assert_string_equal(r.doc.items[1].link, "https://a.example/2");
	assert_non_null(r.doc.warning);
	assert_non_null(strstr(r.doc.warning, "not well-formed"));
	nw_doc_free(&r.doc);

	/* invalid UTF-8 is replaced, the rest of the document kept */
	parse(&r, "<urlset><url><loc>https://a.example/caf\xE9</loc><news:news><news:title>"
		  "\xEC\x83 알트먼</news:title></news:news></url></urlset>");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 1);
	assert_string_equal(r.doc.items[0].title, "\xEF\xBF\xBD 알트먼");
	assert_non_null(strstr(r.doc.warning, "UTF-8"));
	nw_doc_free(&r.doc);

	/* as real ones come: blank lines before the XML, a bare '&' in a <loc>, HTML entities in
	 * a news:title (without a DTD); a later '&amp;' still counts after those errors */
	parse(&r, "\n\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
		  "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">"
		  "<url><loc>https://a.example/news/2?a=1&b=2</loc><news:news><news:title>"
		  "샘 알트먼 &amp; MS&nbsp;협력 &hellip; 발표</news:title></news:news></url>"
		  "<url><loc>https://a.example/news/3?a=1&amp;b=2</loc></url></urlset>");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 2);
	assert_string_equal(r.doc.items[0].link, "https://a.example/news/2?a=1&b=2");
	assert_string_equal(r.doc.items[0].title, "샘 알트먼 & MS 협력 … 발표");
	assert_string_equal(r.doc.items[1].link, "https://a.example/news/3?a=1&b=2");
	nw_doc_free(&r.doc);

	/* a news:title is HTML only when it looks like HTML, as an RSS title (its text was taken
	 * for tags: "Altman returns", "Why xz matter") */
	parse(&r, "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
		  "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">"
		  "<url><loc>https://a.example/1</loc><news:news><news:title>&lt;Exclusive&gt; Altman returns"
		  "</news:title></news:news></url>"
		  "<url><loc>https://a.example/2</loc><news:news><news:title>Why x&lt;y and y&gt;z matter"
		  "</news:title></news:news></url>"
		  "<url><loc>https://a.example/3</loc><news:news><news:title>&lt;b&gt;Bold&lt;/b&gt; news"
		  "</news:title></news:news></url></urlset>");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 3);
	assert_string_equal(r.doc.items[0].title, "<Exclusive> Altman returns");
	assert_string_equal(r.doc.items[1].title, "Why x<y and y>z matter");
	assert_string_equal(r.doc.items[2].title, "Bold news");
	nw_doc_free(&r.doc);

	/* a sitemap declared in a legacy encoding is decoded as feeds are: EUC-KR read as CP949
	 * (똠), ISO-2022-JP whose '&' bytes are halves of characters (αβ is "&A&B") */
	parse(&r, "<?xml version=\"1.0\" encoding=\"EUC-KR\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
		  "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"><url><loc>https://a.example/1</loc>"
		  "<news:news><news:title>\x8C\x63\xBE\xE7 &amp; LG</news:title></news:news></url></urlset>");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.items[0].title, "똠양 & LG");
	nw_doc_free(&r.doc);
	parse(&r, "<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
		  "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"><url><loc>https://a.example/1</loc>"
		  "<news:news><news:title>\x1b$B&A&B\x1b(B</news:title></news:news></url></urlset>");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.items[0].title, "αβ");
	nw_doc_free(&r.doc);
}

/* An external entity naming a local file: its content appears nowhere. */
static void test_xxe(void **state)
{
	char path[] = "/tmp/nw-sitemap-xxe-XXXXXX", xml[1024];
	struct parsed r;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "SECRET-XXE-CONTENT", 18), 18);
	close(fd);
	snprintf(xml, sizeof(xml),
		 "<?xml version=\"1.0\"?><!DOCTYPE urlset [<!ENTITY x SYSTEM \"file://%s\">"
		 "<!ENTITY %% p SYSTEM \"file://%s\"> %%p;]>"
		 "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
		 "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"><url>"
		 "<loc>https://a.example/&x;</loc><news:news><news:title>t &x;</news:title>"
		 "</news:news></url></urlset>",
		 path, path);
	parse(&r, xml);
	unlink(path);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 1);
	assert_false(doc_contains(&r.doc, "SECRET"));
	assert_string_equal(r.doc.items[0].title, "t");
	nw_doc_free(&r.doc);
}

static void test_billion_laughs(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "<?xml version=\"1.0\"?><!DOCTYPE urlset ["
		  "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">"
		  "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
		  "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
		  "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
		  "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
		  "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
		  "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
		  "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">"
		  "<!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">]>"
		  "<urlset><url><loc>https://a.example/1</loc><news:news><news:title>&i;&i;&i;"
		  "</news:title></news:news></url></urlset>");
	/* either refused or parsed without the expansion: never gigabytes of title */
	if (r.rc == 0) {
		for (size_t i = 0; i < r.doc.nitems; i++)
			assert_true(!r.doc.items[i].title || strlen(r.doc.items[i].title) < SM_MAX_FIELD);
	}
	nw_doc_free(&r.doc);
}

/* A label other than UTF-8 is honoured; the protocol's UTF-8 is the default. */
static void test_encodings(void **state)
{
	struct parsed r;
	const char *body;
	/* 샘 알트먼 in EUC-KR */
	const char euckr[] = "<?xml version=\"1.0\" encoding=\"EUC-KR\"?><urlset><url>"
			     "<loc>https://a.example/k</loc><news:news><news:title>"
			     "\xBB\xF9 \xBE\xCB\xC6\xAE\xB8\xD5</news:title></news:news></url></urlset>";

	(void)state;
	parse_url(&r, euckr, sizeof(euckr) - 1, NULL, NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.items[0].title, "샘 알트먼");
	nw_doc_free(&r.doc);

	/* without the declaration, labelled by HTTP only */
	body = strstr(euckr, "?>") + 2;
	parse_url(&r, body, strlen(body), NULL, "application/xml; charset=euc-kr");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.items[0].title, "샘 알트먼");
	nw_doc_free(&r.doc);
}

/* The same Korean Google News sitemap as a server with Apache's default charset sends it
 * (Content-Type: text/xml; charset=ISO-8859-1): a byte-order mark outranks the label, and
 * bytes that are UTF-8 are read as UTF-8 whatever the label says (as feeds are). */
static const char kr_news[] =
	"<?xml version=\"1.0\" encoding=\"%s\"?>\n"
	"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"\n"
	"        xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n"
	" <url><loc>https://www.example.co.kr/article/2023112201</loc><news:news>\n"
	"  <news:publication><news:name>예제일보</news:name><news:language>ko</news:language>"
	"</news:publication>\n"
	"  <news:publication_date>2023-11-22T06:10:00+09:00</news:publication_date>\n"
	"  <news:title>오픈AI, 샘 알트먼 복귀 합의</news:title>\n"
	" </news:news></url>\n"
	"</urlset>\n";
static const char latin1_label[] = "text/xml; charset=ISO-8859-1";

static void assert_kr_news(const struct parsed *r)
{
	assert_int_equal(r->rc, 0);
	assert_string_equal(r->doc.format, "sitemap");
	assert_int_equal(r->doc.nitems, 1);
	assert_string_equal(r->doc.title, "예제일보");
	assert_string_equal(r->doc.items[0].title, "오픈AI, 샘 알트먼 복귀 합의");
	assert_string_equal(r->doc.items[0].language, "ko");
}

static void test_bom_utf8_latin1_label(void **state)
{
	char xml[2048];
	size_t n;
	struct parsed r;

	(void)state;
	memcpy(xml, "\xEF\xBB\xBF", 3);
	n = 3 + (size_t)snprintf(xml + 3, sizeof xml - 3, kr_news, "UTF-8");
	parse_url(&r, xml, n, NULL, latin1_label);
	assert_kr_news(&r); /* HEAD: "ì˜¤í”ˆAI, ..." */
	assert_null(r.doc.warning); /* a BOM says it: nothing to warn about */
	nw_doc_free(&r.doc);
}

static void test_bom_utf16le_latin1_label(void **state)
{
	char u8[2048], xml[4096], *in = u8, *o = xml + 2;
	size_t inl, outl = sizeof xml - 2;
	iconv_t cd = iconv_open("UTF-16LE", "UTF-8");
	struct parsed r;

	(void)state;
	assert_true(cd != (iconv_t)-1);
	inl = (size_t)snprintf(u8, sizeof u8, kr_news, "UTF-16");
	assert_true(iconv(cd, &in, &inl, &o, &outl) != (size_t)-1);
	iconv_close(cd);
	memcpy(xml, "\xFF\xFE", 2);
	parse_url(&r, xml, (size_t)(o - xml), NULL, latin1_label);
	assert_kr_news(&r); /* HEAD: "not XML: line 1: Start tag expected" */
	assert_null(r.doc.warning);
	nw_doc_free(&r.doc);
}

static void test_utf8_latin1_label(void **state)
{
	char xml[2048];
	size_t n;
	struct parsed r;
	const char latin[] = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
			     "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"><url>"
			     "<loc>https://a.example/c</loc><news:news><news:title>caf\xE9 cr\xE8me"
			     "</news:title></news:news></url></urlset>";

	(void)state;
	n = (size_t)snprintf(xml, sizeof xml, kr_news, "UTF-8");
	parse_url(&r, xml, n, NULL, latin1_label);
	assert_kr_news(&r); /* HEAD: garbled */
	assert_non_null(r.doc.warning);
	assert_non_null(strstr(r.doc.warning, "labelled iso-8859-1 but UTF-8, read as UTF-8"));
	nw_doc_free(&r.doc);

	/* the label believed where the bytes are not UTF-8 (read as windows-1252) */
	parse_url(&r, latin, sizeof latin - 1, NULL, latin1_label);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.items[0].title, "café crème");
	assert_null(r.doc.warning);
	nw_doc_free(&r.doc);
}

static void test_cap(void **state)
{
	struct parsed r;
	size_t n = SM_MAX_ITEMS + 5, cap = 128 + n * 48, len;
	char *xml = malloc(cap);

	(void)state;
	assert_non_null(xml);
	len = (size_t)sprintf(xml, "<urlset>");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(xml + len, "<url><loc>https://a.example/%zu</loc></url>", i);
	len += (size_t)sprintf(xml + len, "</urlset>");
	parse_url(&r, xml, len, NULL, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, SM_MAX_ITEMS);
	assert_non_null(strstr(r.doc.warning, "the rest dropped"));
	nw_doc_free(&r.doc);
	free(xml);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_descriptor), cmocka_unit_test(test_news),
		cmocka_unit_test(test_index),      cmocka_unit_test(test_namespaces), cmocka_unit_test(test_untitled),
		cmocka_unit_test(test_not_a_sitemap), cmocka_unit_test(test_gzip), cmocka_unit_test(test_broken),
		cmocka_unit_test(test_xxe),        cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_encodings),  cmocka_unit_test(test_cap),
		cmocka_unit_test(test_bom_utf8_latin1_label),
		cmocka_unit_test(test_bom_utf16le_latin1_label),
		cmocka_unit_test(test_utf8_latin1_label),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
