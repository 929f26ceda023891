/* fuzz_source.h — what the source-plugin fuzz targets share: an instance made as the conf
 * makes one (defaults, options set through the plugin's table, init), the input bytes given
 * to parse() exactly as long as they are (no NUL after them: the ABI promises none), and a
 * leading control byte choosing the Content-Type, the base URL and an option variant. */
#ifndef NW_FUZZ_SOURCE_H
#define NW_FUZZ_SOURCE_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../daemon/newswatch-plugin.h"
#include "../daemon/options.h"
#include "../daemon/plugin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* HTTP Content-Types a feed arrives with: the encoding paths each one takes. */
static const char *const fuzz_ctypes[] = {
	NULL,
	"text/xml; charset=euc-kr",
	"application/rss+xml; charset=\"shift_jis\"",
	"text/html; charset=utf-16",
	"text/xml; charset=iso-8859-1",
	"application/xml; charset=gb2312",
	"text/html; charset=UTF-8",
	"text/html; charset=windows-1251",
	"text/xml; charset=x-no-such-charset",
};
#define FUZZ_NCTYPES (sizeof(fuzz_ctypes) / sizeof(fuzz_ctypes[0]))
#define FUZZ_VARIANTS 3
#define FUZZ_BASE_URL "https://news.example.com/section/feed.xml?lang=en"

struct fuzz_choice {
	const char *ctype;
	const char *url;
	int variant; /* 0 .. FUZZ_VARIANTS-1 */
};

/* A first byte among the 27 C0 controls that are not white space (0x00-0x08, 0x0e-0x1f)
 * chooses; anything else (a real document: '<', '{', white space, a BOM) is parsed whole
 * with no Content-Type, the base URL and variant 0, so plain files serve as seeds. */
static size_t fuzz_choose(const uint8_t *data, size_t size, struct fuzz_choice *c)
{
	unsigned idx;

	c->ctype = NULL;
	c->url = FUZZ_BASE_URL;
	c->variant = 0;
	if (!size || (data[0] > 0x08 && data[0] < 0x0e) || data[0] > 0x1f)
		return 0;
	idx = data[0] <= 0x08 ? data[0] : data[0] - 0x0e + 9;
	c->ctype = fuzz_ctypes[idx % FUZZ_NCTYPES];
	c->variant = (int)(idx / FUZZ_NCTYPES) % FUZZ_VARIANTS;
	if (c->variant == 2)
		c->url = NULL;
	return 1;
}

/* One instance of p per variant, made on first use and kept for the whole run; opts (NULL:
 * defaults only) gives each variant's "key", "value", ... pairs, NULL-terminated. */
static struct nw_plugin_inst *fuzz_instance(const struct nw_plugin *p, const char *const *const *opts,
					    int variant)
{
	static struct nw_plugin_inst inst[FUZZ_VARIANTS];
	static int made[FUZZ_VARIANTS];
	struct nw_plugin_inst *in = &inst[variant];
	char err[512] = "";

	if (made[variant])
		return in;
	if (nw_plugin_inst_new(in, p)) {
		fprintf(stderr, "fuzz: %s: bad option defaults\n", p->name);
		abort();
	}
	for (const char *const *kv = opts ? opts[variant] : NULL; kv && kv[0]; kv += 2) {
		const struct nw_option *o = nw_opt_find(p->options, kv[0]);

		if (!o || nw_opt_set(o, in->ctx, kv[0], kv[1], 0, 0, err, sizeof(err))) {
			fprintf(stderr, "fuzz: %s: option %s: %s\n", p->name, kv[0], o ? err : "unknown");
			abort();
		}
	}
	if (p->init && p->init(in->ctx, err, sizeof(err))) {
		fprintf(stderr, "fuzz: %s: init: %s\n", p->name, err);
		abort();
	}
	in->ready = 1;
	made[variant] = 1;
	return in;
}

/* Every string of a parsed document is read once, so that a pointer left dangling or a
 * string left unterminated by the parser is caught here rather than by the daemon. */
static size_t fuzz_touch(const char *s)
{
	return s ? strlen(s) : 0;
}

static void fuzz_check_doc(const struct nw_doc *doc)
{
	size_t n = 0;

	n += fuzz_touch(doc->title) + fuzz_touch(doc->link) + fuzz_touch(doc->language);
	n += fuzz_touch(doc->description) + fuzz_touch(doc->warning) + fuzz_touch(doc->format);
	if (doc->nitems > doc->cap)
		abort();
	for (size_t i = 0; i < doc->nitems; i++) {
		const struct nw_item *it = &doc->items[i];

		n += fuzz_touch(it->id) + fuzz_touch(it->title) + fuzz_touch(it->link);
		n += fuzz_touch(it->author) + fuzz_touch(it->summary) + fuzz_touch(it->content);
		n += fuzz_touch(it->language);
		for (size_t k = 0; k < it->categories.n; k++)
			n += fuzz_touch(it->categories.v[k]);
	}
	(void)n;
}

/* The whole of a source target: choose, parse, check, free. */
static int fuzz_source_one(const struct nw_plugin *p, const char *const *const *opts, const uint8_t *data,
			   size_t size)
{
	struct fuzz_choice c;
	size_t skip = fuzz_choose(data, size, &c);
	struct nw_plugin_inst *inst = fuzz_instance(p, opts, c.variant);
	struct nw_input in = { (const char *)data + skip, size - skip, c.url, c.ctype, 0 };
	struct nw_doc doc = { 0 };
	char err[512] = "";
	int rc;

	rc = p->parse(inst->ctx, &in, &doc, err, sizeof(err));
	if (rc > 0 || (rc < 0 && !err[0])) {
		fprintf(stderr, "fuzz: %s: parse returned %d with %s\n", p->name, rc,
			err[0] ? err : "no message");
		abort();
	}
	fuzz_check_doc(&doc);
	nw_doc_free(&doc);
	return 0;
}
#endif
