/* options.c — the typed option table machinery: parse conf text by type, apply defaults,
 * check bounds and choices, free, and list options for --dump-options and the man page. */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include "options.h"

void nw_errors_add(struct nw_errors *e, const char *file, int line, const char *fmt, ...)
{
	char msg[2048], *s;
	char **nv;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (line > 0) {
		if (asprintf(&s, "%s:%d: %s", file ? file : "-", line, msg) < 0)
			return;
	} else if (asprintf(&s, "%s: %s", file ? file : "-", msg) < 0) {
		return;
	}
	nv = realloc(e->v, (e->n + 1) * sizeof *nv);
	if (!nv) {
		free(s);
		return;
	}
	e->v = nv;
	{
		int *nl = realloc(e->line, (e->n + 1) * sizeof *nl);
		if (!nl) {
			free(s);
			return;
		}
		e->line = nl;
	}
	e->line[e->n] = line > 0 ? line : 0;
	e->v[e->n++] = s;
}

static const struct nw_errors *sorting;

static int by_line(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int li = sorting->line[i], lj = sorting->line[j];

	return li != lj ? (li < lj ? -1 : 1) : (i < j ? -1 : i > j); /* in the order found, on one line */
}

void nw_errors_print(const struct nw_errors *e, FILE *fp)
{
	size_t *order = e->n && e->line ? malloc(e->n * sizeof *order) : NULL;

	for (size_t i = 0; order && i < e->n; i++)
		order[i] = i;
	if (order) { /* in the order of the file, as the sections were checked in passes */
		sorting = e;
		qsort(order, e->n, sizeof *order, by_line);
	}
	for (size_t i = 0; i < e->n; i++)
		fprintf(fp, "%s\n", e->v[order ? order[i] : i]);
	free(order);
}

void nw_errors_free(struct nw_errors *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i]);
	free(e->v);
	free(e->line);
	e->line = NULL;
	e->v = NULL;
	e->n = 0;
}

size_t nw_opt_count(const struct nw_option *table)
{
	size_t n = 0;

	while (table && table[n].name)
		n++;
	return n;
}

const struct nw_option *nw_opt_find(const struct nw_option *table, const char *key)
{
	for (; table && table->name; table++) {
		if (table->type == NW_OPT_KEYED) {
			size_t pl = strlen(table->name);
			if (strncmp(key, table->name, pl) == 0 && key[pl] != '\0')
				return table;
		} else if (strcmp(key, table->name) == 0) {
			return table;
		}
	}
	return NULL;
}

const char *nw_opt_type_name(enum nw_opt_type t)
{
	switch (t) {
	case NW_OPT_STRING: return "string";
	case NW_OPT_INT: return "integer";
	case NW_OPT_BOOL: return "boolean";
	case NW_OPT_DURATION: return "duration";
	case NW_OPT_SIZE: return "size";
	case NW_OPT_ENUM: return "choice";
	case NW_OPT_LIST: return "list";
	case NW_OPT_KEYED: return "keyed list";
	case NW_OPT_SECRET_FILE: return "secret file";
	}
	return "?";
}

/* A number with an optional unit suffix looked up in units[]; several parts add up ("1h30m"). */
struct unit {
	const char *name;
	int64_t mult;
};

static int parse_units(const char *s, const struct unit *units, int64_t defmult, int64_t *out)
{
	int64_t total = 0;
	int parts = 0, bare = 0;

	while (isspace((unsigned char)*s))
		s++;
	while (*s) {
		double v = 0, scale = 1;
		size_t ul = 0, nd = 0;
		int64_t mult = defmult;

		/* decimal digits and a fraction only: not strtod's 0x10, 1e3 or inf */
		for (; isdigit((unsigned char)*s); s++, nd++)
			v = v * 10 + (*s - '0');
		if (*s == '.')
			for (s++; isdigit((unsigned char)*s); s++, nd++)
				v += (*s - '0') * (scale /= 10);
		if (!nd)
			return -EINVAL;
		{ /* "15 min" as "15min": a space before the unit */
			const char *t = s;
			while (isspace((unsigned char)*t))
				t++;
			if (isalpha((unsigned char)*t))
				s = t;
		}
		while (isalpha((unsigned char)s[ul]))
			ul++;
		if (ul) {
			const struct unit *u;
			for (u = units; u->name; u++)
				if (strlen(u->name) == ul && strncasecmp(s, u->name, ul) == 0)
					break;
			if (!u->name)
				return -EINVAL;
			mult = u->mult;
			s += ul;
		} else {
			bare++; /* "1h30": 30 what? */
		}
		/* each part below 9e18, and so their sum: "9000000000000h 9000000000000h" would
		 * overflow int64_t (undefined behaviour) */
		if (v * (double)mult > 9.0e18 || (int64_t)(v * (double)mult) > INT64_MAX - total)
			return -ERANGE;
		total += (int64_t)(v * (double)mult);
		parts++;
		while (isspace((unsigned char)*s))
			s++;
	}
	if (!parts || (bare && parts > 1))
		return -EINVAL;
	*out = total;
	return 0;
}

