"""Split RDF files into hash buckets of subjects on disk, in one pass, for chunked validation.

N-Triples and N-Quads files are split line by line, without parsing, by several processes at
once (each takes a byte range); other formats are parsed with pyoxigraph. A chunk's data is
the lines of its buckets plus the shared lines (see kg.validate.parallel); the chunk's parser
then checks the syntax.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import RdfLoadError
from kg.namespaces import DCTERMS, DIP, RDF, RDFS
from kg.validate.chunks import ShapesAnalysis, marker, superclasses

LINE_FORMATS = {"nt", "nq"}  # one triple or quad per line: split without parsing
_TYPE = f"<{RDF}type>".encode()
_SUBCLASS = f"<{RDFS}subClassOf>".encode()
_IDENTIFIER = f"<{DCTERMS}identifier>".encode()
_REPORT_PREDICATES = {RDFS + "label", DIP + "source", DCTERMS + "identifier"}  # see kg.validate.outcome._focus_context
_CHECK_BYTES = 4 << 20  # parse dropped lines in batches of this size
_MIN_RANGE = 4 << 20  # bytes: smaller files are not split between processes


class StaleClasses(Exception):
    """The data adds rdfs:subClassOf triples that change which types the chunks must share."""


@dataclass
class Partition:
    """The data split into hash buckets on disk (one set of files per splitting process)."""

    folder: Path
    buckets: int
    parts: list[str]  # sub-folders, one per splitting process
    counts: list[int]  # lines per bucket, over all parts
    shared_count: int  # lines every chunk gets
    chunks: list[list[int]] = field(default_factory=list)  # bucket numbers per chunk

    def bucket_files(self, number: int) -> list[Path]:
        return [self.folder / part / f"bucket-{number:05d}.nq" for part in self.parts]

    def shared_files(self) -> list[Path]:
        return [self.folder / part / "shared.nq" for part in self.parts]

    def type_files(self) -> list[Path]:
        """rdf:type triples of IRIs whose class a sh:class asks for: each chunk takes those of its nodes."""
        return [self.folder / part / "types.nq" for part in self.parts]

    def identifier_files(self) -> list[Path]:
        return [self.folder / part / "identifiers.nq" for part in self.parts]


def owner(term: str, buckets: int) -> int:
    """The bucket of a node written in N-Triples syntax (<iri> or _:label): a stable hash."""
    return zlib.crc32(term.encode("utf-8")) % buckets


class _Splitter:
    """Writes lines of one process into its bucket, shared and identifier files."""

    def __init__(self, folder: Path, *, buckets: int, analysis: ShapesAnalysis, subclass_of: dict, in_ontology: bool):
        folder.mkdir(parents=True, exist_ok=True)
        self.buckets = buckets
        self.handles = [open(folder / f"bucket-{n:05d}.nq", "wb", buffering=1 << 16) for n in range(buckets)]
        self.shared = open(folder / "shared.nq", "wb")
        self.types = open(folder / "types.nq", "wb")
        self.ids = open(folder / "identifiers.nq", "wb")
        self.counts = [0] * buckets
        self.shared_count = 0
        self.stale = False
        self.in_ontology = in_ontology
        self.analysis = analysis
        self.subclass_of = subclass_of
        self.watched = analysis.class_checks | set(analysis.target_classes)
        self.shared_predicates = {f"<{p}>".encode() for p in analysis.shared_predicates}
        # what the report needs of a focus node besides: its label and source articles
        kept = None if analysis.read_predicates is None else analysis.read_predicates | _REPORT_PREDICATES
        self.read = None if kept is None else {f"<{p}>".encode() for p in kept}
        self.markers = {c: f"<{marker(i)}>".encode() for i, c in enumerate(analysis.target_classes)}
        self.plans: dict[bytes, tuple[bool, list[bytes], bool]] = {}
        self.check = True  # parse the lines no chunk gets (files split without parsing)
        self.dropped: list[bytes] = []
        self.dropped_bytes = 0

    def plan(self, cls: bytes):
        """(is this type shared with every chunk?, marker predicates, can no shape read it?) for an rdf:type object.

        A type no shape reads is of a class that is neither targeted nor asked for by sh:class (nor
        below one of those) and that no shape on sh:path rdf:type names; such lines are dropped.
        """
        plan = self.plans.get(cls)
        if plan is None:
            name = cls[1:-1].decode("utf-8") if cls.startswith(b"<") else ""
            supers = superclasses(self.subclass_of, name) if name else set()
            values = self.analysis.type_values
            unread = bool(name) and self.read is not None and values is not None and name not in values \
                and not supers & self.watched
            plan = (bool(supers & self.analysis.class_checks),
                    [m for c, m in self.markers.items() if c in supers], unread)
            self.plans[cls] = plan
        return plan

    def add(self, s: bytes, p: bytes, o: bytes, line: bytes) -> None:
        """File one line (subject, predicate and object tokens given).

        Blank nodes' triples go to every chunk: a report describes a blank value node in full.
        Triples no shape reads are dropped, except the report's (label, source, identifier).
        """
        bucket = zlib.crc32(s) % self.buckets
        if p == _TYPE:
            to_share, markers, unread = self.plan(o)
            for predicate in markers:
                self.handles[bucket].write(b'%s %s "" .\n' % (s, predicate))
                self.counts[bucket] += 1
            if s.startswith(b"_:"):
                self.shared.write(line)
                self.shared_count += 1
                return
            if to_share:
                self.types.write(line)
                self.shared_count += 1
                return
            if unread and not self.stale:
                self._drop(line)
                return
        elif s.startswith(b"_:"):
            self.shared.write(line)
            self.shared_count += 1
            if p == _IDENTIFIER:
                self.ids.write(line)
            return
        elif p == _SUBCLASS:
            if not self.in_ontology and o.startswith(b"<"):
                parent = o[1:-1].decode("utf-8")
                child = s[1:-1].decode("utf-8") if s.startswith(b"<") else ""
                if parent not in self.subclass_of.get(child, ()) and superclasses(self.subclass_of, parent) & self.watched:
                    self.stale = True
            self.shared.write(line)
            self.shared_count += 1
            return
        elif p in self.shared_predicates:
            self.shared.write(line)
            self.shared_count += 1
            return
        elif p == _IDENTIFIER:
            self.ids.write(line)
        elif self.read is not None and p not in self.read:
            self._drop(line)
            return
        self.handles[bucket].write(line)
        self.counts[bucket] += 1

    def _drop(self, line: bytes) -> None:
        """Leave a line out of every chunk; when no chunk would parse it, check its syntax here."""
        if self.check:
            self.dropped.append(line)
            self.dropped_bytes += len(line)
            if self.dropped_bytes > _CHECK_BYTES:
                self.check_dropped()

    def check_dropped(self) -> None:
        """Parse the dropped lines (SyntaxError if one is not a triple or quad)."""
        import collections

        import pyoxigraph

        collections.deque(pyoxigraph.parse(b"".join(self.dropped), format=pyoxigraph.RdfFormat.N_QUADS), maxlen=0)
        self.dropped, self.dropped_bytes = [], 0

    def close(self):
        for handle in self.handles + [self.shared, self.types, self.ids]:
            handle.close()
        if self.dropped:
            self.check_dropped()
        return self.counts, self.shared_count, self.stale


def _split_range(path: Path, start: int, end: int, splitter: _Splitter) -> None:
    """File the lines of an N-Triples/N-Quads file that start in bytes [start, end)."""
    with open(path, "rb", buffering=1 << 20) as handle:
        if start:
            handle.seek(start - 1)
            position = start - 1 + len(handle.readline())
        else:
            position = 0
        add = splitter.add
        for line in handle:
            if position >= end:
                break
            position += len(line)
            tokens = line.split(None, 3)
            if len(tokens) < 3 or tokens[0].startswith(b"#"):
                continue  # blank line or comment
            s, p, o = tokens[0], tokens[1], tokens[2]
            if b"\\" in s:  # an escaped IRI: write the subject as the parser will read it
                s = _normalised_subject(line, path)
            if not line.endswith(b"\n"):
                line += b"\n"
            add(s, p, o, line.lstrip())


def _normalised_subject(line: bytes, path: Path) -> bytes:
    """The subject of one line in pyoxigraph's N-Triples form (escapes resolved)."""
    import pyoxigraph

    try:
        quad = next(iter(pyoxigraph.parse(line, format=pyoxigraph.RdfFormat.N_QUADS)))
    except (SyntaxError, ValueError, StopIteration) as exc:
        raise RdfLoadError(path, f"does not parse as nq: {exc}") from None
    return str(quad.subject).encode("utf-8")


