/* test_rss.c — unit tests for the rss source plugin (RSS 0.9x/1.0/2.0, Atom 0.3/1.0) and
 * the HTML-to-text helper it relies on: fields per the parse contract, relative links,
 * encodings, recovery of broken feeds, and refusal of external entities and entity bombs. */
#define _GNU_SOURCE /* memmem, as the plugin's own file defines it before its headers */
#include <stdarg.h>
#include <time.h>
#include <stddef.h>
#include <iconv.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* the parser first: the plugin file is the thin descriptor over it */
#include "../../plugins/src_rss/rss_parse.c"
#include "../../plugins/src_rss/rss.c"

struct parsed {
	struct nw_doc doc;
	int rc;
	char err[256];
};

static void parse_url(struct parsed *r, const char *xml, size_t len, const char *url,
		      const char *ctype)
{
	struct rss_ctx ctx = { 0 };
	struct nw_input in = { xml, len, url, ctype, 0 };

	memset(r, 0, sizeof(*r));
	assert_int_equal(nw_plugin.init(&ctx, r->err, sizeof(r->err)), 0);
	r->rc = nw_plugin.parse(&ctx, &in, &r->doc, r->err, sizeof(r->err));
}

static void parse(struct parsed *r, const char *xml)
{
	parse_url(r, xml, strlen(xml), NULL, NULL);
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

/* Does any string the document carries contain needle? */
static int doc_contains(const struct nw_doc *d, const char *needle)
{
	const char *f[] = { d->title, d->link, d->language, d->description };

	for (size_t i = 0; i < 4; i++)
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
	assert_string_equal(nw_plugin.name, "rss");
	assert_non_null(nw_plugin.parse);
	assert_null(nw_plugin.deliver);
	for (const struct nw_option *o = nw_plugin.options; o->name; o++)
		assert_non_null(o->description);
}

static void test_rss20(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "<?xml version='1.0' encoding='utf-8'?>\n"
		  "<rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/'"
		  " xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
		  "<channel><title>Wire</title><link>https://wire.example/</link>"
		  "<description>All &lt;b&gt;the&lt;/b&gt; news</description>"
		  "<language>en-us</language>"
		  "<item><title>First &amp; best</title><link>https://wire.example/1</link>"
		  "<guid isPermaLink='false'>w-1</guid>"
		  "<pubDate>Mon, 20 Nov 2023 07:53:00 GMT</pubDate>"
		  "<dc:creator>Jane Roe</dc:creator>"
		  "<category>Tech</category><category>AI</category>"
		  "<description><![CDATA[<p>Hello <b>world</b></p><script>evil()</script>"
		  "<style>p{color:red}</style><p>again</p>]]></description>"
		  "<content:encoded><![CDATA[<div>Full&nbsp;text</div>]]></content:encoded>"
		  "</item>"
		  "<item><title>Second</title><guid>https://wire.example/2</guid>"
		  "<dc:date>2023-11-21T10:00:00+09:00</dc:date></item>"
		  "</channel></rss>");
	assert_int_equal(r.rc, 0);
	assert_null(r.doc.warning);
	assert_string_equal(r.doc.format, "rss2.0");
	assert_string_equal(r.doc.title, "Wire");
	assert_string_equal(r.doc.link, "https://wire.example/");
	assert_string_equal(r.doc.description, "All the news");
	assert_string_equal(r.doc.language, "en-us");
	assert_int_equal(r.doc.nitems, 2);

	struct nw_item *a = &r.doc.items[0], *b = &r.doc.items[1];

	assert_string_equal(a->title, "First & best");
	assert_string_equal(a->link, "https://wire.example/1");
	assert_string_equal(a->id, "w-1");
	assert_true(a->published == utc(2023, 11, 20, 7, 53, 0));
	assert_true(a->updated == NW_TIME_NONE);
	assert_string_equal(a->author, "Jane Roe");
	assert_int_equal(a->categories.n, 2);
	assert_string_equal(a->categories.v[0], "Tech");
	assert_string_equal(a->categories.v[1], "AI");
	assert_string_equal(a->summary, "Hello world again");
	assert_string_equal(a->content, "Full text"); /* &nbsp; is white space too */
	assert_string_equal(a->language, "en-us");
	/* a permalink guid stands in for the missing link */
	assert_string_equal(b->id, "https://wire.example/2");
	assert_string_equal(b->link, "https://wire.example/2");
	assert_true(b->updated == utc(2023, 11, 21, 1, 0, 0));
	nw_doc_free(&r.doc);
}

static void test_atom10(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "<feed xmlns='http://www.w3.org/2005/Atom'>"
		  "<title type='text'>Feed &lt;title&gt;</title>"
		  "<subtitle type='html'>&lt;i&gt;sub&lt;/i&gt;</subtitle>"
		  "<link rel='self' href='https://a.example/feed.xml'/>"
		  "<link rel='alternate' type='text/html' href='https://a.example/'/>"
		  "<entry><title type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>"
		  "An <b>xhtml</b> title</div></title>"
		  "<link rel='edit' href='https://a.example/edit/1'/>"
		  "<link href='https://a.example/1'/>"
		  "<id>urn:uuid:1</id><published>2003-12-13T08:29:29-04:00</published>"
		  "<updated>2003-12-13T18:30:02.25Z</updated>"
		  "<author><name>Mark</name><email>m@example.org</email></author>"
		  "<category term='news' label='News'/>"
		  "<summary>Plain &lt;b&gt; summary</summary>"
		  "<content type='html'>&lt;p&gt;Body&lt;/p&gt;</content></entry></feed>");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.format, "atom1.0");
	/* type="text" is literal: the brackets are characters, not markup */
	assert_string_equal(r.doc.title, "Feed <title>");
	assert_string_equal(r.doc.description, "sub");
	assert_string_equal(r.doc.link, "https://a.example/");
	assert_int_equal(r.doc.nitems, 1);

	struct nw_item *e = &r.doc.items[0];

	assert_string_equal(e->title, "An xhtml title");
	assert_string_equal(e->link, "https://a.example/1");
	assert_string_equal(e->id, "urn:uuid:1");
	assert_true(e->published == utc(2003, 12, 13, 12, 29, 29));
	assert_true(e->updated == utc(2003, 12, 13, 18, 30, 2));
	assert_string_equal(e->author, "Mark");
	assert_int_equal(e->categories.n, 1);
	assert_string_equal(e->categories.v[0], "news");
	assert_string_equal(e->summary, "Plain <b> summary");
	assert_string_equal(e->content, "Body");
	nw_doc_free(&r.doc);
}

static void test_atom03_modes(void **state)
{
	struct parsed r;

	(void)state;
	/* "PHA+SGVsbG88L3A+" is "<p>Hello</p>" */
	parse(&r, "<feed version='0.3' xmlns='http://purl.org/atom/ns#'>"
		  "<tagline>Tag line</tagline>"
		  "<entry><title mode='escaped' type='text/html'>&lt;b&gt;Esc&lt;/b&gt;</title>"
		  "<issued>2004-01-01T00:00:00Z</issued><modified>2004-01-02T00:00:00Z</modified>"
		  "<content mode='base64' type='text/html'>PHA+SGVsbG88L3A+</content>"
		  "</entry></feed>");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.format, "atom0.3");
	assert_string_equal(r.doc.description, "Tag line");
	assert_int_equal(r.doc.nitems, 1);
	assert_string_equal(r.doc.items[0].title, "Esc");
	assert_string_equal(r.doc.items[0].content, "Hello");
	assert_true(r.doc.items[0].published == utc(2004, 1, 1, 0, 0, 0));
	assert_true(r.doc.items[0].updated == utc(2004, 1, 2, 0, 0, 0));
	nw_doc_free(&r.doc);
}

static void test_rdf(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'"
		  " xmlns='http://purl.org/rss/1.0/' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
		  "<channel rdf:about='http://r.example/'><title>RDF feed</title>"
		  "<link>http://r.example/</link><dc:language>ja</dc:language></channel>"
		  "<item rdf:about='http://r.example/a'><title>A</title>"
		  "<link>http://r.example/a</link><dc:date>2004-05-01</dc:date>"
		  "<dc:subject>misc</dc:subject></item>"
		  "<item rdf:about='http://r.example/b'><title>B</title></item>"
		  "</rdf:RDF>");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.format, "rss1.0");
	assert_string_equal(r.doc.title, "RDF feed");
	assert_string_equal(r.doc.language, "ja");
	assert_int_equal(r.doc.nitems, 2);
	assert_string_equal(r.doc.items[0].title, "A");
	assert_string_equal(r.doc.items[0].id, "http://r.example/a");
	assert_true(r.doc.items[0].updated == utc(2004, 5, 1, 0, 0, 0));
	assert_string_equal(r.doc.items[0].categories.v[0], "misc");
	assert_string_equal(r.doc.items[0].language, "ja");
	assert_string_equal(r.doc.items[1].title, "B");
	nw_doc_free(&r.doc);
}

