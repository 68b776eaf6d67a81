"""The vazby vocabulary as Python names, and the namespaces we reuse.

``VZ`` is a :class:`rdflib.namespace.DefinedNamespace` with ``_fail = True``: a typo in a term
is an ``AttributeError``, never a new IRI. Every term here is defined in ``vazby.ttl``
(a test checks both directions).
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = [
    "VZ",
    "ONTOLOGY_IRI",
    "DEFAULT_BASE",
    "SCHEMA",
    "VOCAB",
    "PREFIXES",
    "DCTERMS",
    "FOAF",
    "ORG",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "XSD",
]

ONTOLOGY_IRI = "https://w3id.org/vazby/ontology#"
DEFAULT_BASE = "https://w3id.org/vazby/id/"
SCHEMA = Namespace("https://schema.org/")
#: Concept schemes shipped in ``ontology/vocab``.
VOCAB = Namespace("https://w3id.org/vazby/vocab/")


class VZ(DefinedNamespace):
    """Terms of the vazby ontology."""

    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # Classes: the plan ladder
    Plan: URIRef
    ThematicArea: URIRef
    Goal: URIRef
    StrategicGoal: URIRef
    SpecificGoal: URIRef
    Measure: URIRef
    # Classes: what measures point at
    Actor: URIRef
    GenericActor: URIRef
    BudgetLine: URIRef
    Link: URIRef
    Need: URIRef
    Mention: URIRef
    TableEntry: URIRef
    Abbreviation: URIRef
    # Classes: provenance and findings
    SourceDocument: URIRef
    SourceSpan: URIRef
    UnplacedPart: URIRef
    Diagnostic: URIRef
    # Classes: narrative documents
    Meeting: URIRef
    Project: URIRef
    Activity: URIRef
    Achievement: URIRef
    Municipality: URIRef
    Programme: URIRef
    Criterion: URIRef
    Indicator: URIRef

    # Structure
    hasPart: URIRef
    inPlan: URIRef
    inArea: URIRef
    identifier: URIRef
    level: URIRef
    levelLabel: URIRef
    planKind: URIRef
    town: URIRef
    period: URIRef
    vision: URIRef
    # Measure fields
    guarantor: URIRef
    targets: URIRef
    fundedBy: URIRef
    fundingSource: URIRef
    status: URIRef
    statusText: URIRef
    indicator: URIRef
    expectedImpact: URIRef
    scheduleText: URIRef
    scheduleStart: URIRef
    scheduleEnd: URIRef
    costText: URIRef
    amountCZK: URIRef
    approximate: URIRef
    costPeriod: URIRef
    computedTotalCZK: URIRef
    totalYears: URIRef
    costReference: URIRef
    sharedBy: URIRef
    fieldName: URIRef
    # Actors and concepts
    actorType: URIRef
    generic: URIRef
    measureKind: URIRef
    # Links
    linksTo: URIRef
    linkSource: URIRef
    linkTarget: URIRef
    linkKind: URIRef
    targetText: URIRef
    dangling: URIRef
    rawText: URIRef
    # Mentions (raw text beside the resolved concept)
    mentionOf: URIRef
    mentionIn: URIRef
    mentionRole: URIRef
    # Summary tables
    table: URIRef
    aboutMeasure: URIRef
    serviceType: URIRef
    programme: URIRef
    # Abbreviations
    abbreviation: URIRef
    expansion: URIRef
    # Provenance
    document: URIRef
    sha256: URIRef
    fileName: URIRef
    encoding: URIRef
    loader: URIRef
    profile: URIRef
    coverage: URIRef
    linesPlaced: URIRef
    linesTotal: URIRef
    coverageUnits: URIRef
    unplacedPart: URIRef
    unitCount: URIRef
    fromProse: URIRef
    activityOf: URIRef
    firstLine: URIRef
    lastLine: URIRef
    locator: URIRef
    page: URIRef
    tableNumber: URIRef
    rowNumber: URIRef
    # Diagnostics
    diagnosticKind: URIRef
    message: URIRef
    line: URIRef
    relatedLine: URIRef
    # Narrative documents
    meetingDate: URIRef
    body: URIRef
    place: URIRef
    present: URIRef
    excused: URIRef
    absent: URIRef
    guest: URIRef
    role: URIRef
    agendaItem: URIRef
    funder: URIRef
    projectStatus: URIRef
    implementedBy: URIRef
    serves: URIRef
    figure: URIRef
    quantity: URIRef
    unit: URIRef
    baseline: URIRef
    assessment: URIRef
    responsible: URIRef
    about: URIRef
    mentions: URIRef


# Put every term in the class dictionary: attribute access then skips DefinedNamespace's
# __getattr__ (a measurable cost when a graph of 100,000 measures is built), while a typo
# still raises, because __getattr__ is only asked for names that are not there.
for _name in VZ.__annotations__:
    type.__setattr__(VZ, _name, URIRef(ONTOLOGY_IRI + _name))
# The same for the reused vocabularies' terms (their values do not change).
for _ns in (RDF, RDFS, PROV, DCTERMS, XSD, SKOS, FOAF, ORG):
    for _name in getattr(_ns, "__annotations__", {}):
        if _name.isidentifier() and not _name.startswith("_") and _name not in _ns.__dict__:
            type.__setattr__(_ns, _name, URIRef(str(_ns._NS) + _name))
del _name, _ns


#: Prefixes bound on every graph and pre-declared for ``vazby sparql``.
PREFIXES: dict[str, str] = {
    "vz": ONTOLOGY_IRI,
    "vzv": str(VOCAB),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "org": str(ORG),
    "foaf": str(FOAF),
    "schema": str(SCHEMA),
}
