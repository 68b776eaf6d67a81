"""The minutes loader: meeting, attendance, agenda, organisation notes, projects.

Unit tests read our own made-up minutes of a made-up town (``tests/fixtures/minutes_lhota.txt``
and inline texts); seed tests read ``../shared/seeds/002_…`` and check counts verified by
reading the document.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vazby.loaders import load_path
from vazby.loaders.minutes import clean_line, load, sniff
from vazby.loaders.records import (
    AgendaItem,
    Document,
    Meeting,
    OrganisationNote,
    Person,
    Project,
    SourceSpan,
)
from vazby.loaders.text import read_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
LHOTA = FIXTURES / "minutes_lhota.txt"


def seed_path(prefix: str) -> Path:
    """The seed whose name starts with ``prefix``, or skip when the seeds are absent."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip("../shared/seeds is absent")
    return matches[0]


@pytest.fixture(scope="module")
def lhota():
    return load_path(LHOTA, "minutes")


def _doc(text: str, name: str = "z.txt") -> Document:
    return Document(name, name, "0" * 64, "utf-8", tuple(text.split("\n")))


def _people(result, attendance=None) -> dict[str, Person]:
    return {
        p.name: p
        for p in result.of_type(Person)
        if attendance is None or p.attendance == attendance
    }


def _projects(result) -> dict[str, Project]:
    return {p.name: p for p in result.of_type(Project)}


# -- sniff ------------------------------------------------------------------------------


def test_sniff_heading_and_attendance_lists_recognised():
    # "Zápis" / "z jednání pracovní skupiny …" / "Přítomni:" / "Omluveni:"
    verdict = sniff(read_document(LHOTA))
    assert verdict.score >= 9
    assert "attendance lists" in verdict.reason


def test_sniff_plan_card_scores_zero():
    # A plan's card: "Opatření 1.1.1.1 …" / "Odpovědný subjekt\tMěsto …" is not minutes.
    doc = _doc(
        "Opatření 1.1.1.1\tPodpora bydlení\nOdpovědný subjekt\tMěsto Horní Lhota\nPopis\tBydlení"
    )
    assert sniff(doc).score == 0


# -- meeting ----------------------------------------------------------------------------


def test_meeting_heading_gives_date_body_place_town(lhota):
    # "z jednání pracovní skupiny komunitního plánování BYDLENÍ A DLUHY" / "konané dne 03.09.2021"
    # / "… přivítala přítomné v prostorách Komunitního centra Lípa."
    [meeting] = lhota.of_type(Meeting)
    assert meeting.date == "2021-09-03"
    assert meeting.body == "pracovní skupiny komunitního plánování BYDLENÍ A DLUHY"
    assert meeting.id == "2021-09-03-bydleni-a-dluhy"
    assert meeting.place == "Komunitního centra Lípa"
    assert meeting.town == "Horní Lhota"
    assert meeting.source.first_line == 1 and meeting.source.last_line == 3


# -- attendance -------------------------------------------------------------------------


def test_attendance_lists_counted_per_kind(lhota):
    # "Přítomni:" / "Omluveni:" / "Nepřítomni:" / "Hosté:" with names on the next lines.
    counts = {
        kind: len(_people(lhota, kind))
        for kind in ("present", "excused", "absent", "guest", "author")
    }
    assert counts == {"present": 6, "excused": 2, "absent": 1, "guest": 2, "author": 1}


def test_attendance_trailing_suffix_title_joins_previous_name(lhota):
    # "Bc. Marie Dvořáková, DiS., Jana Veselá": "DiS." is Dvořáková's title, not a person.
    people = _people(lhota)
    assert people["Marie Dvořáková"].title == "Bc. DiS."
    assert people["Irena Malá"].title == "DiS."  # "Irena Malá DiS.,"
    assert not any("DiS" in name for name in people)


def test_attendance_full_stop_between_names_splits_people(lhota):
    # "Jana Veselá. Tomáš Krejčí" – a full stop left where a comma was.
    people = _people(lhota, "present")
    assert "Jana Veselá" in people and "Tomáš Krejčí" in people


