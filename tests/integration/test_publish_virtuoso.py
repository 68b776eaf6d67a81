"""``vazby publish`` into a real Virtuoso (a private instance on loopback, capped at 1,000
rows), then every question asked of it with ``--endpoint``: the rows must equal the
embedded store's. Runs on a made-up corpus always and on the five seeds when present."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from vazby.cli import main
from vazby.publish import graph_parts, publish_graph, verify
from vazby.query.named import named_queries, named_query, run_named, run_named_sparql
from vazby.rdf.endpoint import Endpoint
from vazby.rdf.remote import (
    catalog_graph,
    copy_graphs,
    graph_sizes,
    open_endpoint,
    plan_scope,
    published_graphs,
)
from vazby.rdf.store import load_graph

pytestmark = pytest.mark.store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CORPUS = sorted(FIXTURES.glob("*.txt"))


def _clear(instance) -> Endpoint:
    """The publisher's endpoint on a store emptied of vazby's graphs."""
    endpoint = Endpoint(instance.sparql_auth, user=instance.user, password=instance.password)
    for name in published_graphs(endpoint):
        endpoint.update(f"DROP SILENT GRAPH <{name}>")
    endpoint.update(f"DROP SILENT GRAPH <{catalog_graph()}>")
    return endpoint


def _build(paths, out: Path) -> Path:
    result = CliRunner().invoke(main, ["build", *map(str, paths), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module", params=["made-up", "seeds"])
def published(request, virtuoso_store, tmp_path_factory):
    """(graph file, instance, first publish report) for one corpus, published per plan."""
    if request.param == "seeds":
        seeds = request.getfixturevalue("seeds_dir")
        paths = [seeds]
    else:
        paths = CORPUS
    out = _build(paths, tmp_path_factory.mktemp(request.param) / "graph.nt")
    endpoint = _clear(virtuoso_store)
    report = publish_graph(
        load_graph(out), endpoint, graph_store=virtuoso_store.graph_store, per_plan=True
    )
    return out, virtuoso_store, report


def _store_triples(instance) -> dict[str, int]:
    endpoint = Endpoint(instance.sparql)
    rows = endpoint.select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/vazby/id/')) } GROUP BY ?g"
    ).rows
    return {str(r["g"]): int(r["n"]) for r in rows}


def test_publish_per_plan_store_holds_exactly_the_graph(published):
    path, instance, report = published
    graph = load_graph(path)
    assert report.method == "graph store protocol"
    assert report.ok, [c for c in report.checks if not c.ok]
    assert all(not c.missing and not c.unexpected for c in report.checks)
    parts = list(graph_parts(graph, per_plan=True))
    held = _store_triples(instance)
    assert {str(p.name): len(p.triples) for p in parts} == {
        name: n for name, n in held.items() if name != str(catalog_graph())
    }
    assert sum(len(p.triples) for p in parts) == len(graph)


def test_publish_again_replaces_and_never_duplicates(published):
    path, instance, first = published
    before = _store_triples(instance)
    endpoint = Endpoint(instance.sparql_auth, user=instance.user, password=instance.password)
    again = publish_graph(
        load_graph(path), endpoint, graph_store=instance.graph_store, per_plan=True
    )
    assert again.ok and all(not c.unexpected for c in again.checks)
    assert _store_triples(instance) == before
    assert [(c.name, c.held) for c in again.checks] == [(c.name, c.held) for c in first.checks]


def test_verify_names_the_triples_a_store_changed(published):
    """A store that keeps the count but not the triples (as Virtuoso kept Turtle's ``\\/`` in
    an IRI) is caught: the check compares triples, read by CONSTRUCT or, past the store's
    cap, by pages."""
    path, instance, _ = published
    graph = load_graph(path)
    endpoint = Endpoint(instance.sparql_auth, user=instance.user, password=instance.password)
    parts = graph_parts(graph, per_plan=True)
    part = max((p for p in parts if p.replace), key=lambda p: len(p.triples))  # a plan's
    s, p, o = (URIRef(x.value) for x in next(t for t in part.triples if _iri(t.object)))
    wrong = URIRef(str(o) + "/changed")
    stranger = (URIRef("https://example.org/stranger"), p, o)
    endpoint.update(
        f"DELETE DATA {{ GRAPH <{part.name}> {{ {s.n3()} {p.n3()} {o.n3()} }} }} ; "
        f"INSERT DATA {{ GRAPH <{part.name}> {{ {s.n3()} {p.n3()} <{wrong}> }} }}"
    )
    try:
        [check] = verify(endpoint, [part])
        assert check.held == check.sent and not check.ok
        assert check.missing == ((s, p, o),)
        assert check.unexpected == ((s, p, wrong),)
        # a triple about a subject never sent: found whether the graph is read whole or,
        # past the store's cap, by the subjects sent and then by pages
        endpoint.update(
            f"INSERT DATA {{ GRAPH <{part.name}> {{ {' '.join(t.n3() for t in stranger)} }} }}"
        )
        [check] = verify(endpoint, [part])
        assert check.held == check.sent + 1
        assert check.unexpected == tuple(sorted([(s, p, wrong), stranger]))
    finally:
        publish_graph(graph, endpoint, graph_store=instance.graph_store, per_plan=True)


def _iri(term) -> bool:
    import pyoxigraph as ox

    return isinstance(term, ox.NamedNode)


def test_remote_select_pages_past_the_store_cap(published):
    path, instance, _ = published
    endpoint = Endpoint(instance.sparql, default_graphs=published_graphs(Endpoint(instance.sparql)))
    answer = endpoint.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert answer.pages > 1  # cut at 1,000 rows by the store
    assert len(answer.rows) == len(load_graph(path))


def test_copy_of_the_published_graphs_holds_them_under_the_cap(published):
    """What a whole-corpus question reads in place of the store: graphs under the store's cap
    (1,000 rows) copied exactly, a few per CONSTRUCT; a graph over it refused (the store
    then answers the question itself)."""
    from rdflib.compare import isomorphic

    from vazby.rdf.store import open_store

    path, instance, _ = published
    endpoint = Endpoint(instance.sparql)
    names = published_graphs(endpoint)
    sizes = graph_sizes(endpoint, names)
    parts = {str(p.name): p.triples for p in graph_parts(load_graph(path), per_plan=True)}
    small = [name for name in names if sizes[name] <= instance.max_rows]
    expected = open_store()  # read as the copy is, a plain literal as an xsd:string
    for name in small:
        expected.parse(data="".join(f"{t} .\n" for t in parts[name]), format="ox-ntriples")
    copy = copy_graphs(endpoint, small)
    assert copy is not None and len(expected) and isomorphic(copy, expected)
    large = [name for name in names if sizes[name] > instance.max_rows + 1]
    assert large or "made-up" in str(path)
    for name in large[:1]:
        assert copy_graphs(endpoint, [name]) is None


_SEPARATOR = re.compile(r"separator\s*=\s*\"([^\"]*)\"", re.IGNORECASE)
_DECIMAL = re.compile(r"^-?\d+\.\d+$")


def _plain(rows, text: str = ""):
    """Rows comparable across engines. SPARQL leaves to each engine the order of the values
    a GROUP_CONCAT joins (and the query may pass them on under other names), so every cell
    is cut at the query's separators and its pieces sorted; and the digits of a decimal
    division past the eighteenth are the engine's own (XPath's minimum), so decimals are
    compared to twelve places."""
    separators = sorted(set(_SEPARATOR.findall(text)), key=len, reverse=True)

    def cell(value):
        if value is None:
            return None
        value = str(value)
        if _DECIMAL.match(value):
            return f"{float(value):.12f}"
        for sep in separators:
            value = sep.join(sorted(value.split(sep)))
        return value

    return sorted(
        json.dumps({k: cell(v) for k, v in r.items()}, sort_keys=True, ensure_ascii=False)
        for r in rows
    )


def _named_params(graph, named):
    from vazby.query.measures import measure_rows

    params = {}
    for p in named.parameters:
        if p.optional:
            continue
        if p.type == "IRI":
            first = measure_rows(graph)[0]
            params[p.name] = first.id
            params["plan"] = first.plan
    return params


@pytest.mark.parametrize("name", [q.name for q in named_queries()])
def test_named_query_remote_rows_equal_embedded(published, name):
    path, instance, _ = published
    local = load_graph(path)
    remote = open_endpoint(instance.sparql)
    named = next(q for q in named_queries() if q.name == name)
    params = _named_params(local, named)
    expected = _plain(run_named(local, name, **params), named.text)
    assert _plain(run_named(remote, name, **params), named.text) == expected
    # a query vazby answers by its Python rule: its SPARQL text gives the rows too
    assert _plain(run_named_sparql(remote, name, **params), named.text) == expected


def test_named_query_with_plan_over_every_graph_gives_the_plans_rows(published, virtuoso_store):
    """Every named query's ?plan asked of every published graph (a store opened without
    --plan) gives that plan's rows as on the file, for every plan. Asked of a store of its
    own, first thing after publishing: how Virtuoso plans a query depends on what it was
    asked before, and it lost rows of orphans' later reasons when ?plan was joined only
    outside them."""
    import virtuoso  # tests/fixtures, on the path with the virtuoso_store fixture

    from vazby.query.plans import plan_slugs

    path, _, _ = published
    local = load_graph(path)
    planned = [
        q
        for q in named_queries()
        if any(p.name == "plan" for p in q.parameters) and all(p.optional for p in q.parameters)
    ]
    assert any(q.name == "orphans" for q in planned)
    instance = virtuoso.start(max_rows=1000)
    try:
        publisher = Endpoint(instance.sparql_auth, user=instance.user, password=instance.password)
        assert publish_graph(local, publisher, graph_store=instance.graph_store, per_plan=True).ok
        remote = open_endpoint(instance.sparql)
        for query in planned:
            for plan in sorted(plan_slugs(local)):
                expected = _plain(run_named(local, query.name, plan=plan), query.text)
                answer = _plain(run_named(remote, query.name, plan=plan), query.text)
                assert answer == expected, (query.name, plan)
                by_text = run_named_sparql(remote, query.name, plan=plan)
                assert _plain(by_text, query.text) == expected, (query.name, plan)
    finally:
        instance.stop()


COMMANDS = [
    ["info"],
    ["table", "measures", "--format", "json"],
    ["query", "orphans", "--format", "json"],
    ["query", "orphans", "--kind", "unfunded", "--format", "json"],
    ["query", "audit", "--format", "json"],
    ["query", "overlap", "--format", "json"],
    ["query", "overlap", "--pairs", "--format", "json"],
    ["query", "overlap", "--by", "kinds", "--format", "json"],
    ["query", "overlap", "--by", "target-groups", "--format", "json"],
    ["query", "actors", "--format", "json"],
    ["query", "actors", "--min-documents", "2", "--format", "json"],
    [
        "sparql",
        "-e",
        "SELECT ?m ?id WHERE { ?m a vz:Measure ; vz:identifier ?id }",
        "--format",
        "json",
    ],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a[:3]) for a in COMMANDS])
def test_command_with_endpoint_prints_what_the_file_gives(published, args):
    path, instance, _ = published
    runner = CliRunner()
    local = runner.invoke(
        main,
        [*args[:2], str(path), *args[2:]]
        if args[0] in ("table", "query")
        else [args[0], str(path), *args[1:]],
    )
    remote = runner.invoke(main, [*args, "--endpoint", instance.sparql])
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())
    assert local.stdout


def test_deps_and_path_with_endpoint_print_what_the_file_gives(published):
    from vazby.query.measures import measure_rows

    path, instance, _ = published
    rows = measure_rows(load_graph(path))
    first, last = rows[0], rows[-1]
    runner = CliRunner()
    for args in (
        ["query", "deps", first.id, "--plan", first.plan, "--direction", "both"],
        ["query", "path", first.id, last.id, "--plan", first.plan],
    ):
        local = runner.invoke(main, [*args[:2], str(path), *args[2:], "--format", "json"])
        remote = runner.invoke(main, [*args, "--endpoint", instance.sparql, "--format", "json"])
        assert remote.exit_code == local.exit_code, (local.output, remote.output)
        assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())


PLAN_COMMANDS = [
    ["table", "measures"],
    ["query", "orphans"],
    ["query", "audit"],
    ["query", "overlap"],
    ["query", "overlap", "--pairs"],
    ["query", "overlap", "--by", "kinds"],
    ["query", "actors"],
    ["sparql", "--named", "actors"],
    ["sparql", "--named", "card-table-disagreements"],
    ["sparql", "--named", "orphans"],
]


def test_plan_questions_read_the_plans_graph_and_print_what_the_file_gives(published):
    """A question with --plan reads the plan's own graph and the shared ones, not the other
    plans' graphs, and prints the same rows as on the file."""
    from vazby.query.measures import measure_rows
    from vazby.query.plans import plan_slugs

    path, instance, _ = published
    local_graph = load_graph(path)
    slugs = plan_slugs(local_graph)
    plan = measure_rows(local_graph)[-1].plan
    endpoint = Endpoint(instance.sparql)
    names = published_graphs(endpoint)
    scope = plan_scope(endpoint, names, plan)
    assert len(slugs) > 1 and len(names) - len(scope) >= len(slugs) - 1
    assert plan_scope(endpoint, names, "no-such-plan") == names
    runner = CliRunner()
    printed = 0
    for args in PLAN_COMMANDS:
        at = 1 if args[0] == "sparql" else 2
        tail = [*args[at:], "--plan", plan, "--format", "json"]
        local = runner.invoke(main, [*args[:at], str(path), *tail])
        remote = runner.invoke(main, [*args[:at], *tail, "--endpoint", instance.sparql])
        assert local.exit_code == 0 and remote.exit_code == 0, (args, local.output, remote.output)
        text = named_query(args[2]).text if args[0] == "sparql" else ""
        rows = [json.loads(line) for line in local.stdout.splitlines()]
        printed += bool(rows)
        assert _plain([json.loads(line) for line in remote.stdout.splitlines()], text) == _plain(
            rows, text
        )
    assert printed >= len(PLAN_COMMANDS) // 2  # the plan's questions have answers to compare


