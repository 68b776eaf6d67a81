"""Outputs appear whole or not at all: a failed, killed or full-disk write leaves the previous
file; a store whose build did not finish is refused by every command."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from vazby.atomic import TEMPORARY_MARK, atomic_path, clean_stale, temporary_for
from vazby.cli import main
from vazby.errors import VazbyError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PLAN = FIXTURES / "action_plan_small.txt"
RESULTS = FIXTURES / "results_small.txt"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if TEMPORARY_MARK in p.name)


def test_atomic_path_error_in_block_previous_file_kept_no_temporary(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("previous\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("half", encoding="utf-8")
        raise RuntimeError("killed by a bug")
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert leftovers(tmp_path) == []


def test_atomic_path_full_disk_clean_message_previous_file_kept(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("previous\n", encoding="utf-8")
    with pytest.raises(VazbyError) as caught, atomic_path(target) as temporary:
        temporary.write_text("half", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")
    message = str(caught.value)
    assert message.startswith(f"{target}: cannot write (No space left on device)")
    assert "free some space" in message and "previous file is unchanged" in message
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert leftovers(tmp_path) == []


def test_clean_stale_removes_only_dead_processes_temporaries(tmp_path):
    target = tmp_path / "map.html"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = temporary_for(target, int(dead.stdout))
    live = temporary_for(target)  # this process: still writing
    other = temporary_for(tmp_path / "map.html.bak", int(dead.stdout))
    for path in (stale, live, other):
        path.write_text("x", encoding="utf-8")
    assert clean_stale(target) == [stale]
    assert live.exists() and other.exists()


def _killed(code: str, cwd: Path) -> None:
    """Run ``code`` in a fresh interpreter that kills itself with SIGKILL where it says."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True, timeout=120
    )
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]


@pytest.mark.parametrize("fmt", ["ttl", "trig"])
def test_build_killed_while_writing_previous_output_intact_and_cleaned_next_run(tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    result = CliRunner().invoke(main, ["build", str(PLAN), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    previous = out.read_bytes()
    # the serializer writes part of the file, then the process is killed
    _killed(
        f"""
        import os, signal
        from rdflib import Graph
        real = Graph.serialize
        def serialize(self, destination=None, *args, **kwargs):
            with open(destination, "wb") as f:
                f.write(b"@prefix half")
                f.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        Graph.serialize = serialize
        from vazby.cli import main
        main(["build", {str(PLAN)!r}, {str(RESULTS)!r}, "--store", "st", "-o", {str(out)!r}])
        """,
        tmp_path,
    )
    assert out.read_bytes() == previous
    assert len(leftovers(tmp_path)) == 1  # the killed process's temporary
    result = CliRunner().invoke(main, ["build", str(PLAN), str(RESULTS), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() != previous and leftovers(tmp_path) == []


def test_streamed_build_killed_previous_output_intact(tmp_path):
    out = tmp_path / "graph.nt"
    out.write_text("<a:b> <a:c> <a:d> .\n", encoding="utf-8")
    _killed(
        f"""
        import os, signal
        from vazby.pipeline import write_corpus
        def progress(path, result):
            os.kill(os.getpid(), signal.SIGKILL)
        write_corpus([{str(PLAN)!r}, {str(RESULTS)!r}], {str(out)!r}, "nt", on_result=progress)
        """,
        tmp_path,
    )
    assert out.read_text(encoding="utf-8") == "<a:b> <a:c> <a:d> .\n"


def test_store_build_killed_refused_by_info_serve_and_queries_then_rebuilt(tmp_path):
    store = tmp_path / "store"
    _killed(
        f"""
        import os, signal
        from vazby.pipeline import build_corpus
        def progress(path, result):
            os.kill(os.getpid(), signal.SIGKILL)
        build_corpus([{str(PLAN)!r}, {str(RESULTS)!r}], store={str(store)!r}, on_result=progress)
        """,
        tmp_path,
    )
    runner = CliRunner()
    for args in (["info", str(store)], ["sparql", str(store), "-e", "ASK {}"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 1, result.output
        assert "store is incomplete" in result.output and "Traceback" not in result.output
    from vazby.jobs import open_read_only

    with pytest.raises(VazbyError, match="incomplete"):
        open_read_only(store)
    result = runner.invoke(main, ["build", str(PLAN), "--store", str(store), "-q"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["info", str(store)]).exit_code == 0


@pytest.mark.parametrize(
    ("command", "output"),
    [
        (["export", "--format", "graphml"], "net.graphml"),
        (["export", "--format", "ttl"], "copy.ttl"),
        (["map"], "map.html"),
        (["map"], "map.svg"),
    ],
)
def test_export_and_map_full_disk_message_not_traceback(tmp_path, monkeypatch, command, output):
    graph = tmp_path / "g.ttl"
    assert CliRunner().invoke(main, ["build", str(PLAN), "-o", str(graph), "-q"]).exit_code == 0
    target = tmp_path / output
    target.write_text("previous\n", encoding="utf-8")
    real_replace = os.replace

    def full(src, dst):
        if Path(dst) == target:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full)
    result = CliRunner().invoke(main, [command[0], str(graph), "-o", str(target), *command[1:]])
    assert result.exit_code == 1
    assert f"{target}: cannot write (No space left on device)" in result.output
    assert "Traceback" not in result.output
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert leftovers(tmp_path) == []


def test_export_into_missing_folder_message_names_what_to_do(tmp_path):
    graph = tmp_path / "g.ttl"
    assert CliRunner().invoke(main, ["build", str(PLAN), "-o", str(graph), "-q"]).exit_code == 0
    target = tmp_path / "no" / "such" / "net.graphml"
    result = CliRunner().invoke(main, ["export", str(graph), "-o", str(target)])
    assert result.exit_code == 1
    assert "the folder does not exist" in result.output and "Traceback" not in result.output


def test_atomic_path_read_only_folder_message_names_target_not_temporary(tmp_path, monkeypatch):
    # "vazby export g.ttl -o ro/y.graphml" into a read-only mount: creating the temporary
    # fails with EROFS, and so does removing it; the message named the hidden temporary
    def refuse(path, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(os, "unlink", refuse)
    target = tmp_path / "y.graphml"
    with pytest.raises(VazbyError) as raised:
        with atomic_path(target) as temporary:
            refuse(temporary)
    assert str(raised.value).startswith(f"{target}: cannot write (Read-only file system): ")
    assert "read-only file system: choose another output" in str(raised.value)
