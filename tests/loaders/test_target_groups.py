"""Splitting run-together target groups, guarantors and indicators (made-up examples)."""

from __future__ import annotations

import pytest

from vazby.loaders.target_groups import (
    is_abbreviation,
    is_proper_name,
    split_groups,
    split_guarantors,
    split_run_together,
)


def test_split_groups_capitalised_words_run_together_split_at_each_group() -> None:
    # The kind of cell that motivated the rule, after conversion from a table with one
    # group per line: "Rodiny s dětmi Těhotné ženy a dospívající dívky 13+ Osoby …".
    cell = "Rodiny s dětmi Matky samoživitelky a nezletilé matky Osoby v bytové nouzi"
    assert split_groups(cell) == (
        "Rodiny s dětmi",
        "Matky samoživitelky a nezletilé matky",
        "Osoby v bytové nouzi",
    )


def test_split_groups_lowercase_conjunction_keeps_one_group() -> None:
    # "Těhotné ženy a dospívající dívky 13+" is one group: nothing after "a" is capitalised.
    assert split_groups("Nezletilé matky a těhotné dívky 15+") == (
        "Nezletilé matky a těhotné dívky 15+",
    )


def test_split_groups_repeated_word_splits_into_two_groups() -> None:
    # "Oběti Oběti trestných činů": the first "Oběti" is a group of its own.
    assert split_groups("Oběti Oběti šikany") == ("Oběti", "Oběti šikany")


def test_split_groups_proper_name_after_abbreviation_stays_in_group() -> None:
    # "Pracovníci MěÚ Žatec" is one group: a town's name continues "MěÚ".
    assert split_groups("Pracovníci MěÚ Kadaň Odborná veřejnost") == (
        "Pracovníci MěÚ Kadaň",
        "Odborná veřejnost",
    )


def test_split_groups_unknown_name_after_abbreviation_stays_in_group() -> None:
    # A small town the lemmatiser does not know ("Jablunec") still belongs to "MěÚ".
    assert split_groups("Úředníci MěÚ Jablunec Senioři") == ("Úředníci MěÚ Jablunec", "Senioři")


def test_split_groups_common_noun_after_abbreviation_starts_new_group() -> None:
    # "Spolupracující NNO Pracovníci MěÚ Žatec": "Pracovníci" starts the second group.
    assert split_groups("Partnerské NNO Pracovníci úřadu práce") == (
        "Partnerské NNO",
        "Pracovníci úřadu práce",
    )


def test_split_groups_capital_inside_parentheses_does_not_split() -> None:
    # "Odborní pracovníci města (včetně MP) a sociálních služeb", "Zaměstnavatelé (Mzdové…)".
    assert split_groups("Zaměstnanci úřadu (Odbor sociální) Dlužníci") == (
        "Zaměstnanci úřadu (Odbor sociální)",
        "Dlužníci",
    )


def test_split_groups_capital_after_preposition_stays_in_group() -> None:
    # "Osoby se ztíženým přístupem …": a capital after a preposition is not a new group.
    assert split_groups("Klienti v Azylovém domě") == ("Klienti v Azylovém domě",)


def test_split_groups_comma_separates_groups() -> None:
    # "Zadlužené osoby, osoby ohrožené sociálním vyloučením" → two groups.
    assert split_groups("Dlužníci, osoby v exekuci, senioři") == (
        "Dlužníci",
        "osoby v exekuci",
        "senioři",
    )


def test_split_groups_comma_before_adjective_supplies_head_noun() -> None:
    # "Osoby sociálně vyloučené, ohrožené sociálním vyloučením": the part after the comma
    # shares the head noun "osoby" of the group before it.
    assert split_groups("Rodiny v nouzi, ohrožené ztrátou bydlení") == (
        "Rodiny v nouzi",
        "rodiny ohrožené ztrátou bydlení",
    )


def test_split_groups_comma_before_adjective_with_own_noun_keeps_text() -> None:
    # "Osoby v exekuci, zadlužené osoby": the part names its noun, nothing is supplied.
    assert split_groups("Osoby bez domova, zadlužené osoby") == (
        "Osoby bez domova",
        "zadlužené osoby",
    )


def test_split_guarantors_commas_split_each_body() -> None:
    # "NNO, Město, ASZ" → three guarantors.
    assert split_guarantors("NNO, Město, OSPOD") == ("NNO", "Město", "OSPOD")


def test_split_guarantors_two_abbreviations_joined_by_a_split() -> None:
    # "Město, KP a LP, Rada města": KP and LP are two bodies.
    assert split_guarantors("Město, KP a LP, Rada města") == ("Město", "KP", "LP", "Rada města")


def test_split_guarantors_words_joined_by_a_stay_one_body() -> None:
    # "X a Y" with ordinary words is one body's name.
    assert split_guarantors("Odbor školství a kultury, MAS") == ("Odbor školství a kultury", "MAS")


def test_split_run_together_indicators_split_at_capitalised_phrases() -> None:
    # "Počet vhodných míst Počet podpořených osob" → two indicators; commas stay.
    assert split_run_together("Počet kurzů Počet absolventů, kteří našli práci") == (
        "Počet kurzů",
        "Počet absolventů, kteří našli práci",
    )


def test_is_abbreviation_mixed_case_counts() -> None:
    # "MěÚ" and "ÚP" are abbreviations; "Osoby" is not.
    assert is_abbreviation("MěÚ") and is_abbreviation("ÚP") and not is_abbreviation("Osoby")


def test_is_proper_name_town_and_common_noun_differ() -> None:
    # simplemma keeps the capital on "Kadaň" and drops it on "Pracovníci".
    assert is_proper_name("Kadaň") and not is_proper_name("Pracovníci")


