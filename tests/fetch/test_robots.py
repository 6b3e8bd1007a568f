"""robots.txt rules for our agent."""

from __future__ import annotations

from pipeline.robots import RobotsRules, origin, robots_url

UA = "Kabarchy/0.1 (+https://example.org; news monitor)"


def test_group_for_our_agent_wins_over_star() -> None:
    rules = RobotsRules.parse(b"User-agent: *\nDisallow: /\n\nUser-agent: Kabarchy\nDisallow: /admin/\n")
    assert rules.allows("https://news.example/politics/1", UA)
    assert not rules.allows("https://news.example/admin/x", UA)
    assert not rules.allows("https://news.example/politics/1", "OtherBot/1.0")


def test_crawl_delay() -> None:
    rules = RobotsRules.parse(b"User-agent: *\nCrawl-delay: 5\nDisallow: /tmp/\n")
    assert rules.crawl_delay(UA) == 5.0
    assert RobotsRules.parse(b"User-agent: *\nDisallow:\n").crawl_delay(UA) is None


def test_allow_all_and_empty_file() -> None:
    assert RobotsRules.allow_all().allows("https://news.example/anything", UA)
    assert RobotsRules.allow_all().crawl_delay(UA) is None
    assert RobotsRules.parse(b"").allows("https://news.example/anything", UA)


def test_origin_keeps_scheme_and_port() -> None:
    assert origin("HTTPS://News.Example:8443/a/b?c") == "https://news.example:8443"
    assert robots_url("http://news.example/a/b") == "http://news.example/robots.txt"
