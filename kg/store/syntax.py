"""SPARQL syntax errors in words: what is wrong, at which line and column, with a caret under it.

Oxigraph's parser reports a position and the grammar's expected tokens ("expected one of Prefix
not found, ['%'], ['-' | '0' ..= '9' ..."). That list is for parser authors; this module reads the
position, looks at the query text around it and says what a person should change.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# One alternative per token kind; strings and IRIs are matched whole so their contents are ignored.
TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00b7-\uffff]+)
    | (?P<word>[A-Za-z_\u00c0-\uffff][A-Za-z0-9_\-.\u00b7-\uffff]*(?::[^\s{}()\[\],;]*)?|:[^\s{}()\[\],;]*)
    | (?P<other>\S)
    """,
    re.VERBOSE,
)

_POSITION = re.compile(r"error at (\d+):(\d+)")
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
_PROLOGUE = ("PREFIX", "BASE")
_PAIRS = {"{": "}", "(": ")", "[": "]"}


@dataclass(frozen=True)
class Token:
    """One token of the query text: its kind (as TOKEN names it), text and 0-based offset."""

    kind: str
    text: str
    start: int


def tokens(sparql: str) -> list[Token]:
    """The tokens of a SPARQL text with their offsets (comments left out)."""
    found = []
    for match in TOKEN.finditer(sparql):
        kind = match.lastgroup or "other"
        if kind != "comment":
            found.append(Token(kind, match.group(), match.start()))
    return found


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def offset_of(text: str, line: int, col: int) -> int:
    """The character offset of a 1-based (line, column), clamped to the text."""
    lines = text.split("\n")
    line = max(1, min(line, len(lines)))
    return min(sum(len(x) + 1 for x in lines[: line - 1]) + max(col - 1, 0), len(text))


def caret(text: str, offset: int) -> str:
    """The line holding `offset`, and a caret under its column (tabs kept so the caret lines up)."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start: end if end >= 0 else len(text)]
    pad = "".join(c if c == "\t" else " " for c in line[: offset - start])
    return f"  {line}\n  {pad}^"


def explain(sparql: str, message: str, *, prefixes, update: bool = False) -> str:
    """A message for a SPARQL text the parser refused: the problem in words, its line and column, a caret.

    `message` is the parser's own message ("error at L:C: expected ..."); `prefixes` the prefixes
    the query may use without declaring them.
    """
    what = "SPARQL Update" if update else "SPARQL"
    found = _POSITION.search(message)
    at = offset_of(sparql, int(found.group(1)), int(found.group(2))) if found else len(sparql)
    if not tokens(sparql):
        return f"malformed {what}: the text is empty (or only comments)"
    problem, at = _diagnose(sparql, message, at, prefixes=prefixes, update=update)
    line, col = line_col(sparql, at)
    return f"malformed {what} at line {line}, column {col}: {problem}\n{caret(sparql, at)}"


def _diagnose(sparql: str, message: str, at: int, *, prefixes, update: bool) -> tuple[str, int]:
    """(what is wrong, the offset to point at) from the text and the parser's message."""
    toks = tokens(sparql)
    declared = {m.group(1) or "" for m in re.finditer(r"(?i)PREFIX\s+([A-Za-z][\w.-]*)?\s*:", sparql)}
    if "Prefix not found" in message:
        for tok in toks:
            if tok.kind == "word" and ":" in tok.text:
                name = tok.text.split(":", 1)[0]
                if name not in declared and name not in prefixes:
                    known = ", ".join(sorted(p for p in prefixes if p))
                    return (f"unknown prefix `{name}:`; declare it (PREFIX {name}: <...>) or use one of the "
                            f"built-in prefixes ({known})"), tok.start
    unclosed = _unclosed_string(toks)
    if unclosed is not None:
        return "this string is not closed: a quote mark is missing", unclosed.start
    form = _first_form(toks, update=update)
    if form is not None:
        return form
    bracket = _unbalanced(toks)
    if bracket is not None:
        return bracket
    if "IRI parsing failed" in message:
        iri = _iri_before(toks, at)
        if iri is not None and iri.start + len(iri.text) >= at - 1:
            hint = "" if ":" in iri.text else " (a relative IRI needs a BASE)"
            return f"{iri.text} is not a valid IRI{hint}", iri.start
        opening = sparql.rfind("<", 0, at)
        if opening >= 0:
            return "this IRI is not valid: spaces, quotes and braces are not allowed inside <...>", opening
    if "variable that is unbound" in message or "is unbound" in message:
        return ("a variable of the SELECT clause is neither grouped (GROUP BY) nor inside an aggregate "
                "such as COUNT or SAMPLE"), _select_position(toks, at)
    triple = _bad_triple(toks)
    if triple is not None:
        return triple
    for tok, after in zip(toks, toks[1:] + [Token("other", "", len(sparql))]):
        word = tok.text.upper()
        if word in ("LIMIT", "OFFSET") and not after.text.isdigit():
            return f"{word} needs a whole number", after.start
        if word in ("ORDER", "GROUP") and after.text.upper() != "BY":
            return f"`{tok.text}` needs BY after it ({word} BY ?variable)", after.start
    for tok, after in zip(toks, toks[1:]):
        if tok.kind == "other" and tok.text in "=<>+-*/&|!" and after.kind == "other" and after.text in ")}],":
            return f"`{tok.text}` has nothing after it", tok.start
    expected = _expected(message)
    if at >= len(sparql.rstrip()):
        return ("the parser could not read the query to its end" + (f"; expected {expected}" if expected else "")
                + " (look for a missing term or keyword before this point)"), len(sparql.rstrip())
    tok = _token_at(toks, at)
    shown = f"`{tok.text}`" if tok is not None else "this"
    return f"unexpected {shown}" + (f"; expected {expected}" if expected else ""), tok.start if tok else at


