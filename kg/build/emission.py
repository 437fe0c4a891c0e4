"""Emission for a build: article graphs made in parallel worker processes and cached between builds.

kg.rdf.emit says which quads a resolution makes; this module runs that for a build: each article's
graph in a forked worker (they share the resolution), read back from the graph cache when its
article and resolved IRIs have not changed, then the resolved graph.
"""
from __future__ import annotations

import hashlib

from kg.build.cache import GraphCache, emitter_version, entry_key
from kg.build.parallel import ordered_map
from kg.model import ArticleFacts
from kg.rdf import emit
from kg.resolve import Resolution


def emit_nquads(resolution: Resolution, *, jobs: int = 1, cache_dir=None, stats=None, load=None,
                evidence: str = "full", resolved=None, previous: dict | None = None, made: dict | None = None):
    """Yield (graph IRI, quad count, N-Quads bytes) graph by graph, as `emit_keys` orders them.

    The articles' graphs are made in `jobs` forked processes (they share the resolution with this
    one), so emission scales with the cores. With `cache_dir`, a graph whose article and resolved
    IRIs are unchanged since an earlier build is read back instead of made (`stats`: a CacheStats).
    `load` turns the resolution's facts into full ones when they were kept slim. `resolved` is the
    resolved graph's N-Quads when they are known already (kept from an earlier build), as bytes or
    as a `Reused`. `previous` maps graph keys to records of graphs known already (a `Reused` of an
    earlier output, a kg.build.sync.Stored of a store; each with its `count`): such a graph is
    yielded as its record in place of bytes. `made` gets {graph IRI: graph key} of every
    article graph that only its own key decides (one that puts no quads in other graphs).
    """
    groups = emit.article_groups(resolution)
    _SHARED.update(resolution=resolution, groups=groups, cache=GraphCache(cache_dir) if cache_dir else None,
                   load=load, evidence=emit.check_evidence(evidence), previous=previous or {})
    countries = {code for _, group in groups for facts in group for code in emit.article_countries(facts)}
    rest: set[emit.Key] = set()
    try:
        for g, count, data, others, hit, key in _reused_first(groups, jobs=jobs):
            rest.update(others)
            if stats is not None:
                stats.hits += hit
                stats.misses += not hit
            if made is not None and key is not None and not others:
                made[g] = key
            yield g, count, data
    finally:
        _SHARED.clear()
    if resolved is not None and not rest:
        from kg.ids import RESOLVED_GRAPH

        yield RESOLVED_GRAPH, quad_count(resolved), resolved
        return
    for g, keys in emit.resolved_chunks(resolution, rest, countries):
        yield g, len(keys), emit.serialize_keys([keys], fmt="nq")


_SHARED: dict = {}   # what forked emission workers read: set by emit_nquads before the fork


def _reused_first(groups, *, jobs: int):
    """The `_nquads_task` results of every group, in order: the graphs an earlier output holds are
    found here (a hash each), and only the others are sent to the workers."""
    previous = _SHARED["previous"]
    if not previous or _SHARED["cache"] is None:
        yield from ordered_map(_nquads_task, range(len(groups)), jobs=jobs, min_per_job=4)
        return
    resolution, evidence = _SHARED["resolution"], _SHARED["evidence"]
    found = {}
    for index, (g, group) in enumerate(groups):
        key = graph_key(group, resolution, evidence=evidence)
        if key in previous:
            found[index] = (g, previous[key].count, previous[key], set(), True, key)
    made = ordered_map(_nquads_task, [i for i in range(len(groups)) if i not in found], jobs=jobs, min_per_job=4)
    for index in range(len(groups)):
        yield found[index] if index in found else next(made)


def _nquads_task(index: int):
    """Worker: (graph, quad count, N-Quads bytes, keys put in other graphs, whether it came from the
    cache, its graph key)."""
    g, group = _SHARED["groups"][index]
    resolution, cache, evidence = _SHARED["resolution"], _SHARED["cache"], _SHARED["evidence"]
    key = graph_key(group, resolution, evidence=evidence) if cache is not None else None
    if key is not None:   # (graphs an earlier output holds never come here: see _reused_first)
        data = cache.get_bytes(key)
        if data is not None:
            return g, data.count(b"\n"), data, set(), True, key
    if _SHARED["load"] is not None:
        group = [_SHARED["load"](facts) for facts in group]
    mine, others = emit.article_keys(g, group, resolution, evidence=evidence)
    data = emit.serialize_keys([mine], fmt="nq")
    if key is not None and not others:
        cache.put_data(key, data)
    return g, data.count(b"\n"), data, others, False, key


def quad_count(data) -> int:
    """The quads in N-Quads bytes (one a line) or in a `Reused` graph."""
    return data.count(b"\n") if isinstance(data, bytes) else data.count


def graph_key(group: list[ArticleFacts], resolution: Resolution, *, evidence: str = "full") -> str:
    """What an article graph depends on, hashed: the emitter and evidence level, each article's facts
    and resolved IRIs."""
    parts = [emitter_version() + (f" evidence={evidence}" if evidence != "full" else "")]
    for facts in group:
        art = facts.article
        parts.append(entry_key(art.sha1, art.id))
        parts += [f"p {k} {resolution.person_iri.get((art.id, k), '')}" for k in sorted(facts.persons)]
        parts += [f"m {m.key} {resolution.meeting_iri.get((art.id, m.key), '')}" for m in facts.meetings]
    return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()
