"""The response cache: bounded in bytes, least recently used out first, and what it may never hold."""

from __future__ import annotations

import re

import httpx
import pytest

from lisllm.server.caching import ENTRY_OVERHEAD, Cached, GraphVersion, ResponseCache

from .test_protocol import SLOW, get


def entry(size: int) -> Cached:
    return Cached(b"x" * size, "text/plain", [], None)


def test_lru_bounded_in_bytes():
    lookups = []
    cache = ResponseCache(8 * (1000 + ENTRY_OVERHEAD), lambda kind, hit: lookups.append(hit))
    for n in range(8):
        cache.put(n, entry(1000))
    assert len(cache) == 8 and cache.bytes == 8 * (1000 + ENTRY_OVERHEAD)
    assert cache.get(0, "sparql") is not None          # 0 is now the most recently used
    cache.put(8, entry(1000))
    assert cache.get(1, "sparql") is None               # 1 was the least recently used
    assert cache.get(0, "sparql") is not None and cache.get(8, "sparql") is not None
    assert cache.bytes <= cache.capacity
    assert lookups == [True, False, True, True]


def test_an_answer_over_an_eighth_of_the_capacity_is_not_kept():
    cache = ResponseCache(80_000)
    cache.put("big", entry(20_000))
    cache.put("small", entry(5_000))
    assert cache.get("big", "sparql") is None and cache.get("small", "sparql") is not None


def test_gzip_forms_and_aliases_count_in_the_bytes():
    cache = ResponseCache(1 << 20)
    cache.put("key", Cached(b"abc " * 1000, "text/plain", [], None))
    before = cache.bytes
    cache.get("key", "sparql").gzipped()
    cache.grew("key")
    assert cache.bytes > before
    cache.remember(b"query=x", "key", None, 100)
    assert cache.recall(b"query=x")[0] == "key"
    assert cache.bytes == before + len(cache.get("key", "sparql").gzipped()) + 100 + ENTRY_OVERHEAD
    cache.put("key2", entry(10))
    cache.recall(b"query=x")
    many = ResponseCache(5 * (10 + ENTRY_OVERHEAD))
    for n in range(20):
        many.put(n, entry(10))
        many.remember(("alias", n), n, None, 10)
    assert many.bytes <= many.capacity


def test_a_capacity_of_zero_turns_caching_off():
    cache = ResponseCache(0)
    cache.put("key", entry(10))
    assert not cache.enabled and cache.get("key", "sparql") is None


def test_cache_control_follows_max_age():
    assert GraphVersion("v", 0.0, 60).cache_control() == "public, max-age=60"
    assert GraphVersion("v", 0.0, 0).cache_control() == "no-cache"


# --- over HTTP ----------------------------------------------------------------------------------

def metric(server, name: str, kind: str = "sparql") -> float:
    text = httpx.get(server.url + "/metrics").text
    found = re.search(rf'^{name}_total{{kind="{kind}"}} ([0-9.e+]+)$', text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_a_repeated_query_is_answered_from_the_cache(server):
    query = "SELECT ?case WHERE { ?case a lisllm:Case } ORDER BY ?case # cache test"
    hits, misses = metric(server, "lisllm_cache_hits"), metric(server, "lisllm_cache_misses")
    first, second = get(server, query), get(server, query)
    assert first.status_code == second.status_code == 200 and first.content == second.content
    assert first.headers["x-lisllm-cache"] == "miss" and second.headers["x-lisllm-cache"] == "hit"
    assert first.headers["etag"] == second.headers["etag"]
    assert second.headers["x-lisllm-rows"] == "4"
    assert metric(server, "lisllm_cache_hits") == hits + 1 and metric(server, "lisllm_cache_misses") == misses + 1
    assert "lisllm_cache_bytes" in httpx.get(server.url + "/metrics").text
    # The same question spelt another way is the same key: the Accept header negotiates the same type.
    assert get(server, query, "application/sparql-results+json, */*;q=0.1").headers["x-lisllm-cache"] == "hit"
    # POST shares the entry, without validators.
    posted = httpx.post(server.url + "/sparql", data={"query": query})
    assert posted.headers["x-lisllm-cache"] == "hit" and "etag" not in posted.headers
    assert posted.headers["cache-control"] == "no-store"
    revalidated = httpx.get(server.url + "/sparql", params={"query": query},
                            headers={"If-None-Match": first.headers["etag"]})
    assert revalidated.status_code == 304


def test_errors_and_timeouts_are_never_cached(server):
    broken = "SELECT ?x WHERE { ?x ?p } # never cached"
    hits = metric(server, "lisllm_cache_hits")
    assert get(server, broken).status_code == 400 and get(server, broken).status_code == 400
    timeouts = r'lisllm_sparql_timeouts_total ([0-9.]+)'
    before = float(re.search(timeouts, httpx.get(server.url + "/metrics").text).group(1))
    slow = SLOW + " # cache test"
    assert get(server, slow).status_code == 504
    assert get(server, slow).status_code == 504       # ran (and timed out) again: not a cached answer
    after = float(re.search(timeouts, httpx.get(server.url + "/metrics").text).group(1))
    assert after == before + 2
    assert metric(server, "lisllm_cache_hits") == hits


def test_answers_that_differ_between_runs_are_not_cached(server):
    query = "SELECT ?r WHERE { BIND(RAND() AS ?r) }"
    first, second = get(server, query), get(server, query)
    assert first.headers["x-lisllm-cache"] == second.headers["x-lisllm-cache"] == "miss"
    assert "etag" not in first.headers and first.headers["cache-control"] == "no-store"


def test_pages_and_the_home_page_use_the_cache(server):
    for path, accept in (("/id/case/japan-nii", "text/html"), ("/id/case/japan-nii.ttl", "*/*"),
                         ("/?lang=zh", "text/html")):
        first = httpx.get(server.url + path, headers={"Accept": accept})
        second = httpx.get(server.url + path, headers={"Accept": accept})
        assert first.status_code == second.status_code == 200, path
        assert second.headers["x-lisllm-cache"] == "hit" and first.content == second.content
        assert second.headers["cache-control"] == "public, max-age=60"
        assert httpx.get(server.url + path, headers={"Accept": accept, "If-None-Match": second.headers["etag"]}
                         ).status_code == 304
    assert metric(server, "lisllm_cache_hits", "page") >= 2 and metric(server, "lisllm_cache_hits", "home") >= 1


def test_a_cached_answer_is_sent_gzip_compressed(server):
    query = "CONSTRUCT WHERE { ?s ?p ?o } # gzip from the cache"
    for expected in ("miss", "hit"):
        with httpx.Client() as client:
            request = client.build_request("GET", server.url + "/sparql", params={"query": query},
                                           headers={"Accept-Encoding": "gzip", "Accept": "application/n-triples"})
            response = client.send(request, stream=True)
            raw = b"".join(response.iter_raw())
        assert response.headers["x-lisllm-cache"] == expected
        assert response.headers["content-encoding"] == "gzip" and int(response.headers["content-length"]) == len(raw)


@pytest.mark.parametrize("path", ["/id/case/japan-nii", "/"])
def test_unknown_accept_language_variants_do_not_share_an_entry(server, path):
    english = httpx.get(server.url + path, headers={"Accept": "text/html", "Accept-Language": "en"})
    chinese = httpx.get(server.url + path, headers={"Accept": "text/html", "Accept-Language": "zh-CN"})
    assert english.text != chinese.text and 'lang="zh"' in chinese.text
