/* test_exec.c — unit tests for the exec source plugin: the command split into an argv without a
 * shell (quotes, white space, empty and unbalanced commands), the program looked up in PATH,
 * the request hook handing argv, timeout and output cap to the core, and parse() reading RSS or
 * JSON Feed by sniffing or by the format option. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../plugins/src_exec/exec.c"
#include "../../daemon/command.c" /* split_words, resolve_program: tested here */
#include "../../daemon/options.h"

#include <fcntl.h>

/* Sets the defaults, then each "key=value" as the conf loader would, then runs init(). */
static int setup(struct exec_ctx *c, const char *const *sets, char *err, size_t errlen)
{
	memset(c, 0, sizeof(*c));
	err[0] = '\0';
	assert_int_equal(nw_opt_defaults(nw_plugin.options, c), 0);
	for (; sets && *sets; sets++) {
		const char *eq = strchr(*sets, '=');
		char key[64];
		const struct nw_option *o;

		assert_non_null(eq);
		snprintf(key, sizeof(key), "%.*s", (int)(eq - *sets), *sets);
		o = nw_opt_find(nw_plugin.options, key);
		assert_non_null(o);
		assert_int_equal(nw_opt_set(o, c, key, eq + 1, 0, 0, err, errlen), 0);
	}
	return nw_plugin.init(c, err, errlen);
}

static void teardown(struct exec_ctx *c)
{
	nw_plugin.fini(c);
	nw_opt_free(nw_plugin.options, c);
}

static int set_one(struct exec_ctx *c, const char *key, const char *value, char *err,
		   size_t errlen)
{
	return nw_opt_set(nw_opt_find(nw_plugin.options, key), c, key, value, 0, 0, err, errlen);
}

static void test_descriptor(void **state)
{
	struct exec_ctx c;
	char err[256];

	(void)state;
	assert_int_equal(nw_plugin.abi, NW_PLUGIN_ABI);
	assert_int_equal(nw_plugin.kind, NW_PLUGIN_SOURCE);
	assert_string_equal(nw_plugin.name, "exec");
	assert_non_null(nw_plugin.init);
	assert_non_null(nw_plugin.fini);
	assert_non_null(nw_plugin.parse);
	assert_non_null(nw_plugin.request);
	assert_null(nw_plugin.deliver);
	assert_int_equal(nw_opt_count(nw_plugin.options), 4);
	for (const struct nw_option *o = nw_plugin.options; o->name; o++) {
		assert_non_null(o->description);
		assert_true(strlen(o->description) > 10);
	}
	assert_true(nw_opt_find(nw_plugin.options, "command")->flags & NW_OPT_REQUIRED);

	/* defaults */
	memset(&c, 0, sizeof(c));
	assert_int_equal(nw_opt_defaults(nw_plugin.options, &c), 0);
	assert_null(c.command);
	assert_int_equal(c.timeout, 30000);
	assert_int_equal(c.max_output, 16 << 20);
	assert_int_equal(c.format, EXEC_AUTO);

	/* bounds: 1s..10m, 1k..1G, and the three formats */
	assert_int_equal(set_one(&c, "timeout", "10m", err, sizeof(err)), 0);
	assert_int_equal(c.timeout, 600000);
	assert_int_equal(set_one(&c, "timeout", "11m", err, sizeof(err)), -EINVAL);
	assert_int_equal(set_one(&c, "timeout", "0s", err, sizeof(err)), -EINVAL);
	assert_int_equal(set_one(&c, "max_output", "1k", err, sizeof(err)), 0);
	assert_int_equal(c.max_output, 1024);
	assert_int_equal(set_one(&c, "max_output", "512", err, sizeof(err)), -EINVAL);
	assert_int_equal(set_one(&c, "max_output", "2G", err, sizeof(err)), -EINVAL);
	assert_int_equal(set_one(&c, "format", "jsonfeed", err, sizeof(err)), 0);
	assert_int_equal(c.format, EXEC_JSONFEED);
	assert_int_equal(set_one(&c, "format", "rss", err, sizeof(err)), 0);
	assert_int_equal(c.format, EXEC_RSS);
	assert_int_equal(set_one(&c, "format", "atom", err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "format"));
	nw_opt_free(nw_plugin.options, &c);
}

