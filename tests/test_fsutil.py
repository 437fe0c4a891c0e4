"""Atomic output: the target is the old file or the whole new one, whatever happens to the writer."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from kg import fsutil
from kg.errors import OutputError


def test_write_replaces_the_target_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    fsutil.write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["out.ttl"]


def test_creates_missing_folders(tmp_path):
    target = tmp_path / "a" / "b" / "out.nt"
    fsutil.write_bytes_atomic(target, b"x")
    assert target.read_bytes() == b"x"


def test_error_while_writing_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with fsutil.atomic_output(target) as handle:
            handle.write(b"half of the new")
            raise RuntimeError("serializer failed")
    assert target.read_bytes() == b"old"
    assert fsutil.temporaries(target) == []


def test_text_mode_writes_utf8(tmp_path):
    target = tmp_path / "out.txt"
    with fsutil.atomic_output(target, mode="w") as handle:
        handle.write("Genève “quoted”\n")
    assert target.read_bytes() == "Genève “quoted”\n".encode("utf-8")


def test_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    target.chmod(0o640)
    fsutil.write_bytes_atomic(target, b"new")
    assert target.stat().st_mode & 0o777 == 0o640


def test_new_file_gets_the_usual_permissions_not_private_ones(tmp_path):
    old = os.umask(0o022)
    try:
        fsutil.write_bytes_atomic(tmp_path / "new.ttl", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "new.ttl").stat().st_mode & 0o777 == 0o644


def test_symbolic_link_is_written_through(tmp_path):
    real = tmp_path / "real.ttl"
    real.write_bytes(b"old")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    fsutil.write_bytes_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_dash_writes_to_stdout(capfdbinary):
    fsutil.write_bytes_atomic("-", b"to stdout\n")
    assert capfdbinary.readouterr().out == b"to stdout\n"


def test_directory_as_target_is_an_output_error(tmp_path):
    with pytest.raises(OutputError, match="is a directory"):
        fsutil.write_bytes_atomic(tmp_path, b"x")


def test_file_in_place_of_a_folder_is_an_output_error(tmp_path):
    (tmp_path / "plain").write_bytes(b"")
    with pytest.raises(OutputError):
        fsutil.write_bytes_atomic(tmp_path / "plain" / "out.ttl", b"x")
    assert OutputError.exit_code == 2


def _dead_pid() -> int:
    """The id of a process that has exited."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_temporaries_of_dead_writers_are_removed_and_live_ones_kept(tmp_path):
    target = tmp_path / "out.nq"
    dead = tmp_path / f".out.nq.{_dead_pid()}.abc123.tmp"
    live = tmp_path / f".out.nq.{os.getppid()}.def456.tmp"
    other = tmp_path / f".other.nq.{_dead_pid()}.x.tmp"
    for path in (dead, live, other):
        path.write_bytes(b"partial")
    fsutil.write_bytes_atomic(target, b"whole")
    assert not dead.exists()
    assert live.exists() and other.exists()
    assert fsutil.temporaries(target) == [live]


def test_killed_writer_leaves_the_old_file_whole(tmp_path):
    """SIGKILL in the middle of a write: the old bytes stay; the next write clears the leftover."""
    target = tmp_path / "graph.nq"
    target.write_bytes(b"previous output\n" * 1000)
    before = target.read_bytes()
    script = textwrap.dedent(f"""
        import sys, time
        from kg.fsutil import atomic_output
        with atomic_output({str(target)!r}) as handle:
            handle.write(b"half written " * 100000)
            handle.flush()
            print("writing", flush=True)
            time.sleep(60)
            handle.write(b"never")
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    try:
        assert proc.stdout.readline() == b"writing\n"
        leftovers = fsutil.temporaries(target)
        assert len(leftovers) == 1 and leftovers[0].stat().st_size > 0
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        proc.kill()
        proc.wait()
    assert target.read_bytes() == before
    assert fsutil.temporaries(target) == leftovers        # SIGKILL cannot be caught: the temporary stays
    fsutil.write_bytes_atomic(target, b"next build\n")
    assert target.read_bytes() == b"next build\n"
    assert fsutil.temporaries(target) == []