PLAN_OUTPUTS = [
    ["map", "-o", "map.html"],
    ["map", "-o", "actors.svg", "--view", "actors"],
    ["export", "-o", "graph.graphml", "--view", "full"],
    ["export", "-o", "tables", "--format", "csv"],
    ["report", "-o", "report.html", "--lang", "en"],
]

# A map page's nodes and edges: JSON lists in the order the layout drew them.
_MAP_DATA = re.compile(r'(<script type="application/json" id="vz-[a-z-]+">)(\[.*?\])(</script>)')


def _written(path: Path) -> list[str]:
    """What a command wrote, comparable across runs and stores: every file's lines sorted
    (a writer keeps the order the graph gave), the items of a map page's data sorted too."""
    lines = []
    for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
        for line in file.read_text(encoding="utf-8").splitlines():
            found = _MAP_DATA.search(line)
            if found:
                items = sorted(json.dumps(x, sort_keys=True) for x in json.loads(found[2]))
                line = found[1] + "\n".join(items) + found[3]
            lines.append(f"{file.name}: {line}")
    return sorted(lines)


def test_plan_maps_exports_and_report_read_the_plans_graphs_and_write_what_the_file_gives(
    published, tmp_path, monkeypatch
):
    """map, export and report with --plan copy only the plan's graphs and the shared ones,
    and write what they write from the file."""
    import vazby.rdf.remote as remote
    from vazby.query.measures import measure_rows

    path, instance, _ = published
    plan = measure_rows(load_graph(path))[-1].plan
    endpoint = Endpoint(instance.sparql)
    scope = plan_scope(endpoint, published_graphs(endpoint), plan)
    copied: list[list[str]] = []
    copy = remote.copy_graphs
    monkeypatch.setattr(
        remote, "copy_graphs", lambda e, names: copied.append(list(names)) or copy(e, names)
    )
    (tmp_path / "file").mkdir()
    (tmp_path / "store").mkdir()
    runner = CliRunner()
    for args in PLAN_OUTPUTS:
        command, output, rest = args[0], args[2], args[3:]
        local, remote_out = tmp_path / "file" / output, tmp_path / "store" / output
        mine = runner.invoke(main, [command, str(path), "-o", str(local), *rest, "--plan", plan])
        copied.clear()
        theirs = runner.invoke(
            main,
            [command, "-o", str(remote_out), *rest, "--plan", plan, "--endpoint", instance.sparql],
        )
        assert mine.exit_code == 0 and theirs.exit_code == 0, (args, mine.output, theirs.output)
        assert copied and all(sorted(names) == sorted(scope) for names in copied), args
        assert _written(remote_out) == _written(local), args
        assert _written(local)


