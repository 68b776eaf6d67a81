"""Graph builders for results summaries (003 layout) and programme reports (004 layout).

Towns are ``vz:Municipality`` at ``{base}municipality/{slug}``, the IRI the plan builder
gives a plan's town, so a town's plan and its reported results meet. Achievements carry
their figures as nodes (``vz:quantity`` xsd:decimal, ``vz:unit``) and the kinds of measure
the resolver finds in their text (``vz:measureKind``).

A programme is a ``vz:Programme`` and a ``vz:Plan`` (plan kind "programme-report"), so its
goals sit on the same ladder as a plan's: the long-term goal is strategic, the numbered
goals and their lettered sub-goals are specific. Activities ``vz:serves`` the goals they
list; a goal number the report does not define is kept as a dangling ``vz:Link``.
Abbreviations are built by :mod:`vazby.rdf.build`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import Literal, URIRef

from ..lang import lemma_key, slugify
from ..loaders.records import (
    Achievement,
    Activity,
    Criterion,
    IndicatorAssessment,
    Mention,
    Programme,
    ProgrammeGoal,
    Schedule,
    SourceSpan,
    Town,
)
from ..ontology.namespace import DCTERMS, RDF, RDFS, VZ, XSD
from .builder import Context, GraphBuilder, register
from .resolve import Resolved

__all__ = [
    "build_town",
    "build_achievement",
    "build_programme",
    "build_programme_goal",
    "build_criterion",
    "build_indicator",
    "build_activity",
]

# Programme goals are looked up by id when activities name them, as plan goals are.

#: A programme goal's level → the rung of the plan ladder it stands on.
_LADDER = {"long-term": "strategic", "specific": "specific", "sub": "specific"}
#: Abbreviations in running text ("OSPOD", "MAS", "ASZ"): two or more capitals.
_ABBREVIATION = re.compile(
    r"\b[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽa-zěščřžýáíéůú]*[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]\b"
)


def _municipality(b: GraphBuilder, name: str) -> URIRef:
    node = b.iri("municipality", slugify(name))
    b.add(node, RDF.type, VZ.Municipality)
    b.text(node, RDFS.label, name)
    return node


def _dates(b: GraphBuilder, node: URIRef, start: str | None, end: str | None) -> None:
    for prop, value in ((VZ.scheduleStart, start), (VZ.scheduleEnd, end)):
        if value and re.fullmatch(r"\d{4}(?:-\d{2})?", value):
            datatype = XSD.gYearMonth if len(value) == 7 else XSD.gYear
            b.add(node, prop, Literal(value, datatype=datatype))


def _schedule(b: GraphBuilder, node: URIRef, schedule: Schedule | None) -> None:
    if schedule is not None:
        b.text(node, VZ.period, schedule.raw, lang=None)
        _dates(b, node, schedule.start, schedule.end)


def _programme_node(b: GraphBuilder, programme: str, *parts: str) -> URIRef:
    return b.iri("programme", programme, *parts)


#: Head nouns of bodies: an abbreviation the document expands to one of these ("SAS –
#: sociálně aktivizační služba", "OSPOD – orgán …") names an actor; one that expands to
#: work, a place or a programme ("TP – terénní práce", "SVL – … lokalita") does not.
_BODY_NOUNS = frozenset(
    lemma_key(w)
    for w in """služba orgán zařízení organizace úřad spolek centrum agentura skupina komise
    rada odbor oddělení policie škola sdružení ústav poradna klub partnerství""".split()
)
#: The municipality is the programme's own town, linked already; a bare kind word such as
#: "ORP" in running text often names a neighbouring one, so it is not taken as a mention.
_NOT_MENTIONED_TYPES = frozenset({"municipality"})


def _names_body(resolved: Resolved) -> bool:
    """Whether a mention resolved to an actor names a body.

    A known actor does; so does one the document's own list of abbreviations or its town
    gave ("matched_by" abbreviation or context) whose label, before its first preposition,
    has a body's head noun.
    """
    if resolved.actor_type is not None and (
        str(resolved.actor_type).rsplit("/", 1)[-1] in _NOT_MENTIONED_TYPES
    ):
        return False
    if resolved.known:
        return True
    if resolved.matched_by not in ("abbreviation", "context"):
        return False
    for word in resolved.label.split():
        key = lemma_key(word)
        if key in _PREPOSITIONS:
            break
        if key in _BODY_NOUNS:
            return True
    return False


_PREPOSITIONS = frozenset("s se v ve z ze k ke na o u do od pro při po za mezi pod nad".split())


def _actors_in(b: GraphBuilder, ctx: Context, node: URIRef, text: str, source: SourceSpan) -> None:
    """``vz:mentions`` for each abbreviation in ``text`` that names a body (:func:`_names_body`)."""
    seen: set[str] = set()
    for token in _ABBREVIATION.findall(text):
        if token in seen:
            continue
        seen.add(token)
        resolved = ctx.resolver.actor(token)
        if _names_body(resolved):
            b.mention(node, VZ.mentions, Mention(token, source), resolved, "mentioned", len(seen))


@register(Town)
def build_town(b: GraphBuilder, ctx: Context, town: Town) -> None:
    """A town of a results summary: the municipality resource plans share."""
    node = _municipality(b, town.name)
    b.add(node, DCTERMS.source, ctx.doc_iri)
    b.derive(node, town.source)


@register(Achievement)
def build_achievement(b: GraphBuilder, ctx: Context, a: Achievement) -> None:
    """An achievement: label, town, period, figures and kinds of measure."""
    node = URIRef(f"{ctx.doc_iri}/achievement/{a.id}")
    b.add(node, RDF.type, VZ.Achievement)
    b.text(node, RDFS.label, a.text)
    b.add(node, VZ.identifier, Literal(a.id))
    b.add(node, DCTERMS.source, ctx.doc_iri)
    town = b.iri("municipality", a.town)
    b.add(node, DCTERMS.spatial, town)
    b.add(node, VZ.town, town)
    if a.period:
        b.text(node, VZ.period, a.period, lang=None)
        start, _, end = a.period.partition("/")
        _dates(b, node, start, end or None)
    for i, figure in enumerate(a.figures, 1):
        fig = URIRef(f"{node}/figure/{i}")
        b.add(node, VZ.figure, fig)
        b.add(fig, VZ.quantity, Literal(Decimal(figure.quantity), datatype=XSD.decimal))
        b.text(fig, VZ.unit, figure.unit)
        b.text(fig, VZ.rawText, figure.raw)
        if figure.approximate:
            b.add(fig, VZ.approximate, Literal(True))
        b.derive(fig, a.source)
    for kind in ctx.resolver.measure_kinds(a.text):
        b.add(node, VZ.measureKind, b.concept(kind))
    b.derive(node, a.source)


@register(Programme, "programme")
def build_programme(b: GraphBuilder, ctx: Context, p: Programme) -> None:
    """A programme: also a vz:Plan, so that its goals stand on the plan ladder."""
    node = _programme_node(b, p.id)
    b.add(node, RDF.type, VZ.Programme)
    b.add(node, RDF.type, VZ.Plan)
    b.add(node, VZ.planKind, Literal("programme-report"))
    b.text(node, RDFS.label, p.title)
    b.add(node, VZ.identifier, Literal(p.id))
    b.add(node, DCTERMS.source, ctx.doc_iri)
    if p.town:
        town = _municipality(b, p.town)
        b.add(node, DCTERMS.spatial, town)
        b.add(node, VZ.town, town)
    _schedule(b, node, p.period)
    if p.period_source is not None:
        b.derive(node, p.period_source)
    for fact in p.facts:
        b.text(node, DCTERMS.description, fact.text)
        b.derive(node, fact.source)
    texts = [(t.name, t) for t in p.sections] + [("výstup programu", o) for o in p.outputs]
    for i, (name, passage) in enumerate(texts, 1):
        part = URIRef(f"{node}/text/{i}")
        b.add(part, VZ.about, node)
        b.add(part, VZ.fieldName, Literal(name))
        b.text(part, VZ.rawText, passage.text)
        b.derive(part, passage.source)
    b.derive(node, p.source)


@register(ProgrammeGoal, "programme-goal")
def build_programme_goal(b: GraphBuilder, ctx: Context, g: ProgrammeGoal) -> None:
    """A programme goal under its parent goal, or under the programme at the top."""
    node = _programme_node(b, g.programme, "goal", g.id)
    ladder = _LADDER.get(g.level, "specific")
    b.add(node, RDF.type, VZ.Goal)
    b.add(node, RDF.type, VZ.StrategicGoal if ladder == "strategic" else VZ.SpecificGoal)
    b.text(node, RDFS.label, g.title)
    b.add(node, VZ.identifier, Literal(g.id))
    b.add(node, VZ.level, Literal(ladder))
    b.add(node, DCTERMS.type, Literal(g.level))
    b.add(node, VZ.inPlan, _programme_node(b, g.programme))
    parent = (
        _programme_node(b, g.programme, "goal", g.parent)
        if g.parent
        else _programme_node(b, g.programme)
    )
    b.add(parent, VZ.hasPart, node)
    b.text(node, DCTERMS.description, g.evaluation)
    b.derive(node, g.source)
    for source in (*g.restated, g.evaluation_source):
        if source is not None:
            b.derive(node, source)


@register(Criterion)
def build_criterion(b: GraphBuilder, ctx: Context, c: Criterion) -> None:
    """A criterion of social inclusion the programme is assessed by."""
    node = _programme_node(b, c.programme, "criterion", c.id)
    b.add(node, RDF.type, VZ.Criterion)
    b.text(node, RDFS.label, c.title)
    b.add(node, VZ.identifier, Literal(c.id))
    b.add(node, VZ.inPlan, _programme_node(b, c.programme))
    b.add(node, VZ.about, _programme_node(b, c.programme))
    b.derive(node, c.source)


@register(IndicatorAssessment)
def build_indicator(b: GraphBuilder, ctx: Context, i: IndicatorAssessment) -> None:
    """An indicator with its baseline and final assessment, derived from both tables."""
    programme = i.programme or _programme_of(ctx)
    node = _programme_node(b, programme, "indicator", i.id)
    b.add(node, RDF.type, VZ.Indicator)
    b.text(node, RDFS.label, i.text)
    b.add(node, VZ.identifier, Literal(i.id))
    b.add(_programme_node(b, programme, "criterion", i.criterion), VZ.hasPart, node)
    b.text(node, VZ.baseline, i.baseline)
    b.text(node, VZ.assessment, i.assessment)
    text = " ".join(t for t in (i.baseline, i.assessment) if t)
    _actors_in(b, ctx, node, text, i.assessment_source or i.source)
    b.derive(node, i.source)
    if i.assessment_source is not None:
        b.derive(node, i.assessment_source)


def _programme_of(ctx: Context) -> str:
    """The programme of the document being built (indicators name only their criterion)."""
    ids = ctx.ids.get("programme", set())
    return next(iter(sorted(ids)), "programme")


@register(Activity)
def build_activity(b: GraphBuilder, ctx: Context, a: Activity) -> None:
    """An activity or planned step: period, responsible actors, goals served, comment.

    An activity of a plan's measure (``a.measure``) is a part of that measure, in its plan.
    """
    if a.measure is not None:
        node = b.plan_node(a.programme, "activity", a.id)
        measure = b.plan_node(a.programme, "measure", a.measure)
        b.add(node, VZ.activityOf, measure)
        b.add(measure, VZ.hasPart, node)
        b.add(node, VZ.inPlan, b.iri("plan", a.programme))
    else:
        node = _programme_node(b, a.programme, "activity", a.id)
        b.add(node, VZ.inPlan, _programme_node(b, a.programme))
    b.add(node, RDF.type, VZ.Activity)
    b.text(node, RDFS.label, a.title)
    b.add(node, VZ.identifier, Literal(a.id))
    b.add(node, DCTERMS.type, Literal(a.status))
    b.text(node, DCTERMS.description, a.description)
    b.text(node, RDFS.comment, a.comment)
    if a.comment_source is not None:
        b.derive(node, a.comment_source)
    _schedule(b, node, a.period)
    for n, mention in enumerate(a.responsible, 1):
        b.mention(node, VZ.responsible, mention, ctx.resolver.actor(mention.text), "responsible", n)
    for n, mention in enumerate(a.participants, 1):
        b.mention(node, VZ.targets, mention, ctx.resolver.target_group(mention.text), "target", n)
    _actors_in(b, ctx, node, " ".join(t for t in (a.title, a.description or "") if t), a.source)
    for n, goal in enumerate(a.goals, 1):
        if ctx.has("programme-goal", goal):
            b.add(node, VZ.serves, _programme_node(b, a.programme, "goal", goal))
            continue
        link = URIRef(f"{node}/link/{n}")
        b.add(link, RDF.type, VZ.Link)
        b.add(link, VZ.linkSource, node)
        b.add(link, VZ.linkKind, Literal("goal"))
        b.add(link, VZ.targetText, Literal(goal))
        b.text(link, VZ.rawText, goal, lang=None)
        b.add(link, VZ.dangling, Literal(True))
        b.derive(link, a.source)
    b.derive(node, a.source)
