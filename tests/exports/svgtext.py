"""Reading the text of an SVG map back: each ``<text>`` as a box on the page, measured with
the DejaVu Sans font the map is drawn in, so tests can count overlapping labels."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Box:
    text: str
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, slack: float = 0.5) -> bool:
        return (
            self.left + slack < other.right
            and other.left + slack < self.right
            and self.top + slack < other.bottom
            and other.top + slack < self.bottom
        )


@lru_cache(maxsize=64)
def _font(size: float):
    from matplotlib import font_manager
    from PIL import ImageFont

    return ImageFont.truetype(font_manager.findfont("DejaVu Sans"), size)


def _transform(root: ET.Element) -> tuple[float, float, float]:
    graph = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "graph")
    text = graph.get("transform", "")
    scale = re.search(r"scale\(([\d.]+)", text)
    move = re.search(r"translate\(([-\d.]+) ([-\d.]+)\)", text)
    s = float(scale.group(1)) if scale else 1.0
    tx, ty = (float(move.group(1)), float(move.group(2))) if move else (0.0, 0.0)
    return s, tx, ty


def text_boxes(path: Path) -> tuple[list[Box], tuple[float, float]]:
    """Every text of the SVG as a page box (points), and the page's width and height."""
    root = ET.parse(path).getroot()
    s, tx, ty = _transform(root)
    width = float(root.get("width", "0").removesuffix("pt"))
    height = float(root.get("height", "0").removesuffix("pt"))
    vx, vy, vw, vh = (float(v) for v in root.get("viewBox", f"0 0 {width} {height}").split())
    # the viewBox fits that part of the drawing to the page, centred (preserveAspectRatio
    # meet: one scale across and down)
    f = min(width / vw, height / vh)
    ox, oy = (width - vw * f) / 2, (height - vh * f) / 2
    boxes = []
    for element in root.iter(f"{SVG}text"):
        text = "".join(element.itertext())
        if not text.strip():
            continue
        size = float(element.get("font-size", "14"))
        x, y = float(element.get("x", "0")), float(element.get("y", "0"))
        length = _font(size).getlength(text)
        anchor = element.get("text-anchor", "start")
        left = x - length / 2 if anchor == "middle" else x - length if anchor == "end" else x
        top, bottom = y - 0.8 * size, y + 0.2 * size
        boxes.append(
            Box(
                text,
                (s * (left + tx) - vx) * f + ox,
                (s * (top + ty) - vy) * f + oy,
                (s * (left + length + tx) - vx) * f + ox,
                (s * (bottom + ty) - vy) * f + oy,
            )
        )
    return boxes, (width, height)


def overlapping(boxes: list[Box]) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap."""
    ordered = sorted(boxes, key=lambda b: b.left)
    found = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.left >= a.right:
                break
            if a.overlaps(b):
                found.append((a.text, b.text))
    return found


def off_page(boxes: list[Box], page: tuple[float, float]) -> list[str]:
    """Texts that reach past the page's edge."""
    width, height = page
    return [
        b.text
        for b in boxes
        if b.left < -0.5 or b.top < -0.5 or b.right > width + 0.5 or b.bottom > height + 0.5
    ]