int nw_parse_duration(const char *s, int64_t *ms)
{
	static const struct unit u[] = {
		{ "ms", 1 }, { "s", 1000 }, { "sec", 1000 }, { "m", 60000 }, { "min", 60000 },
		{ "h", 3600000 }, { "d", 86400000 }, { "w", 7 * 86400000LL }, { NULL, 0 } };

	/* "6M": minutes, as m is, or months? Read as minutes, keep_articles = 6M kept articles
	 * two weeks (its floor: dedup_window), not half a year; refused as ambiguous. MS and MIN
	 * leave no doubt. */
	for (const char *p = s; *p; p++)
		if (*p == 'M' && (p == s || !isalpha((unsigned char)p[-1])) && !isalpha((unsigned char)p[1]))
			return -EDOM;
	return parse_units(s, u, 1000, ms);
}

int nw_parse_size(const char *s, int64_t *bytes)
{
	static const struct unit u[] = {
		{ "b", 1 }, { "k", 1024 }, { "kb", 1024 }, { "kib", 1024 }, { "m", 1 << 20 }, { "mb", 1 << 20 },
		{ "mib", 1 << 20 }, { "g", 1 << 30 }, { "gb", 1 << 30 }, { "gib", 1 << 30 }, { NULL, 0 } };
	return parse_units(s, u, 1, bytes);
}

int nw_parse_bool(const char *s, int *b)
{
	static const char *yes[] = { "yes", "true", "on", "1" }, *no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return *b = 1, 0;
		if (strcasecmp(s, no[i]) == 0)
			return *b = 0, 0;
	}
	return -EINVAL;
}

void nw_format_duration(int64_t ms, char *buf, size_t len)
{
	if (ms % 86400000 == 0 && ms)
		snprintf(buf, len, "%" PRId64 "d", ms / 86400000);
	else if (ms % 3600000 == 0 && ms)
		snprintf(buf, len, "%" PRId64 "h", ms / 3600000);
	else if (ms % 60000 == 0 && ms)
		snprintf(buf, len, "%" PRId64 "m", ms / 60000);
	else if (ms % 1000 == 0)
		snprintf(buf, len, "%" PRId64 "s", ms / 1000);
	else
		snprintf(buf, len, "%" PRId64 "ms", ms);
}

static void bound_text(const struct nw_option *o, int64_t v, char *buf, size_t len)
{
	if (o->type == NW_OPT_DURATION)
		nw_format_duration(v, buf, len);
	else
		snprintf(buf, len, "%" PRId64, v);
}

static int check_bounds(const struct nw_option *o, int64_t v, char *err, size_t errlen)
{
	char a[32], b[32];

	if (o->min == o->max || (v >= o->min && v <= o->max))
		return 0;
	bound_text(o, o->min, a, sizeof a);
	bound_text(o, o->max, b, sizeof b);
	snprintf(err, errlen, "%s must be between %s and %s", o->name, a, b);
	return -EINVAL;
}

static char *trimdup(const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	return strndup(s, len);
}

static int list_append(struct nw_strlist *l, const char *value, char *err, size_t errlen,
		       const char *name)
{
	const char *p = value;

	for (;;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		char *item = trimdup(p, len);
		int r;

		if (!item)
			return -ENOMEM;
		if (!*item) {
			free(item);
			snprintf(err, errlen, "%s: empty element in list", name);
			return -EINVAL;
		}
		r = nw_strlist_add(l, item);
		free(item);
		if (r)
			return r;
		if (!c)
			return 0;
		p = c + 1;
	}
}

/* The edit distance of a and b (insertions, deletions, substitutions, swaps of two
 * neighbours), up to 3: enough to tell "intervall" from "interval". */