def test_plan_views_of_a_store_opened_whole_read_the_plans_graphs(published, monkeypatch):
    """A map view or dependency graph of one plan, of a store opened for every plan (the
    Python API), copies only the graphs that plan's questions read, and equals the file's."""
    import vazby.rdf.remote as remote
    from vazby.query.measures import measure_rows
    from vazby.query.views import dependency_graph, map_view

    path, instance, _ = published
    local = load_graph(path)
    plan = measure_rows(local)[-1].plan
    endpoint = Endpoint(instance.sparql)
    scope = sorted(plan_scope(endpoint, published_graphs(endpoint), plan))
    copied: list[list[str]] = []
    copy = remote.copy_graphs
    monkeypatch.setattr(
        remote, "copy_graphs", lambda e, names: copied.append(sorted(names)) or copy(e, names)
    )

    def same(view):
        nodes = sorted(
            json.dumps([n, a], sort_keys=True, default=str) for n, a in view.nodes(data=True)
        )
        edges = [
            json.dumps([s, o, a], sort_keys=True, default=str) for s, o, a in view.edges(data=True)
        ]
        return nodes, sorted(edges)

    for make in (
        lambda g: map_view(g, "actors", plan=plan),
        lambda g: map_view(g, "dependencies", plan=plan),
        lambda g: dependency_graph(g, plan=plan),
    ):
        copied.clear()
        assert same(make(open_endpoint(instance.sparql))) == same(make(local))
        assert copied == [scope]