static void test_relative_links(void **state)
{
	struct parsed r;
	const char *atom =
		"<feed xmlns='http://www.w3.org/2005/Atom' xml:base='http://b.example/blog/'>"
		"<link href='/'/>"
		"<entry xml:base='2023/'><link href='post.html'/></entry>"
		"<entry><link href='../about'/></entry></feed>";
	const char *rss = "<rss version='2.0'><channel><link>/home</link>"
			  "<item><link>story/1?a=1&amp;b=2</link></item>"
			  "<item><guid>p/2</guid></item></channel></rss>";

	(void)state;
	parse(&r, atom);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.link, "http://b.example/");
	assert_string_equal(r.doc.items[0].link, "http://b.example/blog/2023/post.html");
	assert_string_equal(r.doc.items[1].link, "http://b.example/about");
	nw_doc_free(&r.doc);

	/* no xml:base: the feed URL is the base */
	parse_url(&r, rss, strlen(rss), "https://n.example/feeds/rss.xml", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.link, "https://n.example/home");
	assert_string_equal(r.doc.items[0].link, "https://n.example/feeds/story/1?a=1&b=2");
	assert_string_equal(r.doc.items[1].link, "https://n.example/feeds/p/2");
	assert_string_equal(r.doc.items[1].id, "p/2"); /* the id stays as published */
	nw_doc_free(&r.doc);

	/* a link with non-ASCII in it */
	{
		const char *ko = "<rss version='2.0'><channel><link>/</link><item>"
				 "<link>news/\xED\x83\x9C\xEA\xB7\xB8/\xEC\x98\xA4\xED\x94\x88" "AI</link>" /* 태그/오픈AI */
				 "</item><item><link>a b|c.html</link></item></channel></rss>";

		parse_url(&r, ko, strlen(ko), "https://n.example/feeds/rss.xml", NULL);
		assert_int_equal(r.rc, 0);
		assert_string_equal(r.doc.items[0].link,
				    "https://n.example/feeds/news/%ED%83%9C%EA%B7%B8/%EC%98%A4%ED%94%88AI");
		assert_string_equal(r.doc.items[1].link, "https://n.example/feeds/a%20b%7Cc.html");
		nw_doc_free(&r.doc);
	}

	/* neither: relative stays relative rather than inventing a base */
	parse(&r, rss);
	assert_string_equal(r.doc.items[0].link, "story/1?a=1&b=2");
	nw_doc_free(&r.doc);
}

static void test_korean(void **state)
{
	struct parsed r;
	/* "샘 알트먼, 마이크로소프트 합류" in UTF-8 */
	const char *title = "\xEC\x83\x98 \xEC\x95\x8C\xED\x8A\xB8\xEB\xA8\xBC, "
			    "\xEB\xA7\x88\xEC\x9D\xB4\xED\x81\xAC\xEB\xA1\x9C\xEC\x86\x8C"
			    "\xED\x94\x84\xED\x8A\xB8 \xED\x95\xA9\xEB\xA5\x98";
	char xml[1024];

	(void)state;
	snprintf(xml, sizeof(xml),
		 "<rss version='2.0'><channel><language>ko</language><item><title>%s</title>"
		 "<pubDate>2023-11-20 \xEC\x98\xA4\xED\x9B\x84 4:53:00</pubDate>"
		 "</item></channel></rss>", title);
	parse(&r, xml);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.items[0].title, title);
	assert_string_equal(r.doc.items[0].language, "ko");
	/* 오후 4:53 in Seoul */
	assert_true(r.doc.items[0].published == utc(2023, 11, 20, 7, 53, 0));
	nw_doc_free(&r.doc);

	/* EUC-KR label read as CP949: 한국 (C7D1 B1B9) and 똠 (8C63, CP949 only) */
	const char euc[] = "<?xml version='1.0' encoding='EUC-KR'?><rss version='2.0'><channel>"
			   "<item><title>\xC7\xD1\xB1\xB9 \x8C\x63</title></item></channel></rss>";

	parse_url(&r, euc, sizeof(euc) - 1, NULL, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 1);
	assert_string_equal(r.doc.items[0].title, "\xED\x95\x9C\xEA\xB5\xAD \xEB\x98\xA0");
	nw_doc_free(&r.doc);

	/* one bad pair is one U+FFFD, and the text after it is read in step (the lead byte
	 * alone was skipped, and its trail read as the next lead: "“〕ご帽") */
	{
		static const struct {
			const char *label, *bytes, *want;
		} bad[] = {
			{ "EUC-KR", "\xC9\xA1\xB0\xA1\xB3\xAA\xB4\xD9\xB6\xF3", "\xEF\xBF\xBD가나다라" },
			{ "Shift_JIS", "\x85\x9F\x93\xFA\x96\x7B", "\xEF\xBF\xBD日本" },
			{ "EUC-KR", "\xC9" "A\xB0\xA1", "\xEF\xBF\xBD" "A가" }, /* an ASCII trail is itself */
			{ "Big5", "\xA3\xE1 100", "€ 100" },             /* the WHATWG's Big5 has the euro */
			{ "ISO-8859-9", "\x93Haber\x94 \xFD\xF0", "“Haber” ığ" }, /* read as windows-1254 */
			{ "TIS-620", "\x93\xA1\x94", "“ก”" },           /* read as windows-874 */
			{ "gb18030", "\x81\xFF" "A\xD6\xD0", "\xEF\xBF\xBD" "A中" }, /* its own label too */
			{ "EUC-JP", "\x8F\xA1\xA1" "x\xC6\xFC", "\xEF\xBF\xBD" "x日" }, /* three bytes, one */
		};
		for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
			char doc[256];
			int n = snprintf(doc, sizeof doc, "<?xml version='1.0' encoding='%s'?><rss version='2.0'>"
					 "<channel><item><title>%s</title></item></channel></rss>", bad[i].label, bad[i].bytes);
			parse_url(&r, doc, (size_t)n, NULL, NULL);
			assert_int_equal(r.rc, 0);
			assert_int_equal(r.doc.nitems, 1);
			assert_string_equal(r.doc.items[0].title, bad[i].want);
			if (strstr(bad[i].want, "\xEF\xBF\xBD")) {
				assert_non_null(r.doc.warning);
				assert_non_null(strstr(r.doc.warning, "1 sequence not"));
			}
			nw_doc_free(&r.doc);
		}
	}

	/* ... but a server's default label (Latin-1, windows-1252, UTF-8) over bytes of the
	 * double-byte encoding the feed declares gives way to the declaration */
	{
		static const char *const served[] = { "text/xml; charset=ISO-8859-1", "text/xml; charset=utf-8",
						      "application/rss+xml; charset=windows-1252" };
		const char ko[] = "<?xml version='1.0' encoding='EUC-KR'?><rss version='2.0'><channel>"
				  "<item><title>\xC7\xD1\xB1\xB9 \xB4\xBA\xBD\xBA</title></item></channel></rss>";

		for (size_t i = 0; i < sizeof served / sizeof *served; i++) {
			parse_url(&r, ko, sizeof(ko) - 1, NULL, served[i]);
			assert_int_equal(r.rc, 0);
			assert_string_equal(r.doc.items[0].title, "한국 뉴스");
			assert_non_null(r.doc.warning);
			assert_non_null(strstr(r.doc.warning, "but euc-kr as declared, read as declared"));
			nw_doc_free(&r.doc);
		}
		/* another double-byte label served is believed */
		parse_url(&r, ko, sizeof(ko) - 1, NULL, "text/xml; charset=Shift_JIS");
		assert_string_not_equal(r.doc.items[0].title, "한국 뉴스");
		nw_doc_free(&r.doc);
	}

	/* the HTTP charset wins over a wrong declaration */
	const char lat[] = "<?xml version='1.0' encoding='utf-8'?><rss><channel>"
			   "<title>caf\xE9</title></channel></rss>";

	parse_url(&r, lat, sizeof(lat) - 1, NULL, "text/xml; charset=ISO-8859-1");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.title, "caf\xC3\xA9");
	nw_doc_free(&r.doc);
}

/* Each encoding a real feed is served in, as declared: bytes made with iconv from the UTF-8
 * text, which must come back exactly. GB2312 and ISO-8859-1 labels are read as their
 * supersets (GBK, windows-1252), as browsers do. */
static void test_encodings(void **state)
{
	static const struct {
		const char *label, *iconv_name, *text;
	} cases[] = {
		{ "EUC-JP", "EUC-JP", "オープンAI、アルトマン氏の復帰で合意" },
		{ "Shift_JIS", "CP932", "マイクロソフト、～新部門を設立" },
		{ "GB2312", "GBK", "微软聘请奥特曼领导新团队" },
		{ "Big5", "BIG5", "微軟聘請奧特曼領導新團隊" },
		{ "ISO-8859-1", "WINDOWS-1252", "Caf\xC3\xA9 \xE2\x82\xAC" "5 \xE2\x80\x94 na\xC3\xAF" "ve" },
		{ "windows-1252", "WINDOWS-1252", "\xE2\x80\x9CQuoted\xE2\x80\x9D \xE2\x80\x93 R\xC3\xA9sum\xC3\xA9" },		/* the other labels browsers read as these supersets (WHATWG) */
#define Q1252 "\xE2\x80\x9CQ\xE2\x80\x9D \xE2\x82\xAC \xC3\xA9"
		{ "ansi_x3.4-1968", "WINDOWS-1252", Q1252 }, { "cp819", "WINDOWS-1252", Q1252 },
		{ "csisolatin1", "WINDOWS-1252", Q1252 },    { "ibm819", "WINDOWS-1252", Q1252 },
		{ "iso-ir-100", "WINDOWS-1252", Q1252 },     { "iso88591", "WINDOWS-1252", Q1252 },
		{ "iso_8859-1", "WINDOWS-1252", Q1252 },     { "iso_8859-1:1987", "WINDOWS-1252", Q1252 },
		{ "l1", "WINDOWS-1252", Q1252 },             { "x-cp1252", "WINDOWS-1252", Q1252 },
		{ "cseuckr", "CP949", "한국 똠" },           { "csksc56011987", "CP949", "한국 똠" },
		{ "iso-ir-149", "CP949", "한국 똠" },
		{ "csiso58gb231280", "GBK", "微软聘请奥特曼 镕" }, { "iso-ir-58", "GBK", "微软聘请奥特曼 镕" },
		{ "x-x-big5", "BIG5-HKSCS", "微軟聘請奧特曼" },
#undef Q1252
	};
	struct parsed r;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char head[160], out[512], *in = (char *)cases[i].text, *o = out;
		size_t inl = strlen(in), outl = sizeof out, hl;
		iconv_t cd = iconv_open(cases[i].iconv_name, "UTF-8");
		char xml[1024];

		assert_true(cd != (iconv_t)-1);
		assert_true(iconv(cd, &in, &inl, &o, &outl) != (size_t)-1);
		iconv_close(cd);
		hl = (size_t)snprintf(head, sizeof head, "<?xml version='1.0' encoding='%s'?><rss version='2.0'>"
			       "<channel><item><title>", cases[i].label);
		memcpy(xml, head, hl);
		memcpy(xml + hl, out, (size_t)(o - out));
		memcpy(xml + hl + (size_t)(o - out), "</title></item></channel></rss>", 32);
		parse_url(&r, xml, hl + (size_t)(o - out) + 31, NULL, NULL);
		if (r.rc != 0 || r.doc.nitems != 1 || strcmp(r.doc.items[0].title, cases[i].text) != 0)
			fail_msg("%s: rc %d, title '%s', want '%s'", cases[i].label, r.rc,
				 r.doc.nitems ? r.doc.items[0].title : "(none)", cases[i].text);
		nw_doc_free(&r.doc);
	}
}

