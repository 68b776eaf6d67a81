"""Resolving mentions to canonical actors and concepts, on made-up mentions of Zelenov."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, SKOS

from vazby.loaders.records import Abbreviation, SourceSpan
from vazby.ontology.namespace import DEFAULT_BASE, VZ
from vazby.rdf.resolve import Resolver

BASE = DEFAULT_BASE
SPAN = SourceSpan("zelenov.txt", "0" * 64, 40, 40)
SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver()


@pytest.fixture
def zelenov(resolver) -> Resolver:
    abbreviations = [
        Abbreviation("zelenov.txt", "NNO", "Nestátní nezisková organizace", SPAN),
        Abbreviation("zelenov.txt", "KC", "Komunitní centrum Zelenov", SPAN),
        Abbreviation(
            "zelenov.txt",
            "ASZ/ OSZ/ AGENTURA",
            "Agentura pro sociální začleňování/ Odbor pro sociální začleňování MMR",
            SPAN,
        ),
        Abbreviation("zelenov.txt", "RP", "rodinná poradna", SPAN),
    ]
    return resolver.for_document(abbreviations, plan="zelenov-2024", town="Zelenov")


def test_actor_inflected_mentions_one_iri(zelenov):
    # "Odpovědný subjekt: Agentura" on one card, "spolupráce s Agenturou" on another.
    a = zelenov.actor("Agentura")
    b = zelenov.actor("spolupráce s Agenturou")
    c = zelenov.actor("Agentury")
    assert a.iri == b.iri == c.iri == URIRef(BASE + "actor/asz")
    assert b.raw == "spolupráce s Agenturou"
    assert a.label == "Agentura pro sociální začleňování"


def test_actor_negated_generic_not_confused_with_state_body(zelenov):
    # "Nestátní nezisková organizace" must not become a "state" anything.
    ngo = zelenov.actor("Nestátní neziskové organizace")
    assert ngo.generic
    assert ngo.iri == URIRef(BASE + "plan/zelenov-2024/actor/ngo")
    assert ngo.actor_type == URIRef("https://w3id.org/vazby/vocab/actor-type/ngo")
    assert zelenov.actor("státní zisková organizace").iri != ngo.iri


def test_actor_generic_is_one_node_per_plan(resolver):
    # "NNO" in two towns' plans is two generic actors, never one organisation.
    first = resolver.for_document(plan="zelenov-2024").actor("NNO")
    second = resolver.for_document(plan="lipnice-2023").actor("NNO")
    assert first.generic and second.generic
    assert first.iri != second.iri
    assert first.iri.endswith("plan/zelenov-2024/actor/ngo")


def test_actor_document_abbreviation_list_resolves_expansion(zelenov):
    # A list "OSZ/ AGENTURA – Odbor …/ …" in the document: each abbreviation resolves.
    assert zelenov.actor("OSZ").iri == URIRef(BASE + "actor/asz")
    # An abbreviation the vocabulary does not know resolves to its expansion, minted.
    kc = zelenov.actor("KC")
    assert kc.matched_by == "abbreviation"
    assert kc.iri == zelenov.actor("Komunitní centrum Zelenov").iri
    assert not kc.known


def test_actor_abbreviation_only_in_its_document(resolver, zelenov):
    # "RP" means "rodinná poradna" only where the document says so.
    assert zelenov.actor("RP").matched_by == "abbreviation"
    assert resolver.for_document().actor("RP").matched_by == "minted"


def test_actor_contextual_municipality_of_document_town(zelenov):
    # "Garant: Město" in a plan of Zelenov is the municipality of Zelenov; so are its town
    # hall ("MěÚ Zelenov"), an inflected form ("Městem Zelenov") and its council.
    town = URIRef(BASE + "municipality/zelenov")
    for mention in ("Město", "MěÚ", "MěÚ Zelenov", "Městem Zelenov", "Rada města", "obec"):
        found = zelenov.actor(mention)
        assert found.iri == town, mention
        assert found.label == "Město Zelenov"
        assert found.matched_by == "context"
        assert not found.generic


def test_actor_department_of_a_named_town_hall_is_that_town(resolver, zelenov):
    # "Garant: Odbor sociálních věcí MěÚ Zelenov": a department of the town hall, whose town
    # follows the hall's abbreviation, not "MěÚ Zelenov" as a town's name
    for r in (zelenov, resolver.for_document()):
        found = r.actor("Odbor sociálních věcí MěÚ Zelenov")
        assert found.iri == URIRef(BASE + "municipality/zelenov")
        assert found.label == "Město Zelenov"


def test_actor_statutory_city_label_and_abbreviations(resolver):
    # "SMO" and "MMO" abbreviate Statutární město Ostrava / Magistrát města Ostravy; the same
    # rule gives "SMP"/"MMP" for Pardubice.
    pardubice = resolver.for_document(plan="pardubice-2025", town="Pardubice")
    for mention in ("SMP", "MMP", "Statutární město Pardubice", "statutárním městem Pardubice"):
        found = pardubice.actor(mention)
        assert found.iri == URIRef(BASE + "municipality/pardubice"), mention
        assert found.label == "Statutární město Pardubice"


def test_actor_town_named_in_mention_without_document_town(resolver):
    # "ve spolupráci se statutárním městem Ostrava" in a document that names no town.
    found = resolver.for_document().actor("ve spolupráci se statutárním městem Ostrava")
    assert found.iri == URIRef(BASE + "municipality/ostrava")
    assert found.label == "Statutární město Ostrava"


def test_actor_town_scoped_kind_without_town_is_generic(resolver):
    found = resolver.for_document(plan="bez-mesta").actor("Městská policie")
    assert found.generic
    assert found.iri == URIRef(BASE + "plan/bez-mesta/actor/municipal-police")


def test_actor_municipal_police_of_town(zelenov):
    # "Garant: MP" and "Městská policie Zelenov" are one police force.
    assert zelenov.actor("MP").iri == zelenov.actor("Městská policie Zelenov").iri
    assert zelenov.actor("MP").label == "Městská policie Zelenov"


def test_actor_minted_proper_name_stable_across_documents(resolver):
    # "Oblastní charita Lipnice" in a plan and in minutes: one node.
    a = resolver.for_document(plan="zelenov-2024", town="Zelenov").actor("Oblastní charita Lipnice")
    b = resolver.for_document().actor("Oblastní charita Lipnice")
    c = resolver.for_document().actor("Oblastní charity Lipnice")
    assert a.iri == b.iri == c.iri == URIRef(BASE + "actor/oblastni-charita-lipnice")
    assert not a.known and a.matched_by == "minted"


def test_actor_minted_common_noun_local_to_plan(zelenov):
    # "Garant: Město, bytová komise": a commission of this town, not of every town.
    found = zelenov.actor("bytová komise")
    assert found.iri == URIRef(BASE + "plan/zelenov-2024/actor/bytovy-komise")


def test_actor_curated_national_body_by_abbreviation_and_inflection(zelenov):
    assert zelenov.actor("ÚP").iri == zelenov.actor("Úřadem práce").iri
    assert zelenov.actor("Státního zdravotního ústavu").iri == URIRef(BASE + "actor/szu")


def test_actor_resolution_deterministic(resolver):
    one = resolver.for_document(plan="p", town="Zelenov").actor("Spolek Kvítek, z.s.")
    two = Resolver().for_document(plan="p", town="Zelenov").actor("Spolek Kvítek, z.s.")
    assert one == two


def test_target_group_word_order_and_inflection(zelenov):
    # "Osoby sociálně vyloučené a sociálním vyloučením ohrožené" is the combined group.
    a = zelenov.target_group("Osoby sociálně vyloučené a sociálním vyloučením ohrožené")
    b = zelenov.target_group("osoby sociálně vyloučené a ohrožené sociálním vyloučením")
    assert a.iri == b.iri
    assert a.iri.endswith("target-group/socially-excluded-or-at-risk")
    assert zelenov.target_group("Osob v exekuci").iri.endswith("target-group/in-distraint")


def test_target_group_contained_phrase(zelenov):
    # "Odborní pracovníci města (včetně MP) a sociálních služeb".
    found = zelenov.target_group("Odborní pracovníci obce (včetně MP) a škol")
    assert found.iri.endswith("target-group/professionals")


def test_target_group_unknown_minted_stably(zelenov, resolver):
    a = zelenov.target_group("Chovatelé včel")
    b = resolver.for_document().target_group("chovatelé včel")
    assert a.iri == b.iri == URIRef(BASE + "target-group/chovatel-vcela")
    assert a.scheme == "target-group" and not a.known


def test_funding_source_plus_and_bracket_and_hedge(zelenov):
    # "IROP (pravděpodobně mimo KPSV+), případně jiný vhodný operační program".
    assert zelenov.funding_source("OPZ+").iri.endswith("funding-source/opz-plus")
    assert zelenov.funding_source("OPZ").iri.endswith("funding-source/opz")
    assert zelenov.funding_source("IROP (asi mimo KPSV+)").iri.endswith("funding-source/irop")
    found = zelenov.funding_source("případně jiný vhodný operační program")
    assert found.iri.endswith("funding-source/other-operational-programme")


def test_funding_source_longer_mention_contains_label(zelenov):
    # "Rozpočet města Ostravy", "rozpočty městských obvodů".
    assert zelenov.funding_source("Rozpočet města Zelenova").iri.endswith(
        "funding-source/city-budget"
    )
    found = zelenov.funding_source("rozpočty městských obvodů")
    assert found.iri.endswith("funding-source/district-budget")


def test_statuses_two_in_one_cell(zelenov):
    # "NEPLNĚNO – CÍL POSUNUT DO KONCE ROKU 2023".
    found = zelenov.statuses("NEPLNĚNO – CÍL POSUNUT DO KONCE ROKU 2026")
    assert [s.iri.rsplit("/", 1)[-1] for s in found] == ["not-met", "postponed"]
    assert all(s.raw == "NEPLNĚNO – CÍL POSUNUT DO KONCE ROKU 2026" for s in found)


def test_statuses_not_yet_met_is_one_status(zelenov):
    # "ZATÍM NEPLNĚNO – CHYBÍ ZADÁNÍ VÝZKUMU": not yet met, not "not met".
    found = zelenov.statuses("ZATÍM NEPLNĚNO – ČEKÁ SE NA ROZPOČET")
    assert [s.iri.rsplit("/", 1)[-1] for s in found] == ["not-yet-met"]


def test_statuses_started_and_unknown_and_empty(zelenov):
    found = zelenov.statuses("TRVÁ – ZAHÁJENÍ OD 3/2025")
    assert [s.iri.rsplit("/", 1)[-1] for s in found] == ["ongoing", "started"]
    unknown = zelenov.statuses("NEVÍME")
    assert len(unknown) == 1 and not unknown[0].known
    assert zelenov.statuses("  ") == ()


def test_measure_kinds_inflected_compound_in_title(zelenov):
    # "Vznik pozic domovníků-preventistů v městském obvodu …".
    kinds = zelenov.measure_kinds("Vznik pozic domovníků-preventistů v obvodu Zelenov-Sever")
    assert [k.iri.rsplit("/", 1)[-1] for k in kinds] == ["caretaker-preventists"]


def test_measure_kinds_several_in_one_text(zelenov):
    # "Rozvoj práce s dluhy v rámci sociálně aktivizační služby pro rodiny s dětmi".
    kinds = zelenov.measure_kinds(
        "Práce s dluhy v rámci sociálně aktivizační služby pro rodiny s dětmi"
    )
    assert {k.iri.rsplit("/", 1)[-1] for k in kinds} == {"debt-counselling", "sas"}


def test_measure_kinds_abbreviation_needs_capitals(zelenov):
    # "SAS" is the service; the lower-case word "sas" in running text is not.
    assert zelenov.measure_kinds("posílení SAS") != ()
    assert zelenov.measure_kinds("sas") == ()


def test_measure_kinds_none_for_unrelated_text(zelenov):
    assert zelenov.measure_kinds("změna pravidel přidělování parkovacích míst") == ()


def test_vocabulary_graph_rebased_for_other_base():
    other = Resolver("https://example.org/data/")
    graph = other.vocabulary_graph()
    asz = URIRef("https://example.org/data/actor/asz")
    assert (asz, RDF.type, VZ.Actor) in graph
    assert other.actor("ASZ").iri == asz
    assert graph.value(asz, SKOS.prefLabel) is not None


# -- the seed documents ------------------------------------------------------------------


def _seed(name: str) -> list[str]:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip("seed documents not available")
    return path.read_text(encoding="utf-8").splitlines()


def _field(lines: list[str], prefix: str) -> list[str]:
    return [line.split("\t", 1)[1] for line in lines if line.startswith(prefix) and "\t" in line]


@pytest.mark.seeds
def test_seed_ostrava_responsible_bodies_resolve_to_six_actors(resolver):
    lines = _seed("001_d1cc97050fcb290c.txt")
    ost = resolver.for_document(plan="ostrava", town="Ostrava")
    counts = collections.Counter(
        ost.actor(part).iri.removeprefix(BASE)
        for cell in _field(lines, "Odpovědný subjekt\t")
        for part in cell.split(",")
    )
    assert counts == {
        "plan/ostrava/actor/ngo": 30,
        "municipality/ostrava": 12,
        "actor/asz": 6,
        "plan/ostrava/actor/city-district": 3,
        "actor/municipal-police-ostrava": 1,
        "plan/ostrava/actor/school": 1,
    }


@pytest.mark.seeds
def test_seed_ostrava_funding_sources_all_known(resolver):
    lines = _seed("001_d1cc97050fcb290c.txt")
    ost = resolver.for_document(plan="ostrava", town="Ostrava")
    found = [
        ost.funding_source(part)
        for cell in _field(lines, "Zdroje financování\t")
        if cell.strip() != "-"
        for part in cell.split(",")
    ]
    assert all(r.known for r in found)
    counts = collections.Counter(r.iri.rsplit("/", 1)[-1] for r in found)
    assert counts == {
        "opz-plus": 32,
        "city-budget": 11,
        "irop": 6,
        "ngo-budget": 6,
        "district-budget": 4,
        "agency-budget": 2,
        "external-sources": 1,
        "organisation-budget": 1,
        "other-operational-programme": 1,
    }


@pytest.mark.seeds
def test_seed_zatec_statuses_counted(resolver):
    lines = _seed("000_99f841e82baf2f12.txt")
    zat = resolver.for_document(plan="zatec", town="Žatec")
    counts = collections.Counter(
        tuple(s.iri.rsplit("/", 1)[-1] for s in zat.statuses(cell))
        for cell in _field(lines, "Hodnocení:")
    )
    assert counts == {
        ("ongoing",): 7,
        ("not-met",): 6,
        ("met",): 5,
        ("not-met", "postponed"): 1,
        ("not-yet-met",): 1,
        ("ongoing", "postponed"): 1,
        ("ongoing", "started"): 1,
    }


@pytest.mark.seeds
def test_seed_zatec_guarantors(resolver):
    lines = _seed("000_99f841e82baf2f12.txt")
    zat = resolver.for_document(plan="zatec", town="Žatec")
    counts = collections.Counter(
        zat.actor(part).iri.removeprefix(BASE)
        for cell in _field(lines, "Garant:")
        for part in cell.split(",")
    )
    assert counts["plan/zatec/actor/ngo"] == 14
    assert counts["municipality/zatec"] == 7  # "Město" six times and "Rada města" once
    assert counts["actor/asz"] == 2
    assert counts["actor/urad-prace"] == 1
    assert counts["actor/municipal-police-zatec"] == 1
    assert zat.actor("Město").label == "Město Žatec"


@pytest.mark.seeds
def test_seed_results_measure_kinds_shared_by_towns(resolver):
    lines = _seed("003_bb655fcf34308cd6.txt")
    towns: dict[str, set[str]] = collections.defaultdict(set)
    town = None
    for line in lines:
        if line.startswith("### "):
            town = line[4:].strip()
        elif line.startswith("- ") and town:
            for kind in resolver.measure_kinds(line[2:].replace("**", "")):
                towns[kind.iri.rsplit("/", 1)[-1]].add(town)
    assert towns["crime-prevention-assistants"] == {"Kadaň", "Krupka", "Hodonín", "Vejprty"}
    assert towns["caretaker-preventists"] == {"Kadaň", "Hodonín"}
    assert towns["permeable-housing"] == {"Kadaň", "Hodonín", "Kolín", "Mělnicko"}
    assert towns["low-threshold-club"] == {"Kadaň", "Krupka", "Vejprty", "Větrní"}
    assert towns["school-counselling"] == {"Kolín", "Sokolov", "Hodonín"}
    assert towns["social-enterprise"] == {"Sokolov"}


@pytest.mark.seeds
def test_seed_programme_abbreviation_list_resolves_agency(resolver):
    # 004 lists "ASZ/ OSZ/ AGENTURA – Agentura pro sociální začleňování/ Odbor …".
    lines = _seed("004_c3c531ffecc5cef2.txt")
    start = max(i for i, line in enumerate(lines) if line.strip() == "Seznam zkratk")
    entries = [
        Abbreviation("004", *line.split(" – ", 1), SPAN)
        for line in lines[start + 1 :]
        if " – " in line
    ]
    assert len(entries) == 17
    view = resolver.for_document(entries, plan="nmps", town="Nové Město pod Smrkem")
    for mention in ("ASZ", "OSZ", "AGENTURA"):
        assert view.actor(mention).iri == URIRef(BASE + "actor/asz")
    assert view.actor("OSPOD").label == "Orgán sociálně-právní ochrany dětí Nové Město pod Smrkem"
    assert view.actor("MAS").generic
    sas = view.actor("SAS")
    assert sas.matched_by == "abbreviation"
    assert sas.iri == URIRef(BASE + "plan/nmps/actor/socialne-aktivizacn-sluzba")


def test_actor_kind_after_dash(zelenov):
    # "Příspěvková organizace kraje – střední škola": the kind is named after the dash.
    found = zelenov.actor("Organizace zřízená krajem – základní škola")
    assert found.generic
    assert found.iri == URIRef(BASE + "plan/zelenov-2024/actor/school")


def test_actor_legal_form_left_out_of_minted_iri(resolver):
    # Minutes print "Vavřinec z.s." in one place and "Vavřinec" in another.
    view = resolver.for_document(plan="zapis-2024")
    a = view.actor("Kvítek z.s.")
    b = view.actor("Kvítek")
    c = view.actor("Kvítek, o. p. s.")
    assert a.iri == b.iri == c.iri == URIRef(BASE + "actor/kvitek")
    assert a.label == "Kvítek z.s."


def test_target_group_label_only_at_head_of_phrase(zelenov):
    # "osoby ohrožené zdravotními riziky … z důvodu sociálního vyloučení" is not the group
    # of socially excluded persons: a label counts only where the phrase starts.
    found = zelenov.target_group(
        "osoby s horším přístupem ke zdravotní péči z důvodu sociálního vyloučení"
    )
    assert not found.known
    assert zelenov.target_group("Rodiny s dětmi v nepříznivé situaci").iri.endswith(
        "target-group/families-with-children"
    )


def test_actor_abbreviation_anywhere_in_phrase(zelenov):
    # "konzultace se zástupci OSPOD": an abbreviation counts wherever it is printed.
    found = zelenov.actor("zástupci OSPOD")
    assert found.iri == URIRef(BASE + "actor/ospod-zelenov")


def test_target_groups_joined_known_groups_split_into_each():
    """000 prints "Těhotné ženy a dospívající dívky 13+" where other cards list them apart."""
    from vazby.rdf.resolve import Resolver

    found = (
        Resolver().for_document(plan="lhota").target_groups("Těhotné ženy a dospívající dívky 13+")
    )
    assert [r.label for r in found] == ["těhotné ženy", "dospívající dívky"]


def test_target_groups_known_compound_stays_one():
    from vazby.rdf.resolve import Resolver

    found = Resolver().for_document(plan="lhota").target_groups("Děti a mládež")
    assert [r.label for r in found] == ["děti a mládež"]


def test_target_groups_run_of_groups_keeps_unknown_parts_minted():
    from vazby.rdf.resolve import Resolver

    found = (
        Resolver()
        .for_document(plan="lhota")
        .target_groups("senioři, zadlužené osoby, chovatelé včel")
    )
    assert [r.label for r in found][:2] == ["senioři", "zadlužené osoby"]
    assert [r.known for r in found] == [True, True, False]


def test_target_groups_people_of_several_bodies_are_one_group(resolver):
    # "Pracovníci MěÚ, NNO a Úřadu práce": the workers of three bodies, not the workers of
    # MěÚ plus the groups "NNO" and "Úřadu práce"
    found = resolver.target_groups("Pracovníci MěÚ, NNO a Úřadu práce")
    assert len(found) == 1
    assert found[0].iri == resolver.target_group("Pracovníci MěÚ").iri
    assert found[0].raw == "Pracovníci MěÚ, NNO a Úřadu práce"
    # a list of groups is still split
    assert len(resolver.target_groups("Senioři, rodiny s dětmi")) == 2
