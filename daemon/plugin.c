/* plugin.c — the plugin loader: dlopen from the plugin folder, ABI and kind checked before
 * anything else in the plugin is used, one registry entry per file. */
#include "config.h"
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "log.h"
#include "nw_paths.h"
#include "options.h"
#include "plugin.h"

struct plugin_entry {
	char *path;
	void *dl;
	const struct nw_plugin *p;
};

struct nw_plugins {
	struct plugin_entry *v;
	size_t n;
};

struct nw_plugins *nw_plugins_new(void)
{
	return calloc(1, sizeof(struct nw_plugins));
}

void nw_plugins_free(struct nw_plugins *reg)
{
	if (!reg)
		return;
	for (size_t i = 0; i < reg->n; i++) {
		/* Under ASan, keeping the objects mapped gives readable leak reports. */
#ifndef NW_SANITIZE
		dlclose(reg->v[i].dl);
#endif
		free(reg->v[i].path);
	}
	free(reg->v);
	free(reg);
}

const char *nw_plugins_default_dir(void)
{
	static char exe[PATH_MAX];
	const char *env = getenv("NEWSWATCH_PLUGIN_DIR");
	ssize_t n;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		char *slash;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (strcmp(exe, NW_BUILDDIR) == 0)
				return NW_BUILDDIR "/plugins/.libs";
		}
	}
	return NW_PLUGINDIR;
}

static const char *kind_prefix(enum nw_plugin_kind kind)
{
	return kind == NW_PLUGIN_SOURCE ? "src_" : "notify_";
}

static int load_file(struct nw_plugins *reg, const char *path, const struct nw_plugin **out, char *err,
		     size_t errlen)
{
	struct plugin_entry *nv;
	const struct nw_plugin *p;
	void *dl;

	for (size_t i = 0; i < reg->n; i++) {
		if (strcmp(reg->v[i].path, path) == 0) {
			*out = reg->v[i].p;
			return 0;
		}
	}
	if (access(path, R_OK) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -ENOENT;
	}
	dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!dl) {
		snprintf(err, errlen, "cannot load %s", dlerror());
		return -ENOEXEC;
	}
	p = dlsym(dl, "nw_plugin");
	if (!p) {
		snprintf(err, errlen, "%s: no nw_plugin symbol: not a newswatch plugin", path);
		dlclose(dl);
		return -ENOEXEC;
	}
	if (p->abi != NW_PLUGIN_ABI) {
		snprintf(err, errlen, "%s: plugin ABI %u, this newswatch needs %u: rebuild the plugin",
			 path, p->abi, NW_PLUGIN_ABI);
		dlclose(dl);
		return -ENOEXEC;
	}
	nv = realloc(reg->v, (reg->n + 1) * sizeof *nv);
	if (!nv || !(nv[reg->n].path = strdup(path))) {
		if (nv)
			reg->v = nv;
		dlclose(dl);
		return -ENOMEM;
	}
	reg->v = nv;
	nv[reg->n].dl = dl;
	nv[reg->n].p = p;
	reg->n++;
	*out = p;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What a plugin name that is not in dir may have meant, for its error: "; did you mean
 * 'html'?" for a typo (in any case: RSS, Webhook), "; 'webhook' is a notifier plugin, for
 * an [alert] section" for the other kind, else "; the source plugins there: exec, html, ..."
 * (empty when the folder cannot be read: the path in the error says where it looked). */
static void plugin_hint(const char *dir, enum nw_plugin_kind kind, const char *name, char *buf, size_t len)
{
	const char *prefix = kind_prefix(kind), *other = kind_prefix(kind == NW_PLUGIN_SOURCE ? NW_PLUGIN_NOTIFIER
												  : NW_PLUGIN_SOURCE);
	char lower[40], best[64] = "", list[512] = "", **names = NULL;
	int bd = nw_typo_limit(name), other_kind = 0;
	size_t n = 0, pl = strlen(prefix), ol = strlen(other), k;
	struct dirent *de;
	DIR *d;

	buf[0] = '\0';
	for (k = 0; name[k] && k + 1 < sizeof lower; k++)
		lower[k] = (char)(name[k] >= 'A' && name[k] <= 'Z' ? name[k] - 'A' + 'a' : name[k]);
	lower[k] = '\0';
	if (!(d = opendir(dir)))
		return;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		char **nv;
		if (l < 4 || strcmp(de->d_name + l - 3, ".so") != 0)
			continue;
		if (strncmp(de->d_name, other, ol) == 0 && l - 3 - ol == strlen(lower) &&
		    strncmp(de->d_name + ol, lower, l - 3 - ol) == 0)
			other_kind = 1;
		if (strncmp(de->d_name, prefix, pl) != 0 || l - 3 == pl)
			continue;
		if (!(nv = realloc(names, (n + 1) * sizeof *nv)) || !(nv[n] = strndup(de->d_name + pl, l - 3 - pl))) {
			names = nv ? nv : names;
			break;
		}
		names = nv;
		n++;
	}
	closedir(d);
	if (n) /* names is NULL when the folder holds none of the kind: qsort's base must not be */
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		int dist = nw_edit_distance(lower, names[i]);
		if (dist < bd) {
			bd = dist;
			snprintf(best, sizeof best, "%s", names[i]);
		}
		if (strlen(list) + strlen(names[i]) + 3 < sizeof list)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", names[i]);
		free(names[i]);
	}
	free(names);
	if (*best)
		snprintf(buf, len, "; did you mean '%s'?", best);
	else if (other_kind)
		snprintf(buf, len, "; '%s' is a %s plugin, for an [%s] section", lower,
			 kind == NW_PLUGIN_SOURCE ? "notifier" : "source", kind == NW_PLUGIN_SOURCE ? "alert NAME" : "feed NAME");
	else if (*list)
		snprintf(buf, len, "; the %s plugins there: %s", kind == NW_PLUGIN_SOURCE ? "source" : "notifier", list);
}

