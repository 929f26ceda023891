/* rule.c — parser, evaluator and explainer of story rules (grammar in rule.h).
 * Recursive descent over a small tokenizer; columns in messages count characters so that
 * they point at the right place in rules written with Korean or Japanese phrases. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "newswatch-plugin.h"
#include "rule.h"

enum node_type { N_TERM, N_NOT, N_AND, N_OR };

struct node {
	enum node_type type;
	int a, b;         /* children (N_NOT: a) */
	int term;         /* N_TERM: caller's id, -1 if unresolved */
	char *text;       /* N_TERM: as shown in explanations (phrases with their quotes) */
};

struct nw_rule {
	struct node *nodes;
	int nnodes, cap;
	int root;
};

enum tok_type { T_END, T_LPAREN, T_RPAREN, T_AND, T_OR, T_NOT, T_NAME, T_PHRASE, T_BAD };

struct tok {
	enum tok_type type;
	size_t off, len;  /* bytes of the token in the source */
};

struct parser {
	const char *src;
	size_t len, pos;
	struct tok t;     /* current token */
	struct nw_rule *r;
	nw_rule_resolve_fn resolve;
	void *rarg;
	nw_rule_err_fn err;
	void *earg;
	int nerr, nterms, nomem, depth;
	int stop;         /* a syntax error: parse no further */
	int col0;         /* column of src[0] in the caller's line */
};

static int col_of(const struct parser *p, size_t off)
{
	int col = p->col0;
	size_t i;

	for (i = 0; i < off; i++)
		if (((unsigned char)p->src[i] & 0xc0) != 0x80)
			col++;
	return col;
}

static void perr(struct parser *p, size_t off, int fatal, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void perr(struct parser *p, size_t off, int fatal, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (p->stop)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->nerr++;
	if (fatal)
		p->stop = 1;
	if (p->err)
		p->err(p->earg, col_of(p, off), msg);
}

static int is_name_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' ||
	       c == '.' || c == '-' || c >= 0x80;
}

/* What an input method types for a blank, a parenthesis or a quote, at s[i]: U_BLANK (no-break
 * and ideographic spaces, the spaces of U+2000..U+200A, U+202F, U+205F), U_LPAREN/U_RPAREN
 * (（ ）), U_QUOTE (“ ” „ ‘ ’ «  » ＂), or 0; *n its bytes. */
enum { U_BLANK = 1, U_LPAREN, U_RPAREN, U_QUOTE };
static int uni_punct(const unsigned char *s, size_t i, size_t len, size_t *n)
{
	unsigned a = s[i], b = i + 1 < len ? s[i + 1] : 0, c = i + 2 < len ? s[i + 2] : 0;

	*n = 2;
	if (a == 0xC2 && b == 0xA0)
		return U_BLANK;
	if (a == 0xC2 && (b == 0xAB || b == 0xBB))
		return U_QUOTE;
	*n = 3;
	if (a == 0xE3 && b == 0x80 && c == 0x80)
		return U_BLANK;
	if (a == 0xE2 && b == 0x80 && (c <= 0x8A || c == 0xAF))
		return U_BLANK;
	if (a == 0xE2 && b == 0x81 && c == 0x9F)
		return U_BLANK;
	if (a == 0xE2 && b == 0x80 && c >= 0x98 && c <= 0x9F)
		return U_QUOTE;
	if (a == 0xEF && b == 0xBC && (c == 0x88 || c == 0x89))
		return c == 0x88 ? U_LPAREN : U_RPAREN;
	if (a == 0xEF && b == 0xBC && c == 0x82)
		return U_QUOTE;
	return 0;
}

size_t nw_rule_blank(const char *s, size_t i, size_t len)
{
	size_t n;

	if (i >= len)
		return 0;
	if (s[i] == ' ' || s[i] == '\t')
		return 1;
	return (unsigned char)s[i] >= 0x80 && uni_punct((const unsigned char *)s, i, len, &n) == U_BLANK &&
			       i + n <= len
		       ? n
		       : 0;
}

