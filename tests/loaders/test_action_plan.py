"""Tests of the action-plan loader: one test per layout rule, with our own made-up text.

The fixture ``tests/fixtures/action_plan_small.txt`` is a made-up town ("Dolní Kotlina") in
the layout of seed 001; the seed tests at the end read ``../shared/seeds`` and check facts
read off the document by hand.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from vazby.documents.text import read_text
from vazby.loaders import action_plan
from vazby.loaders.cards import split_actors, split_groups, split_run_together
from vazby.loaders.detect import detect
from vazby.loaders.lines import document_of
from vazby.loaders.records import (
    Abbreviation,
    Area,
    BudgetLine,
    Document,
    Goal,
    LoadResult,
    Measure,
    Plan,
    TableRow,
)
from vazby.loaders.text import read_document
from vazby.pipeline import add_one
from vazby.rdf.build import GraphBuilder, new_graph

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
SEED_001 = SEEDS / "001_d1cc97050fcb290c.txt"


def make_doc(text: str, name: str = "plan.txt") -> Document:
    """The document a text file holding ``text`` is read into: its tab lines are rows."""
    return document_of(read_text(text, name, sha256="0" * 64))


def mini_plan(cards: str, groups: str = "- děti předškolního věku,\n- rodiče.") -> str:
    """A one-area, one-goal plan around the given card text."""
    return (
        "Plán sociálního začleňování Horní Ves 2024–2027\n\n"
        "1 Vzdělávání\n\nCílová skupina\n\nOblast se soustředí na:\n\n"
        f"{groups}\n\n"
        "Strategický cíl 1.1: Zlepšit přístup ke vzdělání\n\n"
        "Specifický cíl 1.1.1: Do roku 2026 nastoupí 20 dětí do školky\n\n"
        f"{cards}\n"
    )


def card(number: str = "1.1.1.1", title: str = "Předškolní klub", **fields: str) -> str:
    values = {
        "Popis opatření": "Provoz klubu.",
        "Cílová skupina": "Děti",
        "Indikátory výstupu": "Počet dětí",
        "Odpovědný subjekt": "NNO",
        "Harmonogram": "2024–2026",
        "Předpokládané náklady": "1 mil. Kč",
        "Zdroje financování": "OPZ+",
        "Vazba na další cíle": "-",
    }
    values.update({k.replace("_", " "): v for k, v in fields.items()})
    head = f"Opatření {number}\t{title}" if title else f"Opatření {number}"
    return head + "\n" + "\n".join(f"{k}\t{v}" for k, v in values.items()) + "\n"


def load_text(text: str) -> LoadResult:
    return action_plan.load(make_doc(text))


def measures(result: LoadResult) -> dict[str, Measure]:
    return {m.id: m for m in result.of_type(Measure)}


def kinds(result: LoadResult) -> Counter[str]:
    return Counter(d.kind for d in result.diagnostics)


@pytest.fixture(scope="module")
def small() -> LoadResult:
    return action_plan.load(read_document(FIXTURES / "action_plan_small.txt"))


# --- sniff --------------------------------------------------------------------------------


def test_sniff_cards_with_fields_recognised(small: LoadResult) -> None:
    """'Opatření 1.1.1.1<TAB>Title' cards with 'Popis opatření<TAB>…' fields are this layout."""
    verdict = action_plan.sniff(small.document)
    assert verdict.score > 0
    assert "6 measure cards" in verdict.reason


def test_sniff_evaluation_layout_zero() -> None:
    """The evaluation layout prints '1.1.1 Opatření<TAB>…' with 'Hodnocení:' and 'Garant:'."""
    text = (
        "B.1/ PREVENCE\n1 PRIORITA\tZDRAVÍ\n1.1 Obecný cíl\tDo roku 2025 …\n"
        "1.1.1 Opatření\tDo roku 2025 získá 20 rodin …\nHodnocení:\tPLNĚNO\n"
        "Cílová skupina:\tRodiny s dětmi\nGarant:\tNNO\nPředpoklad realizace/termín:\t2023 – 2025\n"
    )
    assert action_plan.sniff(make_doc(text)).score == 0


def test_sniff_meeting_minutes_zero() -> None:
    """Minutes ('ZÁPIS', 'Přítomni:') mention measures only in prose."""
    text = "ZÁPIS\nz jednání pracovní skupiny\nPřítomni:\nJana Nová\nOpatření budou projednána.\n"
    verdict = action_plan.sniff(make_doc(text))
    assert verdict.score == 0
    assert "no measure cards" in verdict.reason


def test_detect_action_plan_fixture_picks_action_plan(small: LoadResult) -> None:
    assert detect(small.document)[0] == "action-plan"


# --- plan, table of contents, abbreviations --------------------------------------------------


def test_plan_title_page_slug_from_town_and_years(small: LoadResult) -> None:
    """'**Plán sociálního začleňování Dolní Kotlina' / '2024–2029**' on two lines."""
    (plan,) = small.of_type(Plan)
    assert plan.slug == "dolni-kotlina-2024-2029"
    assert plan.town == "Dolní Kotlina"
    assert plan.period == "2024–2029"
    assert plan.kind == "action-plan"
    assert plan.title.startswith("Akční plán I.")


def test_plan_without_town_slug_is_file_stem() -> None:
    """A plan whose title page names no town: fall back to the file name."""
    text = "\n".join(("Akční plán", "", *mini_plan(card()).split("\n")[2:]))
    doc = document_of(read_text(text, "x/Akcni_plan.txt"))
    (plan,) = action_plan.load(doc).of_type(Plan)
    assert plan.slug == "akcni-plan"
    assert plan.town is None


def test_abbreviations_list_read_and_toc_not_taken_for_it(small: LoadResult) -> None:
    """'NNO – Nestátní nezisková organizace' under 'Seznam zkratek', not 'Seznam zkratek<TAB>2'."""
    found = {a.abbreviation: a for a in small.of_type(Abbreviation)}
    assert set(found) == {"MŠ", "NNO", "OPZ+"}
    assert found["NNO"].expansion == "Nestátní nezisková organizace"
    assert found["NNO"].source.line == 26


# --- areas and goals ------------------------------------------------------------------------


def test_area_target_group_bullets_each_a_mention(small: LoadResult) -> None:
    """'- děti předškolního věku ze sociálně vyloučených lokalit,' under 'Cílová skupina'."""
    area = next(a for a in small.of_type(Area) if a.id == "1")
    assert area.title == "Vzdělávání"
    assert [m.text for m in area.target_groups] == [
        "děti předškolního věku ze sociálně vyloučených lokalit",
        "rodiče dětí ohrožených školním neúspěchem",
        "žáky základních škol",
    ]
    assert area.target_groups[0].source.line == 55


def test_area_actor_bullets_kept_apart_from_groups(small: LoadResult) -> None:
    """'Z hlediska aktérů vzdělávání se jedná o:' introduces actors, not target groups."""
    area = next(a for a in small.of_type(Area) if a.id == "1")
    assert [m.text for m in area.actors] == [
        "mateřské a základní školy",
        "pedagogicko-psychologickou poradnu",
    ]


def test_overview_creates_no_duplicate_areas_or_goals(small: LoadResult) -> None:
    """The summary 'Specifický cíl 1.1.1 … (2 opatření)' repeats goals: one record each."""
    assert [a.id for a in small.of_type(Area)] == ["1", "2"]
    assert [g.id for g in small.of_type(Goal)] == ["1.1", "1.1.1", "1.1.2", "2.1", "2.1.1"]
    assert all(g.source.line > 48 for g in small.of_type(Goal))


def test_overview_count_disagrees_total_diagnostic(small: LoadResult) -> None:
    """'Specifický cíl 2.1.1 … (3 opatření)' but two cards follow the heading."""
    found = [d for d in small.diagnostics if d.kind == "total" and d.line == 45]
    assert len(found) == 1
    assert "3 measures under goal 2.1.1" in found[0].message
    assert "has 2" in found[0].message


def test_overview_total_measures_disagrees_total_diagnostic(small: LoadResult) -> None:
    """'Tento akční plán obsahuje **celkem 7 opatření**' while six cards are printed."""
    found = [d for d in small.diagnostics if d.kind == "total" and d.line == 32]
    assert (
        len(found) == 1
        and "7 measures" in found[0].message
        and "6 measure cards" in found[0].message
    )


def test_overview_title_differs_mismatch() -> None:
    """The overview says 'min. 50 domácností', the heading '50 domácností'."""
    text = "Úvod\n\n- **Specifický cíl 1.1.1** Do roku 2026 podpoříme min. 50 dětí (1 opatření)\n\n"
    text += mini_plan(card())
    result = load_text(text)
    found = [d for d in result.diagnostics if d.kind == "card-table-mismatch"]
    assert len(found) == 1
    assert "goal 1.1.1" in found[0].message and found[0].related == (3,)


def test_goal_ladder_levels_parents_and_labels(small: LoadResult) -> None:
    """'Strategický cíl 1.1: …' → area 1; 'Specifický cíl 1.1.1: …' → strategic goal 1.1."""
    goals = {g.id: g for g in small.of_type(Goal)}
    assert (goals["1.1"].level, goals["1.1"].parent, goals["1.1"].label_cs) == (
        "strategic",
        "1",
        "Strategický cíl",
    )
    assert (goals["1.1.1"].level, goals["1.1.1"].parent, goals["1.1.1"].area) == (
        "specific",
        "1.1",
        "1",
    )
    assert goals["1.1.1"].label_cs == "Specifický cíl"
    assert goals["1.1.1"].title == "Do roku 2026 nastoupí do mateřské školy 30 dětí"


def test_goal_impact_and_indicator_bullets_stripped(small: LoadResult) -> None:
    """'Očekávaný dopad: …' and '- **Počet dětí, které nastoupily do mateřské školy**'."""
    goal = next(g for g in small.of_type(Goal) if g.id == "1.1.1")
    assert goal.impact == "Děti nastoupí do základní školy lépe připravené."
    assert goal.indicators == (
        "Počet dětí, které nastoupily do mateřské školy",
        "Počet rodin zapojených do přípravy",
    )
    singular = next(g for g in small.of_type(Goal) if g.id == "2.1.1")
    assert singular.indicators == ("Počet asistentů prevence kriminality",)  # "Indikátor dopadu:"


# --- cards ---------------------------------------------------------------------------------


def test_card_fields_typed_and_kept_as_printed(small: LoadResult) -> None:
    """'Opatření 1.1.1.1<TAB>Předškolní klub …' with one 'Label<TAB>value' per line."""
    m = measures(small)["1.1.1.1"]
    assert (m.title, m.goal, m.area, m.number) == (
        "Předškolní klub v lokalitě Za Tratí",
        "1.1.1",
        "1",
        "1.1.1.1",
    )
    assert (
        m.description == "Provoz předškolního klubu pro děti, které nenavštěvují mateřskou školu."
        " - Nábor dětí. - Spolupráce s rodiči."
    )
    assert (m.schedule.start, m.schedule.end) == ("2024-01", "2026-12")
    assert m.cost.czk == Decimal(4_000_000)
    assert [f.text for f in m.funding_sources] == ["OPZ+", "rozpočet města"]
    assert dict(m.fields)["Odpovědný subjekt"] == "NNO, ve spolupráci s městem Dolní Kotlina"
    assert len(m.fields) == 8
    assert (m.source.first_line, m.source.last_line) == (79, 87)


def test_card_title_on_line_after_number(small: LoadResult) -> None:
    """'Opatření 1.1.1.2', a blank line, then 'Doprava dětí do mateřské školy'."""
    assert measures(small)["1.1.1.2"].title == "Doprava dětí do mateřské školy"


def test_card_free_text_before_fields_is_description(small: LoadResult) -> None:
    """A card without 'Popis opatření': the prose and bullets before 'Cílová skupina'."""
    m = measures(small)["1.1.1.2"]
    assert m.description == "Zajištění svozu dětí z odlehlé části obce. - Pronájem mikrobusu."
    assert not kinds(small)["unplaced"] > 1


def test_card_number_trailing_dot_numbering(small: LoadResult) -> None:
    """'Opatření 1.1.2.1.<TAB>Doučování …': read as 1.1.2.1 and reported."""
    m = measures(small)["1.1.2.1"]
    assert m.number == "1.1.2.1."
    found = [d for d in small.diagnostics if d.kind == "numbering" and d.line == 109]
    assert len(found) == 1 and "ends with a dot" in found[0].message


def test_card_three_part_number_gets_next_free_number(small: LoadResult) -> None:
    """'Opatření 1.1.2<TAB>Letní škola' inside 'Specifický cíl 1.1.2' (1.1.2.1 is taken)."""
    m = measures(small)["1.1.2.2"]
    assert (m.title, m.number, m.goal) == ("Letní škola", "1.1.2", "1.1.2")
    found = [d for d in small.diagnostics if d.kind == "numbering" and d.line == 120]
    assert len(found) == 1 and "numbered 1.1.2.2" in found[0].message


def test_card_number_prefix_disagrees_with_goal_numbering() -> None:
    """'Opatření 1.2.1.1' printed under 'Specifický cíl 1.1.1': kept where printed."""
    result = load_text(mini_plan(card("1.2.1.1")))
    m = measures(result)["1.2.1.1"]
    assert m.goal == "1.1.1"
    assert kinds(result)["numbering"] == 1
    assert "does not start with" in result.diagnostics[0].message


def test_card_duplicate_number_renumbered_duplicate() -> None:
    """Two cards printed 'Opatření 1.1.1.1': the second becomes 1.1.1.2, reported."""
    result = load_text(mini_plan(card() + "\n" + card(title="Letní klub")))
    assert [m.id for m in result.of_type(Measure)] == ["1.1.1.1", "1.1.1.2"]
    (dup,) = [d for d in result.diagnostics if d.kind == "duplicate"]
    assert dup.related == (16,)
    assert "numbered 1.1.1.2" in dup.message


def test_card_unknown_field_kept_and_reported(small: LoadResult) -> None:
    """'Poznámka<TAB>pilotně v jedné škole' is no field of the layout."""
    m = measures(small)["1.1.2.1"]
    assert ("Poznámka", "pilotně v jedné škole") in m.fields
    assert [d.line for d in small.diagnostics if d.kind == "field" and "Poznámka" in d.message] == [
        117
    ]


def test_card_text_after_last_field_unplaced(small: LoadResult) -> None:
    """'Schváleno radou města v roce 2023.' after 'Vazba na další cíle' attaches to nothing."""
    (found,) = [d for d in small.diagnostics if d.kind == "unplaced"]
    assert found.line == 129


def test_card_bullet_after_description_continues_it() -> None:
    """A bullet line after 'Popis opatření<TAB>…' belongs to the description."""
    text = card().replace("Provoz klubu.", "Provoz klubu.\n\n- Nábor dětí.")
    m = measures(load_text(mini_plan(text)))["1.1.1.1"]
    assert m.description == "Provoz klubu. - Nábor dětí."
    assert dict(m.fields)["Popis opatření"] == "Provoz klubu.\n- Nábor dětí."


def test_card_separator_row_ignored() -> None:
    """'-----------------------<TAB>---' left over from a table rule inside a card."""
    text = card().replace("Cílová skupina", "-----------------------\t---\n\nCílová skupina")
    result = load_text(mini_plan(text))
    assert not result.diagnostics
    assert measures(result)["1.1.1.1"].target_groups[0].text == "Děti"


# --- field contents -------------------------------------------------------------------------


def test_target_groups_area_reference_uses_area_mentions(small: LoadResult) -> None:
    """'Cílová skupina<TAB>Viz cílová skupina tematické oblasti'."""
    m = measures(small)["1.1.1.1"]
    area = next(a for a in small.of_type(Area) if a.id == "1")
    assert m.target_groups == area.target_groups
    assert dict(m.fields)["Cílová skupina"] == "Viz cílová skupina tematické oblasti"


def test_target_groups_area_reference_other_wording() -> None:
    """'Cílová skupina dle tematické oblasti' means the same."""
    m = measures(load_text(mini_plan(card(Cílová_skupina="Cílová skupina dle tematické oblasti"))))
    assert [g.text for g in m["1.1.1.1"].target_groups] == ["děti předškolního věku", "rodiče"]


def test_target_groups_actor_reference_gives_no_groups(small: LoadResult) -> None:
    """'Viz aktéři tematické oblasti' refers to the area's actors: no groups, no finding."""
    m = measures(small)["1.1.2.2"]
    assert m.target_groups == ()
    assert not [d for d in small.diagnostics if d.line == 123]