static void test_broken_feed(void **state)
{
	struct parsed r;

	(void)state;
	/* a bare '&', an HTML entity without a DTD, and the document cut mid-item */
	parse(&r, "<rss version='2.0'><channel><title>AT&T news</title>"
		  "<item><title>Tom & Jerry&nbsp;&copy;</title><link>http://e.example/?a=1&b=2</link></item>"
		  "<item><title>Second</title><link>http://e.example/2</link></item>"
		  "<item><title>Cut sh");
	assert_int_equal(r.rc, 0);
	assert_non_null(r.doc.warning);
	assert_non_null(strstr(r.doc.warning, "not well-formed"));
	assert_string_equal(r.doc.title, "AT&T news");
	assert_true(r.doc.nitems >= 2);
	assert_string_equal(r.doc.items[0].title, "Tom & Jerry \xC2\xA9");
	assert_string_equal(r.doc.items[0].link, "http://e.example/?a=1&b=2");
	assert_string_equal(r.doc.items[1].title, "Second");
	nw_doc_free(&r.doc);

	/* a mismatched end tag: still items, still a warning */
	parse(&r, "<rss><channel><item><title>One</titel></item><item><title>Two</title></item>"
		  "</channel></rss>");
	assert_int_equal(r.rc, 0);
	assert_non_null(r.doc.warning);
	assert_true(r.doc.nitems >= 1);
	nw_doc_free(&r.doc);

	/* not a feed at all: an error with a message, not a crash */
	parse(&r, "this is not xml");
	assert_true(r.rc < 0);
	assert_true(r.err[0] != '\0');
	nw_doc_free(&r.doc);
	parse(&r, "<html><body><p>hello</p></body></html>");
	assert_int_equal(r.rc, -EPROTO);
	assert_non_null(strstr(r.err, "html"));
	nw_doc_free(&r.doc);
	/* a gzip file (a sitemap.xml.gz given to the default plugin): said so, not "not XML" */
	parse(&r, "\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03");
	assert_int_equal(r.rc, -EPROTO);
	assert_non_null(strstr(r.err, "plugin = sitemap"));
	nw_doc_free(&r.doc);
}

/* After any error (here a stray control character, as copy and paste leaves them) every
 * later entity reference still counts: libxml2 2.9 drops them once a document is not
 * well-formed, and with them each '&' of every later link. */
static void test_entities_after_error(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>t</title>"
		  "<item><title>Bad \x0B char</title><link>https://ex.com/a?id=1&amp;page=2</link></item>"
		  "<item><title>AT&amp;T &lt;b&gt; &quot;x&quot; &apos;y&apos;</title>"
		  "<link>https://ex.com/news/view.php?id=2&amp;sc=3</link>"
		  "<description>&lt;p&gt;Body &amp;amp; more&lt;/p&gt;</description></item></channel></rss>");
	assert_int_equal(r.rc, 0);
	assert_non_null(r.doc.warning);
	assert_int_equal(r.doc.nitems, 2);
	assert_string_equal(r.doc.items[0].link, "https://ex.com/a?id=1&page=2");
	assert_string_equal(r.doc.items[1].link, "https://ex.com/news/view.php?id=2&sc=3");
	assert_string_equal(r.doc.items[1].summary, "Body & more");
	nw_doc_free(&r.doc);
}

/* What comes before the XML: the declaration after blank lines (PHP feeds) or a warning
 * still names the encoding; a UTF-8 BOM is not worth a warning. */
static void test_prologue(void **state)
{
	char kr[64], *in = (char *)"샘 알트먼", *o = kr, xml[256];
	size_t inl = strlen(in), outl = sizeof kr, n;
	iconv_t cd = iconv_open("CP949", "UTF-8");
	struct parsed r;

	(void)state;
	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &inl, &o, &outl) != (size_t)-1);
	iconv_close(cd);
	for (int junk = 0; junk < 2; junk++) {
		n = (size_t)snprintf(xml, sizeof xml, "%s<?xml version='1.0' encoding='EUC-KR'?><rss version='2.0'>"
				     "<channel><item><title>%.*s</title></item></channel></rss>",
				     junk ? "Warning: PHP notice\n" : "\n\n  ", (int)(o - kr), kr);
		parse_url(&r, xml, n, NULL, "text/xml");
		assert_int_equal(r.rc, 0);
		assert_int_equal(r.doc.nitems, 1);
		assert_string_equal(r.doc.items[0].title, "샘 알트먼");
		if (junk)
			assert_non_null(strstr(r.doc.warning, "bytes before the XML skipped"));
		else
			assert_null(r.doc.warning);
		nw_doc_free(&r.doc);
	}
	parse(&r, "\xEF\xBB\xBF<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel>"
		  "<item><title>x</title></item></channel></rss>");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 1);
	assert_null(r.doc.warning);
	nw_doc_free(&r.doc);
}

/* A legacy-encoded feed with a byte its encoding lacks (a description cut mid-character by a
 * CMS that counts bytes): one U+FFFD, and the items after it kept; EUC-JP's NEC and IBM
 * characters (①, ㈱) read, as browsers read them. */
static void test_bad_bytes(void **state)
{
	static const struct {
		const char *label, *iconv_name, *first, *cut, *second;
	} cases[] = {
		{ "EUC-KR", "CP949", "마이크로소", "\xC7", "오픈AI, 샘 알트먼 복귀" },
		{ "Shift_JIS", "CP932", "マイクロソ", "\x83", "サム・アルトマン氏が復帰" },
		{ "EUC-JP", "EUC-JP-MS", "第①回 ㈱マイクロソフト決算", "", "サム・アルトマン氏が復帰" },
	};
	struct parsed r;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char a[128], b[128], xml[1024];
		char *in, *o;
		size_t inl, outl, al, bl, n;
		iconv_t cd = iconv_open(cases[i].iconv_name, "UTF-8");

		assert_true(cd != (iconv_t)-1);
		in = (char *)cases[i].first, inl = strlen(in), o = a, outl = sizeof a;
		assert_true(iconv(cd, &in, &inl, &o, &outl) != (size_t)-1);
		al = (size_t)(o - a);
		in = (char *)cases[i].second, inl = strlen(in), o = b, outl = sizeof b;
		assert_true(iconv(cd, &in, &inl, &o, &outl) != (size_t)-1);
		bl = (size_t)(o - b);
		iconv_close(cd);
		/* the first item's text cut after the lead byte of a character, for the first two */
		n = (size_t)snprintf(xml, sizeof xml, "<?xml version='1.0' encoding='%s'?><rss version='2.0'><channel>"
				     "<item><title>%.*s%s</title></item><item><title>%.*s</title></item></channel></rss>",
				     cases[i].label, (int)al, a, cases[i].cut, (int)bl, b);
		parse_url(&r, xml, n, NULL, NULL);
		if (r.rc != 0 || r.doc.nitems != 2 || strcmp(r.doc.items[1].title, cases[i].second) != 0)
			fail_msg("%s: rc %d, %zu items, second '%s'", cases[i].label, r.rc, r.doc.nitems,
				 r.doc.nitems > 1 ? r.doc.items[1].title : "(none)");
		if (i < 2) {
			assert_non_null(strstr(r.doc.items[0].title, "\xEF\xBF\xBD"));
			assert_non_null(strstr(r.doc.warning, "1 sequence not"));
		} else {
			assert_string_equal(r.doc.items[0].title, cases[i].first);
		}
		nw_doc_free(&r.doc);
	}
}

/* An empty description (or one of an image alone) gives way to the content, an empty title
 * is none; an Atom entry's HTML alternate wins over one of another type, in any order. */
static void test_fields_that_say_nothing(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel>"
		  "<item><title><![CDATA[ ]]></title><description><![CDATA[]]></description>"
		  "<content:encoded><![CDATA[<p>Full text here</p>]]></content:encoded></item>"
		  "<item><title>B</title><description><![CDATA[<img src='x.jpg'>]]></description>"
		  "<content:encoded><![CDATA[<p>Body</p>]]></content:encoded></item></channel></rss>");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 2);
	assert_null(r.doc.items[0].title);
	assert_string_equal(r.doc.items[0].summary, "Full text here");
	assert_string_equal(r.doc.items[1].summary, "Body");
	nw_doc_free(&r.doc);
	parse(&r, "<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>x</title>"
		  "<link rel='alternate' type='application/json' href='https://api.example/2.json'/>"
		  "<link rel='alternate' type='text/html' href='https://blog.example.jp/2.html'/></entry>"
		  "<entry><title>y</title><link href='https://blog.example.jp/3.html'/>"
		  "<link rel='alternate' type='application/json' href='https://api.example/3.json'/></entry></feed>");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 2);
	assert_string_equal(r.doc.items[0].link, "https://blog.example.jp/2.html");
	assert_string_equal(r.doc.items[1].link, "https://blog.example.jp/3.html");
	nw_doc_free(&r.doc);
}