def test_attendance_list_continues_on_following_lines(lhota):
    # "Omluveni:" / "Mgr. Karel Sedlák, " / "Irena Malá DiS.,"
    assert set(_people(lhota, "excused")) == {"Karel Sedlák", "Irena Malá"}
    assert _people(lhota)["Karel Sedlák"].source.first_line == 8


def test_guest_dash_gives_role_or_organisation(lhota):
    # "Ing. Olga Rybová – koordinátorka KP, Martin Lukeš – Úřad práce Horní Lhota"
    guests = _people(lhota, "guest")
    assert guests["Olga Rybová"].role == "koordinátorka KP"
    assert guests["Olga Rybová"].title == "Ing."
    assert guests["Olga Rybová"].organisation is None
    assert guests["Martin Lukeš"].organisation.text == "Úřad práce Horní Lhota"
    assert guests["Martin Lukeš"].role is None


def test_author_line_is_a_person(lhota):
    # "Zápis vyhotovila: Bc. Eva Šimková, DiS."
    author = _people(lhota, "author")["Eva Šimková"]
    assert author.title == "Bc. DiS."


def test_office_before_name_in_prose_is_a_person(lhota):
    # "Spolek poděkoval starostovi Hronkovi za pomoc."
    person = _people(lhota)["Hronkovi"]
    assert person.role == "starosta"
    assert person.attendance is None
    assert person.source.first_line == 31


def test_known_person_in_prose_is_not_counted_twice(lhota):
    # "Pan Lukeš Martin uvedl …", "Ing. Rybová představila …": the guests, not new people.
    assert len(lhota.of_type(Person)) == 13


def test_prose_sentence_gives_known_person_a_role():
    # "Pan Karel Dub je mediátor podpory zdraví." – the guest's role from the discussion.
    text = (
        "Zápis z jednání komise\nHosté: Karel Dub – Zdravotní ústav\n"
        "add 1)\nPan Karel Dub je mediátor podpory zdraví."
    )
    result = load(_doc(text))
    assert _people(result)["Karel Dub"].role == "mediátor podpory zdraví"


# -- agenda ---------------------------------------------------------------------------


def test_programme_numbered_lines_are_agenda_items(lhota):
    # "Program:" / "1. Úvod" / "2. Představení projektu …"
    items = {i.number: i for i in lhota.of_type(AgendaItem)}
    assert items["1"].title == "Úvod"
    assert items["3"].title == "Informace poskytovatelů služeb"
    assert items["3"].description == "Poskytovatelé informovali o situaci."
    assert items["3"].discussion.first_line == 26


def test_section_without_programme_item_reported_as_numbering(lhota):
    # "add 5) Různé" when the programme stops at item 4.
    items = {i.number: i for i in lhota.of_type(AgendaItem)}
    assert items["5"].title == "Různé"
    assert [(d.kind, d.line) for d in lhota.diagnostics if d.kind == "numbering"] == [
        ("numbering", 42)
    ]


def test_line_outside_any_section_reported_unplaced(lhota):
    # "Poznámka bez souvislosti" between the programme and "add 1)".
    unplaced = [d for d in lhota.diagnostics if d.kind == "unplaced"]
    assert [(d.path, d.line) for d in unplaced] == [("minutes_lhota.txt", 21)]


# -- organisation notes ---------------------------------------------------------------


def test_organisation_dash_lines_are_notes(lhota):
    # "Kotva z.s. – terénní program pokračuje …", "NZDM Klubko – bez omezení"
    notes = {n.organisation.text: n for n in lhota.of_type(OrganisationNote)}
    assert set(notes) == {
        "Agentura pro sociální začleňování",
        "Kotva z.s.",
        "Azylový dům pro ženy",
        "NZDM Klubko",
    }
    assert notes["NZDM Klubko"].text == "bez omezení"
    assert notes["Agentura pro sociální začleňování"].source.first_line == 19


def test_addendum_after_note_continues_it(lhota):
    # "Poznámka zapisovatele – doplněno po jednání" / "Spolek poděkoval starostovi …"
    note = next(
        n for n in lhota.of_type(OrganisationNote) if n.organisation.text == "Azylový dům pro ženy"
    )
    assert note.source.first_line == 29 and note.source.last_line == 31
    assert note.text.endswith("Spolek poděkoval starostovi Hronkovi za pomoc.")