def test_target_groups_actor_reference_without_actor_list_field() -> None:
    """'Viz aktéři tematické oblasti' in an area that lists no actors cannot be resolved."""
    result = load_text(mini_plan(card(Cílová_skupina="Viz aktéři tematické oblasti")))
    assert [d.kind for d in result.diagnostics] == ["field"]


def test_target_groups_split_on_commas_and_run_together() -> None:
    """'Osoby závislé Osoby ohrožené závislostí' and '… apod.) Rodinní příslušníci, blízcí'."""
    assert split_groups("Senioři, osoby se zdravotním postižením") == [
        "Senioři",
        "osoby se zdravotním postižením",
    ]
    assert split_groups("Osoby závislé Osoby ohrožené závislostí") == [
        "Osoby závislé",
        "Osoby ohrožené závislostí",
    ]
    assert split_groups("Lidé v léčbě (před, po apod.) Rodinní příslušníci, blízcí") == [
        "Lidé v léčbě (před, po apod.)",
        "Rodinní příslušníci",
        "blízcí",
    ]


def test_indicators_run_together_split_before_repeated_head(small: LoadResult) -> None:
    """'Počet podpořených dětí Počet setkání s rodiči' is two indicators."""
    assert measures(small)["1.1.1.1"].indicators == (
        "Počet podpořených dětí",
        "Počet setkání s rodiči",
    )
    assert split_run_together("Počet osob, které absolvovaly kurz Počet podání") == [
        "Počet osob, které absolvovaly kurz",
        "Počet podání",
    ]