def _publish_args(path, instance, password_file):
    return [
        "publish",
        str(path),
        "--endpoint",
        instance.sparql_auth,
        "--user",
        instance.user,
        "--password-file",
        str(password_file),
        "--graph-per-plan",
    ]


def test_publish_cli_digest_password_in_no_output_argument_or_log(published, tmp_path):
    """The password (from a file) reaches the store by Digest and appears in no line
    printed, no process argument and no log record, even at DEBUG."""
    path, instance, _ = published
    secret = tmp_path / "password"
    secret.write_text(instance.password + "\n", encoding="utf-8")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "vazby"), *_publish_args(path, instance, secret)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    arguments = []
    while process.poll() is None:
        try:
            arguments.append(Path(f"/proc/{process.pid}/cmdline").read_bytes())
        except OSError:
            break
        time.sleep(0.05)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert "verified: every graph holds the triples sent" in out
    assert arguments and all(instance.password.encode() not in a for a in arguments)
    assert instance.password not in out + err


def test_publish_logs_nothing_of_the_password_at_debug(published, tmp_path, caplog):
    path, instance, _ = published
    secret = tmp_path / "password"
    secret.write_text(instance.password, encoding="utf-8")
    with caplog.at_level(logging.DEBUG):
        result = CliRunner().invoke(main, _publish_args(path, instance, secret))
    assert result.exit_code == 0, result.output
    assert caplog.records  # requests and urllib3 did log
    assert instance.password not in caplog.text


