"""What IRIs say by themselves."""

from __future__ import annotations

__all__ = ["local_name"]


def local_name(iri: object) -> str:
    """The last segment of an IRI, after its last ``/`` or ``#`` (a trailing ``/`` ignored):
    what a row shows of a node that has no label or identifier.

    Examples
    --------
    >>> local_name("https://w3id.org/vazby/id/plan/lhota/measure/1.1.1.1")
    '1.1.1.1'
    >>> local_name("http://www.w3.org/ns/shacl#Violation"), local_name("https://x.test/a/")
    ('Violation', 'a')
    """
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