/* An RSS title is HTML only when it looks like HTML (a closing tag or an entity, all of
 * HTML's): an escaped '<' of text stays. */
static void test_title_brackets(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "<rss version='2.0'><channel><title>T &amp;amp; U</title>"
		  "<item><title>C++ &amp; &lt;iostream&gt; tips</title></item>"
		  "<item><title>Samsung&lt;Apple? x&lt;y and a&gt;b</title></item>"
		  "<item><title>&lt;b&gt;Breaking&lt;/b&gt;: Altman &amp;amp; Nadella</title></item>"
		  "</channel></rss>");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 3);
	assert_string_equal(r.doc.title, "T & U");
	assert_string_equal(r.doc.items[0].title, "C++ & <iostream> tips");
	assert_string_equal(r.doc.items[1].title, "Samsung<Apple? x<y and a>b");
	assert_string_equal(r.doc.items[2].title, "Breaking: Altman & Nadella");
	nw_doc_free(&r.doc);
}

/* A feed whose own address has non-ASCII in it: its relative links resolve against it (libxml2
 * keeps the document's URL escaped beyond use). */
static void test_base_non_ascii(void **state)
{
	const char *xml = "<rss version='2.0'><channel><title>t</title><link>/</link>"
			  "<item><title>a</title><link>news/태그/오픈AI</link></item>"
			  "<item><title>b</title><link>view.html</link></item></channel></rss>";
	struct parsed r;

	(void)state;
	parse_url(&r, xml, strlen(xml), "http://ex.kr/뉴스/rss.xml", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.link, "http://ex.kr/");
	assert_string_equal(r.doc.items[0].link, "http://ex.kr/%EB%89%B4%EC%8A%A4/news/%ED%83%9C%EA%B7%B8/%EC%98%A4%ED%94%88AI");
	assert_string_equal(r.doc.items[1].link, "http://ex.kr/%EB%89%B4%EC%8A%A4/view.html");
	nw_doc_free(&r.doc);
}

/* Cases a review of the parser's changes found: entities a DOCTYPE declares with '&amp;' in
 * them; an RSS item's own <link> beside an atom:link; an alternate typed with parameters;
 * xml:base under a feed address with non-ASCII; ISO-2022-JP keeping its shift state past a
 * bad byte; a utf-16 label on 8-bit bytes after junk; a title whose only tag is <br/>. */
static void test_parser_review(void **state)
{
	struct parsed r;
	const char *xb = "<feed xmlns='http://www.w3.org/2005/Atom' xml:base='posts/'><title>T</title>"
			 "<entry><id>1</id><title>A</title><link href='a.html'/></entry></feed>";
	const char jis[] = "<?xml version='1.0' encoding='ISO-2022-JP'?><rss version='2.0'><channel><item><title>"
			   "\x1b$BEl\x80" "5~<gMW%K%e!<%9\x1b(B</title></item></channel></rss>";

	(void)state;
	parse(&r, "<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE rss [\n<!ENTITY co \"AT&amp;T &lt;Corp&gt;\">\n]>\n"
		  "<rss version='2.0'><channel><title>T</title><item><title>News from &co;</title>"
		  "<link>http://example.com/a?x=1&amp;y=2</link></item></channel></rss>");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.items[0].title, "News from AT&T <Corp>");
	assert_string_equal(r.doc.items[0].link, "http://example.com/a?x=1&y=2");
	nw_doc_free(&r.doc);
	/* the HTML entities such a subset does not declare are read as HTML's, as they are in a
	 * document without one: not dropped ("ItsOpenAI") */
	parse(&r, "<!DOCTYPE rss [<!ENTITY co 'Corp'><!ENTITY % rsquo 'x'>]><rss version='2.0'><channel><item>"
		  "<title>It&rsquo;s&nbsp;OpenAI &co;</title><description>&bogus; &amp; &co;x</description>"
		  "</item></channel></rss>");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.items[0].title, "It\u2019s OpenAI Corp");
	assert_string_equal(r.doc.items[0].summary, "&bogus; & Corpx");
	nw_doc_free(&r.doc);

	parse(&r, "<rss version='2.0' xmlns:atom='http://www.w3.org/2005/Atom'><channel><item><title>A</title>"
		  "<link>http://e.com/2024/story-a</link><atom:link rel='alternate' hreflang='en' "
		  "href='http://e.com/en/2024/story-a'/></item></channel></rss>");
	assert_string_equal(r.doc.items[0].link, "http://e.com/2024/story-a");
	nw_doc_free(&r.doc);

	parse(&r, "<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>x</title>"
		  "<link rel='alternate' type='application/json' href='http://e.com/api/1.json'/>"
		  "<link rel='alternate' type='text/html; charset=UTF-8' href='http://e.com/1.html'/></entry></feed>");
	assert_string_equal(r.doc.items[0].link, "http://e.com/1.html");
	nw_doc_free(&r.doc);

	parse_url(&r, xb, strlen(xb), "http://h.com/뉴스/feed.xml", NULL);
	assert_string_equal(r.doc.items[0].link, "http://h.com/%EB%89%B4%EC%8A%A4/posts/a.html");
	nw_doc_free(&r.doc);

	parse_url(&r, jis, sizeof jis - 1, NULL, NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.items[0].title, "東\xEF\xBF\xBD京主要ニュース");
	nw_doc_free(&r.doc);

	parse(&r, "Warning: include(x.php)\n<?xml version='1.0' encoding='utf-16'?><rss version='2.0'><channel>"
		  "<item><title>Line&lt;br/&gt;break</title></item></channel></rss>");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 1);
	assert_string_equal(r.doc.items[0].title, "Line break");
	nw_doc_free(&r.doc);

	/* raw HTML in a description: a <br> or <img> never closed does not swallow what follows */
	parse(&r, "<rss version='2.0'><channel><item><title>One</title><description>Line one<br>line two "
		  "<img src=\"x.jpg?a=1&b=2\" alt=\"a>b\"> end</description></item><item><title>Two</title>"
		  "<link>https://ex.com/view?id=2&amp;ref=rss</link></item></channel></rss>");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 2);
	assert_string_equal(r.doc.items[0].summary, "Line one line two end");
	assert_null(strstr(r.doc.warning, "EntityRef")); /* the '&' in the <img>'s src escaped too */
	assert_string_equal(r.doc.items[1].link, "https://ex.com/view?id=2&ref=rss");
	nw_doc_free(&r.doc);
	/* raw HTML after a CDATA section in a description, and raw HTML in an Atom text of
	 * type html (which should be escaped): the item or entry after them is not swallowed */
	parse(&r, "<rss><channel><item><title>I1</title><description><![CDATA[x <b>y</b>]]> and <p>raw"
		  "</description></item><item><title>I2</title></item></channel></rss>");
	assert_int_equal(r.doc.nitems, 2);
	assert_string_equal(r.doc.items[0].summary, "x y and raw");
	assert_string_equal(r.doc.items[1].title, "I2");
	nw_doc_free(&r.doc);
	/* "<![CDATA[" in a comment there is the comment's */
	parse(&r, "<rss><channel><item><title>I1</title><description><!-- <![CDATA[ --> <p>one<p>two kept?"
		  "</description></item><item><title>I2</title></item></channel></rss>");
	assert_int_equal(r.doc.nitems, 2);
	assert_string_equal(r.doc.items[0].summary, "one two kept?");
	nw_doc_free(&r.doc);
	parse(&r, "<feed xmlns='http://www.w3.org/2005/Atom'><title>F</title><entry><title>E1</title><id>1</id>"
		  "<summary type=\"html\"><p>one<p>two</summary></entry><entry><title>E2</title><id>2</id></entry>"
		  "<entry><title type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>E3 <b>x</b></div></title>"
		  "<id>3</id><content type='html'>&lt;p&gt;esc&lt;/p&gt;</content></entry></feed>");
	assert_int_equal(r.doc.nitems, 3);
	assert_string_equal(r.doc.items[0].summary, "one two");
	assert_string_equal(r.doc.items[1].title, "E2");
	assert_string_equal(r.doc.items[2].title, "E3 x");
	assert_string_equal(r.doc.items[2].content, "esc");
	nw_doc_free(&r.doc);
	/* ... and one closed as XHTML closes it (<br></br>, <img ...></img>) is left as it is:
	 * made <br/>, its end tag broke a well-formed feed, and every entry after it was lost */
	parse(&r, "<feed xmlns='http://www.w3.org/2005/Atom'><title>F</title><entry><title>E1</title><id>1</id>"
		  "<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>a<br></br>b<img src='x.png'>\n"
		  "</img>c<br/>d</div></content></entry><entry><title>E2</title><id>2</id></entry></feed>");
	assert_int_equal(r.rc, 0);
	assert_null(r.doc.warning);
	assert_int_equal(r.doc.nitems, 2);
	assert_string_equal(r.doc.items[0].content, "a b c d");
	assert_string_equal(r.doc.items[1].title, "E2");
	nw_doc_free(&r.doc);

	/* Media RSS's title, when the item has none of its own (in a media:group too) */
	parse(&r, "<rss version='2.0' xmlns:media='http://search.yahoo.com/mrss/'><channel>"
		  "<item><media:title>Only media</media:title></item><item><media:title>M</media:title><title>Own</title></item>"
		  "<item><media:group><media:title>Grouped</media:title></media:group></item></channel></rss>");
	assert_int_equal(r.doc.nitems, 3);
	assert_string_equal(r.doc.items[0].title, "Only media");
	assert_string_equal(r.doc.items[1].title, "Own");
	assert_string_equal(r.doc.items[2].title, "Grouped");
	nw_doc_free(&r.doc);
}

/* Raw HTML that XML cannot read in an RSS description or title (paragraphs and list items
 * never closed, a tag left open, an attribute without quotes): libxml2's recovery took every
 * later item into that element. Read as the HTML it is, and the items after it kept. */
