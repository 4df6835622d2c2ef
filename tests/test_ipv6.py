"""The IPv6 audit of `check`: the hosts the output refers to, IPv4 literals, AAAA records (no network needed)."""
from __future__ import annotations

import socket

import pytest

from conftest import BASE_CONFIG, doc

from gongkai.checks import ipv6
from gongkai.problems import Report

PAGE = doc(body='<img src="https://cdn.example.com/a.png" alt="图">\n\n[外部网站](https://www.gov.cn/zhengce/)\n')


def test_check_lists_every_host_the_output_refers_to(site, cli):
    root = site({"content/qtxx/a.md": PAGE})
    run = cli("check", "--site", root)
    assert run.code == 0
    assert "输出引用的外部主机：cdn.example.com、www.gov.cn" in run.err
    assert "content/qtxx/a.md:7: 警告：页面 qtxx/a.html 引用了第三方资源“https://cdn.example.com/a.png”" in run.err


def test_check_resolve_warns_for_hosts_without_aaaa(site, cli, monkeypatch):
    root = site({"content/qtxx/a.md": PAGE})
    asked = []

    def resolver(host: str) -> bool:
        asked.append(host)
        return host == "www.gov.cn"
    monkeypatch.setattr(ipv6, "has_aaaa", resolver)
    run = cli("check", "--site", root, "--resolve")
    assert sorted(asked) == ["cdn.example.com", "www.gov.cn", "www.test.gov.cn"]
    assert "config.yaml:3: 警告：本站域名 www.test.gov.cn 没有 AAAA 记录" in run.err
    assert "content/qtxx/a.md:1: 警告：页面引用的外部主机 cdn.example.com 没有 AAAA 记录" in run.err
    assert "www.gov.cn 没有" not in run.err
    assert run.code == 0
    assert cli("check", "--site", root, "--resolve", "--strict").code == 1


def test_without_resolve_nothing_is_looked_up(site, cli, monkeypatch):
    root = site({"content/qtxx/a.md": PAGE})
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: pytest.fail("looked up a name"))
    assert cli("check", "--site", root).code == 0


def test_the_system_resolver_answers_without_the_network():
    assert ipv6.has_aaaa("::1")
    assert not ipv6.has_aaaa("127.0.0.1")
    assert not ipv6.has_aaaa("no-such-host.invalid")


def test_ipv4_literal_link_is_an_error(site, cli):
    root = site({"content/qtxx/a.md": doc(body="[旧网站](http://192.0.2.7/xxgk/)\n")})
    run = cli("check", "--site", root)
    assert run.code == 1 and "使用了 IPv4 地址链接“http://192.0.2.7/xxgk/”" in run.err


def test_check_aaaa_reports_each_host_once_at_its_first_source(tmp_path):
    (tmp_path / "config.yaml").write_text(BASE_CONFIG, encoding="utf-8")
    report = Report()
    ipv6.check_aaaa(tmp_path, "www.test.gov.cn", {"a.example": "content/x.md", "": "content/y.md"}, report,
                    resolver=lambda host: False)
    assert [p.format() for p in report.sorted()] == [
        "config.yaml:3: 警告：本站域名 www.test.gov.cn 没有 AAAA 记录，IPv6 用户无法访问；请联系域名解析和服务器管理员开通 IPv6",
        "content/x.md:1: 警告：页面引用的外部主机 a.example 没有 AAAA 记录，IPv6 用户无法访问该内容；请改为本站托管或换用支持 IPv6 的地址",
    ]
