"""A reader that stops early (``vazby … | head``) ends the command quietly, with exit 0."""

from __future__ import annotations

import subprocess
import sys


def test_a_closed_pipe_ends_the_command_quietly_with_exit_0(tmp_path):
    graph = tmp_path / "many.nt"
    vz = "https://w3id.org/vazby/ontology#"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    graph.write_text(
        "".join(f"<urn:x:measure:{i}> <{rdf_type}> <{vz}Measure> .\n" for i in range(20_000)),
        "utf-8",
    )
    command = [
        sys.executable,
        "-c",
        "from vazby.cli import main; main()",
        "sparql",
        str(graph),
        "-e",
        "SELECT ?m WHERE { ?m a vz:Measure }",
        "--format",
        "csv",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline() == b"m\n"
    process.stdout.close()  # the reader goes away with some 600 kB still to come
    error = process.stderr.read()
    assert process.wait(timeout=60) == 0, error
    assert error == b""