int nw_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int d[40][40];

	if (la >= 40 || lb >= 40)
		return 3;
	for (size_t i = 0; i <= la; i++)
		for (size_t j = 0; j <= lb; j++) {
			int v = i == 0 ? (int)j : j == 0 ? (int)i : d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (i && j) {
				if (d[i - 1][j] + 1 < v)
					v = d[i - 1][j] + 1;
				if (d[i][j - 1] + 1 < v)
					v = d[i][j - 1] + 1;
				if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
					v = d[i - 2][j - 2] + 1;
			}
			d[i][j] = v;
		}
	return d[la][lb] < 3 ? d[la][lb] : 3;
}

int nw_typo_limit(const char *word)
{
	return strlen(word) > 4 ? 3 : 2; /* at most 2 edits; 1 for a short word */
}

const char *nw_nearest_word(const char *value, const char *const *words)
{
	char lower[40];
	const char *best = NULL;
	int bd = nw_typo_limit(value);
	size_t k;

	for (k = 0; value[k] && k + 1 < sizeof lower; k++)
		lower[k] = (char)tolower((unsigned char)value[k]);
	lower[k] = '\0';
	for (int i = 0; words && words[i]; i++) {
		int d = nw_edit_distance(lower, words[i]);
		if (d < bd) {
			bd = d;
			best = words[i];
		}
	}
	return best;
}

static enum nw_secrets secrets_how = NW_SECRETS_READ;
static size_t unread_credentials;

void nw_opt_secrets(enum nw_secrets how)
{
	secrets_how = how;
	unread_credentials = 0;
}

enum nw_secrets nw_opt_secrets_swap(enum nw_secrets how)
{
	enum nw_secrets was = secrets_how;

	secrets_how = how;
	return was;
}

size_t nw_opt_unread_credentials(void)
{
	return unread_credentials;
}

/* A secret's file: an absolute path, or a name in $CREDENTIALS_DIRECTORY (systemd's
 * LoadCredential=). Refused when others may read it; the content (without the trailing
 * newline) replaces the name. Messages name the file, never what is in it. */
static int read_secret(const struct nw_option *o, const char *value, char **out, char *err, size_t errlen)
{
	const char *creds = getenv("CREDENTIALS_DIRECTORY");
	char path[4096];
	struct stat sb;
	char *buf = NULL;
	size_t len = 0;
	ssize_t n;
	int fd;

	if (value[0] != '/' && (!*value || strchr(value, '/'))) {
		snprintf(err, errlen, "%s: '%s' is neither an absolute path nor a credential's name", o->name, value);
		return -EINVAL;
	}
	/* a command that sends nothing (a query of the store, test-rule) needs no secret: a
	 * member of the store's group may not be able to read it, and outside the service a
	 * credential is not there */
	if (secrets_how == NW_SECRETS_SKIP ||
	    (secrets_how == NW_SECRETS_CHECK && value[0] != '/' && !(creds && *creds))) {
		if (secrets_how == NW_SECRETS_CHECK)
			unread_credentials++;
		return (*out = strdup(value)) ? 0 : -ENOMEM;
	}
	if (value[0] == '/')
		snprintf(path, sizeof path, "%s", value);
	else if (creds && *creds)
		snprintf(path, sizeof path, "%s/%s", creds, value);
	else {
		snprintf(err, errlen, "%s: '%s' is not an absolute path%s", o->name, value,
			 creds ? "" : " (a bare name is a credential of LoadCredential=, but $CREDENTIALS_DIRECTORY is not set)");
		return -EINVAL;
	}
	/* O_NONBLOCK: a FIFO (or a device) named as the secret would block the open, and with
	 * it the daemon, a reload too, until something wrote to it; refused below */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot open %s: %s", o->name, path, strerror(errno));
		return -EINVAL;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: %s is not a regular file", o->name, path);
		close(fd);
		return -EINVAL;
	}
	if (sb.st_mode & (S_IROTH | S_IWOTH)) {
		snprintf(err, errlen, "%s: %s is %s by others (mode %04o); a secret must not be: chmod o-rwx %s", o->name,
			 path, sb.st_mode & S_IROTH ? "readable" : "writable", (unsigned)(sb.st_mode & 07777), path);
		close(fd);
		return -EPERM;
	}
	if (sb.st_size > 65536) {
		snprintf(err, errlen, "%s: %s is larger than 64 KiB: not a secret", o->name, path);
		close(fd);
		return -EINVAL;
	}
	buf = malloc((size_t)sb.st_size + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (len < (size_t)sb.st_size && (n = read(fd, buf + len, (size_t)sb.st_size - len)) > 0)
		len += (size_t)n;
	close(fd);
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	buf[len] = '\0';
	if (!len || memchr(buf, '\0', len) || memchr(buf, '\n', len) || memchr(buf, '\r', len)) {
		/* one line: a secret goes into headers, where a line break would start a new one */
		snprintf(err, errlen, "%s: %s is %s", o->name, path,
			 !len ? "empty" : memchr(buf, '\0', len) ? "not text" : "more than one line");
		free(buf);
		return -EINVAL;
	}
	*out = buf;
	return 0;
}