/* ---- splitting ---- */

struct split_case {
	const char *cmd;
	int n;
	const char *words[8];
};

static void test_split(void **state)
{
	static const struct split_case cases[] = {
		{ "/bin/echo a b", 3, { "/bin/echo", "a", "b" } },
		{ "   /bin/echo \t  \"hello  world\"   x  ", 3, { "/bin/echo", "hello  world", "x" } },
		/* quotes group inside a word, and "" is an empty word */
		{ "prog --name=\"a b\"c \"\" end", 4, { "prog", "--name=a bc", "", "end" } },
		/* \" and \\ inside quotes; a backslash elsewhere, or before another byte, is kept */
		{ "prog \"say \\\"hi\\\" \\\\ \\n\" a\\b", 3, { "prog", "say \"hi\" \\ \\n", "a\\b" } },
		/* no shell: single quotes, globs, variables and operators are plain bytes */
		{ "prog 'a b' *.xml $HOME ; |", 7, { "prog", "'a", "b'", "*.xml", "$HOME", ";", "|" } },
		{ "\"/opt/my feeds/run\"", 1, { "/opt/my feeds/run" } },
		{ "x\n\ry\v\fz", 3, { "x", "y", "z" } },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct split_case *k = &cases[i];
		char *out = malloc(strlen(k->cmd) + 1), err[256] = "";
		const char *w = out;
		int n = split_words(k->cmd, out, err, sizeof(err));

		assert_int_equal(n, k->n);
		for (int j = 0; j < k->n; j++) {
			assert_string_equal(w, k->words[j]);
			w += strlen(w) + 1;
		}
		assert_string_equal(err, "");
		free(out);
	}
}

static void test_split_errors(void **state)
{
	char out[1024], err[256], cmd[1024];
	size_t o = 0;

	(void)state;
	assert_int_equal(split_words("", out, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "command: empty"));
	err[0] = '\0';
	assert_int_equal(split_words("  \t  ", out, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "command: empty"));

	assert_int_equal(split_words("/bin/echo \"abc", out, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "command: unbalanced double quote at column 11"));
	assert_int_equal(split_words("/bin/echo \"a\"b\"", out, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "column 15"));
	/* an escaped quote does not close the group */
	assert_int_equal(split_words("p \"a\\\"", out, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "unbalanced"));

	/* 256 words are fine, 257 are not */
	for (int i = 0; i < 256; i++)
		o += (size_t)snprintf(cmd + o, sizeof(cmd) - o, "a ");
	assert_int_equal(split_words(cmd, out, err, sizeof(err)), 256);
	snprintf(cmd + o, sizeof(cmd) - o, "b");
	assert_int_equal(split_words(cmd, out, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "more than 256 words"));
}

/* ---- init: argv and the program's path ---- */

static void test_init_argv(void **state)
{
	const char *sets[] = { "command=/bin/sh -c \"printf '%s' \\\"$1\\\"\" sh  ", NULL };
	struct exec_ctx c;
	char err[256];

	(void)state;
	assert_int_equal(setup(&c, sets, err, sizeof(err)), 0);
	assert_int_equal(c.argc, 4);
	assert_string_equal(c.argv[0], "/bin/sh");
	assert_string_equal(c.argv[1], "-c");
	assert_string_equal(c.argv[2], "printf '%s' \"$1\"");
	assert_string_equal(c.argv[3], "sh");
	assert_null(c.argv[4]);

	/* a second init() (a reload) replaces the argv without leaking the first */
	assert_int_equal(set_one(&c, "command", "/bin/echo one", err, sizeof(err)), 0);
	assert_int_equal(nw_plugin.init(&c, err, sizeof(err)), 0);
	assert_int_equal(c.argc, 2);
	assert_string_equal(c.argv[1], "one");
	assert_null(c.argv[2]);
	teardown(&c);
}

