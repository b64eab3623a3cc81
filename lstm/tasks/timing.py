r"""The timing tasks of Gers, Schraudolph & Schmidhuber (2002): measuring the delay between
spikes, generating timed spikes, and generating periodic functions, all without resets.

Every task is a :class:`TimingBatch` of real-valued sequences with one input and one
target per step and a mask of the steps whose target counts.

* **MSD**, measuring spike delays (:func:`spike_delays`): input spikes arrive at
  :math:`T(n) = T(n-1) + F + I(n)` with :math:`I(n)` drawn uniformly from
  :math:`\{0, \dots, I_{\max}\}`; at each spike after the first the target is
  :math:`I(n)`, how much longer than :math:`F` the interval just ended was. With
  :math:`F = 49` and :math:`I(n) \in \{0, 1\}` the network must tell intervals of 49 steps
  from intervals of 50, the paper's headline task. A run succeeds when every scored
  output is within 0.49 of its target.
* **GTS**, generating timed spikes (:func:`timed_spikes`): one input spike at step 0
  starts the clock, then the input stays 0 and the target is a spike (1) every
  :math:`F` steps, at steps :math:`F, 2F, \dots`, and 0 between; every step counts.
* **PFG**, periodic function generation (:func:`periodic_function`): no input at all
  (a constant 0) and the target a wave of period :math:`F` that starts at 0 at step 0,
  one of :data:`WAVES`; every step counts, and a run succeeds when every output is
  within 0.3 of the wave.

The generation tasks have no randomness: a network trained on a few periods is tested by
running it, free and never reset, for many more (:func:`periods_sustained`).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import torch

from lstm.checks import check_positive_int
from lstm.tasks import random_generator

#: The periodic functions of the PFG task, each of period F and starting at 0 at t = 0.
WAVES = ("cos", "triangle", "rectangle")
#: The success tolerances: |error| below these at every scored step.
SPIKE_TOLERANCE = 0.49
WAVE_TOLERANCE = 0.3


class TimingBatch(NamedTuple):
    """Sequences of one timing task: ``inputs`` and ``targets`` of shape (batch, time, 1),
    float32, and ``scored`` (batch, time) bool, the steps whose target counts."""

    inputs: torch.Tensor
    targets: torch.Tensor
    scored: torch.Tensor


def spike_delays(
    count: int, rng: int | np.random.Generator, *, F: int, I_max: int = 1, spikes: int = 10
) -> TimingBatch:
    r"""``count`` MSD sequences of ``spikes`` input spikes each: the first at step 0, the
    :math:`n`-th at :math:`T(n) = T(n-1) + F + I(n)`, :math:`I(n)` uniform in
    :math:`\{0, \dots, I_{\max}\}`; the target :math:`I(n)` at :math:`T(n)` for every
    spike after the first. Sequences end at their last spike; shorter ones are padded
    with unscored zeros."""
    check_positive_int(count, "count")
    check_positive_int(F, "F")
    if isinstance(I_max, bool) or not isinstance(I_max, int) or I_max < 1:
        raise ValueError(f"expected I_max to be an int >= 1, got {I_max!r}")
    if isinstance(spikes, bool) or not isinstance(spikes, int) or spikes < 2:
        raise ValueError(f"expected spikes to be an int >= 2 (one interval), got {spikes!r}")
    rng = random_generator(rng)
    extra = rng.integers(0, I_max + 1, size=(count, spikes - 1))
    times = np.concatenate([np.zeros((count, 1), int), np.cumsum(F + extra, axis=1)], axis=1)
    steps = int(times[:, -1].max()) + 1
    inputs = torch.zeros(count, steps, 1)
    targets = torch.zeros(count, steps, 1)
    scored = torch.zeros(count, steps, dtype=torch.bool)
    rows = torch.arange(count).unsqueeze(1)
    inputs[rows, torch.from_numpy(times), 0] = 1.0
    later = torch.from_numpy(times[:, 1:])
    targets[rows, later, 0] = torch.from_numpy(extra).float()
    scored[rows, later] = True
    return TimingBatch(inputs, targets, scored)


def timed_spikes(F: int, steps: int) -> TimingBatch:
    """The GTS sequence of ``steps`` steps: an input spike at step 0, then silence; the
    target 1 at steps F, 2F, ... and 0 elsewhere; every step is scored."""
    check_positive_int(F, "F")
    if F < 2:
        raise ValueError(f"expected a spike period F >= 2, got {F}")
    check_positive_int(steps, "steps")
    inputs = torch.zeros(1, steps, 1)
    inputs[0, 0, 0] = 1.0
    t = torch.arange(steps)
    targets = ((t % F == 0) & (t > 0)).float().reshape(1, steps, 1)
    return TimingBatch(inputs, targets, torch.ones(1, steps, dtype=torch.bool))


def wave(name: str, F: int, steps: int) -> torch.Tensor:
    r"""The periodic function ``name`` of period ``F`` at steps 0 .. steps-1, in [0, 1]:

    * ``"cos"``: :math:`\tfrac12 (1 - \cos(2\pi t / F))`;
    * ``"triangle"``: rising linearly from 0 at :math:`t = 0` to 1 at :math:`F/2`, then
      falling back;
    * ``"rectangle"``: 0 in the first half of each period, 1 in the second.
    """
    if name not in WAVES:
        raise ValueError(f"expected a wave from {WAVES}, got {name!r}")
    check_positive_int(F, "F")
    if F < 2:
        raise ValueError(f"expected a period F >= 2, got {F}")
    check_positive_int(steps, "steps")
    phase = (torch.arange(steps, dtype=torch.float64) % F) / F
    if name == "cos":
        values = 0.5 * (1 - torch.cos(2 * math.pi * phase))
    elif name == "triangle":
        values = 1 - (2 * phase - 1).abs()
    else:
        values = (phase >= 0.5).double()
    return values.float()


def periodic_function(name: str, F: int, steps: int) -> TimingBatch:
    """The PFG sequence of ``steps`` steps: input 0 throughout, the target :func:`wave`
    ``name`` of period ``F``; every step is scored."""
    target = wave(name, F, steps)
    return TimingBatch(
        torch.zeros(1, steps, 1),
        target.reshape(1, steps, 1),
        torch.ones(1, steps, dtype=torch.bool),
    )


def errors(outputs: torch.Tensor, batch: TimingBatch) -> torch.Tensor:
    """|output - target| at every step, (batch, time), with unscored steps set to 0."""
    if outputs.shape != batch.targets.shape:
        raise ValueError(
            f"expected outputs of the targets' shape {tuple(batch.targets.shape)}, "
            f"got {tuple(outputs.shape)}"
        )
    return (outputs - batch.targets).abs()[..., 0] * batch.scored


def solved(outputs: torch.Tensor, batch: TimingBatch, tolerance: float) -> bool:
    """Whether every scored output lies within ``tolerance`` of its target."""
    return bool((errors(outputs, batch) < tolerance).all())


def periods_sustained(
    outputs: torch.Tensor, batch: TimingBatch, F: int, tolerance: float, start: int = 0
) -> int:
    """How many whole periods of ``F`` steps a free run (batch of one) keeps every output
    within ``tolerance`` of the target before its first miss, the first period beginning
    at step ``start`` (1 for GTS, whose periods end with their spikes at F, 2F, ...)."""
    check_positive_int(F, "F")
    if outputs.shape[0] != 1:
        raise ValueError(f"expected one free-running sequence, got a batch of {outputs.shape[0]}")
    missed = (errors(outputs, batch)[0] >= tolerance).nonzero()
    first_miss = int(missed[0]) if len(missed) else batch.targets.shape[1]
    return max(first_miss - start, 0) // F
