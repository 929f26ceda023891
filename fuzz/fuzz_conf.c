/* fuzz_conf.c — libFuzzer target: the newswatch.conf reader (nw_conf_load) over arbitrary
 * bytes, with a real plugin registry (the plugins in $NEWSWATCH_PLUGIN_DIR, loaded once and
 * kept), then the stories it compiled classifying a fixed title and body. The input is
 * written to one memfd per run and read back through /proc/self/fd/N. NW_FUZZ_VERBOSE set:
 * the errors are printed (to see what a seed exercises). */
#include "config.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "conf.h"
#include "story.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char title[] = "샘 알트먼, 마이크로소프트 합류 — Sam Altman joins Microsoft";
static const char body[] = "OpenAI의 이사회가 해임을 결정한 뒤 사흘 만에 サム・アルトマン氏が "
			   "マイクロソフトへ. The board of OpenAI and MS agreed (Reuters).";

static const char *conf_path(void)
{
	static char path[64];
	int fd;

	if (path[0])
		return path;
	fd = memfd_create("fuzz.conf", 0);
	if (fd < 0) {
		char tmpl[] = "/tmp/nwfuzz.conf.XXXXXX";

		fd = mkstemp(tmpl);
		if (fd < 0) {
			perror("fuzz_conf: no memfd and no temporary file");
			abort();
		}
		unlink(tmpl);
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return path;
}

static void write_conf(const char *path, const uint8_t *data, size_t size)
{
	int fd = atoi(path + strlen("/proc/self/fd/"));
	char *copy = malloc(size ? size : 1);
	size_t off = 0;

	if (!copy)
		abort();
	memcpy(copy, data, size);
	/* plugin_dir would let the input dlopen() any src_*.so on the machine: the key is
	 * spoilt (then reported as unknown) so that every run uses the registry's folder */
	for (char *p = copy; (p = memmem(p, size - (size_t)(p - copy), "plugin_dir", 10)); p += 10)
		p[9] = 'R';
	if (ftruncate(fd, 0))
		abort();
	while (off < size) {
		ssize_t n = pwrite(fd, copy + off, size - off, (off_t)off);

		if (n <= 0) {
			perror("fuzz_conf: write");
			abort();
		}
		off += (size_t)n;
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nw_plugins *reg;
	struct nw_errors errs = { 0 };
	const char *path = conf_path();
	struct nw_conf *conf;

	if (!reg) {
#ifdef FUZZ_PLUGIN_DIR
		setenv("NEWSWATCH_PLUGIN_DIR", FUZZ_PLUGIN_DIR, 0);
#endif
		reg = nw_plugins_new();
		if (!reg)
			abort();
	}
	write_conf(path, data, size);
	conf = nw_conf_load(path, reg, &errs);
	if (getenv("NW_FUZZ_VERBOSE"))
		nw_errors_print(&errs, stderr);
	if (conf) {
		struct nw_classification c = { 0 };

		if (errs.n) /* a conf is returned only when nothing is wrong */
			abort();
		if (conf->storyset && nw_storyset_classify(conf->storyset, title, body, &c) == 0)
			nw_classification_free(&c);
		nw_conf_free(conf);
	} else if (!errs.n) {
		/* NULL always comes with the reason */
		abort();
	}
	nw_errors_free(&errs);
	return 0;
}
