"""The CLI's edge: every failure is a message with the path and what to do, never a
traceback."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from click.testing import CliRunner

from vazby.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def graph(tmp_path) -> Path:
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(
        main, ["build", str(FIXTURES / "action_plan_small.txt"), "-o", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    return out


def test_os_error_while_reading_message_with_path_and_advice(graph, monkeypatch):
    import vazby.rdf.store as store

    def denied(path, fmt=None):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(store, "load_graph", denied)
    monkeypatch.setattr("vazby.cli.core.load_graph", denied, raising=False)
    result = CliRunner().invoke(main, ["info", str(graph)])
    assert result.exit_code == 1
    assert f"error: {graph}: Permission denied: no permission" in result.output
    assert "Traceback" not in result.output


def test_unexpected_error_internal_error_message_not_traceback(graph, monkeypatch):
    import vazby.exports.network_formats as formats

    def broken(view):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(formats, "_plain", broken)
    result = CliRunner().invoke(main, ["export", str(graph), "-o", str(graph.with_suffix(".gexf"))])
    assert result.exit_code == 1
    assert "internal error (ZeroDivisionError: division by zero)" in result.output
    assert "VAZBY_DEBUG=1" in result.output and "Traceback" not in result.output
    assert not graph.with_suffix(".gexf").exists()


@pytest.mark.parametrize(
    "args",
    [
        [
            "-e",
            "PREFIX p: <http://127.0.0.1:PORT/> SELECT * { ?s ?p ?o . SERVICEp:x { ?s ?p ?o } }",
        ],
        ["-e", r"SELECT * { SERVICE <\u0068ttp://127.0.0.1:PORT/x> { ?s ?p ?o } }"],
        ["--named", "deps-up", "--param", "node=x:a> } SERVICE <http://127.0.0.1:PORT/> {"],
        ["--named", "deps-up", "--param", 'node=x:a"{}'],
    ],
)
def test_sparql_command_refuses_service_and_injected_parameters(graph, args):
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(0.5)
    port = str(listener.getsockname()[1])
    try:
        given = [a.replace("PORT", port) for a in args]
        result = CliRunner().invoke(main, ["sparql", str(graph), *given])
        assert result.exit_code == 1, result.output
        assert "error:" in result.output and "Traceback" not in result.output
        with pytest.raises(TimeoutError):
            listener.accept()  # nothing connected
    finally:
        listener.close()
