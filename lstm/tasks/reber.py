"""The embedded Reber grammar, one string at a time and as one continual stream.

The Reber grammar (Reber 1967; Cleeremans, Servan-Schreiber & McClelland 1989) is a small
finite automaton over the symbols B T P S X V E. Its *embedded* form wraps a Reber string
between ``B T`` ... ``T E`` or ``B P`` ... ``P E``: to predict the second-to-last symbol a
network must remember the second symbol across the whole inner string. Hochreiter &
Schmidhuber (1997, Exp 1) train next-symbol prediction on it; Gers, Schmidhuber & Cummins
(2000) concatenate the strings into one endless stream with no reset between them: the
*continual* embedded Reber grammar.

Symbols are one-hot vectors in the order of :data:`SYMBOLS`. The target at every step is
the set of symbols the grammar allows next (several are possible), as a multi-hot vector.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import torch

from lstm.checks import check_positive_int
from lstm.tasks import random_generator

SYMBOLS = "BTPSXVE"
INDEX = {symbol: i for i, symbol in enumerate(SYMBOLS)}

#: The Reber automaton: state -> {symbol: next state}; state 0 is the start, "end" accepts.
REBER: dict[object, dict[str, object]] = {
    0: {"B": 1},
    1: {"T": 2, "P": 3},
    2: {"S": 2, "X": 4},
    3: {"T": 3, "V": 5},
    4: {"X": 3, "S": 6},
    5: {"P": 4, "V": 6},
    6: {"E": "end"},
}


def _embedded_automaton() -> dict[object, dict[str, object]]:
    """B, then T or P, then a Reber string, then the same T or P again, then E.

    The branch symbol is part of the state, so the automaton is deterministic and the
    allowed next symbols at every position follow from the prefix alone.
    """
    automaton: dict[object, dict[str, object]] = {
        "start": {"B": "branch"},
        "branch": {"T": ("T", 0), "P": ("P", 0)},
        "close": {"E": "end"},
    }
    for branch in "TP":
        for state, moves in REBER.items():
            automaton[(branch, state)] = {
                symbol: (branch, nxt) if nxt != "end" else (branch, "end")
                for symbol, nxt in moves.items()
            }
        automaton[(branch, "end")] = {branch: "close"}
    return automaton


EMBEDDED_REBER = _embedded_automaton()


def _walk(automaton: dict, start: object, rng: np.random.Generator) -> str:
    """A random path to "end", each outgoing edge taken with equal probability."""
    state, symbols = start, []
    while state != "end":
        moves = automaton[state]
        symbol = list(moves)[rng.integers(len(moves))]
        symbols.append(symbol)
        state = moves[symbol]
    return "".join(symbols)


def reber_string(seed: int | np.random.Generator) -> str:
    """One string of the (plain) Reber grammar, such as ``BTSSXXTVVE``."""
    return _walk(REBER, 0, random_generator(seed))


def embedded_reber_string(seed: int | np.random.Generator) -> str:
    """One string of the embedded Reber grammar, such as ``BTBTXSETE``."""
    return _walk(EMBEDDED_REBER, "start", random_generator(seed))


def embedded_reber_strings(count: int, seed: int | np.random.Generator) -> list[str]:
    """``count`` embedded Reber strings from one random stream."""
    count = check_positive_int(count, "count")
    rng = random_generator(seed)
    return [_walk(EMBEDDED_REBER, "start", rng) for _ in range(count)]


def _check_string(string: object) -> str:
    if not isinstance(string, str):
        raise TypeError(f"expected a string of symbols {SYMBOLS}, got {type(string).__name__}")
    return string


def _accepts(automaton: dict, start: object, string: str) -> bool:
    state = start
    for symbol in _check_string(string):
        if state == "end" or symbol not in automaton[state]:
            return False
        state = automaton[state][symbol]
    return state == "end"


def is_reber(string: str) -> bool:
    """Whether ``string`` is a complete string of the plain Reber grammar."""
    return _accepts(REBER, 0, string)


def is_embedded_reber(string: str) -> bool:
    """Whether ``string`` is a complete string of the embedded Reber grammar."""
    return _accepts(EMBEDDED_REBER, "start", string)


def allowed_next(string: str, *, continual: bool = False) -> list[str]:
    """The symbols the embedded grammar allows after each prefix of ``string``.

    Entry ``t`` is the set (as a string in :data:`SYMBOLS` order) of symbols that may
    follow ``string[: t + 1]``. After the final E nothing follows a lone string (``""``);
    in the continual stream the next string's B does (``"B"``). Raises ValueError if
    ``string`` is not a complete embedded Reber string.
    """
    if not is_embedded_reber(string):
        raise ValueError(f"expected a complete embedded Reber string, got {string!r}")
    state, allowed = "start", []
    for symbol in string:
        state = EMBEDDED_REBER[state][symbol]
        moves = EMBEDDED_REBER.get(state, {})
        allowed.append("".join(s for s in SYMBOLS if s in moves))
    allowed[-1] = "B" if continual else ""
    return allowed


def one_hot(string: str) -> torch.Tensor:
    """(len(string), 7) float32 one-hot encoding in :data:`SYMBOLS` order."""
    unknown = sorted(set(_check_string(string)) - set(SYMBOLS))
    if unknown:
        raise ValueError(f"expected symbols from {SYMBOLS}, got {''.join(unknown)!r}")
    encoded = torch.zeros(len(string), len(SYMBOLS))
    encoded[torch.arange(len(string)), [INDEX[s] for s in string]] = 1.0
    return encoded


def multi_hot(allowed: Sequence[str]) -> torch.Tensor:
    """(len(allowed), 7) float32: 1 where a symbol is allowed next."""
    encoded = torch.zeros(len(allowed), len(SYMBOLS))
    for t, symbols in enumerate(allowed):
        for symbol in symbols:
            encoded[t, INDEX[symbol]] = 1.0
    return encoded


class ReberStream(NamedTuple):
    """A continual stream of embedded Reber strings.

    ``inputs`` (time, 7) one-hot symbols; ``targets`` (time, 7) multi-hot allowed next
    symbols; ``string_starts`` (strings,) int64 the position of each string's B;
    ``string_index`` (time,) int64 which string each position belongs to; ``strings``.
    """

    inputs: torch.Tensor
    targets: torch.Tensor
    string_starts: torch.Tensor
    string_index: torch.Tensor
    strings: list[str]


def continual_stream(
    strings: int, seed: int | np.random.Generator, *, continual: bool = True
) -> ReberStream:
    """``strings`` embedded Reber strings concatenated into one stream (Gers et al. 2000).

    Nothing marks the boundaries but the grammar's own B and E: after each E the target
    is the next string's B. With ``continual=False`` the target after each E is empty,
    the non-continual task of Hochreiter & Schmidhuber (1997), in which the network is
    reset before each string.
    """
    return stream_of(embedded_reber_strings(strings, seed), continual=continual)


def stream_of(texts: Sequence[str], *, continual: bool = True) -> ReberStream:
    """The given embedded Reber strings, concatenated as :func:`continual_stream` does."""
    if not texts:
        raise ValueError("expected at least one embedded Reber string, got none")
    allowed = [s for text in texts for s in allowed_next(text, continual=continual)]
    if continual:
        allowed[-1] = "B"  # the stream goes on after its last string
    lengths = torch.tensor([len(text) for text in texts])
    starts = torch.cumsum(lengths, 0) - lengths
    return ReberStream(
        inputs=one_hot("".join(texts)),
        targets=multi_hot(allowed),
        string_starts=starts,
        string_index=torch.repeat_interleave(torch.arange(len(texts)), lengths),
        strings=texts,
    )


def training_and_test_sets(
    count: int, seed: int | np.random.Generator
) -> tuple[list[str], list[str]]:
    """Hochreiter & Schmidhuber's (1997, Exp 1) data, after Fahlman: ``count`` random
    training strings and ``count`` random test strings, no test string in the training set.

    The training set may repeat a string (it is drawn at random); the test set holds
    only strings the training set lacks, so it leans towards the longer, rarer strings.
    """
    count = check_positive_int(count, "count")
    rng = random_generator(seed)
    training = [_walk(EMBEDDED_REBER, "start", rng) for _ in range(count)]
    seen, test = set(training), []
    while len(test) < count:
        string = _walk(EMBEDDED_REBER, "start", rng)
        if string not in seen:
            test.append(string)
    return training, test


def predictions_correct(outputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Hochreiter & Schmidhuber's criterion, step by step: with k symbols allowed next,
    the k most active outputs must be exactly those k. Steps with no allowed symbol (the
    end of a lone string) count as correct.

    ``outputs`` and ``targets`` (..., 7); returns a bool tensor of shape (...).
    """
    if outputs.shape != targets.shape or outputs.shape[-1] != len(SYMBOLS):
        raise ValueError(
            f"expected outputs and targets of one shape (..., {len(SYMBOLS)}), got "
            f"{tuple(outputs.shape)} and {tuple(targets.shape)}"
        )
    allowed = targets > 0.5
    k = allowed.sum(-1, keepdim=True)
    # the k-th largest output must beat every disallowed one: compare the smallest allowed
    # output with the largest disallowed output
    smallest_allowed = torch.where(allowed, outputs, torch.inf).amin(-1)
    largest_disallowed = torch.where(allowed, -torch.inf, outputs).amax(-1)
    return (k.squeeze(-1) == 0) | (smallest_allowed > largest_disallowed)
