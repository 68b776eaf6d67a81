"""The one exception family of vazby.

Every error a user can cause derives from :class:`VazbyError`. Errors about input carry the
path and line so that the CLI can print ``path:line: message``.
"""

from __future__ import annotations

__all__ = [
    "VazbyError",
    "LoadError",
    "DetectError",
    "ProfileError",
    "UnknownEntity",
    "QueryError",
]


class VazbyError(Exception):
    """Base class of every error vazby raises on purpose."""


class LoadError(VazbyError):
    """A document could not be read or parsed.

    Parameters
    ----------
    path : str
        The document's path as the user gave it.
    line : int
        1-based line number; 0 when the problem concerns the whole file.
    message : str
        What is wrong and, where possible, what to do.
    locator : str, optional
        The place in the file's own terms where it is not addressed by line
        (``plan.pdf:p3:7``); printed instead of ``path:line``.

    Examples
    --------
    >>> str(LoadError("plan.txt", 12, "unknown field"))
    'plan.txt:12: unknown field'
    >>> str(LoadError("in/plan.pdf", 40, "unknown field", "plan.pdf:p3:7"))
    'plan.pdf:p3:7: unknown field'
    """

    def __init__(self, path: str, line: int, message: str, locator: str | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        self.locator = locator
        super().__init__(f"{self.where}: {message}")

    @property
    def where(self) -> str:
        """Where the problem is, as printed: the locator, else ``path:line``."""
        return self.locator if self.locator is not None else f"{self.path}:{self.line}"

    def __reduce__(self):  # pickled by build workers: rebuild from the four parts
        return (type(self), (self.path, self.line, self.message, self.locator))


class DetectError(LoadError):
    """No loader recognises the document; the message says why each one refused."""


class ProfileError(LoadError):
    """A layout profile (a TOML file) is not valid: the line is that of the offending key."""


class UnknownEntity(VazbyError):
    """A query named a measure, goal or plan that is not in the graph."""


class QueryError(VazbyError):
    """A SPARQL query could not be parsed or run; the message carries the parser's words."""