def _unclosed_string(toks: list[Token]) -> Token | None:
    """A quote mark that starts no complete string, if any."""
    return next((t for t in toks if t.kind == "other" and t.text in "'\""), None)


def _first_form(toks: list[Token], *, update: bool) -> tuple[str, int] | None:
    """An error when the text after the prologue does not start with a query (or update) form."""
    i = 0
    while i < len(toks) and toks[i].text.upper() in _PROLOGUE:
        i += 2 if toks[i].text.upper() == "BASE" else 3   # BASE <iri> | PREFIX name: <iri>
    if i >= len(toks):
        return "only PREFIX or BASE lines: expected a query form (SELECT, ASK, CONSTRUCT or DESCRIBE)", \
            toks[-1].start + len(toks[-1].text)
    first = toks[i].text.upper()
    forms = _UPDATE_FORMS if update else _FORMS
    if first in forms or (update and first in _FORMS):
        return None
    names = "INSERT, DELETE, LOAD, CLEAR, DROP, ..." if update else "SELECT, ASK, CONSTRUCT or DESCRIBE"
    return f"expected a query form ({names}), found `{toks[i].text}`", toks[i].start


def _unbalanced(toks: list[Token]) -> tuple[str, int] | None:
    """An error for the first bracket that is not closed, or closed by the wrong one."""
    stack: list[Token] = []
    for tok in toks:
        if tok.kind != "other":
            continue
        if tok.text in _PAIRS:
            stack.append(tok)
        elif tok.text in _PAIRS.values():
            if not stack:
                return f"this `{tok.text}` closes nothing", tok.start
            opener = stack.pop()
            if _PAIRS[opener.text] != tok.text:
                return (f"this `{tok.text}` does not close the `{opener.text}` opened before it "
                        f"(expected `{_PAIRS[opener.text]}`)"), tok.start
    if stack:
        opener = stack[-1]
        return f"this `{opener.text}` is never closed: a `{_PAIRS[opener.text]}` is missing", opener.start
    return None


