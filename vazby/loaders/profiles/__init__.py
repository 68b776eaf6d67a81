"""Layout profiles: a plan layout as data, read by :mod:`vazby.loaders.outline`.

A profile is a TOML file holding the words that name a plan's levels (and the role each
level plays on the ladder area → goal → measure → activity), the numbering schemes it
prints, the field labels of a measure and the field each stands for, and the words that
introduce funding or guarantors in a sentence. The shipped profiles live beside this
module; ``vazby build --profile FILE`` adds a user's own.

A profile names the code that reads its layout (``[profile] loader``): the outline reader
by default, or the loader of a layout that needs more than a profile says (the action
plan's financing tables and their cross-check, the evaluation's shared budget lines). Such
a loader takes its words from its profile too: the rung of each goal level (``rung``), the
numbers of each level (``numbering`` in ``[[levels]]``), the labels of a goal's own fields
(``[goal_fields]``) and the titles of the parts it looks for (``[sections]``).

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
from .words import Labels, word_alternation

__all__ = [
    "ROLES",
    "FIELDS",
    "LOADERS",
    "RUNGS",
    "SECTIONS",
    "Level",
    "Labels",
    "Profile",
    "read_profile",
    "parse_profile",
    "shipped_profiles",
    "shipped_profile",
    "word_alternation",
    "level_numbers",
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
    "vision",
)

#: The code that may read a profile's layout: the outline reader, or a layout's own loader.
LOADERS = ("outline", "action-plan", "evaluation")

#: The rung of a goal level, for a loader that does not read it from the nesting.
RUNGS = ("strategic", "specific")

#: The parts of a document a layout's loader looks for by their titles: chapters of
#: narrative it skips, the list of abbreviations, an area's list of target groups and its
#: prose about the structure of goals, the names of the plan on its title page and the
#: kind of plan ("Akční plán").
SECTIONS = (
    "chapters",
    "abbreviations",
    "area_groups",
    "structure",
    "plan_names",
    "plan_kinds",
)
#: The levels a layout's loader reads: (role, rung).
_NEEDS = {
    loader: (("area", None), ("goal", "strategic"), ("goal", "specific"), ("measure", None))
    for loader in LOADERS[1:]
}
#: The fields a goal has of its own, where a layout labels them apart from a measure's.
GOAL_FIELDS = ("impacts", "indicators")

_PROSE = ("funding", "guarantors", "links")
#: How cross-references are written: the words before a goal's, measure's or area's number
#: ("cíl 2.1", "opatření B.3"). The cues that make a sentence a reference are the one list
#: ``[prose] links``, whichever rule reads the numbers.
REFERENCE_KEYS = ("goal", "measure", "area")
_TABLES = {
    "profile": ("name", "description", "loader", "extends"),
    "levels": ("role", "words", "rung", "numbering"),
    "numbering": ("patterns",),
    "fields": FIELDS,
    "goal_fields": GOAL_FIELDS,
    "prose": _PROSE,
    "references": REFERENCE_KEYS,
    "sections": SECTIONS,
}


@dataclass(frozen=True, slots=True)
class Level:
    """A level of the outline: the words that name it and its role on the ladder; for a
    layout's own loader, the rung of a goal level and the numbers the level prints (no
    words: the level is printed as its number and title, "1 Bydlení")."""

    role: str
    words: tuple[str, ...]
    rung: str | None = None
    numbering: tuple[str, ...] = ()


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
    loader: str = "outline"
    goal_fields: tuple[tuple[str, tuple[str, ...]], ...] = ()
    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: The shipped profile this one extends.
    extends: str | None = None

    def words(self, role: str, rung: str | None = None) -> tuple[str, ...]:
        """Every level word of ``role`` (of the goal levels of ``rung``, when given)."""
        return tuple(
            w
            for level in self.levels
            if level.role == role and (rung is None or level.rung == rung)
            for w in level.words
        )

    def level(self, role: str, rung: str | None = None) -> Level:
        """The first level of ``role`` (and ``rung``).

        Raises
        ------
        ProfileError
            The profile has no such level.
        """
        for level in self.levels:
            if level.role == role and (rung is None or level.rung == rung):
                return level
        what = f"{rung} {role}" if rung else role
        raise ProfileError(self.path, 0, f"the profile has no [[levels]] of a {what}")

    def section_titles(self, key: str) -> tuple[str, ...]:
        return next((titles for k, titles in self.sections if k == key), ())

    def summary(self) -> list[str]:
        """The profile in a few indented lines: what reads it, its levels (words, numbers),
        its numbering and its field labels.

        Examples
        --------
        >>> level = Level("measure", ("úkol",), numbering=("[0-9]+",))
        >>> p = Profile("mini", "Úkoly", "mini.toml", (level,), ("[0-9]+",), (("cost", ("cena",)),))
        >>> for line in p.summary():
        ...     print(line)
          read by: the outline reader
          measure: úkol; numbered [0-9]+
          numbering: [0-9]+
          field cost: cena
        """
        reader = "the outline reader" if self.loader == "outline" else f"the {self.loader} loader"
        lines = [f"  read by: {reader}" + (f"; extends {self.extends}" if self.extends else "")]
        for level in self.levels:
            name = f"{level.role} ({level.rung})" if level.rung else level.role
            said = [", ".join(level.words)] if level.words else ["no word"]
            if level.numbering:
                said.append("numbered " + " ".join(level.numbering))
            lines.append(f"  {name}: {'; '.join(said)}")
        lines.append(f"  numbering: {' '.join(self.numbering)}")
        for table in (self.fields, self.goal_fields):
            prefix = "field " if table is self.fields else "goal field "
            lines += [f"  {prefix}{key}: {', '.join(labels)}" for key, labels in table]
        return lines

    def prose_cues(self, field: str) -> tuple[str, ...]:
        return next((cues for key, cues in self.prose if key == field), ())


def level_numbers(profile: Profile, level: Level) -> str:
    """A regular expression of the numbers ``level`` prints: its own, else the profile's."""
    return "|".join(f"(?:{p})" for p in level.numbering or profile.numbering)


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