static void test_init_errors(void **state)
{
	static const struct {
		const char *cmd;
		int rc;
		const char *msg;
	} cases[] = {
		{ "command=   ", -EINVAL, "command: empty" },
		{ "command=/bin/echo \"x", -EINVAL, "command: unbalanced double quote" },
		{ "command=bin/sh -c true", -EINVAL, "command: 'bin/sh' is a relative path" },
		{ "command=./feed.sh", -EINVAL, "relative path" },
		{ "command=/nonexistent/newswatch-feed", -ENOENT, "No such file" },
		{ "command=/", -EISDIR, "command: '/'" },
		{ "command=/dev/null", -EACCES, "command: '/dev/null'" },
		{ "command=newswatch-no-such-program x", -ENOENT, "not found in PATH" },
	};
	struct exec_ctx c;
	char err[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *sets[] = { cases[i].cmd, NULL };

		assert_int_equal(setup(&c, sets, err, sizeof(err)), cases[i].rc);
		if (!strstr(err, cases[i].msg))
			fail_msg("'%s': '%s' has no '%s'", cases[i].cmd, err, cases[i].msg);
		assert_null(c.argv);
		teardown(&c);
	}

	/* no command at all (the loader reports the missing required option first) */
	assert_int_equal(setup(&c, NULL, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "command: required"));
	teardown(&c);
}

/* A name without '/' is looked up in PATH: relative and empty entries skipped, a file that is
 * not executable passed over. */
static void test_init_path_lookup(void **state)
{
	const char *sets[] = { "command=nw-test-feed --all", NULL };
	char tmpl[] = "/tmp/nw-exec-XXXXXX", a[128], b[128], rel[128], file[160], path[512],
	     err[512], cwd[4096];
	const char *old = getenv("PATH");
	char *saved = old ? strdup(old) : NULL;
	struct exec_ctx c;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	snprintf(a, sizeof(a), "%s/a", tmpl);
	snprintf(b, sizeof(b), "%s/b", tmpl);
	assert_int_equal(mkdir(a, 0700), 0);
	assert_int_equal(mkdir(b, 0700), 0);
	/* a/nw-test-feed is there but not executable; b/nw-test-feed is the one */
	snprintf(file, sizeof(file), "%s/nw-test-feed", a);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	close(fd);
	/* rel/nw-test-feed is executable, but reached only through a relative PATH entry */
	snprintf(rel, sizeof(rel), "%s/rel", tmpl);
	assert_int_equal(mkdir(rel, 0700), 0);
	snprintf(file, sizeof(file), "%s/nw-test-feed", rel);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0700);
	assert_true(fd >= 0);
	close(fd);
	snprintf(file, sizeof(file), "%s/nw-test-feed", b);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0700);
	assert_true(fd >= 0);
	close(fd);

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(tmpl), 0);
	snprintf(path, sizeof(path), "::rel:%s:%s", a, b);
	assert_int_equal(setenv("PATH", path, 1), 0);
	assert_int_equal(setup(&c, sets, err, sizeof(err)), 0);
	assert_int_equal(chdir(cwd), 0);
	assert_string_equal(c.argv[0], file);
	assert_string_equal(c.argv[1], "--all");
	assert_null(c.argv[2]);
	teardown(&c);

	/* only the non-executable one left: not found, and the message shows the PATH searched */
	assert_int_equal(setenv("PATH", a, 1), 0);
	assert_int_equal(setup(&c, sets, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "command: 'nw-test-feed' not found in PATH"));
	assert_non_null(strstr(err, a));
	teardown(&c);

	/* no PATH at all: the system default, where sh lives */
	assert_int_equal(unsetenv("PATH"), 0);
	{
		const char *sh[] = { "command=sh -c true", NULL };

		assert_int_equal(setup(&c, sh, err, sizeof(err)), 0);
		assert_true(!strcmp(c.argv[0], "/usr/bin/sh") || !strcmp(c.argv[0], "/bin/sh"));
		teardown(&c);
	}

	if (saved)
		setenv("PATH", saved, 1);
	free(saved);
	snprintf(file, sizeof(file), "%s/nw-test-feed", a);
	unlink(file);
	snprintf(file, sizeof(file), "%s/nw-test-feed", b);
	unlink(file);
	snprintf(file, sizeof(file), "%s/nw-test-feed", rel);
	unlink(file);
	rmdir(rel);
	rmdir(a);
	rmdir(b);
	rmdir(tmpl);
}