static void test_raw_html(void **state)
{
	static const struct {
		const char *item, *title, *summary;
	} cases[] = {
		{ "<title>one</title><description><p>para one<p>para two</description>", "one", "para one para two" },
		{ "<title>one</title><description><ul><li>a<li>b</ul></description>", "one", "a b" },
		{ "<title>a <b>unclosed</title>", "a unclosed", NULL },
		{ "<title>C++ <iostream> tips</title><description>a < b, <a href=x.html>link</a> ]]> &amp; "
		  "AT&T</description>", "C++ <iostream> tips", "a < b, link ]]> & AT&T" },
		{ "<title>ok <b>bold</b></title><content:encoded><div>x<br>y<p>z</div></content:encoded>",
		  "ok bold", NULL },
		/* a '<title>' in a void element's quoted attribute, its body (made CDATA) past
		 * that element's '>': the '/' due there was written after the body (a memcpy of a
		 * negative size; found by fuzz_rss) */
		{ "<br title=\"<title>six\"> <b>bold</title><description>d</description>", "six\"> bold", "d" },
	};
	struct parsed r;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char xml[1024];

		snprintf(xml, sizeof xml, "<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
			 "<channel><title>F</title><item>%s<link>http://e/1</link></item>"
			 "<item><title>item 2</title><link>http://e/2</link></item>"
			 "<item><title>item 3</title><link>http://e/3</link></item></channel></rss>", cases[i].item);
		parse(&r, xml);
		assert_int_equal(r.rc, 0);
		if (r.doc.nitems != 3)
			fail_msg("case %zu: %zu items, title '%s'", i, r.doc.nitems,
				 r.doc.nitems ? r.doc.items[0].title : "");
		assert_string_equal(r.doc.items[0].title, cases[i].title);
		if (cases[i].summary)
			assert_string_equal(r.doc.items[0].summary, cases[i].summary);
		if (i == 4)
			assert_string_equal(r.doc.items[0].content, "x y z");
		assert_string_equal(r.doc.items[0].link, "http://e/1");
		assert_string_equal(r.doc.items[2].link, "http://e/3");
		nw_doc_free(&r.doc);
	}
}

/* An encoding label libxml2 does not know (UTF-8N, as Japanese Windows tools write it, or
 * x-foo) on bytes that are UTF-8: read as UTF-8, not refused as "Unsupported encoding". */
static void test_unknown_label(void **state)
{
	static const char *const labels[] = { "UTF-8N", "x-foo" };
	static const char *const titles[] = { "\xEC\x98\xA4\xED\x94\x88" "AI", "plain" };
	struct parsed r;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		char xml[512];

		snprintf(xml, sizeof xml, "<?xml version='1.0' encoding='%s'?><rss version='2.0'><channel>"
			 "<title>F</title><item><title>%s</title></item><item><title>two</title></item>"
			 "</channel></rss>", labels[i], titles[i]);
		parse(&r, xml);
		if (r.rc != 0)
			fail_msg("%s: rc %d: %s", labels[i], r.rc, r.err);
		assert_int_equal(r.doc.nitems, 2);
		assert_string_equal(r.doc.items[0].title, titles[i]);
		nw_doc_free(&r.doc);
	}
}

/* Numeric references to 0x80..0x9F mean windows-1252's characters (as browsers read them),
 * not C1 controls; NUL, a surrogate and a value past U+10FFFF are U+FFFD, nothing lost;
 * "&#X41;" is HTML's "A", not an error. */
static void test_cp1252_references(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "<rss version='2.0'><channel><title>F</title>"
		  "<item><title>&#128;5 &#x93;q&#X94; &#150; &#x81;</title></item>"
		  "<item><title>z&#0;y &#xD800; &#x110000; &#99999999999;</title></item>"
		  "<item><title>last &#X41;&#X263a;</title><link>http://e/?a=1&amp;b=2</link></item></channel></rss>");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 3);
	assert_string_equal(r.doc.items[2].title, "last A\u263a"); /* HTML's &#X, not XML's */
	/* &#x81; is U+0081, a C1 control: a space, like the other controls (nw_collapse_ws) */
	assert_string_equal(r.doc.items[0].title, "\xE2\x82\xAC" "5 \xE2\x80\x9Cq\xE2\x80\x9D \xE2\x80\x93");
	assert_string_equal(r.doc.items[1].title, "z\xEF\xBF\xBDy \xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD");
	assert_string_equal(r.doc.items[2].link, "http://e/?a=1&b=2");
	nw_doc_free(&r.doc);
}

/* RSS text is HTML however it is written: escaped, in CDATA or raw, or all of them in one
 * element. Escaped or CDATA HTML beside a raw <img> is markup, not the characters "<p>" or
 * "<![CDATA["; raw paragraphs in content:encoded are words apart. */
static void test_mixed_markup(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel><title>T</title>"
		  "<item><title>A</title><description>&lt;p&gt;Altman returns&lt;/p&gt;<img src='http://e.com/a.jpg'/>"
		  "</description></item>"
		  "<item><title>B</title><description><![CDATA[<p>Board</p>]]><img src='http://e.com/b.jpg'/> rest"
		  "</description></item>"
		  "<item><title>C</title><content:encoded><p>one</p><p>two</p></content:encoded></item>"
		  "<item><title>D</title><description>AT&amp;amp;T <b>bold</b></description></item>"
		  "</channel></rss>");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 4);
	assert_string_equal(r.doc.items[0].summary, "Altman returns");
	assert_string_equal(r.doc.items[1].summary, "Board rest");
	assert_string_equal(r.doc.items[2].content, "one two");
	assert_string_equal(r.doc.items[3].summary, "AT&T bold"); /* as "AT&amp;amp;T" alone reads */
	nw_doc_free(&r.doc);
	/* Atom XHTML: text is characters, "&lt;p&gt;" is "<p>" */
	parse(&r, "<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>x</title><content type='xhtml'>"
		  "<div xmlns='http://www.w3.org/1999/xhtml'>1 &lt;p&gt; 2 <b>b</b></div></content></entry></feed>");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.items[0].content, "1 <p> 2 b");
	nw_doc_free(&r.doc);
}

/* UTF-16 feeds get the repairs 8-bit ones get (a bare '&', &nbsp;, an unclosed <br>), and
 * a UTF-16 BOM wins over a declaration of another encoding; big-endian without a BOM too. */
static void test_utf16(void **state)
{
	static const char *const labels[] = { "UTF-16", "EUC-KR", "UTF-16" };
	static const char *const to[] = { "UTF-16LE", "UTF-16LE", "UTF-16BE" };
	struct parsed r;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		char xml[1024], wide[2048], *in = xml, *o = wide + 2;
		size_t inl, outl = sizeof wide - 2, n;
		iconv_t cd = iconv_open(to[i], "UTF-8");

		inl = (size_t)snprintf(xml, sizeof xml, "<?xml version=\"1.0\" encoding=\"%s\"?><rss version=\"2.0\">"
				       "<channel><title>F</title><item><title>AT&T \xEC\x98\xA4\xED\x94\x88"
				       "AI&nbsp;\xEC\x83\x98</title><link>http://e/?a=1&b=2</link><description>line<br>two"
				       "</description></item><item><title>item 2</title><link>http://e/2</link></item>"
				       "<item><title>item 3</title><link>http://e/3</link></item></channel></rss>",
				       labels[i]);
		assert_true(cd != (iconv_t)-1);
		assert_true(iconv(cd, &in, &inl, &o, &outl) != (size_t)-1);
		iconv_close(cd);
		memcpy(wide, "\xFF\xFE", 2); /* a little-endian BOM, left out for big-endian */
		n = (size_t)(o - wide);
		if (i == 2)
			parse_url(&r, wide + 2, n - 2, NULL, NULL);
		else
			parse_url(&r, wide, n, NULL, NULL);
		if (r.rc != 0 || r.doc.nitems != 3)
			fail_msg("%s %s: rc %d, %zu items", to[i], labels[i], r.rc, r.doc.nitems);
		assert_string_equal(r.doc.items[0].title, "AT&T \xEC\x98\xA4\xED\x94\x88" "AI \xEC\x83\x98");
		assert_string_equal(r.doc.items[0].link, "http://e/?a=1&b=2");
		assert_string_equal(r.doc.items[0].summary, "line two");
		assert_string_equal(r.doc.items[2].link, "http://e/3");
		nw_doc_free(&r.doc);
	}
}

static void test_xxe(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "<?xml version='1.0'?>\n"
		  "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">"
		  "<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>\n"
		  "<rss version='2.0'><channel><title>T &e;</title>"
		  "<item><title>a &e; b</title><description>&e;</description>"
		  "<link>http://x.example/&e;</link></item></channel></rss>");
	assert_int_equal(r.rc, 0);
	assert_false(doc_contains(&r.doc, "root:"));
	assert_false(doc_contains(&r.doc, "/bin/"));
	assert_int_equal(r.doc.nitems, 1);
	assert_string_equal(r.doc.items[0].title, "a b");
	nw_doc_free(&r.doc);

	/* an internal entity is fine and is expanded */
	parse(&r, "<!DOCTYPE rss [<!ENTITY id 'tag:example.com,'>]>"
		  "<rss version='2.0'><channel><item><guid isPermaLink='false'>&id;2006:/x</guid>"
		  "</item></channel></rss>");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.items[0].id, "tag:example.com,2006:/x");
	nw_doc_free(&r.doc);
}

/* A feed of 150 KB whose one 56 KB internal entity stands three times in each of 1000 items
 * (160 MB of text, 5.5 s and 670 MB to parse), and one whose 300 KB language every item
 * inherits: the document's budget (nw_doc_budget: 4 times its size, and 4 MiB) stops both
 * within a few MB, and the caller says so. */