def _split_parsed(path: Path, fmt: str, splitter: _Splitter) -> None:
    """File the triples of a file in any format, parsed with pyoxigraph (graph names are kept)."""
    import pyoxigraph

    from kg.rdf.files import ox_format

    if not path.is_file():
        raise RdfLoadError(path, "no such file")
    try:
        for quad in pyoxigraph.parse(path=str(path), format=ox_format(fmt)):
            s, p, o = str(quad.subject).encode(), str(quad.predicate).encode(), str(quad.object).encode()
            graph = quad.graph_name
            g = b"" if isinstance(graph, pyoxigraph.DefaultGraph) else b" " + str(graph).encode()
            splitter.add(s, p, o, b"%s %s %s%s .\n" % (s, p, o, g))
    except (SyntaxError, ValueError, OSError) as exc:
        raise RdfLoadError(path, f"does not parse as {fmt}: {exc}") from None


def _ontology_classes(ontology_paths) -> dict[str, set[str]]:
    """rdfs:subClassOf between IRIs in the ontology files: class -> its direct superclasses."""
    import pyoxigraph

    from kg.rdf.files import guess_format, ox_format

    subclass_of: dict[str, set[str]] = {}
    for path in ontology_paths:
        try:
            for quad in pyoxigraph.parse(path=str(path), format=ox_format(guess_format(path))):
                if quad.predicate.value == RDFS + "subClassOf" and isinstance(quad.object, pyoxigraph.NamedNode) \
                        and isinstance(quad.subject, pyoxigraph.NamedNode):
                    subclass_of.setdefault(quad.subject.value, set()).add(quad.object.value)
        except (SyntaxError, ValueError, OSError) as exc:
            raise RdfLoadError(path, f"does not parse: {exc}") from None
    return subclass_of


