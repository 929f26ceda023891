#!/bin/bash
# exec-feed.sh — a feed written as a script, for the exec source plugin's integration test:
# prints a small RSS 2.0 feed with a Korean item on stdout.
#   exec-feed.sh [--sleep SECONDS] [TAG]
# TAG (one argument, spaces kept) is appended to the channel title, so a test can check that
# quoted words arrive as one argv entry; --sleep waits first, for the timeout test.
set -euo pipefail

if [[ ${1:-} == --sleep ]]; then
	sleep "${2:?--sleep needs seconds}"
	shift 2
fi
tag=${1:-}

cat <<FEED
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
<title>exec 피드${tag:+ [$tag]}</title>
<link>https://exec.example.com/</link>
<description>A feed printed by a command</description>
<language>ko</language>
<item>
<title>오픈AI, 샘 알트먼 CEO 복귀 합의… 마이크로소프트 이사회 참관</title>
<link>https://exec.example.com/news/1</link>
<guid isPermaLink="false">exec-feed-1</guid>
<pubDate>Wed, 22 Nov 2023 06:30:00 GMT</pubDate>
<description>오픈AI가 샘 알트먼을 최고경영자(CEO)로 다시 맞기로 했다. 마이크로소프트는 이사회에 참관인 자격으로 참여한다.</description>
</item>
<item>
<title>Exec feed: second item</title>
<link>https://exec.example.com/news/2</link>
<guid isPermaLink="false">exec-feed-2</guid>
<pubDate>Tue, 21 Nov 2023 09:00:00 GMT</pubDate>
</item>
</channel>
</rss>
FEED
