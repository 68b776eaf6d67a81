"""Layout profiles: a plan layout as data, read by :mod:`vazby.loaders.outline`.

A profile is a TOML file holding the words that name a plan's levels (and the role each
level plays on the ladder area → goal → measure → activity), the numbering schemes it
prints, the field labels of a measure and the field each stands for, and the words that
introduce funding or guarantors in a sentence. The shipped profiles live beside this
module; ``vazby build --profile FILE`` adds a user's own.

A profile is checked when it is read: a TOML syntax error, an unknown table or key, a role
or field that does not exist, an empty list or a pattern that does not compile is a
:class:`~vazby.errors.ProfileError` naming the file and the line of the offending key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ...errors import ProfileError

__all__ = [
    "ROLES",
    "FIELDS",
    "Level",
    "Profile",
    "read_profile",
    "parse_profile",
    "shipped_profiles",
    "shipped_profile",
]

#: Where a level stands on the ladder, top to bottom.
ROLES = ("area", "goal", "measure", "activity")

#: The fields a profile's labels may stand for.
FIELDS = (
    "guarantors",
    "partners",
    "target_groups",
    "indicators",
    "schedule",
    "cost",
    "funding",
    "cost_and_funding",
    "links",
    "description",
    "activities",
    "impacts",
    "status",
)

_PROSE = ("funding", "guarantors", "links")
#: How cross-references are written: the words before a goal's, measure's or area's number
#: ("cíl 2.1", "opatření B.3"), and the cues that make a sentence a reference ("viz",
#: "návaznost na").
REFERENCE_KEYS = ("goal", "measure", "area", "cues")
_TABLES = {
    "profile": ("name", "description"),
    "levels": ("role", "words"),
    "numbering": ("patterns",),
    "fields": FIELDS,
    "prose": _PROSE,
    "references": REFERENCE_KEYS,
}


@dataclass(frozen=True, slots=True)
class Level:
    """A level of the outline: the words that name it and its role on the ladder."""

    role: str
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Profile:
    """A layout: levels, numbering patterns, field labels, prose cues and how
    cross-references are written."""

    name: str
    description: str
    path: str
    levels: tuple[Level, ...]
    numbering: tuple[str, ...]
    fields: tuple[tuple[str, tuple[str, ...]], ...]
    prose: tuple[tuple[str, tuple[str, ...]], ...] = ()
    references: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def words(self, role: str) -> tuple[str, ...]:
        """Every level word of ``role``."""
        return tuple(w for level in self.levels if level.role == role for w in level.words)

    def prose_cues(self, field: str) -> tuple[str, ...]:
        return next((cues for key, cues in self.prose if key == field), ())


def key_line(text: str, path: tuple[str | int, ...]) -> int:
    """The 1-based line of the key ``path`` (table, index of an array table, key) in ``text``.

    tomllib reports the line of a syntax error but keeps no positions of what it parsed, so
    the schema's errors find their key in the text: the line of its table header, then of
    the key inside it. The header's line when the key is not written; 1 when neither is.

    Examples
    --------
    >>> text = "[profile]\\nname = 'x'\\n[[levels]]\\nrole = 'a'\\n[[levels]]\\nrole = 'b'\\n"
    >>> key_line(text, ("levels", 1, "role")), key_line(text, ("profile", "name"))
    (6, 2)
    """
    table, rest = str(path[0]), list(path[1:])
    index = rest.pop(0) if rest and isinstance(rest[0], int) else None
    key = str(rest[0]) if rest else None
    seen = -1
    inside = False
    found = 1
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        header = re.match(r"^\[\[?\s*([\w.-]+)\s*\]\]?", stripped)
        if header:
            inside = header.group(1) == table
            if inside:
                seen += 1
                inside = index is None or seen == index
                if inside:
                    found = number
            continue
        if inside and key is not None and re.match(rf"^['\"]?{re.escape(key)}['\"]?\s*=", stripped):
            return number
    return found


def _strings(value: object) -> tuple[str, ...] | None:
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    return None


def parse_profile(text: str, path: str) -> Profile:
    """Read and check the profile written in ``text`` (``path`` names it in errors).

    Raises
    ------
    ProfileError
        The text is not TOML, or breaks the schema; the line is the offending key's.

    Examples
    --------
    >>> p = parse_profile('''
    ... [profile]
    ... name = "mini"
    ... [[levels]]
    ... role = "measure"
    ... words = ["úkol"]
    ... [numbering]
    ... patterns = ['\\\\d+']
    ... [fields]
    ... guarantors = ["odpovídá"]
    ... ''', "mini.toml")
    >>> p.name, p.words("measure"), dict(p.fields)["guarantors"]
    ('mini', ('úkol',), ('odpovídá',))
    >>> parse_profile("[levels]\\nrole = 1", "bad.toml")
    Traceback (most recent call last):
    ...
    vazby.errors.ProfileError: bad.toml:1: [levels] must be written [[levels]], one table per level
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise ProfileError(path, int(line.group(1)) if line else 0, f"not TOML: {exc}") from None

    def fail(where: tuple[str | int, ...], message: str) -> ProfileError:
        return ProfileError(path, key_line(text, where), message)

    for table, value in data.items():
        if table not in _TABLES:
            known = ", ".join(_TABLES)
            raise fail((table,), f"unknown table [{table}]; a profile has {known}")
        entries = value if table == "levels" else [value]
        if table == "levels" and not isinstance(value, list):
            raise fail((table,), "[levels] must be written [[levels]], one table per level")
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict):
                raise fail((table,), f"{table} must be a table")
            for key in entry:
                if key not in _TABLES[table]:
                    where = (table, i, key) if table == "levels" else (table, key)
                    known = ", ".join(_TABLES[table])
                    raise fail(where, f"unknown key {key!r} in [{table}]; known: {known}")
    head = data.get("profile", {})
    name = head.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise fail(("profile", "name"), "[profile] needs a name of lower-case letters, digits, -")
    levels = []
    for i, entry in enumerate(data.get("levels", [])):
        role = entry.get("role")
        if role not in ROLES:
            raise fail(("levels", i, "role"), f"role {role!r} is not one of {', '.join(ROLES)}")
        words = _strings(entry.get("words"))
        if words is None:
            raise fail(("levels", i, "words"), "words must be a non-empty list of strings")
        levels.append(Level(role, words))
    if not levels:
        raise fail(("levels",), "a profile needs at least one [[levels]] table")
    patterns = _strings(data.get("numbering", {}).get("patterns"))
    if patterns is None:
        raise fail(("numbering", "patterns"), "[numbering] patterns must list regular expressions")
    for pattern in patterns:
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise fail(("numbering", "patterns"), f"pattern {pattern!r}: {exc}") from None
        if compiled.groups:
            raise fail(("numbering", "patterns"), f"pattern {pattern!r}: use (?:…), not groups")
    fields = _string_table(data, "fields", fail)
    if not fields:
        raise fail(("fields",), "[fields] must map at least one field to its labels")
    return Profile(
        name=name,
        description=str(head.get("description", "")),
        path=path,
        levels=tuple(levels),
        numbering=patterns,
        fields=fields,
        prose=_string_table(data, "prose", fail),
        references=_string_table(data, "references", fail),
    )