def test_publish_wrong_password_fails_clearly_without_showing_it(published, tmp_path, monkeypatch):
    path, instance, _ = published
    wrong = instance.password + "-wrong"
    monkeypatch.setenv("VAZBY_PASSWORD", wrong)
    args = ["publish", str(path), "--endpoint", instance.sparql_auth, "--user", instance.user]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "refused the credentials as 'vazby_publisher' (401)" in result.stderr
    assert wrong not in result.output and instance.password not in result.output


def test_publish_has_no_password_option():
    from vazby.cli.publish import publish

    assert not any(
        "password" in name and name != "password_file" for name in (p.name for p in publish.params)
    )


def _recast_only(report) -> None:
    """What a publish by SPARQL Update leaves in Virtuoso: every triple is there, but its
    INSERT DATA recasts typed literals (decimal 4000000 to integer, gYearMonth 2024-01 to
    gYear 2024); the check after publishing must find every one of them."""
    assert report.method == "sparql update"
    assert [c.held for c in report.checks] == [c.sent for c in report.checks]
    missing = [t for c in report.checks for t in c.missing]
    unexpected = [t for c in report.checks for t in c.unexpected]
    assert len(missing) == len(unexpected)
    for s, p, o in missing + unexpected:
        assert isinstance(o, Literal) and o.datatype is not None, (s, p, o)
    assert {(s, p) for s, p, _ in missing} == {(s, p) for s, p, _ in unexpected}
    assert report.ok is (not missing)


def test_publish_by_sparql_update_when_no_graph_store_is_known(published):
    path, instance, first = published
    endpoint = Endpoint(instance.sparql_auth, user=instance.user, password=instance.password)
    report = publish_graph(load_graph(path), endpoint, graph_store=None, per_plan=True)
    _recast_only(report)
    assert [(c.name, c.held) for c in report.checks] == [(c.name, c.held) for c in first.checks]


def test_publish_falls_back_to_update_where_the_graph_store_answers_404(published):
    path, instance, first = published
    endpoint = Endpoint(instance.sparql_auth, user=instance.user, password=instance.password)
    report = publish_graph(
        load_graph(path), endpoint, graph_store=f"{instance.base}/no-graph-store", per_plan=True
    )
    _recast_only(report)
    assert sum(c.held for c in report.checks) == sum(c.held for c in first.checks)


