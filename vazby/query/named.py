"""The named SPARQL queries shipped in ``query/sparql/*.rq``: list, read and run them.

Each file is plain SPARQL that any client can run once the vazby prefixes are declared.
It starts with a header of comments::

    # title: Upstream dependencies of a measure or goal
    # description: Everything a measure or goal relies on, transitively ...
    #   (continued on indented comment lines)
    # parameters: ?node (IRI) the measure or goal
    #   ?plan (literal, optional) slug of one plan

An ``IRI`` parameter is written into the query in place of its variable
(:func:`vazby.rdf.store.inline_terms`: a path's start must be a constant for some stores);
the others are bound with a ``VALUES`` block (:func:`vazby.rdf.store.run_query`). An
optional parameter left out is simply unbound. ``# parameters: none`` declares none.

``# whole-corpus:`` (with the reason) marks a query a store refuses over a large corpus:
asked of a store without ``?plan``, it runs on the published graphs' copy in memory
(:func:`vazby.rdf.store.whole_corpus`), as ``vazby query audit`` does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import QueryError
from ..rdf.store import inline_terms, is_iri, select, whole_corpus, without_gc
from .cardtable import disagreement_rows
from .entities import resolve
from .queries import orphan_query_rows

__all__ = [
    "Parameter",
    "NamedQuery",
    "named_queries",
    "named_query",
    "parse_named",
    "run_named",
    "run_named_sparql",
]

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
    whole_corpus: bool = False


_FIELD = re.compile(r"^#\s*(title|description|parameters|whole-corpus):\s*(.*)$")
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
    return NamedQuery(
        name=name,
        title=" ".join(fields["title"]),
        description=" ".join(fields.get("description", [])),
        parameters=tuple(parameters),
        text=text,
        whole_corpus="whole-corpus" in fields,
    )


def named_queries() -> list[NamedQuery]:
    """Every shipped named query, sorted by name."""
    return list(_shipped())


@functools.cache
def _shipped() -> tuple[NamedQuery, ...]:
    """The shipped queries, read and parsed once: reading the folder on every call cost as
    much as running a small named query."""
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


#: Named queries whose rule lives in Python too (one module each): vazby answers them by
#: that rule, in the query's columns and order (its reads are bounded, where the SPARQL
#: text is evaluated whole by the store, several times slower); the text is the rule for
#: other clients, and tests hold the two equal.
_RULES: dict[str, Callable[[Graph, str | None], list[dict[str, Any]]]] = {
    "card-table-disagreements": disagreement_rows,
    "orphans": orphan_query_rows,
}


def run_named(graph: Graph, name: str, /, **params: str | Node | int) -> list[dict]:
    """Run a named query with its parameters; return plain rows (see :func:`store.select`).

    A query whose rule lives in Python (``card-table-disagreements``, ``orphans``) is
    answered by that rule (:func:`run_named_sparql` runs its SPARQL text).

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
    return _run(graph, name, params, by_rule=True)


def run_named_sparql(graph: Graph, name: str, /, **params: str | Node | int) -> list[dict]:
    """:func:`run_named` by the query's SPARQL text, wherever the graph is."""
    return _run(graph, name, params, by_rule=False)


@without_gc
def _run(
    graph: Graph, name: str, params: Mapping[str, str | Node | int], *, by_rule: bool
) -> list[dict]:
    query = named_query(name)
    declared = {p.name: p for p in query.parameters}
    if query.whole_corpus and "plan" not in params:
        graph = whole_corpus(graph)
    context_plan = params.get("plan") if "plan" not in declared else None
    unknown = sorted(
        set(params) - set(declared) - ({"plan"} if context_plan is not None else set())
    )
    if unknown:
        raise QueryError(
            f"named query {name} has no parameter {', '.join('?' + u for u in unknown)}; "
            f"it takes: {', '.join('?' + p for p in declared) or 'none'}"
        )
    rule = _RULES.get(name) if by_rule else None
    if rule is not None:  # of one plan of a store, the rule's reads are bounded to the plan
        plan = params.get("plan")
        return rule(graph, None if plan is None else str(plan))
    bindings: dict[str, list[Node]] = {}
    constants: dict[str, Node] = {}
    for p in query.parameters:
        value = params.get(p.name)
        if value is None:
            if not p.optional:
                raise QueryError(f"named query {name} needs ?{p.name} ({p.type}): {p.description}")
            continue
        term = _term(graph, p, value, context_plan)
        if p.type == "IRI" and not p.optional:
            constants[p.name] = term
        else:
            bindings[p.name] = [term]
    text = inline_terms(query.text, constants) if constants else query.text
    return select(graph, text, bindings or None)


def _term(graph: Graph, p: Parameter, value: str | Node | int, plan) -> Node:
    if isinstance(value, (URIRef, Literal)):
        return value
    if p.type == "IRI":
        text = str(value)
        if is_iri(text):
            return URIRef(text)
        return resolve(graph, text, None if plan is None else str(plan)).iri
    if p.type == "integer":
        try:
            return Literal(int(str(value)))
        except ValueError:
            raise QueryError(f"?{p.name} must be an integer, not {value!r}") from None
    return Literal(str(value))
