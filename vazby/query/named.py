"""The named SPARQL queries shipped in ``query/sparql/*.rq``: list, read and run them.

Each file is plain SPARQL that any client can run once the vazby prefixes are declared.
It starts with a header of comments::

    # title: Upstream dependencies of a measure or goal
    # description: Everything a measure or goal relies on, transitively ...
    #   (continued on indented comment lines)
    # parameters: ?node (IRI) the measure or goal
    #   ?plan (literal, optional) slug of one plan
    # stored: vz:orphanRules rules/orphans.rq

Parameters are bound with a ``VALUES`` block (:func:`vazby.rdf.store.run_query`); an
optional parameter left out is simply unbound. ``# parameters: none`` declares none.

``# stored:`` marks a query that reads what a vazby build stores (the orphan findings, the
actor summaries) rather than deciding it: the marker each built document carries, and the
query in ``sparql/rules`` that decides the same from any graph. :func:`stored_caveat` says
when a graph's documents do not all carry it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import QueryError
from ..rdf.store import every_document_marked, is_iri, select, without_gc
from .actors import SUMMARIES_VERSION
from .orphans import RULES_VERSION

__all__ = [
    "Parameter",
    "NamedQuery",
    "STORED_MARKERS",
    "named_queries",
    "named_query",
    "parse_named",
    "run_named",
    "stored_caveat",
]

#: The markers a build writes on each document whose answers it stores, with the version it
#: writes (see ``# stored:`` above).
STORED_MARKERS = {"vz:orphanRules": RULES_VERSION, "vz:actorSummaries": SUMMARIES_VERSION}

PARAMETER_TYPES = ("IRI", "literal", "integer")


@dataclass(frozen=True, slots=True)
class Parameter:
    """A query parameter: variable name (without ``?``), type, whether optional, meaning."""

    name: str
    type: str
    optional: bool
    description: str


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A shipped query: file stem, title, description, parameters and the SPARQL text."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    stored: tuple[str, str] | None = None  # the documents' marker, the rules query


_FIELD = re.compile(r"^#\s*(title|description|parameters|stored):\s*(.*)$")
_PARAM = re.compile(r"\?(\w+)\s*\(\s*(\w+)\s*(,\s*optional\s*)?\)\s*([^?]*)")


def parse_named(name: str, text: str) -> NamedQuery:
    """Read the header of a named query.

    Examples
    --------
    >>> q = parse_named("x", "# title: X\\n# parameters: ?node (IRI) a measure\\n"
    ...                 "#   ?plan (literal, optional) a plan\\nSELECT * WHERE { }")
    >>> q.title, [(p.name, p.type, p.optional) for p in q.parameters]
    ('X', [('node', 'IRI', False), ('plan', 'literal', True)])
    """
    fields: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _FIELD.match(line)
        if match:
            current = match.group(1)
            fields[current] = [match.group(2).strip()]
        elif current is not None:
            fields[current].append(line.lstrip("#").strip())
    if "title" not in fields:
        raise QueryError(f"named query {name}: the header has no '# title:' line")
    parameters = []
    declared = " ".join(fields.get("parameters", []))
    for match in _PARAM.finditer(declared):
        kind = match.group(2)
        if kind not in PARAMETER_TYPES:
            raise QueryError(
                f"named query {name}: parameter ?{match.group(1)} has unknown type {kind!r}"
            )
        parameters.append(
            Parameter(match.group(1), kind, bool(match.group(3)), match.group(4).strip())
        )
    stored = None
    if "stored" in fields:
        words = " ".join(fields["stored"]).split()
        if len(words) != 2 or words[0] not in STORED_MARKERS:
            raise QueryError(
                f"named query {name}: '# stored:' takes a marker ({', '.join(STORED_MARKERS)}) "
                "and the rules query, not " + repr(" ".join(words))
            )
        stored = (words[0], words[1])
    return NamedQuery(
        name=name,
        title=" ".join(fields["title"]),
        description=" ".join(fields.get("description", [])),
        parameters=tuple(parameters),
        text=text,
        stored=stored,
    )


def named_queries() -> list[NamedQuery]:
    """Every shipped named query, sorted by name."""
    return list(_shipped())


@functools.cache
def _shipped() -> tuple[NamedQuery, ...]:
    """The shipped queries, read and parsed once: reading the folder cost 0.2 ms a query,
    a third of a small named query's time."""
    folder = resources.files("vazby.query") / "sparql"
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".rq"):
            out.append(parse_named(entry.name[:-3], entry.read_text(encoding="utf-8")))
    return tuple(sorted(out, key=lambda q: q.name))


def named_query(name: str) -> NamedQuery:
    """The named query ``name`` (file stem, e.g. ``deps-up``).

    Raises
    ------
    QueryError
        There is no such query; the message lists the ones there are.
    """
    queries = {q.name: q for q in named_queries()}
    if name not in queries:
        raise QueryError(f"no named query {name!r}; there are: {', '.join(queries)}")
    return queries[name]


@without_gc
def run_named(graph: Graph, name: str, /, **params: str | Node | int) -> list[dict]:
    """Run a named query with its parameters; return plain rows (see :func:`store.select`).

    An ``IRI`` parameter takes an IRI or an identifier as printed (``1.1.1.1``), resolved
    with :func:`vazby.query.entities.resolve`, in the plan given as ``plan`` when the query
    has no ``?plan`` parameter of its own.

    Raises
    ------
    QueryError
        An unknown or missing parameter, or a query error.
    UnknownEntity
        An identifier that is not in the graph.
    """
    query = named_query(name)
    declared = {p.name: p for p in query.parameters}
    context_plan = params.get("plan") if "plan" not in declared else None
    unknown = sorted(
        set(params) - set(declared) - ({"plan"} if context_plan is not None else set())
    )
    if unknown:
        raise QueryError(
            f"named query {name} has no parameter {', '.join('?' + u for u in unknown)}; "
            f"it takes: {', '.join('?' + p for p in declared) or 'none'}"
        )
    bindings: dict[str, list[Node]] = {}
    for p in query.parameters:
        value = params.get(p.name)
        if value is None:
            if not p.optional:
                raise QueryError(f"named query {name} needs ?{p.name} ({p.type}): {p.description}")
            continue
        bindings[p.name] = [_term(graph, p, value, context_plan)]
    return select(graph, query.text, bindings or None)


def stored_caveat(graph: Graph, name: str) -> str | None:
    """What to say before the rows of a named query that reads what a build stores, when
    some document of ``graph`` does not carry it (a graph built otherwise, by an older
    vazby, or merged with one): those documents' rows are missing. None otherwise."""
    query = named_query(name)
    if query.stored is None:
        return None
    marker, rules = query.stored
    if every_document_marked(graph, marker, STORED_MARKERS[marker]):
        return None
    return (
        f"named query {name} reads what a vazby build stores ({marker} "
        f"{STORED_MARKERS[marker]}), and some documents of this graph do not carry it (built "
        f"otherwise or by an older vazby): their rows are missing. Rebuild the graph, or run "
        f"the query that decides the same from any graph: vazby/query/sparql/{rules}"
    )


def _term(graph: Graph, p: Parameter, value: str | Node | int, plan) -> Node:
    if isinstance(value, (URIRef, Literal)):
        return value
    if p.type == "IRI":
        text = str(value)
        if is_iri(text):
            return URIRef(text)
        from .entities import resolve

        return resolve(graph, text, None if plan is None else str(plan)).iri
    if p.type == "integer":
        try:
            return Literal(int(str(value)))
        except ValueError:
            raise QueryError(f"?{p.name} must be an integer, not {value!r}") from None
    return Literal(str(value))