static void free_secret(char **sp)
{
	if (*sp) {
		memset(*sp, 0, strlen(*sp));
		free(*sp);
		*sp = NULL;
	}
}

int nw_opt_set(const struct nw_option *o, void *ctx, const char *key, const char *value, int line,
	       int append, char *err, size_t errlen)
{
	char *base = (char *)ctx + o->offset;
	int64_t v;
	int b, r;

	if (!*value && !(o->flags & NW_OPT_EMPTY_OK)) {
		snprintf(err, errlen, "'%s' has no value", key);
		return -EINVAL;
	}
	/* database = "/var/lib/x.db", as in a shell: the quotes were kept, and the store was a
	 * relative path under a folder named '"'. Where quotes mean something (a rule's phrase,
	 * an alias, a command's word, an XPath literal) the option is a string without the flag. */
	if (value[0] == '"' && strlen(value) >= 2 && value[strlen(value) - 1] == '"' &&
	    ((o->flags & NW_OPT_UNQUOTED) || (o->type != NW_OPT_STRING && o->type != NW_OPT_LIST && o->type != NW_OPT_KEYED))) {
		snprintf(err, errlen, "%s: no quotes around the value (they would be taken as part of it): write %s = %.*s", o->name,
			 key, (int)strlen(value) - 2, value + 1);
		return -EINVAL;
	}
	switch (o->type) {
	case NW_OPT_STRING: {
		char **sp = (char **)base;
		char *s = strdup(value);
		if (!s)
			return -ENOMEM;
		free(*sp);
		*sp = s;
		return 0;
	}
	case NW_OPT_SECRET_FILE: {
		char **sp = (char **)base, *s = NULL;
		r = read_secret(o, value, &s, err, errlen);
		if (r)
			return r;
		free_secret(sp);
		*sp = s;
		return 0;
	}
	case NW_OPT_INT: {
		char *end;
		errno = 0;
		v = strtoll(value, &end, 10);
		if (errno || end == value || *end) {
			snprintf(err, errlen, "%s: '%s' is not an integer", o->name, value);
			return -EINVAL;
		}
		if (check_bounds(o, v, err, errlen))
			return -EINVAL;
		*(int64_t *)base = v;
		return 0;
	}
	case NW_OPT_BOOL:
		if (nw_parse_bool(value, &b)) {
			snprintf(err, errlen, "%s: '%s' is not yes or no", o->name, value);
			return -EINVAL;
		}
		*(int *)base = b;
		return 0;
	case NW_OPT_DURATION:
	case NW_OPT_SIZE:
		r = (o->type == NW_OPT_DURATION ? nw_parse_duration : nw_parse_size)(value, &v);
		if (r == -EDOM && o->min != o->max && o->max < 28LL * 86400000) {
			/* no month fits the option (interval, timeout, every: at most a week): its M
			 * can only be minutes, as it was read before M was refused; refused, a conf
			 * that said interval = 15M for years stopped the daemon at its upgrade */
			char *low = strdup(value);
			if (!low)
				return -ENOMEM;
			for (char *p = low; *p; p++)
				if (*p == 'M')
					*p = 'm'; /* units are read in any case: MS and MIN stay what they are */
			r = nw_parse_duration(low, &v);
			free(low);
		}
		if (r == -ERANGE) {
			char a[32], b2[32];
			bound_text(o, o->min, a, sizeof a);
			bound_text(o, o->max, b2, sizeof b2);
			if (o->min != o->max)
				snprintf(err, errlen, "%s: '%s' is out of range (%s to %s)", o->name, value, a, b2);
			else
				snprintf(err, errlen, "%s: '%s' is out of range", o->name, value);
			return -ERANGE;
		}
		if (r == -EDOM) { /* nw_parse_duration: a unit "M" */
			snprintf(err, errlen, "%s: '%s': M is minutes or months? write m for minutes; months are no unit "
				 "(180d is about six)", o->name, value);
			return -EINVAL;
		}
		if (r) {
			snprintf(err, errlen, "%s: '%s' is not a %s (e.g. %s)", o->name, value,
				 nw_opt_type_name(o->type), o->type == NW_OPT_DURATION ? "90s, 15m, 2h" : "64k, 10M");
			return -EINVAL;
		}
		if (check_bounds(o, v, err, errlen))
			return -EINVAL;
		*(int64_t *)base = v;
		return 0;
	case NW_OPT_ENUM:
		for (int i = 0; o->choices && o->choices[i]; i++) {
			if (strcasecmp(value, o->choices[i]) == 0) {
				*(int *)base = i;
				return 0;
			}
		}
		{
			const char *near = nw_nearest_word(value, o->choices);
			size_t off = 0;
			off += snprintf(err, errlen, "%s: '%s' is not one of", o->name, value);
			for (int i = 0; o->choices && o->choices[i] && off < errlen; i++)
				off += snprintf(err + off, errlen - off, "%s %s", i ? "," : "", o->choices[i]);
			if (near && off < errlen)
				snprintf(err + off, errlen - off, "; did you mean '%s'?", near);
		}
		return -EINVAL;
	case NW_OPT_LIST: {
		struct nw_strlist *l = (struct nw_strlist *)base;
		if (!append)
			nw_strlist_free(l);
		return list_append(l, value, err, errlen, o->name);
	}
	case NW_OPT_KEYED: {
		struct nw_kvlist *l = (struct nw_kvlist *)base;
		struct nw_kv *nv = realloc(l->v, (l->n + 1) * sizeof *nv);
		if (!nv)
			return -ENOMEM;
		l->v = nv;
		nv[l->n].key = strdup(key + strlen(o->name));
		nv[l->n].value = strdup(value);
		nv[l->n].line = line;
		if (!nv[l->n].key || !nv[l->n].value) {
			free(nv[l->n].key);
			free(nv[l->n].value);
			return -ENOMEM;
		}
		l->n++;
		return 0;
	}
	}
	return -EINVAL;
}