def _string_table(data: dict, table: str, fail) -> tuple[tuple[str, tuple[str, ...]], ...]:
    found = []
    for key, value in data.get(table, {}).items():
        words = _strings(value)
        if words is None:
            raise fail((table, key), f"{table}.{key} must be a non-empty list of strings")
        found.append((key, words))
    return tuple(found)


def read_profile(path: str | Path) -> Profile:
    """Read and check the profile file at ``path``.

    Raises
    ------
    ProfileError
        The file cannot be read, is not TOML, or breaks the schema.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(str(path), 0, f"cannot read the profile: {exc}") from None
    return parse_profile(text, str(path))


@lru_cache(maxsize=1)
def shipped_profiles() -> tuple[Profile, ...]:
    """The profiles shipped in the package, sorted by name."""
    folder = resources.files(__package__)
    found = [
        parse_profile(entry.read_text(encoding="utf-8"), f"vazby/loaders/profiles/{entry.name}")
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    ]
    return tuple(sorted(found, key=lambda p: p.name))


def shipped_profile(name: str) -> Profile:
    """The shipped profile called ``name``.

    Raises
    ------
    ProfileError
        No shipped profile has that name; the message lists those that exist.
    """
    for profile in shipped_profiles():
        if profile.name == name:
            return profile
    names = ", ".join(p.name for p in shipped_profiles())
    raise ProfileError(name, 0, f"no shipped profile {name!r}; the shipped profiles: {names}")
