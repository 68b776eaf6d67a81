"""Reading "Vazba na analýzu, další opatření a cíle" free text into links (made-up text)."""

from __future__ import annotations

from vazby.loaders.needs import match_areas, parse_links, split_phrases, strip_lead_in
from vazby.loaders.records import SourceSpan

SPAN = SourceSpan("plan.txt", "0", 7, 7)
AREAS = {"C.1": "RODINA a ŠKOLA", "C.2": "ZAMĚSTNANOST", "C.3": "BYDLENÍ"}


def _links(text: str, section: str = "C.1") -> list[tuple[str, str | None, str]]:
    found = parse_links(text, source=SPAN, areas=AREAS, section=section)
    return [(link.kind, link.target, link.raw) for link in found]


def test_parse_links_reaguje_na_problem_gives_one_need_per_phrase() -> None:
    # "Reaguje na definovaný problém nedostatečná výživa, nevhodné stravovací návyky …"
    assert _links("Reaguje na definovaný problém nízká docházka, špatné známky") == [
        ("need", None, "nízká docházka"),
        ("need", None, "špatné známky"),
    ]


def test_parse_links_need_has_type_need_and_source() -> None:
    # Every need is a Link with target None, target_type "Need" and the field's lines.
    (link,) = parse_links("Nízká informovanost", source=SPAN, areas=AREAS, section="C.1")
    assert (link.target, link.target_type, link.source) == (None, "Need", SPAN)


def test_parse_links_definer_kept_in_raw_of_each_need() -> None:
    # "Potřeba definovaná skupinou prevence kriminality: nízká schopnost …, neochota …"
    assert _links("Potřeba definovaná pracovní skupinou: nuda, vandalismus") == [
        ("need", None, "nuda (Potřeba definovaná pracovní skupinou)"),
        ("need", None, "vandalismus (Potřeba definovaná pracovní skupinou)"),
    ]


def test_parse_links_definer_after_dash_kept_in_raw() -> None:
    # "Potřeba definovaná v rámci jednání skupiny … – nízká informovanost o novinkách"
    assert _links("Potřeba definovaná na poradě – málo informací") == [
        ("need", None, "málo informací (Potřeba definovaná na poradě)"),
    ]


def test_parse_links_definer_alone_is_a_need_as_printed() -> None:
    # "Potřeba definovaná v rámci analýzy prevence kriminality" names no need: kept whole.
    assert _links("Potřeba definovaná v rámci místní analýzy") == [
        ("need", None, "Potřeba definovaná v rámci místní analýzy"),
    ]


def test_parse_links_area_reference_by_inflected_title_word_links_area() -> None:
    # "Posiluje opatření v oblasti zaměstnanosti" → the area titled "ZAMĚSTNANOST".
    assert _links("Posiluje opatření v oblasti zaměstnanosti") == [
        ("area", "C.2", "Posiluje opatření v oblasti zaměstnanosti"),
    ]


def test_parse_links_area_reference_accusative_links_area() -> None:
    # "Posiluje opatření zaměřená na zadluženost" → the area of that title.
    assert _links("Posiluje opatření zaměřená na bydlení, snižuje nudu") == [
        ("area", "C.3", "Posiluje opatření zaměřená na bydlení"),
        ("need", None, "snižuje nudu"),
    ]


def test_parse_links_area_reference_type_is_thematic_area() -> None:
    # Area links point at a vz:ThematicArea.
    (link,) = parse_links("Posiluje opatření v oblasti bydlení", source=SPAN, areas=AREAS)
    assert link.target_type == "ThematicArea"


def test_parse_links_own_area_word_is_not_an_area_link() -> None:
    # "Opatření posiluje … snižování zadluženosti" inside the debt section is a need.
    assert _links("Opatření posiluje rodinu", section="C.1") == [
        ("need", None, "rodinu"),
    ]


def test_parse_links_area_word_without_measure_cue_is_a_need() -> None:
    # "Nízká dostupnost bydlení pro různé cílové skupiny" is a problem, not an area link.
    assert _links("Nízká dostupnost bydlení") == [("need", None, "Nízká dostupnost bydlení")]


def test_parse_links_measure_number_links_measure_in_same_section() -> None:
    # An explicit number in the text: "Navazuje na opatření 1.1.2".
    assert _links("Navazuje na opatření 1.1.2", section="C.3") == [
        ("measure", "C.3/1.1.2", "Navazuje na opatření 1.1.2"),
    ]


def test_parse_links_goal_number_links_goal() -> None:
    # A two-part number is a general goal in this layout: "Naplňuje cíl 1.2".
    links = parse_links("Naplňuje cíl 1.2", source=SPAN, areas=AREAS, section="C.1")
    assert [(x.kind, x.target, x.target_type) for x in links] == [("goal", "C.1/1.2", "Goal")]


def test_split_phrases_abbreviation_with_full_stop_does_not_end_sentence() -> None:
    # "soc. izolace i geografická" stays one phrase.
    assert split_phrases("Chudoba, soc. izolace. Posiluje opatření") == [
        ["Chudoba", "soc. izolace"],
        ["Posiluje opatření"],
    ]


def test_split_phrases_comma_inside_parentheses_does_not_split() -> None:
    # "potřebu realizovat terénní práci při NZDM (zajištění vhodných míst, …)"
    assert split_phrases("Nuda (večery, víkendy), hluk") == [["Nuda (večery, víkendy)", "hluk"]]


def test_split_phrases_relative_clause_stays_with_its_noun() -> None:
    # "Vychází z analýzy, která popsala nízkou docházku": ", která …" describes the
    # analysis; it is not a second item of a list.
    assert split_phrases("Vychází z analýzy, která popsala nízkou docházku, hluk") == [
        ["Vychází z analýzy, která popsala nízkou docházku", "hluk"]
    ]
    assert split_phrases("Problémy, jež zjistil terén; dluhy, což trvá") == [
        ["Problémy, jež zjistil terén", "dluhy, což trvá"]
    ]


def test_strip_lead_in_source_of_the_need_removed() -> None:
    # "Vychází z analýzy, která popsala X" names the need X.
    assert strip_lead_in("Vychází z analýzy, která popsala nízkou docházku") == ("nízkou docházku")
    assert strip_lead_in("vychází z potřeb, které definovala komunita") == (
        "vychází z potřeb, které definovala komunita"
    )


def test_strip_lead_in_unbalanced_parenthesis_removed() -> None:
    # "…, strach, styl života)": the converter lost the opening bracket.
    assert strip_lead_in("styl života)") == "styl života"


def test_strip_lead_in_problem_word_kept_before_preposition() -> None:
    # "reaguje na definované problémy napříč analýzami" keeps "problémy".
    assert strip_lead_in("reaguje na definované problémy napříč analýzami") == (
        "definované problémy napříč analýzami"
    )


def test_match_areas_no_cue_word_matches_nothing() -> None:
    # A need that happens to name an area's word ("zaměstnanost") is not an area link.
    assert match_areas("Nízká zaměstnanost", AREAS, own="C.1") == []
