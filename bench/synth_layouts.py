"""The two plan layouts the synthetic generator writes (see :mod:`synth` for the public API).

``ActionPlanWriter`` writes the card layout of an action plan: a title page, a table of
contents, a list of abbreviations, a summary overview of goals, then per thematic area a
target-group list, strategic and specific goals and "Opatření 1.1.1.1<TAB>title" cards, and
at the end a financing table and a KPSV+ allocation table that agree with the cards except
for a few deliberate disagreements. ``EvaluationWriter`` writes an interim evaluation:
sections "B.1/ …", priorities, general goals and "1.1.1 Opatření<TAB>…" measures with
"Hodnocení:", run-together target groups and budget lines shared by several measures;
numbering restarts in every section. Both record what they wrote in a ``SynthPlan``.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

__all__ = ["WORDS", "THEMES", "Theme", "SynthPlan", "ActionPlanWriter", "EvaluationWriter"]

TAB = "\t"
WORDS: dict[str, Any] = tomllib.loads(
    Path(__file__).with_name("synth_words.toml").read_text(encoding="utf-8")
)
COMMON: dict[str, list[str]] = WORDS["common"]


@dataclass(frozen=True)
class Theme:
    """A thematic area and the words its goals and measures are made of."""

    title: str
    section: str
    locative: str
    strategic: tuple[str, ...]
    objects: tuple[str, ...]
    groups: tuple[str, ...]
    needs: tuple[str, ...]


THEMES: tuple[Theme, ...] = tuple(
    Theme(**{k: tuple(v) if isinstance(v, list) else v for k, v in t.items()})
    for t in WORDS["themes"]
)


@dataclass
class SynthPlan:
    """One generated plan: its text and what a loader should find in it.

    Attributes
    ----------
    file_name : str
        ``plan-0001.txt`` …
    layout : str
        ``"action-plan"`` or ``"evaluation"``.
    town : str
        The made-up town the plan belongs to.
    text : str
        The document, lines joined with ``\\n``, ending in a newline.
    measures : list of str
        Measure identifiers as a loader gives them: ``1.2.1.3`` in an action plan,
        ``B.2/1.1.3`` in an evaluation (its numbering restarts in every section).
    mismatches : list of tuple
        Deliberate disagreements of the financing table with a card, ``(measure id, kind)``,
        kind ``"amount"``, ``"source"`` or ``"missing-row"``.
    shared_budgets : list of tuple
        The measure ids of each budget line shared by several measures.
    """

    file_name: str
    layout: str
    town: str
    text: str = ""
    measures: list[str] = field(default_factory=list)
    mismatches: list[tuple[str, str]] = field(default_factory=list)
    shared_budgets: list[tuple[str, ...]] = field(default_factory=list)


def partition(rng: random.Random, n: int, lo: int, hi: int) -> list[int]:
    """Split ``n`` into parts of ``lo``..``hi`` (the last part may be smaller)."""
    parts: list[int] = []
    while n > 0:
        parts.append(min(n, rng.randint(lo, hi)))
        n -= parts[-1]
    return parts


def czech_list(items: list[str]) -> str:
    """Join identifiers the Czech way: ``"1.1.1, 1.1.2 a 1.1.3"``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " a " + items[-1]


def _millions(czk: Decimal) -> str:
    return f"{(czk / 1_000_000).normalize():f}".replace(".", ",")


def money(czk: Decimal, rng: random.Random, approximate: bool = False) -> str:
    """A cost as cards print it: ``"25 mil. Kč"``, ``"30 tis. Kč"``, ``"1 250 000 Kč"``."""
    prefix = "Přibližně " if approximate else ""
    if czk < 1_000_000:
        return f"{prefix}{czk // 1000} tis. Kč"
    if rng.random() < 0.1 and czk < 50_000_000:
        return f"{prefix}{int(czk):,} Kč".replace(",", " ")
    return f"{prefix}{_millions(czk)} mil. Kč"


