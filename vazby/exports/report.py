"""The plan report: what a strategist attaches to an evaluation, put together from the graph.

:func:`build_report` asks the questions of :mod:`vazby.query` (measures, funding, orphans,
overlap, audit) and the map views, and returns plain sections of tables and maps; every
table names its source: the documents it was read from and the question that computed it,
and rows carry the locator the graph gives. :mod:`vazby.exports.report_render` writes it as
one self-contained HTML page or a PDF.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import networkx as nx
from rdflib import Graph

from ..query.audit import audit
from ..query.funding import funding
from ..query.measures import MeasureRow, measure_rows, natural_key
from ..query.orphans import ORPHAN_KINDS
from ..query.overlap import actor_pairs, actor_spread
from ..query.queries import check_plan, orphan_measures
from ..query.views import map_view, narrow_view
from ..rdf.store import run_query
from .report_text import words

__all__ = ["Table", "Outline", "MapFigure", "Section", "Report", "build_report", "money"]

#: Audit kinds that are disagreements between a measure's card and a table of the plan.
DISAGREEMENTS = ("card-table-mismatch", "missing-row", "total")
#: Rows kept in the actor tables.
TOP_ACTORS = 15


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table; ``numeric`` columns sort as numbers; ``source`` names where the
    figures come from."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    source: str
    numeric: frozenset[int] = frozenset()
    total: tuple[Any, ...] | None = None


@dataclass(frozen=True, slots=True)
class Outline:
    """A plan's areas, each with its goals (identifier, title, measures, locator, depth)."""

    plan: str
    title: str
    town: str | None
    areas: tuple[tuple[str, str, str, tuple[tuple[str, str, int, str, int], ...]], ...]
    source: str


@dataclass(frozen=True, slots=True)
class MapFigure:
    """A static map to draw: a view of the graph, its caption and source."""

    key: str
    caption: str
    view: nx.MultiDiGraph
    source: str


@dataclass
class Section:
    key: str
    title: str
    intro: str = ""
    outlines: list[Outline] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    maps: list[MapFigure] = field(default_factory=list)


@dataclass
class Report:
    title: str
    subtitle: str
    lang: str
    documents: tuple[str, ...]
    sections: list[Section]


def money(amount: Decimal | float | int) -> str:
    """Whole crowns with spaces between thousands.

    Examples
    --------
    >>> money(Decimal("603960000"))
    '603 960 000'
    """
    return f"{int(round(amount)):,}".replace(",", " ")


def _documents(graph: Graph, plan: str | None) -> dict[str, tuple[str, ...]]:
    """The file names each plan was read from (``""``: every document of the graph)."""
    found: dict[str, set[str]] = defaultdict(set)
    query = (
        "SELECT ?plan ?f WHERE { ?p a vz:Plan ; vz:identifier ?plan ; "
        "dcterms:source/vz:fileName ?f }"
    )
    for row in run_query(graph, query):
        found[str(row["plan"])].add(str(row["f"]))
    for row in run_query(graph, "SELECT ?f WHERE { ?d a vz:SourceDocument ; vz:fileName ?f }"):
        found[""].add(str(row["f"]))
    return {k: tuple(sorted(v)) for k, v in found.items() if plan is None or k in (plan, "")}


def _source(w: dict[str, str], files: tuple[str, ...], computed: str) -> str:
    return f"{w['source']}: {', '.join(files) or '—'}; {w['computed']} {computed}"


def _outline(view: nx.MultiDiGraph, plan_node: str, source: str) -> Outline:
    attrs = view.nodes[plan_node]
    children: dict[str, list[str]] = defaultdict(list)
    for s, t, kind in view.edges(data="kind"):
        if kind == "part":
            children[s].append(t)

    def order(nodes: list[str]) -> list[str]:
        return sorted(nodes, key=lambda n: natural_key(str(view.nodes[n].get("identifier", n))))

    def goals(node: str, depth: int = 0) -> list[tuple[str, str, int, str, int]]:
        rows = []
        for child in order(children[node]):
            a = view.nodes[child]
            if a.get("type") == "goal":
                measures = sum(1 for m in children[child] if view.nodes[m].get("type") == "measure")
                ident, label = str(a.get("identifier", "")), str(a["label"])
                rows.append((ident, label, measures, a.get("source", ""), depth))
                rows.extend(goals(child, depth + 1))
        return rows

    areas = []
    loose = goals(plan_node)
    for child in order(children[plan_node]):
        a = view.nodes[child]
        if a.get("type") == "area":
            areas.append(
                (
                    str(a.get("identifier", "")),
                    str(a["label"]),
                    a.get("source", ""),
                    tuple(goals(child)),
                )
            )
    if loose:
        areas.append(("", "", "", tuple(loose)))
    return Outline(
        plan=str(attrs.get("plan")),
        title=str(attrs.get("label")),
        town=attrs.get("town"),
        areas=tuple(areas),
        source=source,
    )


