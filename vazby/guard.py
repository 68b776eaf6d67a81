"""What a SPARQL query may do, decided from its tokens as the engine reads them.

Every query text passes :func:`check_query` before Oxigraph sees it: a bounded size, a bounded
nesting depth (Oxigraph's parser recurses once per bracket and a few thousand end the process),
no federated ``SERVICE`` (Oxigraph would fetch the named endpoint over HTTP) and no update.

The text is read by one linear scan over SPARQL 1.1's terminals (IRIs with ``\\u`` escapes,
the four kinds of strings, prefixed names with ``\\``-escapes, variables, comments), so a
keyword inside a string, an IRI, a comment or a variable is harmless, and a text the scan
cannot read is refused rather than guessed at. Oxigraph matches keywords without a word
boundary (``SERVICEex:x {…}`` and ``SERVICE:x {…}`` are federated queries to it), so any word
or prefix that *starts* with ``SERVICE`` is refused, not only the whole word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from .errors import QueryError

__all__ = [
    "QueryRefused",
    "check_query",
    "tokens",
    "MAX_QUERY_CHARS",
    "MAX_DEPTH",
    "UPDATE_KEYWORDS",
]

#: Longest query text accepted, in characters.
MAX_QUERY_CHARS = 256 * 1024
#: Deepest nesting of (), {} and [] accepted; real queries stay under 20.
MAX_DEPTH = 128
#: Words that start an update (refused: every vazby endpoint and command only reads).
UPDATE_KEYWORDS = frozenset(
    ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
)


class QueryRefused(QueryError):
    """The query is well-formed enough to read but asks for something refused (a federated
    ``SERVICE``, an update, too large or too deep)."""


_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS = _BASE + "_\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_HEX = "[0-9A-Fa-f]"
_UCHAR = rf"\\u{_HEX}{{4}}|\\U{_HEX}{{8}}"
_ECHAR = r"""\\[tbnrf\\"']"""
_PLX = rf"%{_HEX}{_HEX}|\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL = rf"(?:(?:[{_BASE}_:0-9]|{_PLX})(?:[{_CHARS}.:]|{_PLX})*+)?"

# One alternative per terminal; possessive repeats keep every match linear in its length.
_TOKEN = re.compile(
    rf"""
    (?P<ws>[ \t\r\n]++)
  | (?P<comment>\#[^\r\n]*+)
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*+>)
  | (?P<long1>'''(?:(?:'|'')?+(?:[^'\\]|{_ECHAR}|{_UCHAR}))*+''')
  | (?P<long2>\"\"\"(?:(?:"|"")?+(?:[^"\\]|{_ECHAR}|{_UCHAR}))*+\"\"\")
  | (?P<string1>'(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*+')
  | (?P<string2>"(?:[^"\\\n\r]|{_ECHAR}|{_UCHAR})*+")
  | (?P<var>[?$][{_BASE}_0-9][{_BASE}_0-9\u00b7\u0300-\u036f\u203f-\u2040]*+)
  | (?P<bnode>_:[{_BASE}_0-9](?:[{_CHARS}.]*+))
  | (?P<name>[{_BASE}_][{_CHARS}.]*+(?::{_LOCAL})?)
  | (?P<pname>:{_LOCAL})
  | (?P<lang>@[a-zA-Z]++(?:-[a-zA-Z0-9]++)*+)
  | (?P<number>(?:[0-9]++(?:\.[0-9]*+)?|\.[0-9]++)(?:[eE][+-]?[0-9]++)?)
  | (?P<open>[({{\[])
  | (?P<close>[)}}\]])
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[.,;*+\-/=<>!|^?])
    """,
    re.VERBOSE,
)
_OPENERS = {")": "(", "}": "{", "]": "["}
_WORDS = re.compile(r"[^A-Za-z0-9_]+")


def check_query(
    text: str, max_chars: int | None = MAX_QUERY_CHARS, max_depth: int = MAX_DEPTH
) -> None:
    """Refuse a query that is too large, too deep, federated or an update.

    Parameters
    ----------
    text : str
        The query as the caller wrote it (before vazby adds prefixes or ``VALUES``).
    max_chars : int or None
        The bound on size; None for vazby's own queries, whose ``VALUES`` blocks grow with
        the corpus (the size of a caller's text is bounded where it comes in).
    max_depth : int
        The bound on nesting of brackets.

    Raises
    ------
    QueryRefused
        The query must not run; the message says why and what to do.
    QueryError
        The text holds something that is not SPARQL (with its line and column).

    Examples
    --------
    >>> check_query("SELECT * WHERE { ?s ?p 'SERVICE <http://x/> {}' } # DELETE")
    >>> check_query("PREFIX ex: <http://x/> SELECT * { VALUES ?x { ex:a\\\\# } "
    ...             "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    vazby.guard.QueryRefused: federated queries (SERVICE, line 1, column 56) are refused: ...
    """
    if max_chars is not None and len(text) > max_chars:
        raise QueryRefused(
            f"the query has {len(text):,} characters, more than the {max_chars:,} accepted; "
            "shorten it (pass long lists of values in several queries)"
        )
    if len(text) <= 16384:
        _check_cached(text, max_depth)
    else:
        _check(text, max_depth)


@functools.lru_cache(maxsize=512)
def _check_cached(text: str, max_depth: int) -> None:
    _check(text, max_depth)


def _check(text: str, max_depth: int) -> None:
    stack: list[str] = []
    first_word: str | None = None
    in_prologue = True
    for kind, value, pos in tokens(text):
        if kind == "open":
            stack.append(value)
            if len(stack) > max_depth:
                raise QueryRefused(
                    f"the query nests brackets more than {max_depth} deep "
                    f"(at {_where(text, pos)}); flatten it"
                )
        elif kind == "close":
            if stack and stack[-1] == _OPENERS[value]:
                stack.pop()
        elif kind == "name":
            # One run of name characters, read at once so that the scan stays linear: the
            # engine may read it as several words ("a.SERVICE", "SERVICEex:x"), so every
            # word of the run is checked (a local name's first word is the engine's too).
            head, colon, local = value.partition(":")
            words = [w.upper() for w in _WORDS.split(head) if w]
            words += [w.upper() for w in local.split(".")[1:]] if colon else []
            if any(w.startswith("SERVICE") for w in words):
                raise QueryRefused(
                    f"federated queries (SERVICE, {_where(text, pos)}) are refused: this "
                    "endpoint does not fetch other endpoints. Run the federated query in your "
                    "own client instead (a prefix starting with 'service' counts: rename it)."
                )
            if not colon and in_prologue and words and words[0] not in ("PREFIX", "BASE"):
                in_prologue = False
                first_word = words[0]
    if first_word in UPDATE_KEYWORDS:
        raise QueryRefused(
            f"updates are refused: vazby is read-only ({first_word} …). "
            "Change the graph with `vazby build` and serve it again."
        )


def tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """The query's tokens as ``(kind, text, position)``, read as :func:`check_query` reads them.

    Kinds are the lexer's: ``var``, ``iri``, ``name``, ``open``, ``string1`` …; white space
    and comments are tokens too, so that joining the texts gives the query back.

    Examples
    --------
    >>> [(k, t) for k, t, _ in tokens("SELECT ?x {") if k != "ws"]
    [('name', 'SELECT'), ('var', '?x'), ('open', '{')]
    """
    pos, end = 0, len(text)
    while pos < end:
        match = _TOKEN.match(text, pos)
        if match is None:
            raise QueryError(
                f"SPARQL error at {_where(text, pos)}: cannot read {text[pos : pos + 12]!r}"
            )
        yield match.lastgroup or "", match.group(), pos
        pos = match.end()


def _where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {column}"
