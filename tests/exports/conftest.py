"""Fixtures of the export tests: small hand-built graphs shaped like ``vazby.rdf.build`` output.

Two made-up plans: Horní Lhota (two areas, a shared budget line, a cross-reference, a need,
a generic actor) and Dolní Lhota (one area, whose measure reuses the identifier 1.1.1.1).
With ``hostile=True`` a measure title and a guarantor carry script/img payloads, as a
hostile document could ("Opatření 1.1.1.2 <script>alert(1)</script>").
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef

from vazby.ontology.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, VOCAB, VZ, XSD
from vazby.rdf.store import open_store

BASE = "https://w3id.org/vazby/id/"
SCRIPT = "<script>window.__xss = 1; alert(1)</script>"
IMG = '<img src=x onerror="window.__xss = 2; alert(2)">'


def iri(*parts: str) -> URIRef:
    return URIRef(BASE + "/".join(parts))


class _Builder:
    def __init__(self, graph: Graph) -> None:
        self.g = graph

    def span(self, node: URIRef, file: str, first: int, last: int | None = None) -> None:
        doc = iri("document", file.replace(".", "-"))
        span = iri("document", file.replace(".", "-"), "lines", f"{first}-{last or first}")
        self.g.add((doc, RDF.type, VZ.SourceDocument))
        self.g.add((doc, VZ.fileName, Literal(file)))
        self.g.add((span, RDF.type, VZ.SourceSpan))
        self.g.add((span, VZ.document, doc))
        self.g.add((span, VZ.firstLine, Literal(first)))
        self.g.add((span, VZ.lastLine, Literal(last or first)))
        self.g.add((node, PROV.wasDerivedFrom, span))

    def plan(self, slug: str, title: str, file: str) -> URIRef:
        node = iri("plan", slug)
        self.g.add((node, RDF.type, VZ.Plan))
        self.g.add((node, RDFS.label, Literal(title, lang="cs")))
        self.g.add((node, VZ.identifier, Literal(slug)))
        self.g.add((node, DCTERMS.source, iri("document", file.replace(".", "-"))))
        self.span(node, file, 1)
        return node

    def part(
        self,
        plan: str,
        kind: str,
        ident: str,
        cls: URIRef,
        title: str,
        parent: URIRef,
        file: str,
        line: int,
        area: str | None = None,
    ) -> URIRef:
        node = iri("plan", plan, kind, ident)
        self.g.add((node, RDF.type, cls))
        if cls in (VZ.StrategicGoal, VZ.SpecificGoal):
            self.g.add((node, RDF.type, VZ.Goal))
        self.g.add((node, RDFS.label, Literal(title, lang="cs")))
        self.g.add((node, VZ.identifier, Literal(ident)))
        self.g.add((node, VZ.inPlan, iri("plan", plan)))
        if area is not None:
            self.g.add((node, VZ.inArea, iri("plan", plan, "area", area)))
        self.g.add((parent, VZ.hasPart, node))
        self.span(node, file, line, line + 3)
        return node

    def actor(self, slug: str, label: str, generic: bool = False) -> URIRef:
        node = iri("actor", slug)
        self.g.add((node, RDF.type, VZ.GenericActor if generic else VZ.Actor))
        self.g.add((node, RDFS.label, Literal(label, lang="cs")))
        self.g.add((node, SKOS.prefLabel, Literal(label, lang="cs")))
        self.g.add((node, VZ.generic, Literal(generic)))
        return node

    def concept(self, scheme: str, slug: str, label: str) -> URIRef:
        node = URIRef(f"{VOCAB}{scheme}/{slug}")
        self.g.add((node, RDF.type, SKOS.Concept))
        self.g.add((node, SKOS.prefLabel, Literal(label, lang="cs")))
        self.g.add((node, SKOS.inScheme, VOCAB[scheme]))
        return node

    def mention(
        self,
        measure: URIRef,
        predicate: URIRef,
        target: URIRef,
        role: str,
        index: int,
        text: str,
        file: str,
        line: int,
    ) -> None:
        self.g.add((measure, predicate, target))
        node = URIRef(f"{measure}/mention/{role}/{index}")
        self.g.add((node, RDF.type, VZ.Mention))
        self.g.add((node, VZ.rawText, Literal(text, lang="cs")))
        self.g.add((node, VZ.mentionOf, target))
        self.g.add((node, VZ.mentionIn, measure))
        self.g.add((node, VZ.mentionRole, Literal(role)))
        self.span(node, file, line)

    def link(
        self,
        source: URIRef,
        index: int,
        kind: str,
        raw: str,
        target: URIRef | None,
        file: str,
        line: int,
    ) -> None:
        node = URIRef(f"{source}/link/{index}")
        self.g.add((node, RDF.type, VZ.Link))
        self.g.add((node, VZ.linkSource, source))
        self.g.add((node, VZ.linkKind, Literal(kind)))
        self.g.add((node, VZ.rawText, Literal(raw, lang="cs")))
        if target is not None:
            self.g.add((node, VZ.linkTarget, target))
            self.g.add((source, VZ.linksTo, target))
        else:
            self.g.add((node, VZ.dangling, Literal(True)))
        self.span(node, file, line)


def mini_graph(hostile: bool = False) -> Graph:
    """Two small plans (see the module docstring); 24 map nodes in the full view."""
    g = open_store()
    b = _Builder(g)
    f1, f2 = "horni-lhota.txt", "dolni-lhota.txt"
    p1 = b.plan("horni-lhota", "Akční plán Horní Lhota 2024–2026", f1)
    a1 = b.part(
        "horni-lhota", "area", "1", VZ.ThematicArea, "Bydlení a sousedské vztahy", p1, f1, 10
    )
    a2 = b.part("horni-lhota", "area", "2", VZ.ThematicArea, "Zaměstnanost", p1, f1, 60)
    g11 = b.part(
        "horni-lhota", "goal", "1.1", VZ.StrategicGoal, "Stabilizovat bydlení", a1, f1, 12, "1"
    )
    g111 = b.part(
        "horni-lhota",
        "goal",
        "1.1.1",
        VZ.SpecificGoal,
        "Předcházet ztrátě bydlení",
        g11,
        f1,
        14,
        "1",
    )
    g21 = b.part(
        "horni-lhota", "goal", "2.1", VZ.StrategicGoal, "Zvýšit zaměstnanost", a2, f1, 62, "2"
    )
    g211 = b.part(
        "horni-lhota",
        "goal",
        "2.1.1",
        VZ.SpecificGoal,
        "Podpořit uchazeče o práci",
        g21,
        f1,
        64,
        "2",
    )
    m1 = b.part(
        "horni-lhota",
        "measure",
        "1.1.1.1",
        VZ.Measure,
        "Domovník-preventista v ulici Krátká",
        g111,
        f1,
        20,
        "1",
    )
    m2_title = f"Opatření {SCRIPT}" if hostile else "Terénní práce s rodinami"
    m2 = b.part("horni-lhota", "measure", "1.1.1.2", VZ.Measure, m2_title, g111, f1, 32, "1")
    m3 = b.part(
        "horni-lhota", "measure", "2.1.1.1", VZ.Measure, "Dluhové poradenství", g211, f1, 70, "2"
    )
    town = b.actor("mesto-horni-lhota", "Město Horní Lhota")
    nno = b.actor("horni-lhota-nno", "NNO", generic=True)
    office = b.actor("urad-prace", "Úřad práce ČR")
    hostile_actor = b.actor("spolek-x", IMG if hostile else "Spolek Šance")
    b.mention(m1, VZ.guarantor, town, "guarantor", 1, "Město Horní Lhota", f1, 25)
    b.mention(m1, VZ.guarantor, nno, "guarantor", 2, "NNO", f1, 25)
    b.mention(m2, VZ.guarantor, town, "guarantor", 1, "město", f1, 37)
    b.mention(m2, VZ.guarantor, hostile_actor, "guarantor", 2, "Spolek", f1, 37)
    b.mention(m3, VZ.guarantor, office, "guarantor", 1, "ÚP ČR", f1, 75)
    b.mention(m3, VZ.guarantor, nno, "guarantor", 2, "neziskové organizace", f1, 75)
    families = b.concept("target-group", "rodiny-s-detmi", "Rodiny s dětmi")
    debtors = b.concept("target-group", "zadluzeni", "Zadlužení lidé")
    opz = b.concept("funding-source", "opz-plus", "OPZ+")
    b.mention(m1, VZ.targets, families, "target-group", 1, "rodiny s dětmi", f1, 22)
    b.mention(m2, VZ.targets, families, "target-group", 1, "rodinám s dětmi", f1, 34)
    b.mention(m3, VZ.targets, debtors, "target-group", 1, "zadlužení", f1, 72)
    budget = iri("plan", "horni-lhota", "budget", "b1")
    g.add((budget, RDF.type, VZ.BudgetLine))
    g.add((budget, VZ.inPlan, p1))
    g.add((budget, VZ.identifier, Literal("b1")))
    g.add((budget, RDFS.label, Literal("1 417 500 Kč", lang="cs")))
    g.add((budget, VZ.amountCZK, Literal(Decimal("1417500"), datatype=XSD.decimal)))
    b.span(budget, f1, 40)
    b.mention(budget, VZ.fundingSource, opz, "funding-source", 1, "OPZ+", f1, 40)
    g.add((m1, VZ.fundedBy, budget))
    g.add((m2, VZ.fundedBy, budget))
    b.link(m1, 1, "goal", "Strategický cíl 2.1", g21, f1, 28)
    need = iri("plan", "horni-lhota", "need", "nedostatek-bytu")
    g.add((need, RDF.type, VZ.Need))
    g.add((need, RDFS.label, Literal("nedostatek dostupných bytů", lang="cs")))
    g.add((need, VZ.inPlan, p1))
    b.span(need, f1, 29)
    b.link(m1, 2, "need", "nedostatek dostupných bytů", need, f1, 29)
    b.link(m3, 1, "goal", "Strategický cíl 9.9", None, f1, 78)
    p2 = b.plan("dolni-lhota", "Plán Dolní Lhota 2023", f2)
    d1 = b.part("dolni-lhota", "area", "1", VZ.ThematicArea, "Vzdělávání", p2, f2, 5)
    d11 = b.part("dolni-lhota", "goal", "1.1", VZ.StrategicGoal, "Školní úspěšnost", d1, f2, 7, "1")
    d111 = b.part("dolni-lhota", "goal", "1.1.1", VZ.SpecificGoal, "Doučování", d11, f2, 9, "1")
    dm = b.part(
        "dolni-lhota", "measure", "1.1.1.1", VZ.Measure, "Doučování žáků ZŠ", d111, f2, 11, "1"
    )
    b.mention(dm, VZ.guarantor, office, "guarantor", 1, "Úřad práce", f2, 13)
    b.mention(dm, VZ.targets, families, "target-group", 1, "rodiny s dětmi", f2, 12)
    return g


@pytest.fixture(scope="module")
def mini() -> Graph:
    """:func:`mini_graph` with harmless titles."""
    return mini_graph()


@pytest.fixture(scope="module")
def hostile() -> Graph:
    """:func:`mini_graph` whose measure 1.1.1.2 and actor 'spolek-x' carry script payloads."""
    return mini_graph(hostile=True)


@pytest.fixture(scope="session")
def seed_graph(seed_build) -> Graph:
    """The graph of the five seeds (``seed_build`` skips when ../shared/seeds is absent)."""
    return seed_build.graph
