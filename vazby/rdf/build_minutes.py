"""Graph builders for the records of meeting minutes: meetings, people, agenda, notes, projects.

IRIs:

- a meeting: ``{base}meeting/{id}`` (date and body), its agenda items ``…/item/{number}``;
- a person: ``{base}person/{slug of the name}``, so that one person named in two documents is
  one ``foaf:Person`` node; attendance is a property of the meeting (vz:present …);
- a project: ``{base}project/{slug of the name}``, one node wherever it is named;
- organisations go through the resolver (``ctx.resolver.actor``), so "Agentura pro sociální
  začleňování" in the minutes and "ASZ" in a plan meet in one actor node. The raw text of
  every such mention is kept as a vz:Mention with its source line, under the document
  (``{document}/mention/{role}/{line}-{n}``) because people and projects are shared by
  documents and their mentions must not collide.

:mod:`vazby.rdf.build` imports this module, so that its builders are registered with the
others.
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef

from ..lang import slugify
from ..loaders.records import AgendaItem, Meeting, Mention, OrganisationNote, Person, Project
from ..ontology.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, VOCAB, VZ, XSD
from .builder import Context, GraphBuilder, register
from .resolve import Resolved

__all__ = [
    "build_meeting",
    "build_person",
    "build_agenda_item",
    "build_organisation_note",
    "build_project",
    "ATTENDANCE",
    "split_funders",
]

#: Attendance → property from the meeting to the person.
ATTENDANCE = {"present": VZ.present, "excused": VZ.excused, "absent": VZ.absent, "guest": VZ.guest}

_CALL = re.compile(r"výzv|\bOPZ|\bIROP|\bKPSV|\bESF|operačního\s+programu", re.IGNORECASE)


def _meeting_node(b: GraphBuilder, meeting: str | None, ctx: Context) -> URIRef:
    return b.iri("meeting", meeting) if meeting else ctx.doc_iri


def _municipality(b: GraphBuilder, town: str) -> URIRef:
    node = b.iri("municipality", slugify(town))
    b.add(node, RDF.type, VZ.Municipality)
    b.text(node, RDFS.label, town)
    return node


def _mention(
    b: GraphBuilder,
    ctx: Context,
    subject: URIRef,
    predicate: URIRef,
    mention: Mention,
    resolved: Resolved,
    role: str,
) -> URIRef:
    """:meth:`GraphBuilder.mention` with the mention node under the document (people and
    projects are shared across documents, so their IRIs cannot hold the mention)."""
    line = mention.source.first_line
    number = 1
    node = URIRef(f"{ctx.doc_iri}/mention/{role}/{line}-{number}")
    while node in _minted(ctx):
        number += 1
        node = URIRef(f"{ctx.doc_iri}/mention/{role}/{line}-{number}")
    _minted(ctx).add(node)
    b.mention(subject, predicate, mention, resolved, role, number, node=node)
    return node


def _minted(ctx: Context) -> set:
    return ctx.ids.setdefault("minutes-mention", set())  # type: ignore[return-value]


def split_funders(text: str) -> list[str]:
    """The funders of a co-funded project, one each.

    Examples
    --------
    >>> split_funders("Ministerstvem vnitra ČR a Městem Dolní Ves")
    ['Ministerstvem vnitra ČR', 'Městem Dolní Ves']
    >>> split_funders("výzva č. 17 OPZ")
    ['výzva č. 17 OPZ']
    """
    parts = re.split(r"\s*,\s*|\s+a\s+", text)
    return [p.strip() for p in parts if p.strip()]


@register(Meeting)
def build_meeting(b: GraphBuilder, ctx: Context, m: Meeting) -> None:
    """A vz:Meeting with its date, body, place and town."""
    node = b.iri("meeting", m.id)
    b.add(node, RDF.type, VZ.Meeting)
    b.text(node, RDFS.label, m.title)
    b.add(node, VZ.identifier, Literal(m.id))
    if m.date:
        datatype = {10: XSD.date, 7: XSD.gYearMonth}.get(len(m.date), XSD.gYear)
        b.add(node, VZ.meetingDate, Literal(m.date, datatype=datatype))
    if m.body:
        body = b.iri("body", slugify(m.body)[:80])
        b.add(body, RDF.type, ORG.OrganizationalUnit)
        b.text(body, RDFS.label, m.body)
        b.add(node, VZ.body, body)
    b.text(node, VZ.place, m.place)
    if m.town:
        town = _municipality(b, m.town)
        b.add(node, DCTERMS.spatial, town)
        b.add(node, VZ.town, town)
    b.add(node, DCTERMS.source, ctx.doc_iri)
    b.derive(node, m.source)


@register(Person)
def build_person(b: GraphBuilder, ctx: Context, p: Person) -> None:
    """A foaf:Person, its attendance at the meeting, role and organisation."""
    node = b.iri("person", slugify(p.name) or p.id)
    b.add(node, RDF.type, FOAF.Person)
    b.add(node, FOAF.name, Literal(p.name))
    b.add(node, RDFS.label, Literal(p.name))
    b.add(node, FOAF.title, Literal(p.title) if p.title else None)
    b.text(node, VZ.role, p.role)
    if p.meeting:
        meeting = b.iri("meeting", p.meeting)
        prop = ATTENDANCE.get(p.attendance or "")
        if prop is not None:
            b.add(meeting, prop, node)
        elif p.attendance is None:
            b.add(meeting, VZ.mentions, node)
    if p.attendance == "author":
        b.add(ctx.doc_iri, DCTERMS.creator, node)
    elif p.attendance == "verifier":
        b.add(ctx.doc_iri, DCTERMS.contributor, node)
    if p.organisation is not None:
        _mention(
            b,
            ctx,
            node,
            ORG.memberOf,
            p.organisation,
            ctx.resolver.actor(p.organisation.text),
            "member-of",
        )
    b.derive(node, p.source)


@register(AgendaItem)
def build_agenda_item(b: GraphBuilder, ctx: Context, item: AgendaItem) -> None:
    """The item as printed (vz:agendaItem) and a node with the prose recorded under it."""
    meeting = b.iri("meeting", item.meeting)
    b.add(meeting, VZ.agendaItem, Literal(f"{item.number}. {item.title}", lang="cs"))
    node = URIRef(f"{meeting}/item/{item.number}")
    b.add(meeting, VZ.hasPart, node)
    b.text(node, RDFS.label, item.title)
    b.add(node, VZ.identifier, Literal(item.number))
    b.text(node, DCTERMS.description, item.description)
    b.derive(node, item.source)
    if item.discussion is not None:
        b.derive(node, item.discussion)


@register(OrganisationNote)
def build_organisation_note(b: GraphBuilder, ctx: Context, note: OrganisationNote) -> None:
    """The meeting vz:mentions the resolved organisation; the mention keeps what was said."""
    meeting = _meeting_node(b, note.meeting, ctx)
    resolved = ctx.resolver.actor(note.organisation.text)
    node = _mention(b, ctx, meeting, VZ.mentions, note.organisation, resolved, "organisation-note")
    b.text(node, DCTERMS.description, note.text)
    if note.source != note.organisation.source:
        b.derive(node, note.source)


@register(Project)
def build_project(b: GraphBuilder, ctx: Context, p: Project) -> None:
    """A vz:Project: implementer, funders or call, status, period, town, the meeting."""
    node = b.iri("project", p.id)
    b.add(node, RDF.type, VZ.Project)
    b.text(node, RDFS.label, p.name)
    b.add(node, VZ.identifier, Literal(p.id))
    b.text(node, DCTERMS.description, p.description)
    b.text(node, VZ.period, p.period, lang=None)
    if p.status:
        b.add(node, VZ.projectStatus, VOCAB[f"status/{p.status}"])
    r = ctx.resolver
    if p.organisation is not None:
        _mention(
            b,
            ctx,
            node,
            VZ.implementedBy,
            p.organisation,
            r.actor(p.organisation.text),
            "implementer",
        )
    if p.funder is not None:
        for part in (
            split_funders(p.funder.text) if not _CALL.search(p.funder.text) else [p.funder.text]
        ):
            mention = Mention(part, p.funder.source)
            resolved = r.funding_source(part) if _CALL.search(part) else r.actor(part)
            _mention(b, ctx, node, VZ.funder, mention, resolved, "funder")
    if p.town:
        b.add(node, DCTERMS.spatial, _municipality(b, p.town))
    if p.meeting:
        b.add(b.iri("meeting", p.meeting), VZ.mentions, node)
    b.derive(node, p.source)