def _area_names(view: nx.MultiDiGraph) -> dict[tuple[str, str], str]:
    return {
        (str(a.get("plan")), str(a.get("area"))): str(a.get("label"))
        for _, a in view.nodes(data=True)
        if a.get("type") == "area"
    }


def _measures_section(w, rows: list[MeasureRow], names, source) -> Section:
    section = Section("measures", w["measures"])
    status = Counter((r.plan, r.status or w["no_status"]) for r in rows)
    section.tables.append(
        Table(
            "by-status",
            w["by_status"],
            (w["plan"], w["status"], w["measures_n"]),
            tuple((p, s, n) for (p, s), n in sorted(status.items())),
            source,
            frozenset({2}),
            ("", w["total"], sum(status.values())),
        )
    )
    areas = Counter((r.plan, r.area or "") for r in rows)
    section.tables.append(
        Table(
            "by-area",
            w["by_area"],
            (w["plan"], w["area"], w["area_name"], w["measures_n"]),
            tuple(
                (p, a or w["no_area"], names.get((p, a), ""), n)
                for (p, a), n in sorted(
                    areas.items(), key=lambda i: (i[0][0], natural_key(i[0][1]))
                )
            ),
            source,
            frozenset({3}),
            ("", "", w["total"], sum(areas.values())),
        )
    )
    return section


def _funding_section(w, graph: Graph, plan, names, files, findings) -> Section:
    section = Section("funding", w["funding"], w["funding_intro"])
    for by, key, title, label in (
        ("source", "funding-source", w["by_source"], w["key_source"]),
        ("area", "funding-area", w["by_area_funding"], w["area"]),
    ):
        rows = funding(graph, by, plan)
        total = sum((r.total_czk for r in rows), Decimal(0))
        body = []
        for r in rows:
            name = names.get((r.plan, r.key), "") if by == "area" else ""
            body.append(
                (r.plan, f"{r.key} {name}".strip(), r.lines, r.measures, money(r.total_czk))
            )
        section.tables.append(
            Table(
                key,
                title,
                (w["plan"], label, w["lines_n"], w["measures_n"], w["amount"]),
                tuple(body),
                _source(w, files, f"vazby.query.funding.funding(by={by!r})"),
                frozenset({2, 3, 4}),
                ("", w["total"], sum(r.lines for r in rows), "", money(total)),
            )
        )
    section.tables.append(
        Table(
            "disagreements",
            w["disagreements"],
            (w["locator"], w["kind"], w["message"]),
            tuple((r.source, r.kind, r.message) for r in findings if r.kind in DISAGREEMENTS),
            _source(w, files, "vazby.query.audit.audit"),
        )
    )
    return section


def _orphans_section(w, graph: Graph, plan, files) -> Section:
    section = Section("orphans", w["orphans"], w["orphans_intro"])
    rows = orphan_measures(graph, "all", plan)
    counts = Counter(r.reason for r in rows)
    source = _source(w, files, "vazby.query.queries.orphan_measures")
    section.tables.append(
        Table(
            "orphans-by-reason",
            w["by_reason"],
            (w["reason"], w["measures_n"]),
            tuple((w.get(k, k), counts[k]) for k in ORPHAN_KINDS),
            source,
            frozenset({1}),
        )
    )
    section.tables.append(
        Table(
            "orphan-list",
            w["orphan_list"],
            (w["plan"], w["id"], w["title"], w["reason"], w["detail"], w["locator"]),
            tuple(
                (r.plan, r.id, r.title, w.get(r.reason, r.reason), r.detail, r.source) for r in rows
            ),
            source,
        )
    )
    return section


def _dependencies_section(w, view: nx.MultiDiGraph, files) -> Section:
    section = Section("dependencies", w["dependencies"], w["dependencies_intro"])
    rows = []
    for s, t, attrs in view.edges(data=True):
        a, b = view.nodes[s], view.nodes[t]
        if attrs.get("kind") != "link" or not a.get("area") or not b.get("area"):
            continue
        if a.get("plan") == b.get("plan") and a.get("area") == b.get("area"):
            continue
        rows.append(
            (
                str(a.get("plan")),
                f"{a.get('identifier', '')} ({w['area']} {a['area']})",
                f"{b.get('identifier', '')} ({w['area']} {b['area']})",
                str(attrs.get("link_kind", "")),
                str(attrs.get("raw", "")),
                str(attrs.get("source", "")),
            )
        )
    rows.sort(key=lambda r: (r[0], natural_key(r[1]), natural_key(r[2])))
    section.tables.append(
        Table(
            "cross-area",
            w["dependencies"],
            (w["plan"], w["from"], w["to"], w["kind"], w["text"], w["locator"]),
            tuple(rows),
            _source(w, files, "vazby.exports.network.map_view('dependencies')"),
        )
    )
    return section