def test_guarantors_connecting_words_stripped(small: LoadResult) -> None:
    """'NNO, ve spolupráci s městem Dolní Kotlina' names two actors."""
    assert [g.text for g in measures(small)["1.1.1.1"].guarantors] == [
        "NNO",
        "městem Dolní Kotlina",
    ]
    assert split_actors("Město, spolupráce s Agenturou") == ["Město", "Agenturou"]


def test_guarantor_legal_form_after_a_comma_stays_with_the_name() -> None:
    """'Realizátor: Poradna Lipová, z. s.': one body, not 'Poradna Lipová' and 'z. s'."""
    assert split_actors("Poradna Lipová, z. s., Úřad práce") == [
        "Poradna Lipová, z. s.",
        "Úřad práce",
    ]
    assert split_actors("Kotva, o.p.s.; Stavby Lhota, spol. s r. o.") == [
        "Kotva, o.p.s.",
        "Stavby Lhota, spol. s r. o.",
    ]


def test_guarantor_partners_joined_by_a_s_and_a_relative_clause() -> None:
    """'Obec Lhota ve spolupráci s MAS a s Farní charitou Lhota, která centrum provozuje':
    three bodies; the clause says what the last one does, it names no body."""
    assert split_actors(
        "Obec Lhota ve spolupráci s místní akční skupinou a s Farní charitou Lhota, "
        "která centrum provozuje"
    ) == ["Obec Lhota", "místní akční skupinou", "Farní charitou Lhota"]
    assert split_actors("Škola a školka") == ["Škola a školka"]