def test_split_groups_town_of_two_words_after_office_stays():
    """'Pracovníci MěÚ Horní Lhota' is one group: a proper noun follows the known 'Horní'."""
    from vazby.loaders.target_groups import split_groups

    assert split_groups("Občané města Pracovníci MěÚ Horní Lhota Senioři") == (
        "Občané města",
        "Pracovníci MěÚ Horní Lhota",
        "Senioři",
    )


def test_split_groups_organisations_after_a_comma_continue_whose_people_they_are() -> None:
    # "Cílová skupina  Pracovníci MěÚ, NNO a Úřadu práce": the workers of three bodies (the
    # genitive "Úřadu" says so), not the workers of MěÚ and a group "NNO a Úřadu práce"
    assert split_groups("Pracovníci MěÚ, NNO a Úřadu práce") == (
        "Pracovníci MěÚ, NNO a Úřadu práce",
    )
    assert split_groups("Klienti OSPOD Žatec, ÚP a NNO") == ("Klienti OSPOD Žatec, ÚP a NNO",)
    # an organisation after a group that names none stays a group of its own
    assert split_groups("Senioři, NNO") == ("Senioři", "NNO")
    # in capitals every word looks like an abbreviation: the commas split
    assert split_groups("OSOBY BEZ DOMOVA, SENIOŘI") == ("OSOBY BEZ DOMOVA", "SENIOŘI")


# --- the document's own town ----------------------------------------------------------------
# A town named with common words ("Staré", "Údolí", "Dolní", "Dvůr", "Nové", "Město") is not
# a proper name to the lemmatiser; the loader knows the town and passes it as ``names``.


@pytest.mark.parametrize(
    ("cell", "town", "groups"),
    [
        # "Cílová skupina:<TAB>Rodiny s dětmi Pracovníci MěÚ Staré Údolí pod Horou" gave
        # 'Staré' and 'Údolí pod Horou' as two groups
        (
            "Rodiny s dětmi Pracovníci MěÚ Staré Údolí pod Horou",
            "Staré Údolí pod Horou",
            ("Rodiny s dětmi", "Pracovníci MěÚ Staré Údolí pod Horou"),
        ),
        # "Pracovníci MěÚ Dolní Dvůr Senioři" gave 'Dolní' and 'Dvůr' as two groups
        (
            "Pracovníci MěÚ Dolní Dvůr Senioři",
            "Dolní Dvůr",
            ("Pracovníci MěÚ Dolní Dvůr", "Senioři"),
        ),
        # the groups on both sides of the town still split
        (
            "Senioři Pracovníci MěÚ Nové Město nad Lesem Rodiny s dětmi",
            "Nové Město nad Lesem",
            ("Senioři", "Pracovníci MěÚ Nové Město nad Lesem", "Rodiny s dětmi"),
        ),
        # a known name starts no group (as "Žatec"), even when its first word repeats the
        # word before it
        (
            "Město Nové Město nad Lesem Senioři",
            "Nové Město nad Lesem",
            ("Město Nové Město nad Lesem", "Senioři"),
        ),
        # the genitive of the town's name; compared by lemma, case-insensitively, with its
        # white space normalised
        (
            "Obyvatelé Starého Údolí pod Horou Senioři",
            "  STARÉ ÚDOLÍ   pod Horou",
            ("Obyvatelé Starého Údolí pod Horou", "Senioři"),
        ),
        # the town counts as a name, like "Klienti OSPOD Žatec, ÚP a NNO", so the part after
        # the comma names more bodies of the group
        (
            "Pracovníci MěÚ Dolní Dvůr, NNO a ÚP",
            "Dolní Dvůr",
            ("Pracovníci MěÚ Dolní Dvůr, NNO a ÚP",),
        ),
    ],
)
def test_split_groups_keeps_the_documents_town_whole(cell, town, groups) -> None:
    assert split_groups(cell, names=(town,)) == groups


def test_split_groups_no_town_known_keeps_the_old_reading() -> None:
    # "Rodiny s dětmi Pracovníci MěÚ Staré Údolí pod Horou" without a known town: the
    # capitalised common words split as before.
    cell = "Rodiny s dětmi Pracovníci MěÚ Staré Údolí pod Horou"
    expected = ("Rodiny s dětmi", "Pracovníci MěÚ", "Staré", "Údolí pod Horou")
    assert split_groups(cell) == expected
    assert split_groups(cell, names=()) == expected


def test_split_groups_cell_without_the_town_is_read_as_before() -> None:
    # "Rodiny s dětmi Senioři Osoby bez přístřeší" in the plan of "Dolní Dvůr": nothing to
    # keep together; a cell with only part of the name ("Dolní Dvůr" in the plan of
    # "Dolní Dvůr nad Lesem") is no match either.
    for cell in ("Rodiny s dětmi Senioři Osoby bez přístřeší", "Pracovníci MěÚ Dolní Dvůr Senioři"):
        assert split_groups(cell, names=("Dolní Dvůr nad Lesem",)) == split_groups(cell)


def test_split_groups_with_names_is_cached() -> None:
    # The loader splits "Pracovníci MěÚ Dolní Dvůr Senioři" on many measures: the names are
    # a tuple, so a repeated call is answered from the cache.
    split_groups("Pracovníci MěÚ Dolní Dvůr Senioři Rodiny", names=("Dolní Dvůr",))
    hits = split_groups.cache_info().hits
    split_groups("Pracovníci MěÚ Dolní Dvůr Senioři Rodiny", names=("Dolní Dvůr",))
    assert split_groups.cache_info().hits == hits + 1