def _actors_section(w, graph: Graph, plan, files) -> Section:
    section = Section("actors", w["actors"])
    spread = actor_spread(graph, "areas", minimum=1, plan=plan, top=TOP_ACTORS)
    section.tables.append(
        Table(
            "active-actors",
            w["active"],
            (w["actor"], w["areas_n"], w["measures_n"], w["items"]),
            tuple((r.actor, r.count, r.measures, ", ".join(r.items)) for r in spread),
            _source(w, files, "vazby.query.overlap.actor_spread(by='areas')"),
            frozenset({1, 2}),
        )
    )
    pairs = actor_pairs(graph, "measures", plan=plan, top=TOP_ACTORS)
    section.tables.append(
        Table(
            "actor-pairs",
            w["pairs"],
            (w["actor_a"], w["actor_b"], w["shared"], w["jaccard"]),
            tuple((r.actor_a, r.actor_b, r.shared, f"{r.jaccard:.3f}") for r in pairs),
            _source(w, files, "vazby.query.overlap.actor_pairs(by='measures')"),
            frozenset({2, 3}),
        )
    )
    return section


def _maps_section(w, graph: Graph, every: nx.MultiDiGraph, plans: list[str], files) -> Section:
    section = Section("maps", w["maps"])
    for slug in plans:
        plan_view = narrow_view(every, plan=slug)
        source = _source(w, files, f"vazby map --view dependencies --plan {slug}")
        section.maps.append(MapFigure(f"map-{slug}", f"{w['map_plan']} {slug}", plan_view, source))
        areas = sorted(
            (
                str(a["area"])
                for _, a in plan_view.nodes(data=True)
                if a.get("type") == "area" and a.get("area")
            ),
            key=natural_key,
        )
        if len(areas) > 1:
            for area in areas:
                area_view = narrow_view(every, plan=slug, area=area)
                section.maps.append(
                    MapFigure(
                        f"map-{slug}-{area}",
                        f"{w['map_area']} {area} ({slug})",
                        area_view,
                        _source(w, files, f"vazby map --plan {slug} --area {area}"),
                    )
                )
        actors = map_view(graph, "actors", plan=slug)
        if actors.number_of_edges():
            section.maps.append(
                MapFigure(
                    f"actors-{slug}",
                    f"{w['map_actors']} ({slug})",
                    actors,
                    _source(w, files, f"vazby map --view actors --plan {slug}"),
                )
            )
    return section


def build_report(graph: Graph, plan: str | None = None, lang: str = "cs") -> Report:
    """The sections of the report on one plan (its slug) or on every plan of the graph.

    Raises
    ------
    UnknownEntity
        ``plan`` is not in the graph.
    VazbyError
        Unknown language.
    """
    w = words(lang)
    check_plan(graph, plan)
    every = map_view(graph, "dependencies")
    view = narrow_view(every, plan=plan) if plan else every
    documents = _documents(graph, plan)
    files = documents.get(plan, ()) if plan else documents.get("", ())
    plan_nodes = sorted(
        (n for n, a in view.nodes(data=True) if a.get("type") == "plan"),
        key=lambda n: str(view.nodes[n].get("plan")),
    )
    plans = [str(view.nodes[n].get("plan")) for n in plan_nodes]
    names = _area_names(view)
    outline = Section("outline", w["outline"], w["outline_intro"])
    for node in plan_nodes:
        slug = str(view.nodes[node].get("plan"))
        outline.outlines.append(
            _outline(view, node, _source(w, documents.get(slug, ()), "vazby.exports.network"))
        )
    rows = measure_rows(graph, plan)
    findings = audit(graph, plan)
    sections = [
        outline,
        _measures_section(w, rows, names, _source(w, files, "vazby.query.measures.measure_rows")),
        _funding_section(w, graph, plan, names, files, findings),
        _orphans_section(w, graph, plan, files),
        _dependencies_section(w, view, files),
        _actors_section(w, graph, plan, files),
    ]
    diagnostics = Section("diagnostics", w["diagnostics"])
    diagnostics.tables.append(
        Table(
            "diagnostics",
            w["diagnostics"],
            (w["locator"], w["kind"], w["origin"], w["message"]),
            tuple((r.source, r.kind, r.origin, r.message) for r in findings),
            _source(w, files, "vazby.query.audit.audit"),
        )
    )
    sections.append(diagnostics)
    sections.append(_maps_section(w, graph, every, plans, files))
    if plan and plan_nodes:
        attrs = view.nodes[plan_nodes[0]]
        town = attrs.get("town")
        name = f"{town} — {attrs.get('label')}" if town else str(attrs.get("label"))
        title = f"{w['report']}: {name}"
    else:
        towns = sorted(
            {str(view.nodes[n].get("town") or view.nodes[n].get("plan")) for n in plan_nodes}
        )
        title = f"{w['corpus']}: {', '.join(towns)}"
    subtitle = f"{w['generated']}: {', '.join(files)}"
    return Report(title, subtitle, lang, files, sections)