static void test_amplification_budget(void **state)
{
	size_t cap = 200u << 20, n = 0;
	char *xml = malloc(cap), *big = malloc(70000);
	struct parsed r;
	struct rss_ctx ctx = { 0 };
	size_t text = 0;

	(void)state;
	assert_non_null(xml);
	assert_non_null(big);
	big[0] = '\0';
	for (int i = 0; i < 2000; i++)
		strcat(big, "Sam Altman OpenAI Microsoft ");
	n += (size_t)snprintf(xml + n, cap - n, "<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY b '%s'>]>"
			      "<rss version='2.0'><channel><title>t</title>", big);
	for (int i = 0; i < 1000; i++)
		n += (size_t)snprintf(xml + n, cap - n, "<item><title>T%d &b;</title><link>http://a.example/%d</link>"
				      "<description>&b;&b;</description></item>", i, i);
	n += (size_t)snprintf(xml + n, cap - n, "</channel></rss>");
	memset(&r, 0, sizeof r);
	assert_int_equal(nw_plugin.init(&ctx, r.err, sizeof r.err), 0);
	r.doc.budget = nw_doc_budget(n);
	{
		struct nw_input in = { xml, n, NULL, NULL, 0 };
		r.rc = nw_plugin.parse(&ctx, &in, &r.doc, r.err, sizeof r.err);
	}
	assert_int_equal(r.rc, 0);
	assert_true(r.doc.full);
	assert_true(r.doc.nitems > 10 && r.doc.nitems < 100);
	for (size_t i = 0; i < r.doc.nitems; i++)
		text += strlen(r.doc.items[i].title) + strlen(r.doc.items[i].summary);
	assert_true(text <= r.doc.budget + (4u << 20));
	assert_true(r.doc.warning == NULL || !strstr(r.doc.warning, "more than 10000 items"));
	nw_doc_finish(&r.doc, NULL);
	assert_non_null(r.doc.warning);
	assert_non_null(strstr(r.doc.warning, "the rest dropped after"));
	nw_doc_free(&r.doc);

	/* a language of 300 KB, in a feed of 300 items: each inherits it */
	n = 0;
	n += (size_t)snprintf(xml + n, cap - n, "<rss version='2.0'><channel><title>t</title><language>");
	for (int i = 0; i < 300000; i++)
		xml[n++] = 'k';
	n += (size_t)snprintf(xml + n, cap - n, "</language>");
	for (int i = 0; i < 300; i++)
		n += (size_t)snprintf(xml + n, cap - n, "<item><title>T%d</title><link>http://a.example/%d</link></item>", i, i);
	n += (size_t)snprintf(xml + n, cap - n, "</channel></rss>");
	memset(&r, 0, sizeof r);
	r.doc.budget = nw_doc_budget(n);
	{
		struct nw_input in = { xml, n, NULL, NULL, 0 };
		r.rc = nw_plugin.parse(&ctx, &in, &r.doc, r.err, sizeof r.err);
	}
	assert_int_equal(r.rc, 0);
	assert_true(r.doc.full);
	assert_true(r.doc.nitems < 40);
	nw_doc_free(&r.doc);
	if (nw_plugin.fini)
		nw_plugin.fini(&ctx);
	free(xml);
	free(big);
}

static void test_billion_laughs(void **state)
{
	struct parsed r;
	char xml[4096];
	size_t n = 0;

	(void)state;
	n += (size_t)snprintf(xml + n, sizeof(xml) - n,
			      "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol0 'lol'>");
	for (int i = 1; i <= 9; i++) {
		n += (size_t)snprintf(xml + n, sizeof(xml) - n, "<!ENTITY lol%d '", i);
		for (int k = 0; k < 10; k++)
			n += (size_t)snprintf(xml + n, sizeof(xml) - n, "&lol%d;", i - 1);
		n += (size_t)snprintf(xml + n, sizeof(xml) - n, "'>");
	}
	snprintf(xml + n, sizeof(xml) - n,
		 "]><rss version='2.0'><channel><title>x</title><item><title>&lol9;</title>"
		 "<description>&lol9;&lol9;</description></item></channel></rss>");
	parse(&r, xml);
	/* either refused or recovered, but bounded: no field near 3 GB */
	if (r.rc == 0) {
		for (size_t i = 0; i < r.doc.nitems; i++) {
			if (r.doc.items[i].title)
				assert_true(strlen(r.doc.items[i].title) <= RSS_MAX_FIELD);
			if (r.doc.items[i].summary)
				assert_true(strlen(r.doc.items[i].summary) <= RSS_MAX_FIELD);
		}
	}
	nw_doc_free(&r.doc);

	/* a quadratic blow-up within libxml2's own limits is bounded by ours */
	static char big[200000];
	char *e = big;

	e += sprintf(e, "<!DOCTYPE r [<!ENTITY a '");
	for (int i = 0; i < 10000; i++)
		*e++ = 'x';
	e += sprintf(e, "'>]><rss><channel><item><title>");
	for (int i = 0; i < 15000; i++)
		e += sprintf(e, "&a;");
	sprintf(e, "</title></item></channel></rss>");
	parse(&r, big);
	if (r.rc == 0 && r.doc.nitems && r.doc.items[0].title)
		assert_true(strlen(r.doc.items[0].title) <= RSS_MAX_FIELD);
	nw_doc_free(&r.doc);
}

static void test_invalid_utf8(void **state)
{
	struct parsed r;
	const char bad[] = "<rss version='2.0'><channel><title>ok \xFF\xFE bad \xED\xA0\x80 \xC3</title>"
			   "<item><title>x\xC0\xAFy</title></item><item><title>after</title></item>"
			   "</channel></rss>";

	(void)state;
	parse_url(&r, bad, sizeof(bad) - 1, NULL, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 2);
	assert_non_null(strstr(r.doc.title, "\xEF\xBF\xBD"));
	assert_string_equal(r.doc.items[1].title, "after");
	assert_non_null(r.doc.warning); /* not replaced silently */
	assert_non_null(strstr(r.doc.warning, "invalid UTF-8 replaced"));
	nw_doc_free(&r.doc);
}

static void test_html_to_text(void **state)
{
	char *t;

	(void)state;
	t = nw_html_to_text("<p>One</p><p>Two<br>Three</p><script>x()</script><style>a{}</style>"
			    "<noscript>no</noscript>&amp; &eacute;&#x263A; <b>bo</b>ld",
			    strlen("<p>One</p><p>Two<br>Three</p><script>x()</script><style>a{}</style>"
				   "<noscript>no</noscript>&amp; &eacute;&#x263A; <b>bo</b>ld"));
	assert_string_equal(t, "One Two Three & \xC3\xA9\xE2\x98\xBA bold");
	free(t);
	/* inline markup inside a word does not split it (a name must still match) */
	t = nw_html_to_text("<b>Open</b>AI hires <i>Sam</i> Altman", 37);
	assert_string_equal(t, "OpenAI hires Sam Altman");
	free(t);
	/* a line-break opportunity is no space; a ruby's reading is not part of the text */
	t = nw_html_to_text("Open<wbr>AI", 11);
	assert_string_equal(t, "OpenAI");
	free(t);
	t = nw_html_to_text("<ruby>\xE6\x9D\xB1<rp>(</rp><rt>\xE3\x81\xA8\xE3\x81\x86</rt><rp>)</rp>\xE4\xBA\xAC"
			    "<rt>\xE3\x81\x8D\xE3\x82\x87\xE3\x81\x86</rt></ruby>\xE3\x81\xA7", 75);
	assert_string_equal(t, "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xA7"); /* 東京で */
	free(t);
	/* a title with HTML5's elements is HTML too; a word in angle brackets is not */
	assert_true(nw_looks_like_html("Open<wbr>AI"));
	assert_true(nw_looks_like_html("<mark>OpenAI</mark> and Microsoft"));
	assert_true(nw_looks_like_html("<ruby>\xE6\x9D\xB1<rt>\xE3\x81\xA8</rt></ruby>"));
	assert_false(nw_looks_like_html("Ask <OpenAI> anything"));
	assert_false(nw_looks_like_html("a <timeline> of events</timeline>"));
	t = nw_html_to_text("  plain\t\n text  ", 17);
	assert_string_equal(t, "plain text");
	free(t);
	t = nw_html_to_text("\xFF<b>\x00x</b>", 9);
	assert_non_null(t);
	free(t);
	t = nw_html_to_text("", 0);
	assert_string_equal(t, "");
	free(t);
	/* deep nesting does not recurse the stack away */
	size_t n = 100000 * 5;
	char *deep = malloc(n + 1);

	for (size_t i = 0; i < n; i += 5)
		memcpy(deep + i, "<div>", 5);
	deep[n] = '\0';
	t = nw_html_to_text(deep, n);
	assert_non_null(t);
	free(t);
	free(deep);
}

