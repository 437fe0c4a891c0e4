"""Load test of `kg serve` on loopback: concurrent clients over node pages, content negotiation and /sparql.

Each phase runs `--clients` threads for `--seconds`, each with its own keep-alive connection,
sending requests in turn from the phase's list and timing each one. Reported per phase: requests,
requests/s, p50 and p99 latency, and errors (any status but 200, or a failed connection). The
baselines are what a user would otherwise run, measured in the same run: the same queries on the
Oxigraph server (`oxigraph serve-read-only`, the server `kg serve` ran before it had pages), and the
same pages written by `kg site` and served by Python's threading http.server.

Traffic goes to 127.0.0.1 only, every loop stops at its deadline, and the servers are stopped.

    .venv/bin/python bench/bench_web.py [--store DIR] [--clients 32] [--seconds 20] [--phases mixed,sparql,...]
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import http.client
import http.server
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

PHASES = ("mixed", "sparql", "sparql-oxigraph", "pages", "pages-static")
HOST = "127.0.0.1"


def build_seeds(folder: Path) -> Path:
    """The seed articles built into a store under `folder`."""
    store = folder / "store"
    subprocess.run([sys.executable, "-m", "kg.cli", "build", "--no-cache", "-q", str(REPO / "seeds"),
                    "-o", str(folder / "seeds.trig"), "--into", str(store)], check=True)
    return store


def targets(store) -> dict[str, list[tuple[str, str]]]:
    """(path, Accept) lists: HTML pages, RDF descriptions, SPARQL queries (saved ones and small ones)."""
    from kg.namespaces import DIP, ID
    from kg.store.embedded import open_store
    from kg.store.sparql import saved_queries
    from kg.web.graph import GraphReader

    reader = GraphReader(open_store(store, read_only=True))
    nodes = [n.value for kind in ("Meeting", "Person", "Country", "City", "Article", "Statement")
             for n in reader.subjects("type", DIP + kind)[:8]]
    paths = ["/id/" + iri[len(ID):] for iri in nodes]
    pages = [("/", "text/html"), ("/search?q=minister", "text/html")] + [(p, "text/html") for p in paths]
    data = [(p, accept) for p in paths for accept in ("text/turtle", "application/ld+json", "application/n-triples")]
    queries = [q.text for q in saved_queries().values()] + [
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "ASK { ?m a dip:Meeting }",
        "SELECT ?p ?l WHERE { ?p a dip:Person ; rdfs:label ?l } LIMIT 20"]
    from kg.store.sparql import with_prefix_lines

    sparql = [("/sparql?query=" + quote(with_prefix_lines(q)), "application/sparql-results+json") for q in queries]
    return {"pages": pages, "data": data, "sparql": sparql}


@contextlib.contextmanager
def kg_server(store, workers: int):
    from web_servers import kg_serve

    with kg_serve(store, "--workers", str(workers), "--timeout", "30") as served:
        yield served.base


@contextlib.contextmanager
def oxigraph(store):
    from servers import oxigraph_server

    with oxigraph_server(store, read_write=False) as base:
        yield base


@contextlib.contextmanager
def static_site(store, folder: Path):
    """`kg site` output served by http.server (threading), with keep-alive."""
    subprocess.run([sys.executable, "-m", "kg.cli", "site", "-l", str(store), "-o", str(folder)], check=True,
                   capture_output=True)

    class Handler(http.server.SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True   # as the other servers do: no 40 ms wait per keep-alive answer

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer((HOST, 0), functools.partial(Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def hammer(base: str, requests: list[tuple[str, str]], *, clients: int, seconds: float) -> dict:
    """Run `clients` threads over `requests` for `seconds`; latencies (s) and errors."""
    host, port = base.removeprefix("http://").split(":")
    assert host == HOST, "the load test only talks to loopback"
    latencies: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int):
        mine, failed = [], {}
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        i = offset
        while time.monotonic() < deadline:
            path, accept = requests[i % len(requests)]
            i += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept": accept})
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=60)
            if status == 200:
                mine.append(time.perf_counter() - started)
            else:
                failed[str(status)] = failed.get(str(status), 0) + 1
        connection.close()
        with lock:
            latencies.extend(mine)
            for key, n in failed.items():
                errors[key] = errors.get(key, 0) + n

    threads = [threading.Thread(target=client, args=(k * 7,)) for k in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    return {"requests": len(latencies) + sum(errors.values()), "per_second": len(latencies) / elapsed,
            "p50": pct(0.50), "p99": pct(0.99), "errors": errors,
            "median": statistics.median(latencies) * 1000 if latencies else float("nan")}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="An embedded store to serve (default: the seeds, built now).")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2, help="kg serve --workers")
    parser.add_argument("--phases", default=",".join(PHASES), help=f"Comma-separated, from {', '.join(PHASES)}.")
    args = parser.parse_args(argv)
    phases = [p for p in args.phases.split(",") if p]
    unknown = set(phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phase(s): {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        store = Path(args.store) if args.store else build_seeds(Path(tmp))
        lists = targets(store)
        requests = {
            "mixed": [r for pair in zip(lists["pages"] * 3, lists["data"], lists["sparql"] * 8) for r in pair],
            "sparql": lists["sparql"], "pages": lists["pages"],
            "sparql-oxigraph": [(p.replace("/sparql?", "/query?"), a) for p, a in lists["sparql"]],
            "pages-static": [("/index.html" if p == "/" else p + ".html", a) for p, a in lists["pages"] if "?" not in p],
        }
        servers = {"kg": lambda: kg_server(store, args.workers), "oxigraph": lambda: oxigraph(store),
                   "static": lambda: static_site(store, Path(tmp) / "site")}
        served_by = {"mixed": "kg", "sparql": "kg", "pages": "kg", "sparql-oxigraph": "oxigraph",
                     "pages-static": "static"}
        results = {}
        for name, start in servers.items():   # each server started once, for all of its phases
            mine = [p for p in phases if served_by[p] == name]
            if mine:
                with start() as base:
                    for phase in mine:
                        results[phase] = hammer(base, requests[phase], clients=args.clients, seconds=args.seconds)
        rows = [(phase, len(requests[phase]), results[phase]) for phase in phases]
    cpu = platform.processor() or platform.machine()
    print(f"Loopback load test: {args.clients} clients, {args.seconds:g} s per phase, kg serve --workers "
          f"{args.workers}; {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}\n")
    print("| phase | distinct requests | requests | requests/s | p50 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|---|")
    for phase, distinct, r in rows:
        errors = ", ".join(f"{k}: {n}" for k, n in sorted(r["errors"].items())) or "0"
        print(f"| {phase} | {distinct} | {r['requests']} | {r['per_second']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {errors} |")
    by = {phase: r for phase, _, r in rows}
    for mine, base, what in (("sparql", "sparql-oxigraph", "SPARQL, kg serve against the Oxigraph server"),
                             ("pages", "pages-static", "pages, kg serve against kg site's files on http.server")):
        if mine in by and base in by and by[base]["per_second"]:
            print(f"\n{what}: {by[mine]['per_second'] / by[base]['per_second']:.2f}× the requests/s")
    return 1 if any(r["errors"] for _, _, r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