int nw_plugins_get(struct nw_plugins *reg, const char *dir, enum nw_plugin_kind kind, const char *name,
		   const struct nw_plugin **out, char *err, size_t errlen)
{
	char path[PATH_MAX], hint[640];
	int r;

	if (!dir)
		dir = nw_plugins_default_dir();
	for (const char *c = name; *c; c++) {
		if (!(*c >= 'a' && *c <= 'z') && !(*c >= '0' && *c <= '9') && *c != '_' && *c != '-') {
			plugin_hint(dir, kind, name, hint, sizeof hint);
			snprintf(err, errlen, "plugin name '%s' may only hold a-z, 0-9, _ and -%s", name, hint);
			return -EINVAL;
		}
	}
	snprintf(path, sizeof path, "%s/%s%s.so", dir, kind_prefix(kind), name);
	r = load_file(reg, path, out, err, errlen);
	if (r == -ENOENT) {
		plugin_hint(dir, kind, name, hint, sizeof hint);
		snprintf(err, errlen, "no %s plugin '%s' (looked for %s)%s",
			 kind == NW_PLUGIN_SOURCE ? "source" : "notifier", name, path, hint);
		return r;
	}
	if (r)
		return r;
	if ((*out)->kind != kind || !(*out)->name || strcmp((*out)->name, name) != 0 ||
	    (kind == NW_PLUGIN_SOURCE && !(*out)->parse) || (kind == NW_PLUGIN_NOTIFIER && !(*out)->deliver && !(*out)->prepare)) {
		snprintf(err, errlen, "%s does not describe itself as %s plugin '%s'", path,
			 kind == NW_PLUGIN_SOURCE ? "source" : "notifier", name);
		return -ENOEXEC;
	}
	return 0;
}

int nw_plugins_dump(struct nw_plugins *reg, const char *dir, FILE *fp)
{
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	int rc = 0;
	DIR *d;

	if (!dir)
		dir = nw_plugins_default_dir();
	d = opendir(dir);
	if (!d) { /* on stderr: a list of the core's options alone looks complete */
		rc = -errno;
		log_warnx("cannot read the plugin folder %s: %s: only the core's options are listed%s", dir,
			  strerror(-rc), getenv("NEWSWATCH_PLUGIN_DIR") && *getenv("NEWSWATCH_PLUGIN_DIR")
						 ? " (the folder comes from NEWSWATCH_PLUGIN_DIR)" : "");
		return rc;
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		char **nv;
		if (l < 4 || strcmp(de->d_name + l - 3, ".so") != 0)
			continue;
		if (strncmp(de->d_name, "src_", 4) != 0 && strncmp(de->d_name, "notify_", 7) != 0)
			continue;
		nv = realloc(names, (n + 1) * sizeof *nv);
		if (!nv)
			break;
		names = nv;
		names[n++] = strndup(de->d_name, l - 3);
	}
	closedir(d);
	if (n) /* names is NULL when the folder has no plugin: qsort's argument may not be */
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		int src = strncmp(names[i], "src_", 4) == 0;
		const struct nw_plugin *p;
		char err[512], title[160];
		if (nw_plugins_get(reg, dir, src ? NW_PLUGIN_SOURCE : NW_PLUGIN_NOTIFIER,
				   names[i] + (src ? 4 : 7), &p, err, sizeof err) == 0) {
			snprintf(title, sizeof title, "%s plugin = %s", src ? "feed" : "alert", p->name);
			nw_opt_dump(fp, title, p->options);
		} else {
			log_warnx("%s: its options are not listed", err);
			rc = -ENOEXEC;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int nw_plugin_inst_new(struct nw_plugin_inst *inst, const struct nw_plugin *p)
{
	inst->p = p;
	inst->ready = 0;
	inst->ctx = calloc(1, p->ctx_size ? p->ctx_size : 1);
	if (!inst->ctx)
		return -ENOMEM;
	if (nw_opt_defaults(p->options, inst->ctx)) {
		free(inst->ctx);
		inst->ctx = NULL;
		return -EINVAL;
	}
	return 0;
}

void nw_plugin_inst_free(struct nw_plugin_inst *inst)
{
	if (!inst->ctx)
		return;
	if (inst->ready && inst->p->fini)
		inst->p->fini(inst->ctx);
	nw_opt_free(inst->p->options, inst->ctx);
	free(inst->ctx);
	inst->ctx = NULL;
}
