"""Turn loader records into RDF triples: the builders of plans (areas, goals, measures,
links, budget lines, summary-table rows, abbreviations), and the one import that fills the
registry with every kind of document (:mod:`vazby.rdf.build_minutes`,
:mod:`vazby.rdf.build_reports`).

Use :class:`GraphBuilder` from here: importing this module registers every builder.
IRIs are deterministic and readable: ``{base}plan/{plan}/measure/{id}``,
``{base}plan/{plan}/goal/{id}``, ``{base}actor/{slug}``, so rebuilds diff cleanly.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from rdflib import Literal, URIRef

from ..lang import slugify
from ..loaders.records import (
    Abbreviation,
    Area,
    BudgetLine,
    Goal,
    Link,
    Measure,
    Mention,
    Plan,
    Schedule,
    TableRow,
)
from ..ontology.namespace import DCTERMS, RDF, RDFS, VZ, XSD
from . import build_minutes, build_reports  # noqa: F401  (they register their builders)
from .builder import (
    BUILDERS,
    ID_KINDS,
    Context,
    GraphBuilder,
    decimal_text,
    document_scope,
    new_graph,
    register,
)
from .bulk import nt_typed

__all__ = [
    "BUILDERS",
    "ID_KINDS",
    "Context",
    "GraphBuilder",
    "document_scope",
    "new_graph",
    "register",
]

_XSD_DECIMAL = str(XSD.decimal)


@register(Plan)
def build_plan(b: GraphBuilder, ctx: Context, plan: Plan) -> None:
    node = ctx.plan_iri or b.iri("plan", plan.slug)
    b.add(node, RDF.type, VZ.Plan)
    b.text(node, RDFS.label, plan.title)
    b.text(node, VZ.identifier, plan.slug, lang=None)
    b.text(node, VZ.planKind, plan.kind, lang=None)
    b.text(node, VZ.period, plan.period, lang=None)
    b.text(node, VZ.vision, plan.vision)
    b.add(node, DCTERMS.source, ctx.doc_iri)
    if plan.town:
        town = b.iri("municipality", slugify(plan.town))
        b.add(town, RDF.type, VZ.Municipality)
        b.text(town, RDFS.label, plan.town)
        b.add(node, DCTERMS.spatial, town)
        b.add(node, VZ.town, town)
    b.derive(node, plan.source)


@register(Area, "area")
def build_area(b: GraphBuilder, ctx: Context, area: Area) -> None:
    node = b.plan_node(area.plan, "area", area.id)
    b.add(node, RDF.type, VZ.ThematicArea)
    b.text(node, RDFS.label, area.title)
    b.text(node, VZ.identifier, area.id, lang=None)
    b.add(node, VZ.inPlan, b.iri("plan", area.plan))
    b.add(b.iri("plan", area.plan), VZ.hasPart, node)
    groups = [(g, r) for g in area.target_groups for r in ctx.resolver.target_groups(g.text)]
    for i, (mention, resolved) in enumerate(groups, 1):
        b.mention(node, VZ.targets, mention, resolved, "target-group", i)
    b.derive(node, area.source)


@register(Goal, "goal")
def build_goal(b: GraphBuilder, ctx: Context, goal: Goal) -> None:
    node = b.plan_node(goal.plan, "goal", goal.id)
    b.add(node, RDF.type, VZ.Goal)
    b.add(node, RDF.type, VZ.StrategicGoal if goal.level == "strategic" else VZ.SpecificGoal)
    b.text(node, RDFS.label, goal.title)
    b.text(node, VZ.identifier, goal.id, lang=None)
    b.text(node, VZ.level, goal.level, lang=None)
    b.text(node, VZ.levelLabel, goal.label_cs)
    b.add(node, VZ.inPlan, b.iri("plan", goal.plan))
    b.add(node, VZ.inArea, b.plan_node(goal.plan, "area", goal.area))
    # A top goal that stands for the area a plan does not print has the area's id.
    is_goal = ctx.has("goal", goal.parent) and goal.parent != goal.id
    parent_kind = "goal" if is_goal else "area"
    b.add(b.plan_node(goal.plan, parent_kind, goal.parent), VZ.hasPart, node)
    b.text(node, VZ.expectedImpact, goal.impact)
    for indicator in goal.indicators:
        b.text(node, VZ.indicator, indicator)
    b.derive(node, goal.source)


@register(Measure, "measure")
def build_measure(b: GraphBuilder, ctx: Context, m: Measure) -> None:
    b.measure_count += 1
    r = ctx.resolver
    node = b.plan_node(m.plan, "measure", m.id)
    b.add(node, RDF.type, VZ.Measure)
    b.text(node, RDFS.label, m.title)
    b.text(node, VZ.identifier, m.id, lang=None)
    b.text(node, DCTERMS.description, m.description)
    b.add(node, VZ.inPlan, b.iri("plan", m.plan))
    b.add(node, VZ.inArea, b.plan_node(m.plan, "area", m.area))
    b.add(b.plan_node(m.plan, "goal", m.goal), VZ.hasPart, node)
    target_groups = [(g, resolved) for g in m.target_groups for resolved in r.target_groups(g.text)]
    for i, (mention, resolved) in enumerate(target_groups, 1):
        b.mention(node, VZ.targets, mention, resolved, "target-group", i)
    for i, mention in enumerate(m.guarantors, 1):
        b.mention(node, VZ.guarantor, mention, r.actor(mention.text), "guarantor", i)
    _funding_sources(b, ctx, node, m.funding_sources)
    if m.status is not None:
        b.text(node, VZ.statusText, m.status.text)
        for i, resolved in enumerate(r.statuses(m.status.text), 1):
            b.mention(node, VZ.status, m.status, resolved, "status", i)
    for indicator in m.indicators:
        b.text(node, VZ.indicator, indicator)
    b.text(node, VZ.expectedImpact, m.impacts)
    _schedule(b, node, m.schedule)
    if m.cost is not None:
        b.text(node, VZ.costText, m.cost.raw)
    if m.budget_line and ctx.has("budget", m.budget_line):
        b.add(node, VZ.fundedBy, b.budget_node(m.plan, m.budget_line))
    kind_text = " ".join(t for t in (m.title, m.description or "") if t)
    for kind in r.measure_kinds(kind_text):
        b.add(node, VZ.measureKind, b.concept(kind))
    for i, link in enumerate(m.links, 1):
        build_link(b, ctx, node, m.plan, link, i)
    b.derive(node, m.source)


def _funding_sources(
    b: GraphBuilder, ctx: Context, node: URIRef, mentions: tuple[Mention, ...]
) -> None:
    """Funding-source mentions of a measure, budget line or table row, resolved."""
    for i, mention in enumerate(mentions, 1):
        resolved = ctx.resolver.funding_source(mention.text)
        b.mention(node, VZ.fundingSource, mention, resolved, "funding-source", i)


def _schedule(b: GraphBuilder, node: URIRef, schedule: Schedule | None) -> None:
    if schedule is None:
        return
    b.text(node, VZ.scheduleText, schedule.raw)
    for prop, value in ((VZ.scheduleStart, schedule.start), (VZ.scheduleEnd, schedule.end)):
        if value:
            datatype = XSD.gYearMonth if len(value) == 7 else XSD.gYear
            b.add(node, prop, Literal(value, datatype=datatype))


_TARGET_KINDS = {
    "goal": "goal",
    "measure": "measure",
    "cost": "measure",
    "budget": "measure",
    "area": "area",
}


def build_link(
    b: GraphBuilder, ctx: Context, source: URIRef, plan: str, link: Link, index: int
) -> None:
    """A cross-reference as a vz:Link node plus a plain vz:linksTo triple."""
    node = URIRef(f"{source}/link/{index}")
    b.add(node, RDF.type, VZ.Link)
    b.add(node, VZ.linkSource, source)
    b.text(node, VZ.linkKind, link.kind, lang=None)
    b.text(node, VZ.rawText, link.raw)
    b.derive(node, link.source)
    target_kind = _TARGET_KINDS.get(link.kind)
    if link.kind == "need":
        need = b.plan_node(plan, "need", slugify(link.raw)[:80] or "need")
        b.add(need, RDF.type, VZ.Need)
        b.text(need, RDFS.label, link.raw)
        b.add(need, VZ.inPlan, b.iri("plan", plan))
        b.derive(need, link.source)
        b.add(node, VZ.linkTarget, need)
        b.add(source, VZ.linksTo, need)
    elif target_kind and link.target:
        b.text(node, VZ.targetText, link.target, lang=None)
        if ctx.has(target_kind, link.target):
            target = b.plan_node(plan, target_kind, link.target)
            b.add(node, VZ.linkTarget, target)
            b.add(source, VZ.linksTo, target)
        else:
            b.add(node, VZ.dangling, Literal(True))
    elif link.target:
        b.text(node, VZ.targetText, link.target, lang=None)


@register(BudgetLine, "budget")
def build_budget_line(b: GraphBuilder, ctx: Context, line: BudgetLine) -> None:
    node = b.budget_node(line.plan, line.id)
    b.add(node, RDF.type, VZ.BudgetLine)
    b.add(node, VZ.inPlan, b.iri("plan", line.plan))
    b.text(node, VZ.identifier, line.id, lang=None)
    _amount(b, node, line.amount)
    label = line.amount.raw or line.id
    b.text(node, RDFS.label, label)
    _funding_sources(b, ctx, node, line.funding_sources)
    for measure in line.measures:
        if ctx.has("measure", measure):
            b.add(b.plan_node(line.plan, "measure", measure), VZ.fundedBy, node)
    b.derive(node, line.source)


def _amount(b: GraphBuilder, node: URIRef, amount: Any) -> None:
    if amount is None:
        return
    b.text(node, VZ.costText, amount.raw)
    if amount.czk is not None:
        b.add(node, VZ.amountCZK, nt_typed(decimal_text(amount.czk), _XSD_DECIMAL))
    if amount.approximate:
        b.add(node, VZ.approximate, Literal(True))
    b.text(node, VZ.costPeriod, amount.period)
    if getattr(amount, "total_czk", None) is not None:
        b.add(node, VZ.computedTotalCZK, nt_typed(decimal_text(amount.total_czk), _XSD_DECIMAL))
        b.add(node, VZ.totalYears, nt_typed(decimal_text(amount.total_years), _XSD_DECIMAL))
    if amount.reference:
        b.text(node, VZ.costReference, amount.reference, lang=None)


@register(TableRow)
def build_table_row(b: GraphBuilder, ctx: Context, row: TableRow) -> None:
    node = b.plan_node(row.plan, "table", f"{row.table}/{row.source.first_line}")
    b.add(node, RDF.type, VZ.TableEntry)
    b.text(node, VZ.table, row.table, lang=None)
    b.text(node, VZ.identifier, row.measure, lang=None)
    b.add(node, VZ.inPlan, b.iri("plan", row.plan))
    if ctx.has("measure", row.measure):
        b.add(node, VZ.aboutMeasure, b.plan_node(row.plan, "measure", row.measure))
    b.text(node, RDFS.label, row.title)
    _amount(b, node, row.amount)
    _funding_sources(b, ctx, node, row.funding_sources)
    b.text(node, VZ.serviceType, row.service_type)
    b.text(node, VZ.programme, row.programme, lang=None)
    b.derive(node, row.source)


@register(Abbreviation)
def build_abbreviation(b: GraphBuilder, ctx: Context, abbr: Abbreviation) -> None:
    node = URIRef(f"{ctx.doc_iri}/abbreviation/{quote(abbr.abbreviation, safe='')}")
    b.add(node, RDF.type, VZ.Abbreviation)
    b.text(node, VZ.abbreviation, abbr.abbreviation, lang=None)
    b.text(node, VZ.expansion, abbr.expansion)
    b.add(node, VZ.document, ctx.doc_iri)
    b.derive(node, abbr.source)
