/* command.c — a command line from the conf turned into an argv, without a shell: split on
 * white space, "double quotes" group (\" and \\ inside them), no globbing, variables or
 * redirections; the program is an absolute path or a name looked up in PATH now, when the
 * conf is read. Shared by the exec source and the exec notifier (libnwutil). */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "newswatch-plugin.h"

/* Words in a command: far more than any real one needs, few enough to stay a bound. */
#define EXEC_MAX_ARGS 256
/* Where a program without a '/' is looked for when the daemon has no PATH (confstr's value). */
#define EXEC_DEFAULT_PATH "/usr/local/bin:/usr/bin:/bin"

static int cmd_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

/* Splits cmd into words written one after the other, each NUL-terminated, into out (at least
 * strlen(cmd) + 1 bytes: quotes and separators are never shorter than what replaces them).
 * Outside double quotes white space separates words and every other byte is literal; inside,
 * \" and \\ stand for " and \, and "" alone is an empty word. Returns the number of words, or
 * -EINVAL with a message in err. */
static int split_words(const char *cmd, char *out, char *err, size_t errlen)
{
	const char *s = cmd, *open = NULL;
	int n = 0, in_word = 0;

	for (; *s; s++) {
		if (open) {
			if (*s == '\\' && (s[1] == '"' || s[1] == '\\')) {
				*out++ = *++s;
			} else if (*s == '"') {
				open = NULL;
			} else {
				*out++ = *s;
			}
		} else if (cmd_space(*s)) {
			if (in_word) {
				*out++ = '\0';
				in_word = 0;
			}
		} else {
			if (!in_word) {
				if (n == EXEC_MAX_ARGS) {
					snprintf(err, errlen, "command: more than %d words",
						 EXEC_MAX_ARGS);
					return -EINVAL;
				}
				n++;
				in_word = 1;
			}
			if (*s == '"')
				open = s;
			else
				*out++ = *s;
		}
	}
	if (open) {
		snprintf(err, errlen, "command: unbalanced double quote at column %zu",
			 (size_t)(open - cmd) + 1);
		return -EINVAL;
	}
	if (in_word)
		*out = '\0';
	if (!n) {
		snprintf(err, errlen, "command: empty (a program to run is required)");
		return -EINVAL;
	}
	return n;
}

/* 0 if path names an executable regular file, else -errno. */
static int executable(const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISREG(st.st_mode))
		return -EACCES;
	if (access(path, X_OK))
		return -errno;
	return 0;
}

/* The absolute path of the program `name` into *out (malloc'd): name itself when it is
 * absolute, else the first match in PATH. Relative directories in PATH are skipped: the
 * daemon's working directory is not where the conf was written. 0 or -errno with err set. */
static int resolve_program(const char *name, char **out, char *err, size_t errlen)
{
	const char *path, *dir, *end;
	size_t nl = strlen(name);
	int rc;

	*out = NULL;
	if (strchr(name, '/')) {
		if (name[0] != '/') {
			snprintf(err, errlen,
				 "command: '%.200s' is a relative path; give an absolute one, or a "
				 "name to look up in PATH", name);
			return -EINVAL;
		}
		rc = executable(name);
		if (rc) {
			snprintf(err, errlen, "command: '%.200s': %s", name, strerror(-rc));
			return rc;
		}
		*out = strdup(name);
		goto done;
	}
	path = getenv("PATH");
	if (!path || !*path)
		path = EXEC_DEFAULT_PATH;
	for (dir = path; *dir; dir = *end ? end + 1 : end) {
		size_t dl;
		char *cand;

		end = strchr(dir, ':');
		if (!end)
			end = dir + strlen(dir);
		dl = (size_t)(end - dir);
		if (!dl || dir[0] != '/')
			continue;
		cand = malloc(dl + 1 + nl + 1);
		if (!cand)
			goto oom;
		memcpy(cand, dir, dl);
		cand[dl] = '/';
		memcpy(cand + dl + 1, name, nl + 1);
		if (!executable(cand)) {
			*out = cand;
			goto done;
		}
		free(cand);
	}
	snprintf(err, errlen, "command: '%.200s' not found in PATH (%.300s)", name, path);
	return -ENOENT;
done:
	if (*out)
		return 0;
oom:
	snprintf(err, errlen, "out of memory");
	return -ENOMEM;
}

int nw_command_argv(const char *cmd, char ***argvp, size_t *argcp, char *err, size_t errlen)
{
	char *words = malloc(strlen(cmd) + 1), *path = NULL, **argv, *w;
	size_t plen;
	int n, rc;

	*argvp = NULL;
	*argcp = 0;
	if (!words) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	n = split_words(cmd, words, err, errlen);
	if (n < 0) {
		free(words);
		return n;
	}
	rc = resolve_program(words, &path, err, errlen);
	if (rc) {
		free(words);
		return rc;
	}
	/* one block: the pointers, the program's path, the words after the first */
	plen = strlen(path) + 1;
	argv = malloc(((size_t)n + 1) * sizeof *argv + plen + strlen(cmd) + 1);
	if (!argv) {
		free(words);
		free(path);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	w = (char *)(argv + n + 1);
	memcpy(w, path, plen);
	argv[0] = w;
	w += plen;
	{
		const char *src = words + strlen(words) + 1;
		for (int i = 1; i < n; i++) {
			size_t l = strlen(src) + 1;
			memcpy(w, src, l);
			argv[i] = w;
			w += l;
			src += l;
		}
	}
	argv[n] = NULL;
	free(words);
	free(path);
	*argvp = argv;
	*argcp = (size_t)n;
	return 0;
}
