/* doc_json.c — a parsed feed document as the `newswatch parse --json` object (SPEC §5):
 * the one place that knows the contract's field names, so the CLI and the conformance
 * driver print the same thing. */
#include <jansson.h>

#include "doc_json.h"

/* Strings from feeds are UTF-8 after parsing, but a plugin bug must not make the whole
 * document vanish: a string jansson refuses becomes null rather than an error. */
static json_t *str_or_null(const char *s)
{
	json_t *j;

	if (!s)
		return json_null();
	j = json_string(s);
	return j ? j : json_null();
}

static json_t *date_or_null(int64_t t)
{
	char buf[32];

	if (t == NW_TIME_NONE)
		return json_null();
	nw_date_format(t, buf, sizeof(buf));
	return buf[0] ? json_string(buf) : json_null();
}

static int set(json_t *o, const char *key, json_t *v)
{
	if (!v)
		return -1;
	return json_object_set_new(o, key, v);
}

static json_t *strlist_to_json(const struct nw_strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < l->n; i++) {
		if (json_array_append_new(a, str_or_null(l->v[i]))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *item_to_json(const struct nw_item *it)
{
	json_t *o = json_object();

	/* json_object_set_new() consumes the value even when it fails */
	if (!o || set(o, "id", str_or_null(it->id)) || set(o, "title", str_or_null(it->title)) ||
	    set(o, "link", str_or_null(it->link)) ||
	    set(o, "published", date_or_null(it->published)) ||
	    set(o, "updated", date_or_null(it->updated)) ||
	    set(o, "author", str_or_null(it->author)) ||
	    set(o, "summary", str_or_null(it->summary)) ||
	    set(o, "content", str_or_null(it->content)) ||
	    set(o, "categories", strlist_to_json(&it->categories)) ||
	    set(o, "language", str_or_null(it->language))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *nw_doc_to_json(const struct nw_doc *doc)
{
	json_t *root = json_object(), *feed = json_object(), *items = json_array();

	if (!root || !feed || !items)
		goto fail;
	if (set(feed, "title", str_or_null(doc->title)) ||
	    set(feed, "link", str_or_null(doc->link)) ||
	    set(feed, "language", str_or_null(doc->language)) ||
	    set(feed, "description", str_or_null(doc->description)) ||
	    set(feed, "format", str_or_null(doc->format)))
		goto fail;
	for (size_t i = 0; i < doc->nitems; i++) {
		json_t *it = item_to_json(&doc->items[i]);

		if (!it || json_array_append_new(items, it))
			goto fail;
	}
	if (json_object_set_new(root, "feed", feed)) {
		feed = NULL; /* set_new consumed it even on failure */
		goto fail;
	}
	feed = NULL;
	if (json_object_set_new(root, "items", items)) {
		items = NULL;
		goto fail;
	}
	return root;
fail:
	json_decref(feed);
	json_decref(items);
	json_decref(root);
	return NULL;
}