def test_person_head_is_not_an_organisation():
    # "Ing. Jana Bílá – přítomné seznámila s programem."
    text = (
        "Zápis z jednání komise\nPřítomni: Jana Bílá\n"
        "add 1)\nIng. Jana Bílá – přítomné seznámila s programem."
    )
    result = load(_doc(text))
    assert result.of_type(OrganisationNote) == []
    assert result.of_type(AgendaItem)[0].description.startswith("Ing. Jana Bílá")


# -- projects -------------------------------------------------------------------------


def test_project_statuses_from_verbs_and_list(lhota):
    # "schválen projekt …", "… nebyl schválen", "Projekty čekající na hodnocení:",
    # "projekt již funguje", "který byl zahájen v květnu 2021", "získal grant od …"
    statuses = {name: p.status for name, p in _projects(lhota).items()}
    assert statuses == {
        "Dům na půl cesty": "running",
        "grant od Nadace Lípa": "approved",
        "Dluhová poradna Lhota": "approved",
        "Práce pro všechny": "rejected",
        "Klub Sova": "waiting",
        "Byty pro rodiny": "waiting",
        "Sousedé spolu": "running",
    }


def test_project_organisation_after_dash_without_status(lhota):
    # "Druhý podaný projekt: Práce pro všechny - Sociální družstvo Lhota nebyl schválen."
    projects = _projects(lhota)
    assert projects["Práce pro všechny"].organisation.text == "Sociální družstvo Lhota"
    assert projects["Dluhová poradna Lhota"].organisation.text == "Kotva z.s."
    assert projects["Dům na půl cesty"].organisation.text == "Charita Horní Lhota"


def test_project_call_named_in_prose_funds_later_projects(lhota):
    # "Projekty Města Horní Lhota byly podány do výzvy č. 17 OPZ+."
    projects = _projects(lhota)
    for name in ("Dluhová poradna Lhota", "Práce pro všechny", "Klub Sova", "Byty pro rodiny"):
        assert projects[name].funder.text == "výzvy č. 17 OPZ+"
        assert projects[name].funder.source.first_line == 34
    assert projects["Dům na půl cesty"].funder is None


def test_project_of_the_town_is_not_a_project_name(lhota):
    # "Projekty Města Horní Lhota byly podány …" names no project.
    assert not any(name.startswith("Města") for name in _projects(lhota))


def test_project_period_from_start_and_end_sentences(lhota):
    # "Zahájen 1.10.2021. Konec realizace 30.9.2023."
    assert _projects(lhota)["Dluhová poradna Lhota"].period == "2021-10-01/2023-09-30"
    assert _projects(lhota)["Sousedé spolu"].period == "2021-05/.."


def test_project_implementer_and_cofunders_from_later_sentences(lhota):
    # "Město Horní Lhota je realizátorem projektu. Projekt je spolufinancován Krajem Vysočina a …"
    project = _projects(lhota)["Sousedé spolu"]
    assert project.organisation.text == "Město Horní Lhota"
    assert project.funder.text == "Krajem Vysočina a Městem Horní Lhota"
    assert project.town == "Horní Lhota"


def test_grant_in_note_is_an_approved_project(lhota):
    # "Kotva z.s. – terénní program pokračuje, získal grant od Nadace Lípa"
    grant = _projects(lhota)["grant od Nadace Lípa"]
    assert grant.organisation.text == "Kotva z.s."
    assert grant.funder.text == "Nadace Lípa"


def test_project_list_item_bracket_kept_in_description(lhota):
    # "Klub Sova (nízkoprahový klub) – Charita Horní Lhota. Prošel věcným hodnocením."
    project = _projects(lhota)["Klub Sova"]
    assert project.description == "(nízkoprahový klub) Prošel věcným hodnocením."
    assert project.organisation.text == "Charita Horní Lhota"


# -- other layouts and encodings ------------------------------------------------------

