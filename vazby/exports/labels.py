"""The text of map nodes and titles: shortened, wrapped, free of control characters.

One copy for the interactive map, the static maps and the report.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

import networkx as nx

from ..query.measures import natural_key
from .safe import xml_text

__all__ = ["clean", "shorten", "node_text", "map_title"]

#: Characters per line and longest text of a node label, by type: the static maps' table
#: (the interactive map passes its own, narrower one).
_WRAP = {"plan": (34, 120), "area": (24, 80), "goal": (26, 72), "measure": (24, 52)}
_WRAP_OTHER = (24, 60)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORDS = {
    "en": {"legend": "Legend", "plans": "plans", "map": "map", "view": "view"},
    "cs": {"legend": "Legenda", "plans": "plány", "map": "mapa", "view": "pohled"},
}


def clean(text: Any) -> str:
    """One line of text: control characters and runs of white space as one space, and
    nothing XML forbids (an SVG map holding it would not open)."""
    return " ".join(xml_text(_CONTROL.sub(" ", str(text))).split())


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis.

    Examples
    --------
    >>> shorten("Zajištění sociálních bytů včetně podpory", 28)
    'Zajištění sociálních bytů…'
    >>> shorten("Krátký", 28)
    'Krátký'
    """
    text = clean(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def node_text(attrs: dict[str, Any], wrap: dict[str, tuple[int, int]] | None = None) -> str:
    """A node's label on a map: number and shortened title, wrapped into lines.

    ``wrap`` maps a node type to (characters per line, longest text); default the static
    maps' table.

    Examples
    --------
    >>> title = "Zajištění sociálních bytů včetně podpory zabydlených domácností"
    >>> print(node_text({"type": "measure", "identifier": "1.1.1.1", "label": title}))
    1.1.1.1 Zajištění
    sociálních bytů včetně
    podpory…
    """
    node_type = str(attrs.get("type"))
    width, limit = (wrap or _WRAP).get(node_type, _WRAP_OTHER)
    text = clean(attrs.get("label", ""))
    ident = attrs.get("identifier")
    if node_type == "plan" and attrs.get("town") and str(attrs["town"]) not in text:
        text = f"{attrs['town']}: {text}"
    elif ident and node_type in ("area", "goal", "measure") and not text.startswith(str(ident)):
        text = f"{ident} {text}"
    lines = textwrap.wrap(shorten(text, limit), width, break_long_words=True) or [""]
    return "\n".join(lines)


def map_title(graph: nx.MultiDiGraph, lang: str = "en") -> str:
    """The title of a map: the town and the plan's title, or the towns of several plans.

    Examples
    --------
    >>> g = nx.MultiDiGraph(view="dependencies")
    >>> g.add_node("p", type="plan", label="Akční plán 2024", town="Horní Lhota")
    >>> map_title(g)
    'Horní Lhota — Akční plán 2024'
    """
    words = _WORDS.get(lang, _WORDS["en"])
    plans = sorted(
        (a for _, a in graph.nodes(data=True) if a.get("type") == "plan"),
        key=lambda a: natural_key(str(a.get("identifier", ""))),
    )
    view = str(graph.graph.get("view", words["map"]))
    if len(plans) == 1:
        plan = plans[0]
        town = plan.get("town")
        title = clean(plan.get("label", plan.get("identifier", "")))
        return f"{town} — {title}" if town and str(town) not in title else title
    if plans:
        towns = sorted({str(a.get("town") or a.get("identifier")) for a in plans})
        return f"{len(plans)} {words['plans']}: {', '.join(towns)} ({words['view']} {view})"
    slugs = sorted({str(a["plan"]) for _, a in graph.nodes(data=True) if a.get("plan")})
    if slugs:
        return f"{', '.join(slugs)} ({words['view']} {view})"
    return f"vazby — {view}"
