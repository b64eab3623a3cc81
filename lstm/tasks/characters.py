"""Texts as batches for next-character prediction.

A character-level task is a list of texts over a fixed alphabet. The network reads each
text one character at a time and, at every step, predicts the next character; some steps
are *scored* (count in the accuracy) and the rest are context. :func:`encode` turns texts
into padded tensors of symbol indices with the mask of scored steps; :func:`windows` cuts
training windows out of one long text, for tasks that are a continual stream.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import torch

from lstm.checks import check_positive_int
from lstm.tasks import random_generator


class CharacterBatch(NamedTuple):
    """Texts of one batch, padded at the end.

    ``inputs`` (batch, time) int64: the text's characters as indices into the alphabet,
    without the last character; ``targets`` (batch, time) int64: the next character at
    every step; ``scored`` (batch, time) bool: the steps whose prediction counts (never a
    padded step). Padded steps hold index 0.
    """

    inputs: torch.Tensor
    targets: torch.Tensor
    scored: torch.Tensor


def indices(text: str, alphabet: str) -> list[int]:
    """The characters of ``text`` as indices into ``alphabet``; unknown characters are a
    ValueError that names them."""
    if not isinstance(text, str):
        raise TypeError(f"expected a text as a str, got {type(text).__name__}")
    unknown = sorted(set(text) - set(alphabet))
    if unknown:
        raise ValueError(
            f"expected characters from the alphabet {alphabet!r}, got {''.join(unknown)!r} "
            f"in {text!r}"
        )
    position = {symbol: i for i, symbol in enumerate(alphabet)}
    return [position[symbol] for symbol in text]


def encode(texts: Sequence[str], alphabet: str, scored_from: Sequence[int]) -> CharacterBatch:
    """A padded batch of ``texts``; in text ``i`` the predictions of characters
    ``scored_from[i]`` onwards are scored (0: every prediction).

    A text of ``n`` characters gives ``n - 1`` steps: step ``t`` reads character ``t`` and
    predicts character ``t + 1``, so the prediction of character ``k`` is step ``k - 1``.
    """
    if not texts:
        raise ValueError("expected at least one text, got none")
    if len(scored_from) != len(texts):
        raise ValueError(
            f"expected one scored_from per text ({len(texts)}), got {len(scored_from)}"
        )
    encoded = [indices(text, alphabet) for text in texts]
    short = [text for text in texts if len(text) < 2]
    if short:
        raise ValueError(f"expected texts of at least 2 characters, got {short[0]!r}")
    steps = max(len(symbols) for symbols in encoded) - 1
    inputs = torch.zeros(len(texts), steps, dtype=torch.int64)
    targets = torch.zeros(len(texts), steps, dtype=torch.int64)
    scored = torch.zeros(len(texts), steps, dtype=torch.bool)
    for row, (symbols, first) in enumerate(zip(encoded, scored_from, strict=True)):
        if not 0 <= first < len(symbols):
            raise ValueError(
                f"expected scored_from in 0..{len(symbols) - 1} for {texts[row]!r}, got {first}"
            )
        length = len(symbols) - 1
        inputs[row, :length] = torch.tensor(symbols[:-1])
        targets[row, :length] = torch.tensor(symbols[1:])
        scored[row, max(first - 1, 0) : length] = True
    return CharacterBatch(inputs, targets, scored)


def windows(
    text: str, alphabet: str, count: int, length: int, seed: int | np.random.Generator
) -> CharacterBatch:
    """``count`` windows of ``length`` steps cut at random offsets from one long ``text``
    (a continual stream): every step scored, the network starting from a blank state
    wherever the window begins."""
    count = check_positive_int(count, "count")
    length = check_positive_int(length, "length")
    if len(text) < length + 1:
        raise ValueError(
            f"expected a text of at least length + 1 = {length + 1} characters, got {len(text)}"
        )
    symbols = torch.tensor(indices(text, alphabet))
    offsets = random_generator(seed).integers(0, len(text) - length, size=count)
    rows = torch.as_tensor(offsets).unsqueeze(1) + torch.arange(length + 1)
    cut = symbols[rows]
    return CharacterBatch(cut[:, :-1], cut[:, 1:], torch.ones(count, length, dtype=torch.bool))
