/* regress.c — a main() for the fuzz targets without libFuzzer: runs LLVMFuzzerTestOneInput
 * once on every file named, and on every file (not starting with '.') in the folders named,
 * so that a target built by any compiler replays its corpus and its crash inputs in `make
 * check`. A bad input crashes the program, as it would the fuzzer; it says which before. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* asprintf */
#endif
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path, int verbose)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;

	if (!fp) {
		fprintf(stderr, "regress: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t n;

		if (len == cap) {
			uint8_t *nb = realloc(buf, cap = cap ? cap * 2 : 65536);
			if (!nb) {
				fprintf(stderr, "regress: %s: out of memory\n", path);
				free(buf);
				fclose(fp);
				return -1;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		fprintf(stderr, "regress: %s: read error\n", path);
		free(buf);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	/* exactly len bytes, as libFuzzer gives them: a read past the end is caught by ASan */
	{
		uint8_t *exact = malloc(len ? len : 1);
		if (!exact) {
			free(buf);
			return -1;
		}
		memcpy(exact, buf, len);
		free(buf);
		if (verbose)
			fprintf(stderr, "regress: %s (%zu bytes)\n", path, len);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder's files in name order, so that runs are reproducible. */
static int run_dir(const char *dir, int verbose, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "regress: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		char **nv;

		if (de->d_name[0] == '.')
			continue;
		nv = realloc(names, (n + 1) * sizeof(*nv));
		if (!nv || !(nv[n] = strdup(de->d_name))) {
			names = nv ? nv : names;
			rc = -1;
			break;
		}
		names = nv;
		n++;
	}
	closedir(d);
	if (n) /* (qsort of nothing is undefined with a NULL array) */
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		char *path;
		struct stat st;

		if (rc == 0 && asprintf(&path, "%s/%s", dir, names[i]) >= 0) {
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				if (run_file(path, verbose))
					rc = -1;
				else
					++*count;
			}
			free(path);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int rc = 0, verbose = 1, i = 1;
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

	if (i < argc && !strcmp(argv[i], "-q")) {
		verbose = 0;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: %s [-q] FILE|FOLDER...\n", name);
		return 2;
	}
	for (; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st)) {
			fprintf(stderr, "regress: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
		} else if (S_ISDIR(st.st_mode)) {
			if (run_dir(argv[i], verbose, &count))
				rc = 1;
		} else if (run_file(argv[i], verbose)) {
			rc = 1;
		} else {
			count++;
		}
	}
	printf("%s: %zu inputs ran\n", name, count);
	return rc;
}
