"""Arithmetic with distractors (Jozefowicz, Zaremba & Sutskever 2015, section 4.1).

The network reads two numbers and an operator one character at a time, with distractor
letters interleaved between the digits, then predicts the answer character by character
after ``=``. The paper's example, ``3e36d9-h1h39f94eeh43keg3c=-13991064``, reads
3369 - 13994433. Our texts end with ``.`` so that the network must also say where the
answer ends.

A problem is generated as follows (our specification; the paper gives only its example):
each operand has a number of digits drawn uniformly from ``1 .. max_digits`` and is uniform
among numbers of that many digits; the operator is ``+`` or ``-`` with equal probability;
before every digit, and after the operand's last digit, comes a run of distractors whose
length is geometric, each further distractor following with probability
``distractor_rate``. The answer may be negative.
"""

from __future__ import annotations

import numpy as np

from lstm.checks import check_positive_int
from lstm.tasks import random_generator
from lstm.tasks.characters import CharacterBatch, encode

DIGITS = "0123456789"
OPERATORS = "+-"
DISTRACTORS = "abcdefghij"
#: Every character of a problem; index 0 (padding) is the digit 0.
ALPHABET = DIGITS + OPERATORS + "=." + DISTRACTORS


def _check_rate(distractor_rate: object) -> float:
    if isinstance(distractor_rate, bool) or not isinstance(distractor_rate, int | float):
        raise TypeError(f"expected distractor_rate as a number, got {distractor_rate!r}")
    if not 0.0 <= distractor_rate < 1.0:
        raise ValueError(f"expected distractor_rate in [0, 1), got {distractor_rate}")
    return float(distractor_rate)


def _operand(rng: np.random.Generator, max_digits: int, rate: float) -> str:
    digits = int(rng.integers(1, max_digits + 1))
    low = 0 if digits == 1 else 10 ** (digits - 1)
    number = str(int(rng.integers(low, 10**digits)))
    pieces = []
    for digit in [*number, ""]:
        run = int(rng.geometric(1.0 - rate)) - 1  # failures before the first success
        pieces.append("".join(rng.choice(list(DISTRACTORS), size=run)) + digit)
    return "".join(pieces)


def problem(seed: int | np.random.Generator, *, max_digits: int, distractor_rate: float) -> str:
    """One problem with its answer, e.g. ``"3e36d9-h1h39=-30."``."""
    max_digits = check_positive_int(max_digits, "max_digits")
    rate = _check_rate(distractor_rate)
    rng = random_generator(seed)
    left = _operand(rng, max_digits, rate)
    operator = OPERATORS[int(rng.integers(2))]
    right = _operand(rng, max_digits, rate)
    return f"{left}{operator}{right}={solve(left + operator + right)}."


def solve(question: str) -> str:
    """The answer to ``question`` (the text before ``=``): its distractors dropped, the
    sum or difference of its two numbers."""
    digits_only = "".join(c for c in question if c in DIGITS + OPERATORS)
    operator = next((c for c in OPERATORS if c in digits_only), None)
    left, _, right = digits_only.partition(operator or "?")
    if operator is None or not left.isdigit() or not right.isdigit():
        raise ValueError(f"expected two numbers joined by + or -, got {question!r}")
    return str(int(left) + int(right) if operator == "+" else int(left) - int(right))


def answer_start(text: str) -> int:
    """The position of the answer's first character (just after ``=``)."""
    if "=" not in text:
        raise ValueError(f"expected a problem with '=', got {text!r}")
    return text.index("=") + 1


def batch(
    count: int, seed: int | np.random.Generator, *, max_digits: int, distractor_rate: float
) -> CharacterBatch:
    """``count`` problems, only the answers' characters (and the final ``.``) scored."""
    rng = random_generator(seed)
    count = check_positive_int(count, "count")
    texts = [
        problem(rng, max_digits=max_digits, distractor_rate=distractor_rate) for _ in range(count)
    ]
    return encode(texts, ALPHABET, [answer_start(text) for text in texts])