def test_publish_in_small_chunks_holds_the_same_triples(published):
    path, instance, first = published
    endpoint = Endpoint(instance.sparql_auth, user=instance.user, password=instance.password)
    seen = []
    report = publish_graph(
        load_graph(path),
        endpoint,
        graph_store=instance.graph_store,
        per_plan=True,
        chunk=700,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert report.ok and all(not c.unexpected for c in report.checks)
    assert [(c.name, c.held) for c in report.checks] == [(c.name, c.held) for c in first.checks]
    assert len(seen) > len(report.checks)  # more requests than graphs
    assert seen[-1][0] == seen[-1][1] == report.triples


def test_publish_one_graph_then_per_plan_never_holds_a_triple_twice(published):
    path, instance, _ = published
    graph = load_graph(path)
    endpoint = Endpoint(instance.sparql_auth, user=instance.user, password=instance.password)
    whole = publish_graph(graph, endpoint, graph_store=instance.graph_store)
    assert [c.name for c in whole.checks] == ["https://w3id.org/vazby/id/graph/corpus"]
    assert published_graphs(endpoint) == ["https://w3id.org/vazby/id/graph/corpus"]
    assert sum(_store_triples(instance).values()) - _catalog_size(instance) == len(graph)
    again = publish_graph(graph, endpoint, graph_store=instance.graph_store, per_plan=True)
    assert again.ok
    assert "https://w3id.org/vazby/id/graph/corpus" not in _store_triples(instance)
    assert sum(_store_triples(instance).values()) - _catalog_size(instance) == len(graph)


def test_publish_in_slices_read_back_by_subject_finds_what_the_store_changed(published):
    """The corpus in one graph, sent and read back in slices smaller than the store's cap
    (1,000 rows), by subject: it is held exactly; a triple changed in a later slice and one
    about a subject never sent are found by the slices and by the store's count."""
    path, instance, _ = published
    graph = load_graph(path)
    endpoint = Endpoint(instance.sparql_auth, user=instance.user, password=instance.password)
    try:
        report = publish_graph(graph, endpoint, graph_store=instance.graph_store, slice_size=300)
        (check,) = report.checks
        assert report.ok and check.sent == check.held == len(graph)
        (part,) = graph_parts(graph)
        pieces = part.slices(300)
        next(pieces)
        s, p, o = (URIRef(x.value) for x in next(t for t in next(pieces).triples if _iri(t.object)))
        wrong, stranger = URIRef(f"{o}/changed"), URIRef("https://example.org/stranger")
        endpoint.update(
            f"DELETE DATA {{ GRAPH <{part.name}> {{ {s.n3()} {p.n3()} {o.n3()} }} }} ; "
            f"INSERT DATA {{ GRAPH <{part.name}> {{ {s.n3()} {p.n3()} <{wrong}> . "
            f"{stranger.n3()} {p.n3()} {o.n3()} }} }}"
        )
        (check,) = verify(endpoint, [part], slice_size=300)
        assert check.held == check.sent + 1 and not check.ok and check.unread == 0
        assert check.missing == ((s, p, o),)
        assert check.unexpected == tuple(sorted([(s, p, wrong), (stranger, p, o)]))
    finally:
        publish_graph(graph, endpoint, graph_store=instance.graph_store, per_plan=True)


def _catalog_size(instance) -> int:
    return _store_triples(instance).get(str(catalog_graph()), 0)


def test_sparql_ask_and_construct_with_endpoint_answer_as_the_file(published, tmp_path):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    path, instance, _ = published
    runner = CliRunner()
    ask = "ASK { ?m a vz:Measure ; vz:guarantor ?a }"
    local = runner.invoke(main, ["sparql", str(path), "-e", ask])
    remote = runner.invoke(main, ["sparql", "-e", ask, "--endpoint", instance.sparql])
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout
    query = tmp_path / "funded.rq"
    query.write_text(
        "CONSTRUCT { ?m vz:fundedBy ?b . ?b vz:amountCZK ?x }\n"
        "WHERE { ?m vz:fundedBy ?b . ?b vz:amountCZK ?x }\n",
        encoding="utf-8",
    )
    local = runner.invoke(main, ["sparql", str(path), str(query)])
    remote = runner.invoke(main, ["sparql", str(query), "--endpoint", instance.sparql])
    assert remote.exit_code == 0, remote.output
    theirs, ours = Graph(), Graph()
    theirs.parse(data=remote.stdout, format="turtle")
    ours.parse(data=local.stdout, format="turtle")
    assert len(ours) > 0 and isomorphic(theirs, ours)
