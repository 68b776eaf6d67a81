"""Czech normalisation: lemma keys that survive inflection, negation and compounds."""

from __future__ import annotations

import pytest

from vazby.lang import bag_key, lemma, lemma_key, light_stem, slugify, stem_key, tokens


def test_lemma_key_negated_adjective_keeps_negation():
    # Guarantor cells read "Nestátní nezisková organizace"; simplemma alone gives
    # "státní ziskový organizace", the opposite meaning.
    assert lemma_key("Nestátní nezisková organizace") == lemma_key("nestátní neziskové organizace")
    assert lemma_key("nestátní nezisková organizace") != lemma_key("státní zisková organizace")
    assert lemma_key("Nestátní nezisková organizace").startswith("nestatni nezisk")


def test_lemma_superlative_nej_is_not_negation():
    # "nejvyšší" is the superlative of "vysoký", not a negated word.
    assert lemma("nejvyšší") == "vysoký"


def test_lemma_key_hyphenated_compound_splits_and_lemmatises_parts():
    # Titles print "Vznik pozic domovníků-preventistů" and "program domovník-preventista".
    assert lemma_key("domovníků-preventistů") == lemma_key("domovník-preventista")
    assert lemma_key("domovníky-preventisty") == lemma_key("domovník-preventista")


def test_lemma_key_inflected_town_actor_matches_nominative():
    # "ve spolupráci se statutárním městem Zelenov" against "Statutární město Zelenov".
    assert lemma_key("statutárním městem Zelenov") == lemma_key("Statutární město Zelenov")
    assert lemma_key("Agenturou") == lemma_key("Agentura")


def test_lemma_key_unknown_words_fall_back_to_stemmer():
    # "prostupného bydlení" / "prostupné bydlení": the lemmatiser does not know "prostupný".
    assert lemma_key("prostupného bydlení") == lemma_key("prostupné bydlení")
    assert lemma_key("osoby v exekuci") == lemma_key("osoba v exekuce")


def test_lemma_key_diacritics_folded_at_the_end():
    # Windows-1250 exports and hand-typed text may lose diacritics: "Urad prace".
    assert lemma_key("Úřad práce") == "urad prace"


def test_light_stem_short_words_unchanged():
    assert light_stem("dům") == "dům"
    assert light_stem("13") == "13"


def test_stem_key_coarser_than_lemma_key():
    assert stem_key("zadlužené osoby") == stem_key("zadlužených osob")


def test_bag_key_word_order_free_but_counts_words():
    # "Osoby sociálně vyloučené a sociálním vyloučením ohrožené" vs "… a ohrožené sociálním
    # vyloučením": same words, other order; the at-risk group alone has fewer words.
    a = bag_key("osoby sociálně vyloučené a sociálním vyloučením ohrožené")
    b = bag_key("osoby sociálně vyloučené a ohrožené sociálním vyloučením")
    c = bag_key("osoby ohrožené sociálním vyloučením")
    assert a == b
    assert a != c


def test_tokens_keep_plus_sign():
    # "OPZ" and "OPZ+" are different programmes.
    assert tokens("OPZ+") == ["opz", "+"]
    assert lemma_key("OPZ+") != lemma_key("OPZ")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Oblastní charita Zelenov", "oblastni-charita-zelenov"),
        ("OPZ+", "opz-plus"),
        ("Sedmikvítek, z. s.", "sedmikvitek-z-s"),
        ("–", ""),
    ],
)
def test_slugify_ascii_hyphens(text, slug):
    assert slugify(text) == slug


# --- fold: one function, two callers' cases ----------------------------------------------


def test_fold_plain_keeps_spacing_and_dashes_for_token_keys():
    # the matching keys split tokens afterwards: "Úřad  práce – ČR" keeps its dash and spaces
    from vazby.lang import fold

    assert fold("Úřad  práce – ČR ") == "urad  prace – cr "
    assert fold("Oﬁcina\u2011Žatec") == "oficina\u2010zatec"  # decomposed: ligature, hyphen


def test_fold_tidy_for_cell_labels_one_dash_one_space():
    # a card's label cell as a converter writes it: "Garant\u00a0opatření\u2013 MěÚ  "
    from vazby.lang import fold

    assert fold("Garant\u00a0opatření\u2013 MěÚ  ", tidy=True) == "garant opatreni- meu"
    assert fold("Žatec \u2212  Oﬁce", tidy=True) == "zatec - ofice"


def test_fold_is_lower_case_in_both_modes_on_czech_letters():
    from vazby.lang import fold

    upper = "ÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ"
    assert fold(upper) == fold(upper, tidy=True) == "acdeeinorstuuyz"


def test_fold_tidy_loaders_card_label_matches():
    """The card loader's labels (fold(..., tidy=True)): "ODPOVĚDNÝ\u00a0 SUBJEKT :" with a hard
    space and capitals is the guarantor field, as "Odpovědný subjekt" is."""
    from vazby.loaders.cards import match_field

    assert match_field("", ("ODPOVĚDNÝ\u00a0 SUBJEKT :", "MěÚ")).key == "guarantors"
    assert match_field("", ("Odpovědný subjekt", "MěÚ")).key == "guarantors"
    assert match_field("", ("Zdroj\u2013financování", "OPZ+")).key is None  # a dash is no space


def test_fold_plain_actor_rows_sort_without_diacritics():
    """vazby.query.actors sorts actors by fold(label): "Úřad" between "Ubytovna" and "Ústí"."""
    from vazby.lang import fold

    labels = ["Ústí", "Úřad práce", "Ubytovna", "úřad Práce"]
    assert sorted(labels, key=fold) == ["Ubytovna", "Úřad práce", "úřad Práce", "Ústí"]