/* ---- request ---- */

static void test_request(void **state)
{
	const char *sets[] = { "command=/bin/echo \"a b\"", "timeout=5s", "max_output=64k", NULL };
	struct nw_request req = { .url = "https://example.com/ignored" };
	struct exec_ctx c;
	char err[256] = "";

	(void)state;
	/* before init() there is nothing to run */
	memset(&c, 0, sizeof(c));
	assert_int_equal(nw_plugin.request(&c, &req, err, sizeof(err)), -EINVAL);
	assert_null(req.argv);
	assert_non_null(strstr(err, "not initialised"));

	assert_int_equal(setup(&c, sets, err, sizeof(err)), 0);
	assert_int_equal(nw_plugin.request(&c, &req, err, sizeof(err)), 0);
	assert_non_null(req.argv);
	assert_ptr_equal(req.argv, c.argv);
	assert_string_equal(req.argv[0], "/bin/echo");
	assert_string_equal(req.argv[1], "a b");
	assert_null(req.argv[2]);
	assert_int_equal(req.timeout, 5000);
	assert_int_equal(req.max_output, 65536);
	assert_string_equal(req.url, "https://example.com/ignored");
	teardown(&c);

	/* the defaults go through as well */
	{
		const char *def[] = { "command=/bin/true", NULL };
		struct nw_request r2 = { 0 };

		assert_int_equal(setup(&c, def, err, sizeof(err)), 0);
		assert_int_equal(nw_plugin.request(&c, &r2, err, sizeof(err)), 0);
		assert_string_equal(r2.argv[0], "/bin/true");
		assert_null(r2.argv[1]);
		assert_int_equal(r2.timeout, 30000);
		assert_int_equal(r2.max_output, 16 << 20);
		teardown(&c);
	}
}

/* ---- parse ---- */

static const char RSS[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<rss version=\"2.0\"><channel><title>Exec feed</title>"
	"<link>https://example.com/</link>"
	"<item><title>오픈AI, 샘 알트먼 복귀</title><link>https://example.com/1</link>"
	"<guid>item-1</guid><pubDate>Mon, 20 Nov 2023 07:53:00 GMT</pubDate></item>"
	"</channel></rss>\n";

static const char JSONFEED[] =
	"\xEF\xBB\xBF \n\t{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"JF\","
	" \"items\": [{\"id\": \"j1\", \"title\": \"サム・アルトマン\","
	" \"url\": \"https://example.com/j1\", \"content_text\": \"x\"}]}\n";

struct parsed {
	struct nw_doc doc;
	int rc;
	char err[1024];
};

static void run(struct parsed *r, const char *format, const char *body, size_t len)
{
	const char *sets[] = { "command=/bin/true", format, NULL };
	struct nw_input in = { body, len, NULL, NULL, 0 };
	struct exec_ctx c;

	memset(r, 0, sizeof(*r));
	assert_int_equal(setup(&c, format ? sets : (const char *[]){ sets[0], NULL }, r->err,
			       sizeof(r->err)), 0);
	r->rc = nw_plugin.parse(&c, &in, &r->doc, r->err, sizeof(r->err));
	teardown(&c);
}

static void test_sniff(void **state)
{
	(void)state;
	assert_int_equal(sniff("{}", 2), EXEC_JSONFEED);
	assert_int_equal(sniff("\xEF\xBB\xBF\r\n  {", 8), EXEC_JSONFEED);
	assert_int_equal(sniff("<?xml", 5), EXEC_RSS);
	assert_int_equal(sniff("  <rss", 6), EXEC_RSS);
	assert_int_equal(sniff("[{}]", 4), EXEC_RSS);
	assert_int_equal(sniff("\xEF\xBB\xBF", 3), EXEC_RSS);
	assert_int_equal(sniff("x{", 2), EXEC_RSS);
}

static void test_parse_auto_rss(void **state)
{
	struct parsed r;

	(void)state;
	run(&r, NULL, RSS, sizeof(RSS) - 1);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.format, "rss2.0");
	assert_string_equal(r.doc.title, "Exec feed");
	assert_int_equal(r.doc.nitems, 1);
	assert_string_equal(r.doc.items[0].title, "오픈AI, 샘 알트먼 복귀");
	assert_string_equal(r.doc.items[0].link, "https://example.com/1");
	assert_string_equal(r.doc.items[0].id, "item-1");
	assert_int_equal(r.doc.items[0].published, 1700466780);
	assert_null(r.doc.warning);
	nw_doc_free(&r.doc);
}

