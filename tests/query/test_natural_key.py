"""``natural_key``: numbers inside identifiers sort by value, before text at the same place.

The key is a string for speed; it must order identifiers exactly as the plain definition
below does (a tuple of parts, numbers before text), which the test keeps as the reference.
"""

from __future__ import annotations

import random
import re
from itertools import pairwise

from vazby.query.measures import natural_key


def _reference(identifier: str) -> tuple:
    return tuple(
        (0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", identifier) if p
    )


def _identifiers(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pieces = ["", "0", "00", "1", "2", "9", "10", "11", "007", "100", ".", "/", "-", " ", "a", "B",
              "b", "ab", "Č", "x", "٣", "１", "B.", "plan-1:"]  # fmt: skip
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(count)]


def test_the_string_key_orders_as_the_tuple_of_parts():
    for seed in range(5):
        names = _identifiers(3000, seed)
        for first, second in pairwise(names):
            a, b = _reference(first), _reference(second)
            want = (a > b) - (a < b)
            got = (natural_key(first) > natural_key(second)) - (
                natural_key(first) < natural_key(second)
            )
            assert got == want, (first, second)


def test_plan_numbers_sort_by_value():
    names = [
        "ostrava:1.10.1",
        "ostrava:1.9.2",
        "ostrava:1.9.10",
        "lhota:2",
        "lhota:10",
        "B.3/1.1.2",
    ]
    assert sorted(names, key=natural_key) == [
        "B.3/1.1.2",
        "lhota:2",
        "lhota:10",
        "ostrava:1.9.2",
        "ostrava:1.9.10",
        "ostrava:1.10.1",
    ]


def test_a_very_long_number_does_not_break_the_key():
    long = "1" * 5000  # int() refuses strings of more than 4300 digits
    assert sorted([long, "9", "a"], key=natural_key) == ["9", long, "a"]


def test_digits_that_are_not_decimal_stay_text():
    # "²" is a digit to str.isdigit() but not to int(): the tuple key failed on it
    assert sorted(["x²", "x1", "²"], key=natural_key) == ["x1", "x²", "²"]