static void test_helpers(void **state)
{
	struct nw_strlist l = { 0 };
	char *s;

	(void)state;
	assert_int_equal(nw_strlist_add(&l, "a"), 0);
	assert_int_equal(nw_strlist_add(&l, "b"), 0);
	assert_int_equal(l.n, 2);
	nw_strlist_free(&l);
	assert_int_equal(l.n, 0);
	s = nw_collapse_ws(" a \xC2\xA0 b\n", 8);
	assert_string_equal(s, "a b");
	free(s);
	/* control characters are spaces: a title's ESC ] 0 ; ... BEL or CSI must not reach a
	 * terminal; C1 controls (U+009B: CSI) too; other characters of 0xC2 stay */
	s = nw_collapse_ws("x\x1b[2Jy\x07z\xC2\x9B" "31m\xC2\xA9\x7f" "w", 17);
	assert_string_equal(s, "x [2Jy z 31m\xC2\xA9 w");
	free(s);
	s = nw_collapse_ws("\xC2" "A", 2); /* not UTF-8: kept as it is (cleaned elsewhere) */
	assert_string_equal(s, "\xC2" "A");
	free(s);
	/* nw_doc_finish: only http(s) links stay (javascript: reached alerts' HTML), and relative
	 * ones; the warning is one printable line */
	{
		static const char *const links[] = { "javascript:alert(1)", "\x0ejavascript:alert(2)", "data:text/html,x",
						     "vbscript:x", "HTTPS://ok.example/a", "http://ok.example/b", "/relative" };
		struct nw_doc d = { 0 };
		for (size_t i = 0; i < sizeof links / sizeof *links; i++)
			assert_non_null(nw_doc_add_item(&d)->link = strdup(links[i]));
		d.link = strdup("javascript:x");
		d.warning = strdup("version \"a\n<0>b\x1b[2J\"");
		nw_doc_finish(&d, NULL);
		for (size_t i = 0; i < 4; i++)
			assert_null(d.items[i].link);
		assert_string_equal(d.items[4].link, "HTTPS://ok.example/a");
		assert_string_equal(d.items[5].link, "http://ok.example/b");
		assert_string_equal(d.items[6].link, "/relative"); /* no base: stays */
		assert_null(d.link);
		assert_string_equal(d.warning, "version \"a <0>b?[2J\"");
		nw_doc_free(&d);
		/* with an address, a link still relative is one that did not resolve: none */
		memset(&d, 0, sizeof d);
		assert_non_null(nw_doc_add_item(&d)->link = strdup("java script:alert(3)"));
		assert_non_null(nw_doc_add_item(&d)->link = strdup("https://ok.example/c"));
		nw_doc_finish(&d, "https://ex.example/list");
		assert_null(d.items[0].link);
		assert_string_equal(d.items[1].link, "https://ok.example/c");
		nw_doc_free(&d);
	}
	s = nw_url_resolve("http://h.example/a/b", "../c");
	assert_string_equal(s, "http://h.example/c");
	free(s);
	s = nw_url_resolve(NULL, "rel");
	assert_string_equal(s, "rel");
	free(s);
	s = nw_url_resolve("http://h.example/", NULL);
	assert_string_equal(s, "http://h.example/");
	free(s);
	assert_null(nw_url_resolve(NULL, NULL));
}

/* Links xmlParseURI refuses raw (non-ASCII, space, '|', '{' ...; in the link or in the
 * base) resolve escaped as a browser escapes them: UTF-8 bytes as %XX in upper case, escapes
 * already there kept; a link that is absolute already stays as written. */
static void test_resolve_escaped(void **state)
{
	static const struct {
		const char *base, *ref, *want;
	} t[] = {
		{ "http://127.0.0.1:18765/p1.html", "/\xED\x83\x9C\xEA\xB7\xB8/\xEC\x98\xA4\xED\x94\x88" "AI", /* /태그/오픈AI */
		  "http://127.0.0.1:18765/%ED%83%9C%EA%B7%B8/%EC%98%A4%ED%94%88AI" },
		{ "https://ex.kr/\xEB\x89\xB4\xEC\x8A\xA4/list.html", "view.html", /* /뉴스/ */
		  "https://ex.kr/%EB%89%B4%EC%8A%A4/view.html" },
		{ "https://ex.kr/\xEB\x89\xB4\xEC\x8A\xA4/list.html", "../a b.html?q=\xEB\x89\xB4 x#top",
		  "https://ex.kr/a%20b.html?q=%EB%89%B4%20x#top" },
		{ "http://h.example/a/b", "c|d{e}^`\\\"<>", "http://h.example/a/c%7Cd%7Be%7D%5E%60%5C%22%3C%3E" },
		{ "http://h.example/a/b", "x%20y/%ED%83%9C z", "http://h.example/a/x%20y/%ED%83%9C%20z" },
		{ "http://h.example/a/b", "50%/off", "http://h.example/a/50%25/off" },
		{ "http://h.example/a/b", "list.php?tag[]=1&q=a b", "http://h.example/a/list.php?tag%5B%5D=1&q=a%20b" },
		{ "http://h.example/a/b", "  \t../c d\n ", "http://h.example/c%20d" },
		{ "http://h.example/a/b", "//m.example/\xED\x83\x9C", "http://m.example/%ED%83%9C" },
		{ "http://[::1]:8080/a/b", "c d", "http://[::1]:8080/a/c%20d" },
		/* absolute already: as written, as before */
		{ "http://h.example/a/b", "https://ex.kr/\xEB\x89\xB4\xEC\x8A\xA4", "https://ex.kr/\xEB\x89\xB4\xEC\x8A\xA4" },
		{ "http://h.example/a/b", "http://x.example/a|b", "http://x.example/a|b" },
		{ "http://h.example/a/b", "mailto:a b@x.example", "mailto:a b@x.example" },
		/* what resolved before is unchanged */
		{ "http://h.example/a/b", "../c?x=%7C#f", "http://h.example/c?x=%7C#f" },
		/* nothing to resolve against: as written */
		{ "/relative/base", "a b", "a b" },
	};
	char *s;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		s = nw_url_resolve(t[i].base, t[i].ref);
		assert_non_null(s);
		if (strcmp(s, t[i].want))
			fail_msg("'%s' on '%s': got '%s', want '%s'", t[i].ref, t[i].base, s, t[i].want);
		free(s);
	}
}

/* A document that ends before its root's end tag is read, and said cut (the daemon keeps
 * no validators of it); one not well-formed but whole, or a prefixed root, is not. */
static void test_cut_short(void **state)
{
	static const char whole_broken[] = "<rss version=\"2.0\"><channel><title>A & B</title>"
					   "<item><title>x</title><link>https://e.example/1</link></item></channel></rss>\n";
	static const char cut[] = "<rss version=\"2.0\"><channel><title>t</title><item><title>x</title>"
				  "<link>https://e.example/1</link></item><item><title>y</tit";
	static const char rdf_broken[] = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
					 "xmlns=\"http://purl.org/rss/1.0/\"><channel><title>A & B</title></channel>"
					 "<item><title>x</title><link>https://e.example/1</link></item></rdf:RDF>";
	struct parsed r;

	(void)state;
	parse(&r, cut);
	assert_int_equal(r.rc, 0);
	assert_true(r.doc.nitems >= 1); /* what it has, the last item perhaps in part */
	assert_true(r.doc.cut);
	nw_doc_free(&r.doc);
	parse(&r, whole_broken);
	assert_int_equal(r.rc, 0);
	assert_false(r.doc.cut);
	nw_doc_free(&r.doc);
	parse(&r, rdf_broken);
	assert_int_equal(r.rc, 0);
	assert_false(r.doc.cut);
	nw_doc_free(&r.doc);
}

/* FeedBurner's <link> is its redirector; feedburner:origLink is the article's own address,
 * which the same article in another feed has: the item's link, in RSS and in Atom. One that
 * is not a web address leaves the link alone. */
static void test_feedburner(void **state)
{
	static const char rss[] =
		"<rss version=\"2.0\" xmlns:feedburner=\"http://rssnamespace.org/feedburner/ext/1.0\"><channel>"
		"<title>t</title><link>https://e.example/</link>"
		"<item><title>a</title><link>http://feedproxy.google.com/~r/E/~3/abc/</link>"
		"<guid isPermaLink=\"false\">https://e.example/?p=1</guid>"
		"<feedburner:origLink>https://e.example/2026/11/a.html</feedburner:origLink></item>"
		"<item><feedburner:origLink> /2026/11/b.html </feedburner:origLink><title>b</title>"
		"<link>http://feedproxy.google.com/~r/E/~3/def/</link></item>"
		"<item><title>c</title><link>http://feedproxy.google.com/~r/E/~3/ghi/</link>"
		"<feedburner:origLink>javascript:void(0)</feedburner:origLink></item>"
		"</channel></rss>";
	static const char atom[] =
		"<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:feedburner=\"http://rssnamespace.org/feedburner/ext/1.0\">"
		"<title>t</title><entry><title>a</title><id>tag:e.example,2026:1</id>"
		"<link rel=\"alternate\" type=\"text/html\" href=\"http://feedproxy.google.com/~r/E/~3/abc/\"/>"
		"<feedburner:origLink>https://e.example/2026/11/a.html</feedburner:origLink></entry></feed>";
	struct parsed r;

	(void)state;
	parse_url(&r, rss, strlen(rss), "https://feeds.example/E", NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 3);
	assert_string_equal(r.doc.items[0].link, "https://e.example/2026/11/a.html");
	assert_string_equal(r.doc.items[0].id, "https://e.example/?p=1");
	assert_string_equal(r.doc.items[1].link, "https://feeds.example/2026/11/b.html");
	assert_string_equal(r.doc.items[2].link, "http://feedproxy.google.com/~r/E/~3/ghi/");
	nw_doc_free(&r.doc);
	parse(&r, atom);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 1);
	assert_string_equal(r.doc.items[0].link, "https://e.example/2026/11/a.html");
	assert_string_equal(r.doc.items[0].id, "tag:e.example,2026:1");
	nw_doc_free(&r.doc);
}

/* A date without a zone is on the time of the feed's language (ko, ja UTC+9; zh UTC+8),
 * the item's xml:lang first: a Korean feed's "2026-11-24 10:00:00" is 01:00 UTC. Dates with
 * a zone, and a feed in another language, as before. */