_TERM_KINDS = ("var", "iri", "string")
_CLAUSE_WORDS = {"FILTER", "OPTIONAL", "BIND", "VALUES", "GRAPH", "SERVICE", "MINUS", "UNION", "SELECT",
                 "WHERE", "FROM", "NAMED", "DATA", "INSERT", "DELETE", "WITH", "USING", "LATERAL", "CONSTRUCT",
                 "ASK", "DESCRIBE", "PREFIX", "BASE", "ORDER", "GROUP", "HAVING", "LIMIT", "OFFSET", "BY",
                 "DISTINCT", "REDUCED", "SILENT", "DEFAULT", "ALL", "INTO", "TO", "LOAD", "CLEAR", "DROP", "CREATE",
                 "ADD", "MOVE", "COPY", "NOT", "EXISTS", "IN", "AS"}


def _is_term(tok: Token) -> bool:
    """A token that can stand as a subject, predicate or object on its own."""
    if tok.kind in _TERM_KINDS:
        return True
    if tok.kind == "word":
        return tok.text.upper() not in _CLAUSE_WORDS
    return bool(re.fullmatch(r"[-+]?\d+(\.\d+)?", tok.text))


def _bad_triple(toks: list[Token]) -> tuple[str, int] | None:
    """A triple pattern with too few or too many terms, in a group made only of triples.

    Only runs of plain terms between `{`, `.` and `}` are checked (with `;` and `,` lists); a run
    holding a keyword, a bracket or anything else is left to the parser's message.
    """
    run: list[Token] = []
    for tok in toks + [Token("other", "}", -1)]:
        if tok.kind == "other" and tok.text in "{}.":
            problem = _check_run(run)
            if problem is not None:
                return problem
            run = []
        else:
            run.append(tok)
    return None


def _check_run(run: list[Token]) -> tuple[str, int] | None:
    """What is wrong with one run of triple terms (`s p o ; p o , o`), if the run is only that."""
    if not run or not all(_is_term(t) or (t.kind == "other" and t.text in ";,") for t in run):
        return None
    parts, part = [], []
    for tok in run:
        if tok.kind == "other" and tok.text == ";":
            parts.append(part)
            part = []
        else:
            part.append(tok)
    parts.append(part)
    for index, part in enumerate(parts):
        terms = [t for t in part if t.text != ","]
        need = 3 if index == 0 else 2
        if index > 0 and not terms and index == len(parts) - 1:
            continue   # a trailing `;` is allowed
        if len(terms) < need and not any(t.text == "," for t in part):
            shown = " ".join(t.text for t in run)
            return (f"`{shown}` is not a whole triple: a triple needs a subject, a predicate and an object",
                    run[0].start)
        if len(terms) > need and not any(t.text == "," for t in part):
            extra = terms[need]
            return ("too many terms for one triple: a `.` (or `;`) is missing before this one", extra.start)
    return None


def _iri_before(toks: list[Token], at: int) -> Token | None:
    """The IRI token that ends at or just before `at`."""
    before = [t for t in toks if t.kind == "iri" and t.start < at]
    return before[-1] if before else None


def _select_position(toks: list[Token], at: int) -> int:
    """Where the SELECT keyword is (the clause the message is about), else `at`."""
    return next((t.start for t in toks if t.text.upper() == "SELECT"), at)


def _token_at(toks: list[Token], at: int) -> Token | None:
    """The token covering or starting after `at` (the parser points at or just past the bad token)."""
    for tok in toks:
        if tok.start <= at < tok.start + len(tok.text) or tok.start >= at:
            return tok
    return toks[-1] if toks else None


def _expected(message: str) -> str:
    """The readable part of the parser's expected list: quoted tokens and keywords, at most eight."""
    found = re.search(r"expected (?:one of )?(.*)", message, re.S)
    if not found:
        return ""
    items = []
    for item in re.split(r",\s*(?![^\[]*\])", found.group(1)):
        item = item.strip()
        if re.fullmatch(r'"[^"]{1,3}"', item):
            items.append(f"`{item[1:-1]}`")
        elif re.fullmatch(r"[A-Za-z][A-Za-z_]*", item):
            items.append(item)
    if not items:
        return ""
    items = items[:8] + (["..."] if len(items) > 8 else [])
    return items[0] if len(items) == 1 else "one of " + ", ".join(items)