def _run_part(task):
    """Split the byte ranges of one process into its own folder; return its counts."""
    folder, ranges, buckets, analysis, subclass_of = task
    splitter = _Splitter(Path(folder), buckets=buckets, analysis=analysis, subclass_of=subclass_of, in_ontology=False)
    try:
        for path, start, end in ranges:
            _split_range(Path(path), start, end, splitter)
    finally:
        result = splitter.close()
    return result


def partition(paths, ontology_paths, *, analysis: ShapesAnalysis, folder: Path, buckets: int, jobs: int) -> Partition:
    """Split the ontology and data files into `buckets` subject buckets under `folder`, with `jobs` processes.

    Raises StaleClasses if the data files declare subclasses of checked or targeted classes
    that the ontology does not (the shared types were chosen from the ontology's classes).
    """
    from kg.rdf.files import guess_format

    subclass_of = _ontology_classes(ontology_paths)
    line_files, other_files = [], []
    for path in map(Path, paths):
        fmt = guess_format(path)
        if not path.is_file():
            raise RdfLoadError(path, "no such file")
        (line_files if fmt in LINE_FORMATS else other_files).append((path, fmt))
    ranges: list[list[tuple[str, int, int]]] = [[] for _ in range(max(1, jobs))]
    for path, _ in line_files:
        size = path.stat().st_size
        pieces = max(1, min(len(ranges), size // _MIN_RANGE))
        for i in range(pieces):
            ranges[i].append((str(path), size * i // pieces, size * (i + 1) // pieces))
    ranges = [r for r in ranges if r]

    main = _Splitter(folder / "p-main", buckets=buckets, analysis=analysis, subclass_of=subclass_of, in_ontology=True)
    main.check = False  # its files are parsed
    try:
        for path in map(Path, ontology_paths):
            _split_parsed(path, guess_format(path), main)
        main.in_ontology = False
        for path, fmt in other_files:
            _split_parsed(path, fmt, main)
    finally:
        outcomes = [main.close()]
    tasks = [(str(folder / f"p-{i}"), r, buckets, analysis, subclass_of) for i, r in enumerate(ranges)]
    outcomes += _map(_run_part, tasks)
    counts = [sum(c[n] for c, _, _ in outcomes) for n in range(buckets)]
    if any(stale for _, _, stale in outcomes):
        raise StaleClasses()
    parts = ["p-main"] + [f"p-{i}" for i in range(len(ranges))]
    return Partition(folder, buckets, parts, counts, sum(shared for _, shared, _ in outcomes))


def _map(function, tasks):
    """`function` over `tasks`, in forked processes when there are several."""
    if len(tasks) <= 1:
        return [function(task) for task in tasks]
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(len(tasks)) as pool:
        return pool.map(function, tasks)


def group(counts: list[int], *, size: int) -> list[list[int]]:
    """Consecutive buckets packed into chunks of at most `size` lines (a bigger bucket is one chunk)."""
    chunks: list[list[int]] = [[]]
    total = 0
    for number, count in enumerate(counts):
        if chunks[-1] and total + count > size:
            chunks.append([])
            total = 0
        chunks[-1].append(number)
        total += count
    return chunks