def test_funding_bracketed_remark_out_of_mention_kept_in_fields(small: LoadResult) -> None:
    """'IROP (mimo výzvu), rozpočet města': the mention is 'IROP', the remark stays raw."""
    m = measures(small)["2.1.1.1"]
    assert [f.text for f in m.funding_sources] == ["IROP", "rozpočet města"]
    assert dict(m.fields)["Zdroje financování"] == "IROP (mimo výzvu), rozpočet města"
    assert m.cost.approximate and m.cost.czk == Decimal(6_000_000)


# --- links and budget lines ----------------------------------------------------------------


def test_links_goal_references_typed(small: LoadResult) -> None:
    """'Specifický cíl 2.1.1' and 'Strategický cíl 2.1' in 'Vazba na další cíle'."""
    (spec,) = measures(small)["1.1.1.1"].links
    assert (spec.kind, spec.target, spec.target_type) == ("goal", "2.1.1", "SpecificGoal")
    (strat,) = measures(small)["1.1.2.2"].links
    assert (strat.kind, strat.target, strat.target_type, strat.raw) == (
        "goal",
        "2.1",
        "StrategicGoal",
        "Strategický cíl 2.1",
    )
    assert spec.source.line == 87


def test_links_dash_or_empty_no_link(small: LoadResult) -> None:
    """'Vazba na další cíle<TAB>-' and an empty value."""
    assert measures(small)["2.1.1.2"].links == ()
    empty = load_text(mini_plan(card(Vazba_na_další_cíle="")))
    assert measures(empty)["1.1.1.1"].links == () and not empty.diagnostics


