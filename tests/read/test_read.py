"""Reading articles: every bad-corpus case is either read into the right text or refused with a reason."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.errors import ArticleError
from kg.read import article as read



from helpers import bad_corpus

corpus = bad_corpus()


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    """The whole bad corpus (committed and generated) in one folder."""
    folder = tmp_path_factory.mktemp("bad")
    corpus.write_committed(folder)
    corpus.write_generated(folder)
    return folder


@pytest.mark.parametrize("case", corpus.CASES, ids=lambda c: c.name)
def test_corpus_case_is_read_or_refused_with_its_reason(corpus_dir, case):
    path = corpus_dir / case.name
    if case.skipped:
        with pytest.raises(ArticleError) as info:
            read.read_article(path)
        assert case.reason in info.value.reason
        assert info.value.path == str(path)
    else:
        article = read.read_article(path)
        assert article.id == path.stem
        assert "\r" not in article.text and "\ufeff" not in article.text
        expected = corpus.expected_text(case)
        if expected is not None:
            assert article.text == expected
            assert article.title == "Ministers meet in Genève to discuss the Rhône river treaty"
            assert len(article.paragraphs) == 3
        for span in article.paragraphs:    # offsets point into the decoded text
            assert article.text[span.start:span.end].strip() == article.text[span.start:span.end]


def test_html_page_gives_visible_text_only(corpus_dir):
    article = read.read_article(corpus_dir / "html_page.txt")
    assert article.title == "Foreign ministers meet in Lisbon to discuss fishing rights"
    assert "<" not in article.text and "not text" not in article.text and "color: red" not in article.text
    assert "“We have agreed to meet again before the summer,” Portuguese" in article.text
    assert '"frank and useful" & called' in article.text
    assert len(article.paragraphs) == 3


def test_unbalanced_and_hostile_quotes_are_read_whole(corpus_dir):
    hostile = read.read_article(corpus_dir / "hostile_quotes.txt")
    assert '"""triple"""' in hostile.text and "\\\\server\\share\\" in hostile.text
    assert "\x07" in hostile.text          # kept in the text; emit keeps control characters out of literals
    unbalanced = read.read_article(corpus_dir / "unbalanced_quotes.txt")
    assert len(unbalanced.paragraphs) == 4


def test_truncated_utf16_is_read_with_replacement_characters(corpus_dir):
    article = read.read_article(corpus_dir / "utf16_truncated.txt")
    assert article.text.startswith(corpus.ENCODED_TEXT[:40])
    assert article.text.rstrip("\n").endswith("\ufffd")


def test_huge_article_is_refused_without_decoding_all_of_it_twice(corpus_dir):
    with pytest.raises(ArticleError, match=r"too long \(\d+ characters of text; the limit is 1000000\)"):
        read.read_article(corpus_dir / "huge.txt")


def test_text_just_under_the_limit_is_read():
    data = corpus.huge_text(read.MAX_CHARS - 10)
    article = read.parse_article(data, path="big.txt", article_id="big")
    assert len(article.text) <= read.MAX_CHARS and article.paragraphs


def test_file_over_the_byte_limit_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_bytes(corpus.huge_text(1001))
    with pytest.raises(ArticleError, match=r"too large \(1001 bytes; the limit is 1000\)"):
        read.read_article(path)


def test_filesystem_oddities_are_refused(tmp_path):
    made = corpus.write_filesystem_oddities(tmp_path)
    with pytest.raises(ArticleError, match="not a regular file"):
        read.read_article(made["a_directory.txt"])
    with pytest.raises(ArticleError, match="No such file or directory"):
        read.read_article(made["broken_link.txt"])
    if "unreadable.txt" in made:
        with pytest.raises(ArticleError, match="Permission denied"):
            read.read_article(made["unreadable.txt"])


def test_permission_denied_is_an_article_error(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("Some words here.", encoding="utf-8")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ArticleError, match="Permission denied"):
        read.read_article(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_is_refused_instead_of_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ArticleError, match="not a regular file"):
        read.read_article(fifo)


@pytest.mark.parametrize("data", [b"", b"   \n\t", b"...!!! --- ???\n", "\u00a0\u2003\n".encode()])
def test_text_without_words_is_empty(data):
    with pytest.raises(ArticleError, match="empty"):
        read.parse_article(data, path="x.txt", article_id="x")


@pytest.mark.parametrize("data", [bytes(range(256)) * 4, b"\x00" * 10, b"ab\x00cd efgh"])
def test_binary_is_refused(data):
    with pytest.raises(ArticleError, match="binary"):
        read.decode(data, path="x.bin")


def test_a_stray_nul_in_real_text_is_kept():
    assert read.decode(b"Ministers met in Oslo on Monday\x00 to talk about ships.") == \
        "Ministers met in Oslo on Monday\x00 to talk about ships."


def test_decode_normalises_line_endings_and_byte_order_marks():
    assert read.decode(b"\xef\xbb\xbfa\r\nb\rc\n") == "a\nb\nc\n"
    assert read.decode("a\ufeffb".encode()) == "ab"           # a stray BOM inside concatenated files
    assert read.decode("é\r\n".encode("utf-16-be")) == "é\n"   # BOM-less big-endian UTF-16
    assert read.decode(b"caf\xe9") == "café"                   # not UTF-8: Windows-1252


@pytest.mark.parametrize("markup", [
    "<html><body><![foo bar <p>Hello there, world.</p></body></html>",
    "<html><body><p>Hello there, world.</p><!",
    "<html><body><p>Hello there, world.</p><a href='",
    "<!-- lead --><html><body><p>Hello there, world.</p></body></html>",
    '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Hello there, world.</p></body></html>',
])
def test_malformed_html_never_raises(markup):
    assert read.looks_like_html(markup)
    assert "Hello there, world." in read.html_to_text(markup)


def test_unclosed_head_does_not_hide_the_body():
    text = read.html_to_text("<html><head><title>Site name<body><p>Hello there, world.</p></body></html>")
    assert text == "Site name\n\nHello there, world.\n"   # (a page without <h1>: its <title> first)


def test_plain_text_mentioning_tags_is_not_html():
    assert not read.looks_like_html('The minister said "<b>" tags are fine.\n</p> too.')


@pytest.mark.parametrize("stem, expected", [
    ("001_abc", "001_abc"),
    ("caf\udce9", "caf%E9"),                  # a file name byte that is not UTF-8
    ("a\nb\x07", "a%0Ab%07"),
    ("spaces and <angles>", "spaces and <angles>"),
])
def test_safe_identifier(stem, expected):
    assert read.safe_identifier(stem) == expected


def test_file_name_that_is_not_utf8_reads(tmp_path):
    name = os.fsdecode(b"caf\xe9 article.txt")
    (tmp_path / name).write_text(corpus.ENCODED_TEXT, encoding="utf-8")
    article = read.read_article(tmp_path / name)
    assert article.id == "caf%E9 article"
    article.id.encode("utf-8")   # no surrogates left
