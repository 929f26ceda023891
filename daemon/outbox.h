/* outbox.h — delivering queued alerts from the store through each channel's notifier, in
 * the order they were raised, with backoff between attempts and an age limit. */
#ifndef NW_OUTBOX_H
#define NW_OUTBOX_H
#include "conf.h"
#include "store.h"

struct nw_outbox_stats {
	size_t sent, retried, failed;
};

/* Deliver what is due at now on every channel of conf. A channel stops at its first alert
 * that must wait, so later alerts never overtake it. 0 or -EIO (store error). */
int nw_outbox_deliver(struct nw_store *st, const struct nw_conf *conf, int64_t now, struct nw_outbox_stats *stats);
/* Send one test alert through a channel now (`newswatch alert-test`). 0, or -errno with err. */
int nw_outbox_test(const struct nw_alert_conf *ac, char *err, size_t errlen);
#endif