def test_links_missing_measure_dangling_link_kept(small: LoadResult) -> None:
    """'Vazba na další cíle<TAB>Opatření 2.1.1.9': no such measure; the link stays."""
    links = [lk for lk in measures(small)["1.1.2.1"].links if lk.kind == "measure"]
    assert [(lk.target, lk.target_type) for lk in links] == [("2.1.1.9", "Measure")]
    (found,) = [d for d in small.diagnostics if d.kind == "dangling-link"]
    assert found.line == 118 and "2.1.1.9" in found.message


def test_links_free_text_is_text_link_and_field(small: LoadResult) -> None:
    """'Vazba na další cíle<TAB>Oběti trestné činnosti': a target group in the wrong field."""
    (link,) = measures(small)["2.1.1.1"].links
    assert (link.kind, link.target, link.raw) == ("text", None, "Oběti trestné činnosti")
    assert [d.kind for d in small.diagnostics if d.line == 158] == ["field"]


def test_cost_reference_shared_budget_line(small: LoadResult) -> None:
    """'Předpokládané náklady<TAB>Viz opatření 1.1.1.1': one budget line for both measures."""
    ms = measures(small)
    shared = ms["1.1.1.2"]
    assert shared.cost.reference == "1.1.1.1" and shared.cost.czk is None
    assert ("cost", "1.1.1.1", "Measure") in [
        (lk.kind, lk.target, lk.target_type) for lk in shared.links
    ]
    lines = {b.id: b for b in small.of_type(BudgetLine)}
    assert lines["budget/1.1.1.1"].measures == ("1.1.1.1", "1.1.1.2")
    assert lines["budget/1.1.1.1"].amount.czk == Decimal(4_000_000)
    assert lines["budget/1.1.1.1"].source.line == 85
    assert ms["1.1.1.1"].budget_line == ms["1.1.1.2"].budget_line == "budget/1.1.1.1"


