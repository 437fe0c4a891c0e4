"""Checks on a resolved build that a user should hear about at build time, not only from `kg validate`.

Merging what several articles say can make a node contradict itself: one article has a country
take part in a meeting, another has it absent. Each such case is named with the articles behind
both sides, so the user can read them and decide.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Contradiction:
    """A meeting node that has a country both taking part (as participant or host) and absent."""

    meeting: str                 # the meeting's IRI
    label: str                   # the meeting's label
    country: str                 # ISO 3166 alpha-2 code
    country_label: str
    present: tuple[str, ...]     # identifiers of the articles that have the country take part
    absent: tuple[str, ...]      # identifiers of the articles that have it absent

    def message(self) -> str:
        """One line for people: which meeting, which country, which articles say what."""
        return (f"{self.label} <{self.meeting}>: {self.country_label} ({self.country}) takes part according to "
                f"{', '.join(self.present)} but is absent according to {', '.join(self.absent)}")


def contradictions(resolution) -> list[Contradiction]:
    """Every (meeting, country) the merged articles place both at the meeting and absent from it, sorted."""
    from kg.extract import gazetteer

    meetings = {(facts.article.id, m.key): m for facts in resolution.facts for m in facts.meetings}
    labels = gazetteer.countries().label
    found = []
    for node in resolution.meetings.values():
        present: dict[str, set[str]] = {}
        absent: dict[str, set[str]] = {}
        for article, key in node.members:
            meeting = meetings.get((article, key))
            if meeting is None:
                continue
            for code in set(meeting.participants) | set(meeting.hosts):
                present.setdefault(code, set()).add(article)
            for code in meeting.absent:
                absent.setdefault(code, set()).add(article)
        for code in sorted(set(present) & set(absent)):
            found.append(Contradiction(node.iri, node.label, code, labels.get(code, code),
                                       tuple(sorted(present[code])), tuple(sorted(absent[code]))))
    return sorted(found, key=lambda c: (c.meeting, c.country))


def build_contradictions(result) -> list[Contradiction]:
    """`contradictions` of a build's resolution, kept in its cache beside the resolution they were found
    in: a rebuild that keeps the resolution (its changed articles resolve as before) reads them back."""
    import pickle
    from pathlib import Path

    from kg.build.cache import write_atomic

    snapshot = getattr(result, "snapshot", None)
    if snapshot is None or result.cache_dir is None:
        return contradictions(result.resolution)
    path = Path(result.cache_dir) / "contradictions.pickle"
    try:
        token, found = pickle.loads(path.read_bytes())
        if token == snapshot.token and all(isinstance(c, Contradiction) for c in found):
            return found
    except Exception:   # absent or damaged: look again
        pass
    found = contradictions(result.resolution)
    write_atomic(str(path), pickle.dumps((snapshot.token, found), protocol=pickle.HIGHEST_PROTOCOL))
    return found