def short_money(czk: Decimal) -> str:
    """The allocation table's form: ``"10 mil."``, ``"2,7 mil."``, ``"30 tis."``."""
    return f"{czk // 1000} tis." if czk < 1_000_000 else f"{_millions(czk)} mil."


@dataclass
class _Card:
    id: str
    title: str
    funding: str
    cost: Decimal | None
    cost_text: str
    cost_ref: str | None = None


class ActionPlanWriter:
    """Writes one action plan of ``n`` measures into ``plan`` (text and truth)."""

    def __init__(self, rng: random.Random, plan: SynthPlan, n: int) -> None:
        self.rng, self.plan = rng, plan
        self.lines: list[str] = []
        self.cards: list[_Card] = []
        start = rng.randint(2021, 2024)
        self.years = (start, start + 5)
        specifics = partition(rng, n, 1, 4)
        strategics = partition(rng, len(specifics), 1, 3)
        area_count = min(len(THEMES), max(1, round(len(strategics) / 2.2)))
        themes = rng.sample(THEMES, area_count)
        spec_iter = iter(specifics)
        #: per area: its theme and, per strategic goal, the measure count of each specific goal
        self.tree: list[tuple[Theme, list[list[int]]]] = [(t, []) for t in themes]
        for i, size in enumerate(strategics):
            self.tree[i % area_count][1].append([next(spec_iter) for _ in range(size)])
        self.goals = [
            (f"{a}.{s}", [f"{a}.{s}.{p}" for p in range(1, len(specs) + 1)])
            for a, (_, strategic) in enumerate(self.tree, 1)
            for s, specs in enumerate(strategic, 1)
        ]

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def write(self) -> list[str]:
        """Return the document's lines."""
        self.front_matter()
        self.overview()
        for a, (theme, strategic) in enumerate(self.tree, 1):
            self.area(a, theme, strategic)
        self.financing_table()
        self.allocation_table()
        return self.lines

    def front_matter(self) -> None:
        town, (y1, y2) = self.plan.town, self.years
        self.add("", "", "Akční plán I.", "", f"**Plán sociálního začleňování {town}")
        self.add(f"{y1}–{y2}**", "", f"Město {town}", "", f"Březen {y1}", "", "Obsah", "")
        toc = ["Seznam zkratek", "Úvod", "Návrhová část"]
        toc += [f"{a} {t.title}" for a, (t, _) in enumerate(self.tree, 1)]
        toc += ["Implementační část", "Financování", "Čerpání z prostředků KPSV+"]
        self.add(*(f"{entry}{TAB}{page}" for page, entry in enumerate(toc + ["Analýza rizik"], 3)))
        self.add("", "Seznam zkratek", "")
        for abbreviation in (
            "IROP – Integrovaný regionální operační program",
            "KPSV+ – Koordinovaný přístup k sociálnímu vyloučení plus",
            "NNO – Nestátní nezisková organizace",
            "OPZ+ – Operační program Zaměstnanost plus",
        ):
            self.add(abbreviation, "")
        self.add("Úvod", "", f"Akční plán města {town} rozpracovává strategické cíle dlouhodobé")
        self.lines[-1] += f" koncepce na období {y1}–{y2}. Vznikl ve spolupráci s Agenturou."

    def strategic_title(self, theme: Theme, s: int) -> str:
        return theme.strategic[(s - 1) % len(theme.strategic)]

    def specific_title(self, theme: Theme, a: int, s: int, p: int) -> str:
        n, year = 10 + (a * 37 + s * 11 + p * 7) % 290, self.years[0] + 3
        return (
            f"Do roku {year} bude podpořeno {n} osob v oblasti {theme.locative}",
            f"Do konce roku {year} si {n} osob zvýší kompetence v oblasti {theme.locative}",
            f"Ročně uspořádat alespoň {COMMON['number_words'][p % 3]} setkání aktérů "
            f"v oblasti {theme.locative}",
        )[(a + s + p) % 3]

    def overview(self) -> None:
        """The summary table of goals that precedes the areas and repeats their headings."""
        self.add("", "Návrhová část", "")
        self.add("Tabulka 2 Souhrnný přehled strategických a specifických cílů", "")
        for a, (theme, strategic) in enumerate(self.tree, 1):
            self.add(f"{a} {theme.title}", "")
            for s, specs in enumerate(strategic, 1):
                self.add(f"Strategický cíl {a}.{s} {self.strategic_title(theme, s)}", "")
                for p, count in enumerate(specs, 1):
                    title = self.specific_title(theme, a, s, p)
                    self.add(f"- **Specifický cíl {a}.{s}.{p}** {title} ({count} opatření)")
                self.add("")
        self.add("Zdroj: vlastní zpracování", "")

    def area(self, a: int, theme: Theme, strategic: list[list[int]]) -> None:
        self.add(f"{a} {theme.title}", "", "Cílová skupina", "")
        self.add(f"Cílovou skupinu oblasti {theme.locative} tvoří zejména:", "")
        self.add(*(f"- {g}," for g in theme.groups[:-1]), f"- {theme.groups[-1]}.", "")
        self.add("Struktura strategických cílů", "")
        for s, specs in enumerate(strategic, 1):
            self.add(f"Strategický cíl {a}.{s}: {self.strategic_title(theme, s)}", "")
            for p, count in enumerate(specs, 1):
                self.add(f"Specifický cíl {a}.{s}.{p}: {self.specific_title(theme, a, s, p)}", "")
                self.add(
                    f"Očekávaný dopad: Díky opatřením se zlepší situace v oblasti "
                    f"{theme.locative} a posílí se spolupráce aktérů.",
                    "",
                    "Indikátory dopadu:",
                    "",
                )
                first, second = self.rng.sample(COMMON["indicators"], 2)
                self.add(f"- **{first}**", f"- {second}", "")
                lead: _Card | None = None
                for m in range(1, count + 1):
                    card = self.card(theme, f"{a}.{s}.{p}.{m}", lead)
                    lead = lead or card

    def price(self, funding: str) -> tuple[Decimal | None, str]:
        rng = self.rng
        if funding == "-":
            return None, "-"
        if funding.startswith("IROP"):
            cost = Decimal(rng.choice((5, 10, 20, 50, 60, 100))) * 1_000_000
            return cost, money(cost, rng, approximate=rng.random() < 0.5)
        if funding == "Rozpočet města":
            cost = Decimal(rng.choice((30_000, 250_000, 1_500_000, 3_000_000)))
            return cost, money(cost, rng)
        cost = Decimal(rng.randint(20, 250)) * 100_000
        return cost, money(cost, rng)

    def card(self, theme: Theme, mid: str, lead: _Card | None) -> _Card:
        """One measure card; ``lead`` is the first card of its specific goal."""
        rng, town = self.rng, self.plan.town
        title = f"{rng.choice(COMMON['actions'])} {rng.choice(theme.objects)}"
        if rng.random() < 0.4:
            title += f" {rng.choice(COMMON['places'])}"
        funding = rng.choice(COMMON["funding"])
        card = _Card(mid, title, funding, *self.price(funding))
        if lead is not None and lead.cost is not None and rng.random() < 0.15:
            card.funding, card.cost, card.cost_ref = lead.funding, None, lead.id
            card.cost_text = f"Viz opatření {lead.id}"
            self.plan.shared_budgets.append((lead.id, mid))
        place = rng.choice(COMMON["places"])
        description = (
            f"Cílem opatření je zvýšit dostupnost {rng.choice(theme.objects)} {place} "
            f"ve městě {town}."
        )
        bullets = rng.sample(COMMON["bullets"], rng.randint(2, 4))
        labelled = True
        if rng.random() < 0.08:  # the title on its own line, as some converters leave it …
            self.add(f"Opatření {mid}", "", title, "")
            if rng.random() < 0.5:  # … and the description with no "Popis opatření" label
                self.add(description, "", *(f"- {b}" for b in bullets), "")
                labelled = False
        else:
            self.add(f"Opatření {mid}{TAB}{title}")
        if rng.random() < 0.35:
            style = '<ul style="list-style-type: none">'
            description = f"<p>{description}</p> {style} - " + " - ".join(bullets)
        fields = [("Popis opatření", description)] if labelled else []
        if rng.random() < 0.03:  # a table rule the converter left inside the card
            fields.append(("-" * 23, "---"))
        fields += [
            ("Cílová skupina", self.target_groups(theme)),
            ("Indikátory výstupu", " ".join(rng.sample(COMMON["indicators"], rng.randint(1, 2)))),
            ("Odpovědný subjekt", rng.choice(COMMON["responsible"]).format(town=town)),
            ("Harmonogram", rng.choice(COMMON["schedules_action_plan"])),
            ("Předpokládané náklady", card.cost_text),
            ("Zdroje financování", card.funding),
            (
                "Vazba na další cíle" if rng.random() < 0.9 else "Vazba na další opatření / cíle",
                self.link(),
            ),
        ]
        for name, value in fields:
            if rng.random() < 0.06:
                self.add("")
            self.add(f"{name}{TAB}{value}")
        self.add("")
        self.cards.append(card)
        self.plan.measures.append(mid)
        return card

    def target_groups(self, theme: Theme) -> str:
        if self.rng.random() < 0.4:
            return "Viz cílová skupina tematické oblasti"
        return ", ".join(self.rng.sample(theme.groups, self.rng.randint(1, 2))).capitalize()

    def link(self) -> str:
        """ "Strategický cíl 5.2", "Specifický cíl 4.1.2", "-" or nothing."""
        rng, roll = self.rng, self.rng.random()
        if roll < 0.15:
            return f"Strategický cíl {rng.choice(self.goals)[0]}"
        if roll < 0.25:
            return f"Specifický cíl {rng.choice(rng.choice(self.goals)[1])}"
        return rng.choice(("-", "-", ""))

    def financing_table(self) -> None:
        rng = self.rng
        priced = [c for c in self.cards if c.cost is not None]
        wrong = rng.sample(priced, min(len(priced), rng.choice((0, 1, 1, 2))))
        kinds = {c.id: rng.choice(("amount", "source", "missing-row")) for c in wrong}
        self.plan.mismatches.extend(sorted(kinds.items()))
        self.add("Implementační část", "", "Financování", "")
        self.add("Tabulka 5 Financování opatření uvedených v Akčním plánu", "")
        self.add(
            f"Opatření{TAB}Sociální služba (typ služby) / aktivita{TAB}"
            f"Předpokládané náklady (období){TAB}Zdroje financování"
        )
        current = ""
        for card in self.cards:
            area = card.id.split(".")[0]
            if area != current:
                current = area
                self.add(f"{area} {self.tree[int(area) - 1][0].title}{TAB * 3}")
            kind = kinds.get(card.id)
            if kind == "missing-row":
                continue
            if card.cost_ref:
                amount = f"Viz {card.cost_ref}"
            elif card.cost is None:
                amount = "-"
            else:
                cost = card.cost * 2 if kind == "amount" else card.cost
                amount = money(cost, rng) + " (3 roky)"
            funding = card.funding
            if kind == "source":
                # the table drops the co-funder, or adds one the card does not name
                funding = funding.split(",")[0] if "," in funding else f"{funding}, rozpočet města"
            service = rng.choice(COMMON["services"])
            self.add(f"{card.id} {card.title}{TAB}{service}{TAB}{amount}{TAB}{funding}")
        self.add("", "Zdroj: vlastní zpracování", "")

    def allocation_table(self) -> None:
        """Rows for measures funded from OPZ+ or IROP; area and goal cells only on change."""
        self.add("Čerpání z prostředků KPSV+", "")
        self.add("Tabulka 6 Čerpání z prostředků alokovaných na KPSV 2021+", "")
        header = (
            "Tematická oblast",
            "Specifický cíl",
            "Opatření",
            "Alokace v Kč (KPSV+)",
            "Operační program",
            "Priorita OP",
            "Specifický cíl OP",
        )
        self.add(TAB.join(header))
        totals = {"OPZ+": Decimal(0), "IROP": Decimal(0)}
        last_area = last_goal = ""
        for card in self.cards:
            programme = card.funding.split(",")[0]
            if programme not in totals or card.cost is None:
                continue
            area, goal = card.id.split(".")[0], card.id.rsplit(".", 1)[0]
            area_cell = f"{area} {self.tree[int(area) - 1][0].title}" if area != last_area else ""
            goal_cell = goal if goal != last_goal else ""
            last_area, last_goal = area, goal
            priority, objective = ("2", "2.1") if programme == "OPZ+" else ("4", "4.2")
            totals[programme] += card.cost
            cells = (area_cell, goal_cell, card.id, short_money(card.cost), programme)
            self.add(TAB.join(cells + (priority, objective)))
        for programme, total in totals.items():
            if not total:
                continue  # a plan with no IROP measure prints no IROP total
            self.add(f"{programme} (KPSV+) celkem:{TAB * 2}{short_money(total)} Kč{TAB * 4}")
        self.add("", "Zdroj: vlastní zpracování", "", "Analýza rizik", "")
        self.add("Tabulka 7 Analýza rizik", "")
        self.add(TAB.join(("Název rizika", "Pravděpodobnost", "Dopad", "Významnost", "Opatření")))
        self.add(TAB.join(("Nedostatek finančních prostředků", "3", "5", "15", "Více zdrojů.")))
        self.add(TAB.join(("Odchod klíčových pracovníků", "2", "3", "6", "Supervize.")))
        self.add("", "Zdroj: vlastní zpracování")