def test_cost_own_amount_own_budget_line_dash_none(small: LoadResult) -> None:
    """Every amount is one budget line; 'Předpokládané náklady<TAB>-' gives none."""
    assert sorted(b.id for b in small.of_type(BudgetLine)) == [
        "budget/1.1.1.1",
        "budget/1.1.2.1",
        "budget/1.1.2.2",
        "budget/2.1.1.1",
    ]
    assert measures(small)["2.1.1.2"].budget_line is None


def test_cost_reference_to_missing_measure_dangling() -> None:
    """'Viz opatření 9.9.9.9': kept as a cost link, reported, no budget line."""
    result = load_text(mini_plan(card(Předpokládané_náklady="Viz opatření 9.9.9.9")))
    m = measures(result)["1.1.1.1"]
    assert m.budget_line is None and m.links[0].target == "9.9.9.9"
    assert [d.kind for d in result.diagnostics] == ["dangling-link"]


def test_cost_references_in_a_circle_field() -> None:
    """'Viz opatření 1.1.1.2' on 1.1.1.1 and 'Viz opatření 1.1.1.1' on 1.1.1.2: no amount."""
    cards = card(Předpokládané_náklady="Viz opatření 1.1.1.2") + "\n"
    cards += card("1.1.1.2", Předpokládané_náklady="Viz opatření 1.1.1.1")
    result = load_text(mini_plan(cards))
    assert all(m.budget_line is None for m in result.of_type(Measure))
    assert [d.kind for d in result.diagnostics] == ["field", "field"]
    assert "circle" in result.diagnostics[0].message


