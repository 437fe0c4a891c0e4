"""The bad-article corpus: which inputs are skipped (and why) and which are read, plus the generated ones.

The small text cases are committed beside this file; binary, big and file-system cases (and the
encodings, whose bytes an editor could change) are written at test time by `write_generated`.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The text behind every encoding case: accents, curly quotes and a dash that Windows-1252 can hold.
ENCODED_TEXT = (
    "Ministers meet in Genève to discuss the Rhône river treaty\n"
    "\n"
    "Foreign ministers from Switzerland and France met in Genève on Thursday to discuss the river "
    "treaty, officials said.\n"
    "\n"
    "“We agreed on the next steps – and on the café menu,” Swiss Foreign Minister Jürg Müller said "
    "after the talks.\n"
    "\n"
    "French Foreign Minister Hélène Lefèvre said the meeting had been “très utile”.\n"
)


@dataclass(frozen=True)
class Case:
    """One corpus file: whether a build skips it (with a reason matching `reason`) or reads it."""

    name: str
    skipped: bool
    reason: str = ""              # a word the reason on stderr holds, for skipped cases
    text: str | None = None       # the decoded text a read case must give, when it is known
    generated: bool = False


CASES = [
    Case("empty.txt", True, "empty"),
    Case("whitespace_only.txt", True, "empty"),
    Case("html_page.txt", False),
    Case("no_meeting_no_quote.txt", False),
    Case("unbalanced_quotes.txt", False),
    Case("hostile_quotes.txt", False),
    Case("binary.txt", True, "binary", generated=True),
    Case("nul_bytes_in_utf8.txt", True, "binary", generated=True),
    Case("latin1.txt", False, text=ENCODED_TEXT, generated=True),
    Case("windows1252.txt", False, text=ENCODED_TEXT, generated=True),
    Case("utf16_bom.txt", False, text=ENCODED_TEXT, generated=True),
    Case("utf16be_bom.txt", False, text=ENCODED_TEXT, generated=True),
    Case("utf16_no_bom.txt", False, text=ENCODED_TEXT, generated=True),
    Case("utf16_truncated.txt", False, generated=True),
    Case("utf32_bom.txt", False, text=ENCODED_TEXT, generated=True),
    Case("utf8_bom.txt", False, text=ENCODED_TEXT, generated=True),
    Case("crlf.txt", False, text=ENCODED_TEXT, generated=True),
    Case("cr_only.txt", False, text=ENCODED_TEXT, generated=True),
    Case("huge.txt", True, "too long", generated=True),
]
BY_NAME = {case.name: case for case in CASES}


def pseudo_random_bytes(n: int, *, seed: str = "binary") -> bytes:
    """`n` deterministic bytes that look random (sha256 in counter mode)."""
    out = bytearray()
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return bytes(out[:n])


def huge_text(n_bytes: int) -> bytes:
    """About `n_bytes` of plausible article text (a paragraph repeated), UTF-8."""
    para = ("Delegates from many countries met again on Monday to discuss trade, and officials said "
            "the talks would continue for several more days before any statement was issued.\n\n")
    head = "Delegates meet again for another long week of trade talks\n\n"
    return (head + para * (n_bytes // len(para) + 1)).encode("utf-8")[:n_bytes]


def write_committed(folder: Path) -> list[Path]:
    """Copy the committed text cases into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for case in CASES:
        if not case.generated:
            out.append(Path(shutil.copy(HERE / case.name, folder / case.name)))
    return out


def write_generated(folder: Path, *, huge_bytes: int = 20 * 1024 * 1024) -> list[Path]:
    """Write the generated cases (encodings, binary, a 20 MB article) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    utf8 = ENCODED_TEXT.encode("utf-8")
    files = {
        "binary.txt": pseudo_random_bytes(64 * 1024),
        "nul_bytes_in_utf8.txt": utf8.replace(b" ", b"\x00 "),
        "latin1.txt": ENCODED_TEXT.replace("“", '"').replace("”", '"').replace("–", "-").encode("latin-1"),
        "windows1252.txt": ENCODED_TEXT.encode("cp1252"),
        "utf16_bom.txt": ENCODED_TEXT.encode("utf-16"),
        "utf16be_bom.txt": b"\xfe\xff" + ENCODED_TEXT.encode("utf-16-be"),
        "utf16_no_bom.txt": ENCODED_TEXT.encode("utf-16-le"),
        "utf16_truncated.txt": ENCODED_TEXT.encode("utf-16")[:-1] + b"\x00\xd8",
        "utf32_bom.txt": ENCODED_TEXT.encode("utf-32"),
        "utf8_bom.txt": b"\xef\xbb\xbf" + utf8,
        "crlf.txt": utf8.replace(b"\n", b"\r\n"),
        "cr_only.txt": utf8.replace(b"\n", b"\r"),
        "huge.txt": huge_text(huge_bytes),
    }
    out = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        out.append(folder / name)
    return out


def expected_text(case: Case) -> str | None:
    """The decoded text a read case must give (Latin-1 has straight quotes and a hyphen)."""
    if case.name == "latin1.txt":
        return ENCODED_TEXT.replace("“", '"').replace("”", '"').replace("–", "-")
    return case.text


def write_filesystem_oddities(folder: Path) -> dict[str, Path]:
    """A directory named like an article, a broken symbolic link and (not as root) an unreadable file."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    (folder / "a_directory.txt").mkdir()
    made["a_directory.txt"] = folder / "a_directory.txt"
    os.symlink(folder / "no-such-target.txt", folder / "broken_link.txt")
    made["broken_link.txt"] = folder / "broken_link.txt"
    if os.geteuid() != 0:
        locked = folder / "unreadable.txt"
        locked.write_text(ENCODED_TEXT, encoding="utf-8")
        locked.chmod(0)
        made["unreadable.txt"] = locked
    return made