int nw_opt_defaults(const struct nw_option *table, void *ctx)
{
	char err[256];

	for (; table && table->name; table++) {
		if (!table->def)
			continue;
		if (nw_opt_set(table, ctx, table->name, table->def, 0, 0, err, sizeof err))
			return -EINVAL;
	}
	return 0;
}

void nw_opt_free(const struct nw_option *table, void *ctx)
{
	for (; table && table->name; table++) {
		char *base = (char *)ctx + table->offset;
		if (table->type == NW_OPT_STRING) {
			free(*(char **)base);
			*(char **)base = NULL;
		} else if (table->type == NW_OPT_SECRET_FILE) {
			free_secret((char **)base);
		} else if (table->type == NW_OPT_LIST) {
			nw_strlist_free((struct nw_strlist *)base);
		} else if (table->type == NW_OPT_KEYED) {
			struct nw_kvlist *l = (struct nw_kvlist *)base;
			for (size_t i = 0; i < l->n; i++) {
				free(l->v[i].key);
				free(l->v[i].value);
			}
			free(l->v);
			l->v = NULL;
			l->n = 0;
		}
	}
}

void nw_opt_dump(FILE *fp, const char *section, const struct nw_option *table)
{
	fprintf(fp, "[%s]\n", section);
	for (; table && table->name; table++) {
		char bounds[96] = "";
		if (table->min != table->max && (table->type == NW_OPT_INT || table->type == NW_OPT_DURATION ||
						  table->type == NW_OPT_SIZE)) {
			char a[32], b[32];
			bound_text(table, table->min, a, sizeof a);
			bound_text(table, table->max, b, sizeof b);
			snprintf(bounds, sizeof bounds, " (%s..%s)", a, b);
		}
		fprintf(fp, "  %s%s\t%s%s\t%s%s%s\t%s\n", table->name,
			table->type == NW_OPT_KEYED ? "NAME" : "", nw_opt_type_name(table->type), bounds,
			table->flags & NW_OPT_REQUIRED ? "required" : "default: ",
			table->flags & NW_OPT_REQUIRED ? "" : table->def ? table->def : "(none)",
			"", table->description ? table->description : "");
		if (table->type == NW_OPT_ENUM && table->choices) {
			fprintf(fp, "  \t  one of:");
			for (int i = 0; table->choices[i]; i++)
				fprintf(fp, " %s", table->choices[i]);
			fprintf(fp, "\n");
		}
	}
	fprintf(fp, "\n");
}
