"""The benchmark runner: a run of the whole path on a tiny corpus appends a complete table."""
from __future__ import annotations

from helpers import bench_runner


def test_the_whole_path_on_a_tiny_corpus_appends_its_tables(tmp_path):
    runner = bench_runner()
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\nWhat the runs are.\n\n## Run of earlier\n\nAn earlier run.\n")
    assert runner.main(["--sizes", "12", "--only-path", "--evidence", "none,full", "--repeat", "1",
                        "--work", str(tmp_path / "work"), "--results", str(results)]) == 0
    text = results.read_text()
    assert text.startswith("# Benchmark results\n\nWhat the runs are.\n\n## Run of ")   # the newest run first
    assert text.endswith("\n## Run of earlier\n\nAn earlier run.\n")   # the earlier ones kept after it
    assert text.count("## Run of ") == 2
    assert "Machine: " in text and "`kg --help`" in text
    for level in ("none", "full"):
        table = text.split(f"`--evidence {level}`: the whole path")[1].split("###")[0]
        assert "kg build --jobs 2 (empty cache)" in table and "kg load into the embedded store" in table
        assert "timeout" not in table and "failed" not in table
        assert table.count("saved query `") == 7
    quads = [int(line.split()[1].replace(",", "")) for line in text.splitlines() if line.startswith("Graph: ")]
    assert len(quads) == 2 and quads[0] < quads[1] / 2   # no evidence: well under half the quads


def test_a_timed_out_measurement_leaves_no_process_behind(tmp_path):
    import os
    import sys
    import time

    runner = bench_runner()
    pid_file = tmp_path / "grandchild.pid"
    spawn = ("import subprocess, sys, time; p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']);"
             f" open({str(pid_file)!r}, 'w').write(str(p.pid)); time.sleep(60)")
    measure = runner.run([sys.executable, "-c", spawn], timeout=3)
    assert measure.seconds is None   # timed out
    grandchild = int(pid_file.read_text())
    for _ in range(50):
        try:
            os.kill(grandchild, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the command's child outlived the timeout")