class EvaluationWriter:
    """Writes one interim evaluation of ``n`` measures; numbering restarts per section."""

    def __init__(self, rng: random.Random, plan: SynthPlan, n: int) -> None:
        self.rng, self.plan = rng, plan
        self.lines: list[str] = []
        sections = max(1, min(len(THEMES), round(n / 13)))
        self.themes = rng.sample(THEMES, sections)
        base, extra = divmod(n, sections)
        self.sizes = [base + (i < extra) for i in range(sections)]
        self.town_named = False

    def write(self) -> list[str]:
        """Return the document's lines."""
        town = self.plan.town
        title = "PRŮBĚŽNÉ VYHODNOCENÍ PLÁNU SOCIÁLNÍHO ZAČLEŇOVÁNÍ"
        if self.rng.random() < 0.5:
            title += f" MĚSTA {town.upper()}"
        self.lines += ["", "", title, "", "B/ STRATEGIE", ""]
        self.lines += [
            f"Vize: Město {town} je místem, kde lidé díky včasné podpoře a vlastní aktivitě "
            "zvládají svou situaci bez vnější pomoci.",
            "",
        ]
        for k, (theme, size) in enumerate(zip(self.themes, self.sizes, strict=True), 1):
            if size:
                self.section(k, theme, size)
        return self.lines

    def section(self, k: int, theme: Theme, size: int) -> None:
        rng = self.rng
        self.lines += [f"B.{k}{'/ ' if rng.random() < 0.8 else '/'}{theme.section}", ""]
        goal_sizes = partition(rng, size, 1, 4)
        goals = iter(goal_sizes)
        for p, count in enumerate(partition(rng, len(goal_sizes), 1, 2), 1):
            number = f"{p}." if rng.random() < 0.1 else f"{p}"
            label = rng.choice(("PRIORITA", "Priorita", "PRIORITA"))
            strategic = theme.strategic[(p - 1) % len(theme.strategic)].upper()
            self.lines.append(f"{number} {label}{TAB}{strategic}")
            for g in range(1, count + 1):
                self.goal(k, theme, f"{p}.{g}", next(goals))

    def goal(self, k: int, theme: Theme, number: str, count: int) -> None:
        """A general goal and its measures; the last may carry a budget line shared by all."""
        rng = self.rng
        people = rng.randint(10, 300)
        self.lines.append(
            f"{number} Obecný cíl{TAB}Do konce roku 2025 se zlepší situace "
            f"v oblasti {theme.locative} u {people} osob"
        )
        roll = rng.random()
        numbers = [f"{number}.{m}" for m in range(1, count + 1)]
        for m, measure in enumerate(numbers, 1):
            cost = None
            if roll < 0.45 and m == count:
                amount = rng.randint(500, 15_000) * 1000 + rng.choice((0, 500))
                refs = f" ({czech_list(numbers)})" if count > 1 else ""
                cost = f"{amount:,} Kč/OPZ".replace(",", " ") + refs
                if count > 1:
                    self.plan.shared_budgets.append(tuple(f"B.{k}/{n}" for n in numbers))
            elif 0.45 <= roll < 0.85:
                cost = "Vlastní zdroje"
            self.measure(k, theme, measure, cost)

    def measure(self, k: int, theme: Theme, number: str, cost: str | None) -> None:
        rng, town = self.rng, self.plan.town
        obj = rng.choice(theme.objects)
        text = rng.choice(
            (
                f"Od roku 2023 do konce roku 2025 získá {rng.randint(5, 250)} osob podporu "
                f"prostřednictvím {obj}",
                f"Od roku 2023 je realizován rozvoj {obj} s kapacitou {rng.randint(1, 4)},0 úvazku",
                f"Do konce roku 2024 dojde k zajištění {obj} v minimálně dvou částech města",
            )
        )
        self.lines.append(f"{number} Opatření{TAB}{text}")
        groups = rng.sample(COMMON["groups"], rng.randint(1, 3))
        if not self.town_named or rng.random() < 0.1:
            groups.append(f"Pracovníci MěÚ {town}")
            self.town_named = True
        other = rng.choice([t for t in self.themes if t is not theme] or [theme])
        link = rng.choice(
            (
                f"Reaguje na {rng.choice(theme.needs)}",
                f"Vychází z analýzy, která popsala {rng.choice(theme.needs)}",
                f"Posiluje opatření v oblasti {other.locative}",
            )
        )
        link_label = rng.choice(
            (
                "Vazba na analýzu, další opatření a cíle:",
                "Vazba na analýzu, další opatření a cíle:",
                "Vazba na analýzu další opatření a cíle:",
                "Vazba na analýzu, další opatření a cíle",
            )
        )
        indicators = " ".join(rng.sample(COMMON["indicators"], rng.randint(1, 2)))
        fields = [
            ("Hodnocení:", rng.choice(COMMON["statuses"])),
            ("Cílová skupina:", " ".join(groups)),
            ("Očekávané dopady:", " ".join(rng.sample(COMMON["impacts"], 2))),
            ("Indikátor výstupu:", indicators),
            ("Garant:", rng.choice(COMMON["guarantors"])),
            ("Předpoklad realizace/termín:", rng.choice(COMMON["schedules_evaluation"])),
            (link_label, link),
        ]
        if cost is not None:
            labels = ("Náklady/zdroje financování:", "Náklady/zdroj:", "Náklady/zdroj financování:")
            fields.insert(rng.choice((5, 6)), (rng.choice(labels), cost))
        for name, value in fields:
            if rng.random() < 0.05:
                self.lines.append("")
            self.lines.append(f"{name}{TAB}{value}")
            if name == "Očekávané dopady:" and rng.random() < 0.05:
                # a continuation after a blank line, starting with a TAB
                self.lines += ["", f"{TAB}Zapojení služby do místního systému podpory"]
        if rng.random() < 0.3:
            self.lines.append("")
        self.plan.measures.append(f"B.{k}/{number}")