static void test_local_dates(void **state)
{
	static const char ko[] =
		"<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>t</title>"
		"<language>ko-KR</language>"
		"<item><title>a</title><link>https://e.example/1</link><pubDate>2026-11-24 10:00:00</pubDate></item>"
		"<item><title>b</title><link>https://e.example/2</link><pubDate>Tue, 24 Nov 2026 10:00:00 +0900</pubDate></item>"
		"<item><title>c</title><link>https://e.example/3</link><dc:date>2026-11-24T10:00:00</dc:date></item>"
		"<item xml:lang=\"zh-TW\"><title>d</title><link>https://e.example/4</link><pubDate>2026/11/24 10:00</pubDate></item>"
		"<item xml:lang=\"en\"><title>e</title><link>https://e.example/5</link><pubDate>2026-11-24 10:00:00</pubDate></item>"
		"<item><title>f</title><link>https://e.example/6</link><pubDate>2026-11-24T10:00:00Z</pubDate></item>"
		"</channel></rss>";
	static const char en[] =
		"<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en-US\"><title>t</title>"
		"<entry><title>a</title><id>x</id><published>2026-11-24T10:00:00</published></entry></feed>";
	static const char ja_atom[] =
		"<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ja\"><title>t</title>"
		"<entry><title>a</title><id>x</id><published>2026-11-24T10:00:00</published>"
		"<updated>2026-11-24T10:30:00+09:00</updated></entry></feed>";
	struct parsed r;

	(void)state;
	parse(&r, ko);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 6);
	assert_true(r.doc.items[0].published == utc(2026, 11, 24, 1, 0, 0));
	assert_true(r.doc.items[1].published == utc(2026, 11, 24, 1, 0, 0));
	assert_true(r.doc.items[2].updated == utc(2026, 11, 24, 1, 0, 0));
	assert_true(r.doc.items[3].published == utc(2026, 11, 24, 2, 0, 0));
	assert_true(r.doc.items[4].published == utc(2026, 11, 24, 10, 0, 0));
	assert_true(r.doc.items[5].published == utc(2026, 11, 24, 10, 0, 0));
	nw_doc_free(&r.doc);
	parse(&r, en);
	assert_int_equal(r.rc, 0);
	assert_true(r.doc.items[0].published == utc(2026, 11, 24, 10, 0, 0));
	nw_doc_free(&r.doc);
	parse(&r, ja_atom);
	assert_int_equal(r.rc, 0);
	assert_true(r.doc.items[0].published == utc(2026, 11, 24, 1, 0, 0));
	assert_true(r.doc.items[0].updated == utc(2026, 11, 24, 1, 30, 0));
	nw_doc_free(&r.doc);
}

/* Media RSS's description is the summary of an item that has no other text: a YouTube
 * channel's Atom entry (in media:group), a video's media:content (its title too), HTML when
 * type="html"; an item's own description, or its content, comes first. */
static void test_media_description(void **state)
{
	static const char yt[] =
		"<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:media=\"http://search.yahoo.com/mrss/\">"
		"<title>c</title><entry><id>yt:video:abc</id><title>Interview</title>"
		"<link rel=\"alternate\" href=\"https://www.youtube.com/watch?v=abc\"/>"
		"<media:group><media:title>Interview</media:title>"
		"<media:description>Sam Altman on Microsoft &amp; OpenAI. &lt;not a tag&gt;</media:description>"
		"</media:group></entry></feed>";
	static const char rss[] =
		"<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\" "
		"xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>t</title>"
		"<item><title>a</title><link>https://e.example/1</link>"
		"<media:description type=\"html\">&lt;p&gt;Caption &lt;b&gt;about&lt;/b&gt; it&lt;/p&gt;</media:description></item>"
		"<item><link>https://e.example/2</link><media:group><media:content url=\"https://e.example/v.mp4\">"
		"<media:title>Clip</media:title><media:description>Clip text</media:description></media:content></media:group></item>"
		"<item><title>c</title><link>https://e.example/3</link><description>Own</description>"
		"<media:description>Photo caption</media:description></item>"
		"<item><title>d</title><link>https://e.example/4</link><content:encoded>Body</content:encoded>"
		"<media:content url=\"https://e.example/p.jpg\"><media:description>Photo caption</media:description></media:content></item>"
		"</channel></rss>";
	struct parsed r;

	(void)state;
	parse(&r, yt);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 1);
	assert_string_equal(r.doc.items[0].summary, "Sam Altman on Microsoft & OpenAI. <not a tag>");
	nw_doc_free(&r.doc);
	parse(&r, rss);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 4);
	assert_string_equal(r.doc.items[0].summary, "Caption about it");
	assert_string_equal(r.doc.items[1].title, "Clip");
	assert_string_equal(r.doc.items[1].summary, "Clip text");
	assert_string_equal(r.doc.items[2].summary, "Own");
	assert_string_equal(r.doc.items[3].summary, "Body");
	nw_doc_free(&r.doc);
}

/* HTML5's named references, which libxml2's HTML4 table lacks (PHP's htmlentities with
 * ENT_HTML5 writes &colon; &comma; &lpar; &NewLine;): decoded in a feed without a DTD, in
 * escaped and CDATA HTML, and in a title encoded twice, as HTML4's are; an unknown name, a
 * name without its ';' (a link's &period=2) and HTML4's stay as they were. */
static void test_html5_entities(void **state)
{
	static const char xml[] =
		"<rss version=\"2.0\"><channel><title>Feed&colon; news</title>"
		"<item><title>Altman&colon; OpenAI&comma; Microsoft &lpar;MS&rpar;&period; It&rsquo;s</title>"
		"<link>https://e.example/1?a=1&amp;period=2&lpar=3</link>"
		"<description>&lt;p&gt;First&amp;NewLine;second &amp;bullet; third&lt;/p&gt;</description></item>"
		"<item><title>Twice&amp;colon; encoded&amp;excl;</title><link>https://e.example/2</link>"
		"<description><![CDATA[<p>CDATA&colon; &check; &unknownname; &nbsp;x</p>]]></description></item>"
		"<item><title><![CDATA[Plain&colon; in CDATA]]></title><link>https://e.example/3</link></item>"
		"</channel></rss>";
	struct parsed r;
	char *t;

	(void)state;
	assert_int_equal(nw_html_entity("NewLine"), 10);
	assert_int_equal(nw_html_entity("colon"), ':');
	assert_int_equal(nw_html_entity("bullet"), 0x2022);
	assert_int_equal(nw_html_entity("nbsp"), 0xA0);
	assert_int_equal(nw_html_entity("CounterClockwiseContourIntegral"), 0x2233);
	assert_int_equal(nw_html_entity("unknownname"), 0);
	assert_int_equal(nw_html_entity("Colon"), 0x2237); /* case counts */
	assert_int_equal(nw_html_entity(""), 0);
	parse(&r, xml);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 3);
	assert_string_equal(r.doc.title, "Feed: news");
	assert_string_equal(r.doc.items[0].title, "Altman: OpenAI, Microsoft (MS). It\xE2\x80\x99s");
	assert_string_equal(r.doc.items[0].link, "https://e.example/1?a=1&period=2&lpar=3");
	assert_string_equal(r.doc.items[0].summary, "First second \xE2\x80\xA2 third");
	assert_string_equal(r.doc.items[1].title, "Twice: encoded!");
	assert_string_equal(r.doc.items[1].summary, "CDATA: \xE2\x9C\x93 &unknownname; x");
	assert_string_equal(r.doc.items[2].title, "Plain: in CDATA");
	nw_doc_free(&r.doc);
	t = nw_html_to_text("a&Tab;b&amp;colon;&semi", 23);
	assert_string_equal(t, "a b&colon;&semi");
	free(t);
}

/* A GUID is the link of an item without one only when it is an address or a path (it has a
 * '/'): a number or a UUID (isPermaLink left out, as it often is) made a page that does not
 * exist, the same for two feeds of one site, and dedup took their items for one. */
static void test_guid_link(void **state)
{
	static const char xml[] =
		"<rss version=\"2.0\"><channel><title>t</title>"
		"<item><title>a</title><guid>12345</guid></item>"
		"<item><title>b</title><guid>550e8400-e29b-41d4-a716-446655440000</guid></item>"
		"<item><title>c</title><guid> HTTPS://e.example/c </guid></item>"
		"<item><title>d</title><guid isPermaLink=\"true\">2026/11/d.html</guid></item>"
		"<item><title>e</title><guid isPermaLink=\"false\">https://e.example/?p=5</guid></item>"
		"<item><title>f</title><link>https://e.example/f</link><guid>https://e.example/?p=6</guid></item>"
		"</channel></rss>";
	struct parsed r;

	(void)state;
	parse_url(&r, xml, strlen(xml), "https://feeds.example/news/rss", NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 6);
	assert_null(r.doc.items[0].link);
	assert_string_equal(r.doc.items[0].id, "12345");
	assert_null(r.doc.items[1].link);
	assert_string_equal(r.doc.items[2].link, "HTTPS://e.example/c");
	assert_string_equal(r.doc.items[3].link, "https://feeds.example/news/2026/11/d.html");
	assert_null(r.doc.items[4].link);
	assert_string_equal(r.doc.items[5].link, "https://e.example/f");
	nw_doc_free(&r.doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_descriptor),    cmocka_unit_test(test_rss20), cmocka_unit_test(test_cut_short),
		cmocka_unit_test(test_atom10),        cmocka_unit_test(test_atom03_modes),
		cmocka_unit_test(test_rdf),           cmocka_unit_test(test_relative_links),
		cmocka_unit_test(test_korean),        cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_broken_feed),   cmocka_unit_test(test_entities_after_error),
		cmocka_unit_test(test_prologue),      cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_fields_that_say_nothing), cmocka_unit_test(test_title_brackets),
		cmocka_unit_test(test_base_non_ascii), cmocka_unit_test(test_parser_review),
		cmocka_unit_test(test_xxe),           cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_amplification_budget),
		cmocka_unit_test(test_invalid_utf8),  cmocka_unit_test(test_html_to_text),
		cmocka_unit_test(test_helpers),       cmocka_unit_test(test_resolve_escaped),
		cmocka_unit_test(test_raw_html),      cmocka_unit_test(test_unknown_label),
		cmocka_unit_test(test_cp1252_references), cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_mixed_markup),  cmocka_unit_test(test_feedburner),
		cmocka_unit_test(test_local_dates),   cmocka_unit_test(test_media_description),
		cmocka_unit_test(test_html5_entities), cmocka_unit_test(test_guid_link),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