static void next_tok(struct parser *p)
{
	const char *s = p->src;
	const unsigned char *u = (const unsigned char *)s;
	size_t i = p->pos, n;
	int k = 0;

	for (;;) {
		k = 0;
		if (i < p->len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
			i++;
		else if (i < p->len && u[i] >= 0x80 && (k = uni_punct(u, i, p->len, &n)) == U_BLANK)
			i += n;
		else
			break;
	}
	p->t.off = i;
	if (i >= p->len) {
		p->t.type = T_END;
		p->t.len = 0;
		p->pos = i;
		return;
	}
	if (s[i] == '(' || s[i] == ')' || k == U_LPAREN || k == U_RPAREN) {
		p->t.type = s[i] == '(' || k == U_LPAREN ? T_LPAREN : T_RPAREN;
		p->t.len = k ? n : 1;
		p->pos = i + p->t.len;
		return;
	}
	if (k == U_QUOTE) {
		perr(p, i, 1, "unexpected character '%.*s' (quote phrases with \")", (int)n, s + i);
		p->t.type = T_BAD;
		p->t.len = n;
		p->pos = i + n;
		return;
	}
	if (s[i] == '"') {
		size_t j = i + 1;
		while (j < p->len && s[j] != '"') {
			if (s[j] == '\\' && j + 1 < p->len && (s[j + 1] == '"' || s[j + 1] == '\\'))
				j++; /* \" and \\ only, as in an alias: C:\Windows is itself */
			j++;
		}
		if (j >= p->len) {
			perr(p, i, 1, "unterminated quoted phrase");
			p->t.type = T_BAD;
			p->t.len = p->len - i;
			p->pos = p->len;
			return;
		}
		p->t.type = T_PHRASE;
		p->t.len = j + 1 - i;
		p->pos = j + 1;
		return;
	}
	if (is_name_byte((unsigned char)s[i])) {
		size_t j = i;
		while (j < p->len && is_name_byte(u[j]) && !(u[j] >= 0x80 && uni_punct(u, j, p->len, &n)))
			j++;
		p->t.len = j - i;
		p->pos = j;
		p->t.type = T_NAME;
		if (j - i == 3 && !strncasecmp(s + i, "and", 3))
			p->t.type = T_AND;
		else if (j - i == 2 && !strncasecmp(s + i, "or", 2))
			p->t.type = T_OR;
		else if (j - i == 3 && !strncasecmp(s + i, "not", 3))
			p->t.type = T_NOT;
		return;
	}
	{
		const char *hint = "";
		if (s[i] == '&')
			hint = " (write AND)";
		else if (s[i] == '|' || s[i] == ',')
			hint = " (write OR)";
		else if (s[i] == '!')
			hint = " (write NOT)";
		else if (s[i] == '\'')
			hint = " (quote phrases with \")";
		perr(p, i, 1, "unexpected character '%c'%s", s[i], hint);
	}
	p->t.type = T_BAD;
	p->t.len = 1;
	p->pos = i + 1;
}

/* How a token is named in messages. */
static void tok_desc(const struct parser *p, char *buf, size_t len)
{
	switch (p->t.type) {
	case T_END:
		snprintf(buf, len, "end of rule");
		return;
	case T_AND: case T_OR: case T_NOT:
		snprintf(buf, len, "%s", p->t.type == T_AND ? "AND" : p->t.type == T_OR ? "OR" : "NOT");
		return;
	default: {
		/* at most 60 bytes, whole characters: a cut inside one is not UTF-8 */
		size_t n = nw_utf8_prefix(p->src + p->t.off, p->t.len, 60);
		snprintf(buf, len, "'%.*s%s'", (int)n, p->src + p->t.off, n < p->t.len ? "…" : "");
	}
	}
}

static int new_node(struct parser *p, enum node_type type, int a, int b)
{
	struct nw_rule *r = p->r;

	if (r->nnodes == r->cap) {
		int cap = r->cap ? r->cap * 2 : 16;
		struct node *nn = realloc(r->nodes, (size_t)cap * sizeof(*nn));
		if (!nn) {
			p->nomem = 1;
			p->stop = 1;
			return -1;
		}
		r->nodes = nn;
		r->cap = cap;
	}
	r->nodes[r->nnodes] = (struct node){ .type = type, .a = a, .b = b, .term = -1 };
	return r->nnodes++;
}

static int parse_or(struct parser *p);

static int parse_term(struct parser *p)
{
	char msg[256] = "";
	char *text, *unq = NULL;
	size_t ulen = 0, i;
	int n, id, phrase = p->t.type == T_PHRASE;

	if (++p->nterms > NW_RULE_MAX_TERMS) {
		perr(p, p->t.off, 1, "too many terms (max %d)", NW_RULE_MAX_TERMS);
		return -1;
	}
	text = strndup(p->src + p->t.off, p->t.len);
	if (phrase && text) {
		unq = malloc(p->t.len);
		if (unq)
			for (i = 1; i + 1 < p->t.len; i++) {
				char c = p->src[p->t.off + i];
				if (c == '\\' && i + 2 < p->t.len &&
				    (p->src[p->t.off + i + 1] == '"' || p->src[p->t.off + i + 1] == '\\'))
					c = p->src[p->t.off + ++i];
				unq[ulen++] = c;
			}
	}
	if (!text || (phrase && !unq)) {
		free(text);
		free(unq);
		p->nomem = p->stop = 1;
		return -1;
	}
	n = new_node(p, N_TERM, -1, -1);
	if (n < 0) {
		free(text);
		free(unq);
		return -1;
	}
	p->r->nodes[n].text = text;
	if (phrase && !ulen) {
		perr(p, p->t.off, 0, "empty quoted phrase");
	} else {
		id = p->resolve ? p->resolve(p->rarg, phrase ? unq : text, phrase ? ulen : p->t.len,
					     phrase, msg, sizeof(msg))
				: -ENOENT;
		if (id == -ENOMEM) {
			p->nomem = p->stop = 1;
		} else if (id < 0) {
			if (msg[0])
				perr(p, p->t.off, 0, "%s", msg);
			else if (phrase)
				perr(p, p->t.off, 0, "cannot use phrase %s", text);
			else
				perr(p, p->t.off, 0, "unknown entity '%s'", text);
		} else {
			p->r->nodes[n].term = id;
		}
	}
	free(unq);
	next_tok(p);
	return n;
}

static int parse_primary(struct parser *p)
{
	char what[80];
	size_t open;
	int n;

	switch (p->t.type) {
	case T_NAME:
	case T_PHRASE:
		return parse_term(p);
	case T_LPAREN:
		open = p->t.off;
		if (++p->depth > NW_RULE_MAX_DEPTH) {
			perr(p, open, 1, "rule nested too deeply (max %d)", NW_RULE_MAX_DEPTH);
			return -1;
		}
		next_tok(p);
		n = parse_or(p);
		if (n < 0)
			return -1;
		if (p->t.type != T_RPAREN) {
			tok_desc(p, what, sizeof(what));
			perr(p, p->t.off, 1, "expected ')' to close '(' at column %d, found %s",
			     col_of(p, open), what);
			return -1;
		}
		p->depth--;
		next_tok(p);
		return n;
	case T_BAD:
		return -1;
	default:
		tok_desc(p, what, sizeof(what));
		perr(p, p->t.off, 1, "expected an entity name, a quoted phrase, NOT or '(', found %s",
		     what);
		return -1;
	}
}

static int parse_not(struct parser *p)
{
	int n;

	if (p->t.type != T_NOT)
		return parse_primary(p);
	if (++p->depth > NW_RULE_MAX_DEPTH) {
		perr(p, p->t.off, 1, "rule nested too deeply (max %d)", NW_RULE_MAX_DEPTH);
		return -1;
	}
	next_tok(p);
	n = parse_not(p);
	p->depth--;
	if (n < 0)
		return -1;
	return new_node(p, N_NOT, n, -1);
}

static int parse_and(struct parser *p)
{
	int a = parse_not(p), b;

	while (a >= 0 && p->t.type == T_AND) {
		next_tok(p);
		b = parse_not(p);
		if (b < 0)
			return -1;
		a = new_node(p, N_AND, a, b);
	}
	return a;
}

static int parse_or(struct parser *p)
{
	int a = parse_and(p), b;

	while (a >= 0 && p->t.type == T_OR) {
		next_tok(p);
		b = parse_and(p);
		if (b < 0)
			return -1;
		a = new_node(p, N_OR, a, b);
	}
	return a;
}

void nw_rule_free(struct nw_rule *r)
{
	int i;

	if (!r)
		return;
	for (i = 0; i < r->nnodes; i++)
		free(r->nodes[i].text);
	free(r->nodes);
	free(r);
}

int nw_rule_parse(const char *src, int col, nw_rule_resolve_fn resolve, void *rarg,
		  nw_rule_err_fn err, void *earg, struct nw_rule **out)
{
	struct parser p = { 0 };
	char what[80];

	*out = NULL;
	p.col0 = col > 0 ? col : 1;
	p.src = src ? src : "";
	p.len = strlen(p.src);
	p.resolve = resolve;
	p.rarg = rarg;
	p.err = err;
	p.earg = earg;
	if (p.len > NW_RULE_MAX_LEN) {
		perr(&p, 0, 1, "rule too long (%zu bytes, max %d)", p.len, NW_RULE_MAX_LEN);
		return -EINVAL;
	}
	p.r = calloc(1, sizeof(*p.r));
	if (!p.r)
		return -ENOMEM;
	next_tok(&p);
	if (p.t.type == T_END) {
		perr(&p, p.t.off, 1, "empty rule");
	} else {
		p.r->root = parse_or(&p);
		if (p.r->root >= 0 && p.t.type != T_END) {
			tok_desc(&p, what, sizeof(what));
			if (p.t.type == T_RPAREN)
				perr(&p, p.t.off, 1, "unmatched ')'");
			else
				perr(&p, p.t.off, 1, "expected AND, OR or end of rule, found %s", what);
		}
	}
	if (p.nomem || p.nerr) {
		nw_rule_free(p.r);
		return p.nomem ? -ENOMEM : -EINVAL;
	}
	*out = p.r;
	return 0;
}

/* The nodes of names[lo, hi) joined by OR, halves under each OR (the depth of the tree,
 * which eval and explain recurse over, is a logarithm of n). The node's index, or -1. */
static int any_of(struct parser *p, const char *const *names, const int *ids, size_t lo, size_t hi)
{
	int n, a, b;

	if (hi - lo == 1) {
		char *text = strdup(names[lo]);
		if (!text || (n = new_node(p, N_TERM, -1, -1)) < 0) {
			free(text);
			p->nomem = 1;
			return -1;
		}
		p->r->nodes[n].text = text;
		p->r->nodes[n].term = ids[lo];
		return n;
	}
	if ((a = any_of(p, names, ids, lo, lo + (hi - lo) / 2)) < 0 ||
	    (b = any_of(p, names, ids, lo + (hi - lo) / 2, hi)) < 0)
		return -1;
	return new_node(p, N_OR, a, b);
}

int nw_rule_any(const char *const *names, const int *ids, size_t n, struct nw_rule **out)
{
	struct parser p = { 0 };

	*out = NULL;
	if (!n)
		return -EINVAL;
	if (!(p.r = calloc(1, sizeof(*p.r))))
		return -ENOMEM;
	p.r->root = any_of(&p, names, ids, 0, n);
	if (p.r->root < 0) {
		nw_rule_free(p.r);
		return -ENOMEM;
	}
	*out = p.r;
	return 0;
}

void nw_rule_mark_terms(const struct nw_rule *r, unsigned char *mark, size_t nterms)
{
	for (int i = 0; r && i < r->nnodes; i++)
		if (r->nodes[i].type == N_TERM && r->nodes[i].term >= 0 && (size_t)r->nodes[i].term < nterms)
			mark[r->nodes[i].term] = 1;
}

static int eval(const struct nw_rule *r, int n, const unsigned char *present, size_t nterms)
{
	const struct node *x = &r->nodes[n];

	switch (x->type) {
	case N_TERM:
		return x->term >= 0 && (size_t)x->term < nterms && present[x->term];
	case N_NOT:
		return !eval(r, x->a, present, nterms);
	case N_AND:
		return eval(r, x->a, present, nterms) && eval(r, x->b, present, nterms);
	case N_OR:
		return eval(r, x->a, present, nterms) || eval(r, x->b, present, nterms);
	}
	return 0;
}

int nw_rule_eval(const struct nw_rule *r, const unsigned char *present, size_t nterms)
{
	if (!r || r->root < 0 || !r->nnodes)
		return 0;
	return eval(r, r->root, present, nterms);
}

struct sbuf {
	char *s;
	size_t len, cap;
	int failed;
};

static void sb_put(struct sbuf *b, const char *s)
{
	size_t n = strlen(s);

	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *ns = realloc(b->s, cap);
		if (!ns) {
			b->failed = 1;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

static int prec(enum node_type t)
{
	return t == N_OR ? 1 : t == N_AND ? 2 : t == N_NOT ? 3 : 4;
}

static void explain(const struct nw_rule *r, int n, int need, const unsigned char *present,
		    size_t nterms, struct sbuf *b)
{
	const struct node *x = &r->nodes[n];
	int paren = prec(x->type) < need;

	if (paren)
		sb_put(b, "(");
	switch (x->type) {
	case N_TERM:
		sb_put(b, x->text);
		sb_put(b, eval(r, n, present, nterms) ? " ✓" : " ✗");
		break;
	case N_NOT:
		sb_put(b, "NOT ");
		explain(r, x->a, 3, present, nterms, b);
		break;
	case N_AND:
	case N_OR:
		explain(r, x->a, prec(x->type), present, nterms, b);
		sb_put(b, x->type == N_AND ? " AND " : " OR ");
		explain(r, x->b, prec(x->type), present, nterms, b);
		break;
	}
	if (paren)
		sb_put(b, ")");
}

char *nw_rule_explain(const struct nw_rule *r, const unsigned char *present, size_t nterms,
		      const char *yes, const char *no)
{
	struct sbuf b = { 0 };

	sb_put(&b, "");
	if (r && r->nnodes && r->root >= 0)
		explain(r, r->root, 0, present, nterms, &b);
	if (yes && no) {
		sb_put(&b, " → ");
		sb_put(&b, nw_rule_eval(r, present, nterms) ? yes : no);
	}
	if (b.failed) {
		free(b.s);
		return NULL;
	}
	return b.s;
}