OTHER_LAYOUT = """ZÁPIS Z JEDNÁNÍ KOMISE PRO SOCIÁLNÍ ZAČLEŇOVÁNÍ
Datum: 12. května 2022
Místo: zasedací místnost MěÚ Dolní Brod
Přítomni: Jan Novotný, Mgr. Věra Černá, Pavel Král
Omluven: Ing. Lenka Vávrová
Program jednání:
1) Zahájení
2) Projekty
K bodu 1:
Jan Novotný zahájil jednání.
K bodu 2:
Projekt Nový domov – Obec Dolní Brod čeká na hodnocení.
Zapsal: Pavel Král
"""


def test_other_layout_in_windows_1250_loads(tmp_path):
    # "Datum: 12. května 2022", "Program jednání:", "1) Zahájení", "K bodu 1:", "Zapsal: …"
    path = tmp_path / "zapis.txt"
    path.write_bytes(OTHER_LAYOUT.replace("\n", "\r\n").encode("cp1250"))
    result = load_path(path, "minutes")
    assert result.document.encoding == "cp1250"
    [meeting] = result.of_type(Meeting)
    assert (meeting.date, meeting.body, meeting.place) == (
        "2022-05-12",
        "KOMISE PRO SOCIÁLNÍ ZAČLEŇOVÁNÍ",
        "zasedací místnost MěÚ Dolní Brod",
    )
    assert meeting.town == "Dolní Brod"
    assert {p.name: p.attendance for p in result.of_type(Person)} == {
        "Jan Novotný": "present",
        "Věra Černá": "present",
        "Pavel Král": "author",  # listed present too; the last record of a name wins here
        "Lenka Vávrová": "excused",
    }
    assert [(i.number, i.title) for i in result.of_type(AgendaItem)] == [
        ("1", "Zahájení"),
        ("2", "Projekty"),
    ]
    [project] = result.of_type(Project)
    assert (project.name, project.organisation.text, project.status) == (
        "Nový domov",
        "Obec Dolní Brod",
        "waiting",
    )
    assert result.diagnostics == ()


def test_clean_line_drops_converter_bookmarks():
    # "[bookmark: _GoBack]Doplnění zápisu – komentář ředitelky spolku"
    assert clean_line("[bookmark: _GoBack]Doplnění zápisu") == "Doplnění zápisu"


# -- nothing dropped ------------------------------------------------------------------

_STRUCTURAL = re.compile(
    r"^(?:add?\s*\d+\)|Program\w*:|Přítomni:|Omluveni:|Nepřítomni:|Hosté:|_+|Projekty čekající.*:)",
    re.IGNORECASE,
)


def _accounted(result) -> set[int]:
    lines: set[int] = {d.line for d in result.diagnostics}
    texts = []
    for record in result.records:
        lines.update(range(record.source.first_line, record.source.last_line + 1))
        for value in (getattr(record, "description", None), getattr(record, "text", None)):
            if value:
                texts.append(value)
    blob = "\n".join(texts)
    for number, raw in enumerate(result.document.lines, 1):
        if clean_line(raw) and clean_line(raw) in blob:
            lines.add(number)
    return lines


def test_every_line_feeds_a_record_or_a_diagnostic(lhota):
    accounted = _accounted(lhota)
    for number, raw in enumerate(lhota.document.lines, 1):
        text = clean_line(raw)
        if not text or _STRUCTURAL.match(text):
            continue
        assert number in accounted, f"line {number} dropped: {text!r}"


def test_every_record_carries_its_span(lhota):
    for record in lhota.records:
        assert isinstance(record.source, SourceSpan)
        assert record.source.document == "minutes_lhota.txt"


# -- the seed -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed002():
    return load_path(seed_path("002"), "minutes")


@pytest.mark.seeds
def test_seed002_attendance_counts(seed002):
    counts = {
        k: len(_people(seed002, k)) for k in ("present", "excused", "absent", "guest", "author")
    }
    assert counts == {"present": 20, "excused": 5, "absent": 2, "guest": 2, "author": 1}
    # and the deputy mayor thanked in the addendum of item 4
    assert _people(seed002, None)["Špičkovi"].role == "místostarosta"
    assert len(seed002.of_type(Person)) == 31


