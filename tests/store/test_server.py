"""Serving a store: the listening socket is taken (or refused) before anything is announced, and the
Oxigraph server's errors come back as one line without a backtrace."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

from kg.errors import StoreError
from kg.store.server import OxigraphChild, first_error, listen, oxigraph_command, split_bind


def test_bind_addresses_are_read_or_refused_with_the_form_to_use():
    assert split_bind("127.0.0.1:7878") == ("127.0.0.1", 7878)
    assert split_bind("[::1]:80") == ("::1", 80)
    assert split_bind(":8080") == ("0.0.0.0", 8080)
    for bad in ("localhost", "host:port", "1.2.3.4:99999"):
        with pytest.raises(StoreError, match="HOST:PORT"):
            split_bind(bad)


def test_listen_takes_a_free_port_and_names_a_taken_one():
    sock = listen("127.0.0.1:0")
    try:
        port = sock.getsockname()[1]
        with pytest.raises(StoreError, match=f"127.0.0.1:{port} is already in use"):
            listen(f"127.0.0.1:{port}")
    finally:
        sock.close()
    with pytest.raises(StoreError, match="unknown host"):
        listen("no-such-host.invalid:80")


def test_first_error_keeps_the_message_and_drops_the_backtrace():
    text = ("Error: Address already in use (os error 98)\n\nStack backtrace:\n   0: anyhow::Error::from\n"
            "   1: oxigraph::serve\n")
    assert first_error(text) == "Address already in use (os error 98)"
    assert first_error("thread 'main' panicked at src/x.rs:1:2:\nboom\nnote: run with `RUST_BACKTRACE=1`") \
        .startswith("thread 'main' panicked")
    assert first_error("") == "no message"


def test_the_oxigraph_command_serves_the_merged_graph_read_only_unless_asked(tmp_path):
    cmd = oxigraph_command(tmp_path, "127.0.0.1:9999", timeout=2.4)
    assert Path(cmd[0]).name == "oxigraph"
    assert cmd[1:] == ["serve-read-only", "-l", str(tmp_path), "-b", "127.0.0.1:9999", "--timeout-s", "2"]
    assert oxigraph_command(tmp_path, "127.0.0.1:9999", read_write=True)[1] == "serve"


def test_a_failing_oxigraph_child_is_told_in_one_line_without_a_backtrace(tmp_path):
    cmd = oxigraph_command(tmp_path / "db", "127.0.0.1:99999", read_write=True)   # no such port
    outcome = OxigraphChild(cmd).wait()
    assert outcome.code != 0 and not outcome.stopped
    assert outcome.error and "\n" not in outcome.error and "backtrace" not in outcome.error.lower()
