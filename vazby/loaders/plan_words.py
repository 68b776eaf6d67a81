"""The words of the action-plan layout, compiled from its profile.

The action-plan loader (:mod:`~vazby.loaders.action_plan`, :mod:`~vazby.loaders.plan_structure`,
:mod:`~vazby.loaders.cards`) reads headings, cards, goal fields and chapters with the
patterns here. Their words, numbers and labels are the profile's (``action-plan.toml``
unless a user gives one of their own); the shape of a line around them — emphasis, the
punctuation after a number, where the title starts — is the layout's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..czech import UPPER
from ..lang import fold
from .profiles import Labels, Profile, level_numbers, shipped_profile, word_alternation
from .text import clean_cell

__all__ = ["PlanWords", "plan_words", "default_words"]

#: A goal heading after its words and number: an optional dot, colon or dash, then the title.
_GOAL = (
    r"^[\s\-–•]*(?:\*\*)?(?:{words})\s+(?P<num>{num})(?![.\d]*\d)\.?(?:\*\*)?"
    r"\s*[:.–-]?\s*(?:\*\*)?\s*(?P<title>.*)$"
)
_SECTION_KEYS = ("chapters", "abbreviations", "area_groups", "structure")


@dataclass(frozen=True)
class PlanWords:
    """The patterns and labels of one action-plan profile."""

    profile: Profile
    #: "1 Bydlení", "**4 Rodina**": a number and a short capitalised title, no full stop.
    area: re.Pattern[str]
    strategic: re.Pattern[str]
    specific: re.Pattern[str]
    #: "Opatření 1.1.1.1<TAB>Title": a card's header.
    card: re.Pattern[str]
    #: Any goal heading, for recognising the layout.
    goal_line: re.Pattern[str]
    overview_strategic: re.Pattern[str]
    overview_specific: re.Pattern[str]
    overview_total: re.Pattern[str]
    plan_name: re.Pattern[str]
    plan_kind: re.Pattern[str]
    fields: Labels
    goal_fields: Labels
    sections: Labels

    def section(self, text: str) -> str | None:
        """Which part of the layout a title line opens (``chapters``, ``abbreviations``,
        ``area_groups``, ``structure``), or None."""
        return self.sections.key(fold(clean_cell(text), tidy=True))

    def goal_field(self, text: str) -> tuple[str, str] | None:
        """``(field, value)`` of a goal's own field line ("Očekávaný dopad: …",
        "Indikátory dopadu:" with its bullets below), or None.

        Examples
        --------
        >>> words = default_words()
        >>> words.goal_field("**Očekávaný dopad:** Byty"), words.goal_field("Indikátory dopadu")
        (('impacts', 'Byty'), ('indicators', ''))
        >>> words.goal_field("Popis opatření: Text") is None
        True
        """
        clean = text.replace("**", "").strip()
        label, colon, value = clean.partition(":")
        key = self.goal_fields.key(label) if len(label) <= 60 else None
        if key is None:
            return None
        return key, value.strip() if colon else ""


@lru_cache(maxsize=8)
def plan_words(profile: Profile) -> PlanWords:
    """Compile ``profile``'s words into the patterns the action-plan loader reads with."""
    area = profile.level("area")
    strategic = profile.level("goal", "strategic")
    specific = profile.level("goal", "specific")
    measure = profile.level("measure")
    s_words = word_alternation(strategic.words)
    p_words = word_alternation(specific.words)
    m_words = word_alternation(measure.words)
    s_num = level_numbers(profile, strategic)
    p_num = level_numbers(profile, specific)
    names = word_alternation(profile.section_titles("plan_names") or ("plán",))
    kinds = word_alternation(profile.section_titles("plan_kinds") or ("plán",))
    return PlanWords(
        profile=profile,
        area=re.compile(
            rf"^\s*(?:\*\*)?(?P<num>{level_numbers(profile, area)})\.?\s+"
            rf"(?P<title>[{UPPER}][^.:]{{1,80}}?)(?:\*\*)?\s*$"
        ),
        strategic=re.compile(_GOAL.format(words=s_words, num=s_num), re.IGNORECASE),
        specific=re.compile(_GOAL.format(words=p_words, num=p_num), re.IGNORECASE),
        card=re.compile(
            rf"^\s*(?:\*\*)?(?:{m_words})\s+(?P<num>(?:{level_numbers(profile, measure)})\.?)"
            r"(?:\*\*)?(?:[\s:–-]+(?P<title>.*))?$"
        ),
        goal_line=re.compile(
            rf"^[\s\-–•]*(?:\*\*)?(?:{s_words}|{p_words})\s+(?:{s_num}|{p_num})", re.IGNORECASE
        ),
        overview_strategic=re.compile(
            rf"(?:{s_words})\s+(?P<num>{s_num})(?![.\d]*\d)\s*:?\s*(?P<title>.*?)"
            rf"(?=\s+-\s+(?:{p_words})|$)"
        ),
        overview_specific=re.compile(
            rf"(?:{p_words})\s+(?P<num>{p_num})(?![.\d]*\d)\s*:?\s*(?P<title>.*?)\s*"
            rf"(?:\((?P<count>\d+)\s+(?:{m_words})\w*\)|(?=\s+-\s+(?:{p_words}))|$)"
        ),
        overview_total=re.compile(rf"celkem\s+(?P<count>\d+)\s+(?:{m_words})", re.IGNORECASE),
        plan_name=re.compile(
            rf"(?P<name>{names})\s+(?:(?:města|obce)\s+)?"
            r"(?P<town>[^\W\d_][^\d()]{0,60}?)\s*(?P<y1>(?:19|20)\d\d)\s*[–—-]\s*"
            r"(?P<y2>(?:19|20)\d\d)",
            re.IGNORECASE,
        ),
        plan_kind=re.compile(rf"^(?:{kinds})", re.IGNORECASE),
        fields=Labels(profile.fields),
        goal_fields=Labels(profile.goal_fields),
        sections=Labels(tuple((k, v) for k, v in profile.sections if k in _SECTION_KEYS)),
    )


def default_words() -> PlanWords:
    """The words of the shipped action-plan profile."""
    return plan_words(shipped_profile("action-plan"))
