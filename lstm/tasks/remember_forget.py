"""Remember a value until told to forget it: a task whose solution shows in the gates.

A continual stream with three input channels: a value in [-1, 1] at every step (most of
them distractors), a *store* marker and a *forget* marker. The target at every step is
the value seen at the most recent store marker, or 0 once a forget marker has come after
it. A net that solves it must open its input gate at store markers only, hold the value
in its cell state for as long as it is told to, and reset the cell at forget markers —
the three jobs of the input gate, the constant error carousel and the forget gate
(Gers, Schmidhuber & Cummins 2000). The book's chapter 1 uses it to show the gates at work.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch
from torch import Tensor

from lstm.checks import check_positive_int


class RememberForget(NamedTuple):
    """A batch of streams: inputs (batch, time, 3), targets (batch, time, 1), marker masks."""

    inputs: Tensor
    targets: Tensor
    store: Tensor  # (batch, time) bool: a store marker
    forget: Tensor  # (batch, time) bool: a forget marker


def remember_forget(
    batch: int,
    length: int,
    *,
    seed: int,
    hold: tuple[int, int] = (5, 15),
    gap: tuple[int, int] = (2, 8),
) -> RememberForget:
    """``batch`` streams of ``length`` steps, reproducible from ``seed``.

    Each stream repeats: ``gap`` steps with nothing stored (drawn uniformly from the
    inclusive range), a store marker, ``hold`` steps holding the value, a forget marker.
    """
    check_positive_int(batch, "batch")
    check_positive_int(length, "length")
    for name, (low, high) in (("hold", hold), ("gap", gap)):
        if not (isinstance(low, int) and isinstance(high, int) and 1 <= low <= high):
            raise ValueError(
                f"expected {name} as (low, high) with 1 <= low <= high, got {(low, high)}"
            )
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"expected seed to be a non-negative int, got {seed!r}")
    rng = np.random.default_rng(seed)
    values = rng.uniform(-1, 1, size=(batch, length))
    store = np.zeros((batch, length), dtype=bool)
    forget = np.zeros((batch, length), dtype=bool)
    targets = np.zeros((batch, length))
    for b in range(batch):
        t = int(rng.integers(gap[0], gap[1] + 1))
        while t < length:
            store[b, t] = True
            end = t + int(rng.integers(hold[0], hold[1] + 1))
            targets[b, t : min(end, length)] = values[b, t]
            if end < length:
                forget[b, end] = True
            t = end + int(rng.integers(gap[0], gap[1] + 1))
    inputs = np.stack([values, store, forget], axis=2)
    return RememberForget(
        torch.as_tensor(inputs, dtype=torch.float32),
        torch.as_tensor(targets, dtype=torch.float32).unsqueeze(2),
        torch.as_tensor(store),
        torch.as_tensor(forget),
    )
