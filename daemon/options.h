/* options.h — typed option tables (struct nw_option): setting values from conf text into a
 * context struct, defaults, bounds, freeing, and the --dump-options listing. One mechanism
 * for the core's sections and every plugin's options. */
#ifndef NW_OPTIONS_H
#define NW_OPTIONS_H
#include <stdio.h>
#include "newswatch-plugin.h"

/* Errors collected as "file:line: message", reported all at once. */
struct nw_errors {
	char **v;
	size_t n;
	int *line; /* each one's line (0: none): printed in the order of the file */
};
void nw_errors_add(struct nw_errors *e, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void nw_errors_print(const struct nw_errors *e, FILE *fp);
void nw_errors_free(struct nw_errors *e);

size_t nw_opt_count(const struct nw_option *table);
/* The entry for key (a KEYED entry matches keys that start with its prefix), or NULL. */
const struct nw_option *nw_opt_find(const struct nw_option *table, const char *key);
/* Set one value. append: a repeated list key adds to what is there (otherwise the default
 * is replaced). 0, or -EINVAL with a message in err. */
int nw_opt_set(const struct nw_option *o, void *ctx, const char *key, const char *value, int line,
	       int append, char *err, size_t errlen);
/* Every option's default into ctx (zeroed before). 0, or -EINVAL on a bad table default. */
int nw_opt_defaults(const struct nw_option *table, void *ctx);
void nw_opt_free(const struct nw_option *table, void *ctx);
/* The listing for `--dump-options`: one line an option under a "[section]" heading. */
void nw_opt_dump(FILE *fp, const char *section, const struct nw_option *table);
const char *nw_opt_type_name(enum nw_opt_type t);

/* How NW_OPT_SECRET_FILE options are read, for the confs loaded after the call:
 *  - NW_SECRETS_READ (the default): each file read, its content the option's value;
 *  - NW_SECRETS_CHECK (--check-config): as READ, but a credential's bare name is accepted
 *    when $CREDENTIALS_DIRECTORY is unset (outside the service), and counted;
 *  - NW_SECRETS_SKIP (commands that send nothing): no file opened, the value is its name. */
enum nw_secrets { NW_SECRETS_READ, NW_SECRETS_CHECK, NW_SECRETS_SKIP };
/* The edit distance of a and b (insertions, deletions, substitutions, swaps of two
 * neighbours), up to 3: for "did you mean" (an option's name, a command's). */
int nw_edit_distance(const char *a, const char *b);
/* A name is a typo of word when their edit distance is below this. */
int nw_typo_limit(const char *word);
/* The word of words (NULL-terminated, lower case) that value is a typo of, in any case (the
 * nearest), or NULL: for "did you mean" about a value (a choice, a verdict, a language). */
const char *nw_nearest_word(const char *value, const char *const *words);
void nw_opt_secrets(enum nw_secrets how);
/* The same for a part of a conf (the count of unread credentials kept): the mode before. */
enum nw_secrets nw_opt_secrets_swap(enum nw_secrets how);
/* Under NW_SECRETS_CHECK: how many credentials were left unread. */
size_t nw_opt_unread_credentials(void);

/* 0, -EINVAL, -ERANGE (too large), or -EDOM for a unit "M" (minutes or months?). */
int nw_parse_duration(const char *s, int64_t *ms);
int nw_parse_size(const char *s, int64_t *bytes);
int nw_parse_bool(const char *s, int *b);
/* "90s", "15m", "2h" for a millisecond count. */
void nw_format_duration(int64_t ms, char *buf, size_t len);
#endif
