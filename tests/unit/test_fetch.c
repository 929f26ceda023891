/* test_fetch.c — the fetcher's table of hosts over many hosts: 700 transfers, each to a host
 * of its own (127.1.x.y, on a port nothing listens on: refused at once), started in waves
 * while the earlier ones still run or wait; each comes back once, and the idle hosts go, so
 * that the table holds about as many hosts as transfers run or wait, not every host ever
 * named (it kept them all, for as long as the daemon ran). */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cmocka.h>
#include <uv.h>
#include "conf.h"
#include "fetch.h"

#define N 700
#define WAVE 70

static int back, refused, most_hosts;

static void on_done(void *arg, struct nw_fetch_res *res)
{
	(void)arg;
	back++;
	refused += !res->ok;
}

/* a port on loopback that nothing listens on (it was free a moment ago) */
static int closed_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int s = socket(AF_INET, SOCK_STREAM, 0), port;

	assert_true(s >= 0);
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&a, &len), 0);
	port = ntohs(a.sin_port);
	close(s);
	return port;
}

static void many_hosts(void **state)
{
	struct nw_daemon_conf dc = { .per_host = 4, .max_transfers = 16, .timeout = 10000, .connect_timeout = 5000,
				     .low_speed_time = 30000, .max_size = 1 << 20, .user_agent = "test_fetch" };
	uv_loop_t loop;
	struct nw_fetcher *f;
	int port = closed_port(), started = 0;

	(void)state;
	assert_int_equal(uv_loop_init(&loop), 0);
	assert_non_null(f = nw_fetcher_new(&loop, &dc));
	while (started < N) {
		for (int i = 0; i < WAVE; i++, started++) {
			char url[64];
			struct nw_fetch_req req = { 0 };
			snprintf(url, sizeof url, "http://127.1.%d.%d:%d/feed.xml", started / 250, started % 250 + 1, port);
			req.url = url;
			assert_int_equal(nw_fetch_start(f, &req, on_done, NULL), 0);
			if ((int)nw_fetcher_hosts(f) > most_hosts)
				most_hosts = (int)nw_fetcher_hosts(f);
		}
		/* about half the wave back: the rest run or wait while the next wave comes */
		while (back < started - WAVE / 2 && uv_run(&loop, UV_RUN_ONCE))
			;
	}
	while (back < N && uv_run(&loop, UV_RUN_ONCE))
		;
	assert_int_equal(back, N);
	assert_int_equal(refused, N);
	if (most_hosts > 2 * 256 + WAVE)
		fail_msg("the fetcher held %d hosts at once for %d transfers at most running or waiting", most_hosts,
			 WAVE + WAVE / 2);
	nw_fetcher_close(f);
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&loop), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(many_hosts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
