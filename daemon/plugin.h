/* plugin.h — finding, loading and checking plugins (dlopen), and per-instance contexts
 * configured through each plugin's option table. */
#ifndef NW_PLUGIN_LOADER_H
#define NW_PLUGIN_LOADER_H
#include <stdio.h>
#include "newswatch-plugin.h"

struct nw_plugins;

/* A registry of loaded plugins; lives as long as anything uses them (across reloads). */
struct nw_plugins *nw_plugins_new(void);
void nw_plugins_free(struct nw_plugins *reg);
/* The folder plugins come from when the conf names none: $NEWSWATCH_PLUGIN_DIR, else the
 * build tree's plugins for a binary run from the build tree, else the installed folder. */
const char *nw_plugins_default_dir(void);
/* Load (once) plugin NAME of KIND from DIR: file src_NAME.so or notify_NAME.so. */
int nw_plugins_get(struct nw_plugins *reg, const char *dir, enum nw_plugin_kind kind, const char *name,
		   const struct nw_plugin **out, char *err, size_t errlen);
/* --dump-options for every plugin found in dir: 0, or -errno when the folder cannot be read
 * or a plugin in it cannot be loaded (warned about; the others are listed). */
int nw_plugins_dump(struct nw_plugins *reg, const char *dir, FILE *fp);

struct nw_plugin_inst {
	const struct nw_plugin *p;
	void *ctx;
	int ready; /* init() succeeded: fini() is due */
};
int nw_plugin_inst_new(struct nw_plugin_inst *inst, const struct nw_plugin *p);
void nw_plugin_inst_free(struct nw_plugin_inst *inst);
#endif