# --- chapters and encodings ------------------------------------------------------------------


def test_known_chapters_skipped_silently(small: LoadResult) -> None:
    """'Úvod', 'Analýza rizik' (named in the table of contents) are narrative, not read."""
    assert not [d for d in small.diagnostics if d.kind == "unplaced" and d.line != 129]


def test_text_outside_known_chapters_one_unplaced_block() -> None:
    """Text between the table of contents ('Úvod<TAB>2') and its first chapter: one finding."""
    front = "Obsah\n\nÚvod\t2\n\nPřipravila firma X.\nVšechna práva vyhrazena.\n\nÚvod\n\nText.\n\n"
    result = load_text(front + mini_plan(card()))
    (found,) = result.diagnostics
    assert (found.kind, found.line) == ("unplaced", 5)
    assert "lines 5–6" in found.message


def test_text_after_last_card_without_chapter_heading_unplaced() -> None:
    """No heading closes the last card: each following line is reported, none dropped."""
    result = load_text(mini_plan(card()) + "\nPoděkování\n\nDěkujeme všem.\n")
    assert [(d.kind, d.line) for d in result.diagnostics] == [("unplaced", 27), ("unplaced", 29)]


def test_windows_1250_file_loads(tmp_path: Path) -> None:
    """A Czech file saved in Windows-1250 reads like its UTF-8 twin."""
    path = tmp_path / "plan.txt"
    path.write_bytes(mini_plan(card()).encode("cp1250"))
    result = action_plan.load(read_document(path))
    assert measures(result)["1.1.1.1"].title == "Předškolní klub"
    assert result.of_type(Plan)[0].slug == "horni-ves-2024-2027"


# --- the seed ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> LoadResult:
    if not SEED_001.is_file():
        pytest.skip("the seed documents (../shared/seeds) are not here")
    return action_plan.load(read_document(SEED_001))


@pytest.mark.seeds
def test_seed_counts(seed: LoadResult) -> None:
    goals = seed.of_type(Goal)
    rows = seed.of_type(TableRow)
    assert len(seed.of_type(Area)) == 6
    assert sum(g.level == "strategic" for g in goals) == 12
    assert sum(g.level == "specific" for g in goals) == 23
    assert len(seed.of_type(Measure)) == 47  # the text says "celkem 48 opatření"
    assert len(seed.of_type(Abbreviation)) == 4
    assert len(seed.of_type(BudgetLine)) == 40  # 47 − 4 costs "-" − 3 "Viz opatření 1.1.1.1"
    assert Counter(r.table for r in rows) == {"financing": 47, "allocation": 34}


@pytest.mark.seeds
def test_seed_plan_and_areas(seed: LoadResult) -> None:
    (plan,) = seed.of_type(Plan)
    assert plan.slug == "ostrava-2022-2027"
    areas = {a.id: a for a in seed.of_type(Area)}
    assert [a.title for a in areas.values()][:2] == ["Bydlení", "Prevence kriminality"]
    assert (len(areas["1"].target_groups), len(areas["1"].actors)) == (11, 0)
    assert (len(areas["3"].target_groups), len(areas["3"].actors)) == (12, 7)
    assert areas["3"].actors[-1].text == "veřejnost"


@pytest.mark.seeds
def test_seed_measure_facts(seed: LoadResult) -> None:
    ms = measures(seed)
    assert ms["3.1.1.2"].cost.czk == Decimal(6_100_000)
    assert [(lk.kind, lk.target, lk.target_type) for lk in ms["1.1.3.1"].links][0] == (
        "goal",
        "5.2",
        "StrategicGoal",
    )
    assert ms["2.1.1.2"].title == "Vznik pozic domovníků-preventistů v městském obvodu Poruba"
    assert ms["3.1.1.4"].description.startswith("Vzděláváním a poradenstvím podpořit")
    assert [g.text for g in ms["6.1.1.2"].guarantors] == ["Agentura", "statutárním městem Ostrava"]
    assert [g.text for g in ms["1.1.1.1"].guarantors] == [
        "Statutární město Ostrava",
        "nestátní neziskové organizace",
    ]
    assert ms["1.1.3.1"].indicators == (
        "Koncepce sociálního bydlení SMO",
        "Jednání PS (min. 2x ročně)",
        "Jednání KS (min. 2x ročně)",
    )
    assert ms["6.1.1.1"].title == "Odborná konference o dostupnosti zdravotní péče"
    budget = next(b for b in seed.of_type(BudgetLine) if b.id == "budget/1.1.1.1")
    assert budget.measures == ("1.1.1.1", "1.1.2.1", "1.1.3.1", "1.2.1.1")
    assert budget.amount.czk == Decimal(25_000_000)