def parse_profile(text: str, path: str, seen: tuple[str, ...] = ()) -> Profile:
    """Read and check the profile written in ``text`` (``path`` names it in errors).

    A profile that ``extends`` a shipped one (``[profile] extends = "outline"``) has every
    table of it that it does not write, and every field, prose cue, reference word and
    section of it that it does not name: what it writes replaces, key by key. ``seen``
    holds the profiles already being read on the way here.

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
        numbers: tuple[str, ...] = ()
        if "numbering" in entry:
            numbers = _patterns(entry["numbering"], ("levels", i, "numbering"), fail)
        words = _strings(entry.get("words"))
        if words is None and ("words" in entry or not numbers):
            raise fail(("levels", i, "words"), "words must be a non-empty list of strings")
        rung = entry.get("rung")
        if rung is not None and (role != "goal" or rung not in RUNGS):
            raise fail(
                ("levels", i, "rung"),
                f"rung {rung!r}: a goal level's rung is one of {', '.join(RUNGS)}",
            )
        levels.append(Level(role, words or (), rung, numbers))
    base = _base(head.get("extends"), fail, seen)
    if not levels and base is not None:
        levels = list(base.levels)
    if not levels:
        raise fail(("levels",), "a profile needs at least one [[levels]] table")
    if "numbering" not in data and base is not None:
        patterns = base.numbering
    else:
        numbering = data.get("numbering", {}).get("patterns")
        patterns = _patterns(numbering, ("numbering", "patterns"), fail)

    def merged(name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        own = _string_table(data, name, fail)
        inherited = getattr(base, name) if base is not None else ()
        written = {key for key, _ in own}
        return (*((k, v) for k, v in inherited if k not in written), *own)

    fields = merged("fields")
    if not fields:
        raise fail(("fields",), "[fields] must map at least one field to its labels")
    loader = head.get("loader", "outline")
    if loader not in LOADERS:
        raise fail(("profile", "loader"), f"loader {loader!r} is not one of {', '.join(LOADERS)}")
    for role, rung in _NEEDS.get(loader, ()):
        if not any(level.role == role and level.rung == rung for level in levels):
            what = f"role = {role!r}" + (f", rung = {rung!r}" if rung else "")
            raise fail(("levels",), f"the {loader} loader needs a [[levels]] table with {what}")
    if loader != "outline" and not next(lv for lv in levels if lv.role == "area").numbering:
        raise fail(("levels",), f"the {loader} loader needs the numbering of its area level")
    return Profile(
        name=name,
        description=str(head.get("description", "")),
        path=path,
        levels=tuple(levels),
        numbering=patterns,
        fields=fields,
        prose=merged("prose"),
        references=merged("references"),
        loader=loader,
        goal_fields=merged("goal_fields"),
        sections=merged("sections"),
        extends=base.name if base is not None else None,
    )


def _base(name: object, fail, seen: tuple[str, ...]) -> Profile | None:
    """The shipped profile a profile ``extends``, read afresh (shipped profiles extend one
    another while they are being read)."""
    if name is None:
        return None
    names = sorted(
        e.name[:-5] for e in resources.files(__package__).iterdir() if e.name.endswith(".toml")
    )
    if name not in names:
        raise fail(
            ("profile", "extends"),
            f"extends {name!r}: no shipped profile of that name; the shipped profiles: "
            + ", ".join(names),
        )
    if name in seen:
        raise fail(("profile", "extends"), f"extends {name!r}: the profiles extend each other")
    path = f"vazby/loaders/profiles/{name}.toml"
    text = resources.files(__package__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return parse_profile(text, path, (*seen, str(name)))


def _patterns(value: object, where: tuple[str | int, ...], fail) -> tuple[str, ...]:
    """Regular expressions of numbers: each compiles and has no group of its own."""
    patterns = _strings(value)
    if patterns is None:
        table = "[levels] numbering" if where[0] == "levels" else "[numbering] patterns"
        raise fail(where, f"{table} must list regular expressions")
    for pattern in patterns:
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise fail(where, f"pattern {pattern!r}: {exc}") from None
        if compiled.groups:
            raise fail(where, f"pattern {pattern!r}: use (?:…), not groups")
    return patterns


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