static void test_parse_auto_jsonfeed(void **state)
{
	struct parsed r;

	(void)state;
	run(&r, NULL, JSONFEED, sizeof(JSONFEED) - 1);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.format, "json1.1");
	assert_string_equal(r.doc.title, "JF");
	assert_int_equal(r.doc.nitems, 1);
	assert_string_equal(r.doc.items[0].id, "j1");
	assert_string_equal(r.doc.items[0].title, "サム・アルトマン");
	assert_string_equal(r.doc.items[0].link, "https://example.com/j1");
	nw_doc_free(&r.doc);

	/* a broken JSON document: the error says it was read as JSON Feed, and how to override */
	run(&r, NULL, "{\"version\": ", 12);
	assert_int_equal(r.rc, -EBADMSG);
	assert_non_null(strstr(r.err, "not JSON"));
	assert_non_null(strstr(r.err, "read as JSON Feed"));
	assert_non_null(strstr(r.err, "set format"));
	nw_doc_free(&r.doc);
}

static void test_parse_forced(void **state)
{
	struct parsed r;

	(void)state;
	/* forced to the right parser: same result as sniffing */
	run(&r, "format=rss", RSS, sizeof(RSS) - 1);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.format, "rss2.0");
	assert_int_equal(r.doc.nitems, 1);
	nw_doc_free(&r.doc);
	run(&r, "format=jsonfeed", JSONFEED, sizeof(JSONFEED) - 1);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.format, "json1.1");
	nw_doc_free(&r.doc);

	/* forced to the wrong one: that parser's error, no sniffing hint */
	run(&r, "format=jsonfeed", RSS, sizeof(RSS) - 1);
	assert_int_equal(r.rc, -EBADMSG);
	assert_non_null(strstr(r.err, "not JSON"));
	assert_null(strstr(r.err, "read as"));
	assert_int_equal(r.doc.nitems, 0);
	nw_doc_free(&r.doc);
	run(&r, "format=rss", JSONFEED, sizeof(JSONFEED) - 1);
	assert_true(r.rc < 0);
	assert_null(r.doc.format);
	assert_int_equal(r.doc.nitems, 0);
	assert_null(strstr(r.err, "read as"));
	nw_doc_free(&r.doc);
}

static void test_parse_empty(void **state)
{
	struct parsed r;

	(void)state;
	run(&r, NULL, "", 0);
	assert_int_equal(r.rc, -EINVAL);
	assert_non_null(strstr(r.err, "printed nothing"));
	run(&r, "format=jsonfeed", " \n\t\r\n", 5);
	assert_int_equal(r.rc, -EINVAL);
	assert_non_null(strstr(r.err, "printed nothing"));
	assert_int_equal(r.doc.nitems, 0);
	nw_doc_free(&r.doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_descriptor),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_split_errors),
		cmocka_unit_test(test_init_argv),
		cmocka_unit_test(test_init_errors),
		cmocka_unit_test(test_init_path_lookup),
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_parse_auto_rss),
		cmocka_unit_test(test_parse_auto_jsonfeed),
		cmocka_unit_test(test_parse_forced),
		cmocka_unit_test(test_parse_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