@pytest.mark.seeds
def test_seed_diagnostics(seed: LoadResult) -> None:
    # the loader compares the overview with the goals; the cards with the tables are
    # compared on the graph when the document is built (vazby.query.cardtable)
    assert kinds(seed) == {"card-table-mismatch": 2, "total": 2, "numbering": 2, "field": 1}
    built = add_one(GraphBuilder(new_graph()), seed)
    assert isinstance(built, LoadResult)
    assert kinds(built) == {
        "card-table-mismatch": 6,
        "total": 2,
        "numbering": 2,
        "missing-row": 1,
        "field": 1,
    }
    by_line = {(d.line, d.kind): d for d in built.diagnostics}
    assert "48 measures" in by_line[(82, "total")].message
    assert "2 measures under goal 1.1.1" in by_line[(87, "total")].message
    assert "numbered 6.1.1.1" in by_line[(922, "numbering")].message
    assert "'3.2.1.1.'" in by_line[(611, "numbering")].message
    cost = by_line[(1058, "card-table-mismatch")]
    assert (
        "'25 mil. Kč'" in cost.message
        and "'15 mil. Kč (3 roky)'" in cost.message
        and cost.related == (192,)
    )
    # 3.1.1.4 is co-funded ("OPZ+, rozpočet organizace"); the allocation table names only
    # its programme (OPZ+), which is one of the card's sources: no disagreement.
    assert (1143, "card-table-mismatch") not in by_line
    funding = by_line[(1110, "card-table-mismatch")]
    assert (
        "card funding 'Rozpočet města'" in funding.message
        and "financing table '-'" in funding.message
    )
    assert funding.related == (885,)
    allocation = by_line[(1133, "card-table-mismatch")]
    assert (
        "'15 mil. Kč'" in allocation.message and "allocation table '10 mil.'" in allocation.message
    )
    assert "1.1.1.1 has no row in the allocation table" in by_line[(186, "missing-row")].message
    assert "Osoby bez přístřeší" in by_line[(1026, "field")].message


@pytest.mark.seeds
def test_seed_nothing_unplaced_nothing_dangling(seed: LoadResult) -> None:
    assert not [d for d in seed.diagnostics if d.kind in ("unplaced", "dangling-link", "duplicate")]


def test_area_groups_take_the_head_noun_of_their_lead_in(tmp_path) -> None:
    """ "Oblast … se soustředí na osoby:" then "- se zdravotním postižením" lists persons."""
    from vazby.loaders.plan_structure import with_head_noun

    intro = "Oblast bydlení se soustředí na osoby:"
    assert with_head_noun(intro, "s nízkými příjmy") == "osoby s nízkými příjmy"
    assert with_head_noun(intro, "ohrožené ztrátou bydlení") == "osoby ohrožené ztrátou bydlení"
    assert with_head_noun(intro, "rodiny s dětmi") == "rodiny s dětmi"
    assert with_head_noun("Oblast bydlení cílí na:", "seniory") == "seniory"
    assert with_head_noun("Za prioritní považuje tyto skupiny", "senioři") == "senioři"


def test_target_groups_organisations_after_a_comma_continue_whose_people_they_are() -> None:
    """'Cílová skupina  Pracovníci MěÚ, NNO a Úřadu práce': the workers of three bodies."""
    assert split_groups("Pracovníci MěÚ, NNO a Úřadu práce") == [
        "Pracovníci MěÚ, NNO a Úřadu práce"
    ]
    assert split_groups("Senioři, NNO") == ["Senioři", "NNO"]