@pytest.mark.seeds
def test_seed002_names_titles_roles(seed002):
    people = _people(seed002)
    assert people["Lucie Fraňková"].title == "DiS."  # "Lucie Fraňková, DiS.,"
    assert people["Zdeňka Kobelčuková"].title == "DiS."  # "Zdeňka Kobelčuková DiS.,"
    assert "Jana Knichalová" in people and "Iveta Roubíčková" in people  # "Knichalová. Iveta"
    assert people["Zdeňka Venclíčková Baranniková"].title == "PhDr."
    assert people["Lucie Kořánová"].role == "koordinátorka KP"
    assert people["David Kuchár"].organisation.text == "Státní zdravotní ústav"
    assert people["Michaela Šípková"].attendance == "author"


@pytest.mark.seeds
def test_seed002_meeting(seed002):
    [meeting] = seed002.of_type(Meeting)
    assert meeting.date == "2020-06-10"
    assert meeting.town == "Žatec"
    assert meeting.place.startswith("Mateřského centra Sedmikráska")
    assert "SOCIÁLNÍ PREVENCE A ODBORNÉ SOCIÁLNÍ PORADENSTVÍ" in meeting.body


@pytest.mark.seeds
def test_seed002_agenda_and_diagnostics(seed002):
    items = [(i.number, i.title) for i in seed002.of_type(AgendaItem)]
    assert len(items) == 6 and items[0] == ("1", "Úvod") and items[5] == ("6", "Různé")
    assert [(d.kind, d.line) for d in seed002.diagnostics] == [("numbering", 53)]


@pytest.mark.seeds
def test_seed002_organisation_notes(seed002):
    notes = [n.organisation.text for n in seed002.of_type(OrganisationNote)]
    assert notes == [
        "Agentura pro sociální začleňování",
        "MŠ speciální",
        "Oblastní charita Most",
        "Vavřinec z.s.",
        "Azylový dům pro muže",
        "Sociální centrum pro rodinu",
        "Sedmikráska Žatec z.s.",
        "Žatecký spolek Handicap, z.s.",
        "NRUK",
    ]


@pytest.mark.seeds
def test_seed002_projects_statuses_organisations(seed002):
    projects = _projects(seed002)
    assert {
        n: (p.status, p.organisation.text if p.organisation else None) for n, p in projects.items()
    } == {
        "Efektivní podpora zdraví osob ohrožených chudobou a sociálním vyloučením": (
            "running",
            "Státní zdravotní ústav",
        ),
        "grant od Nadace ČEZ": ("approved", "Sedmikráska Žatec z.s."),
        "Žatec bez dluhů": ("approved", "Sociální centrum pro rodinu"),
        "Tréninková pracovní místa v gastroprovozech v Žatci": ("rejected", "Prometheus effect"),
        "Na rozcestí dospělosti": ("waiting", "Oblastní charita Most"),
        "Tréninková pracovní místa Žatec": ("waiting", "K srdci Klíč"),
        "Opatření v oblasti bydlení „housing first“": ("running", "Vavřinec"),
        "Integrace cizinců Žatec 2020": ("running", "Město Žatec"),
    }


@pytest.mark.seeds
def test_seed002_project_funders_and_periods(seed002):
    projects = _projects(seed002)
    debt = projects["Žatec bez dluhů"]
    assert debt.period == "2020-06-01/2022-06-30"
    assert debt.funder.text == "KPSVL výzva č. 052 Operačního programu zaměstnanost"
    integration = projects["Integrace cizinců Žatec 2020"]
    assert integration.period == "2020-04/.."
    assert integration.funder.text == "Ministerstvem vnitra ČR a Městem Žatec"
    assert projects["grant od Nadace ČEZ"].funder.text == "Nadace ČEZ"


@pytest.mark.seeds
def test_seed002_every_line_accounted_for(seed002):
    accounted = _accounted(seed002)
    for number, raw in enumerate(seed002.document.lines, 1):
        text = clean_line(raw)
        if not text or _STRUCTURAL.match(text) or number <= 3:
            continue
        assert number in accounted, f"line {number} dropped: {text!r}"
