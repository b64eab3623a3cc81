"""Bengio, Simard & Frasconi's (1994) minimal task for latching information.

Two classes of sequences of length ``T``. Only the first ``L`` inputs say which class a
sequence belongs to (all ``+1`` for class 1, all ``-1`` for class 0); every later input is
Gaussian noise of mean 0 and standard deviation ``noise_std``, the same for both classes.
To classify a sequence at its last step a network must latch one bit across ``T - L``
steps of noise: the task isolates the long time lag and nothing else (Bengio et al. 1994,
section 3; Hochreiter & Schmidhuber 1997, Exp 3, use the same task with ``L = 3`` and
noise of standard deviation 0.2).

Bengio et al. make the first ``L`` inputs trainable values; here they are fixed at
``+-1``, as in Hochreiter & Schmidhuber's version, so the generator is a pure function.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import torch

from lstm.checks import check_positive_int
from lstm.tasks import random_generator


class LatchingBatch(NamedTuple):
    """``inputs`` (batch, length, 1) float32; ``labels`` (batch,) int64 in {0, 1}."""

    inputs: torch.Tensor
    labels: torch.Tensor


def latching_batch(
    length: int,
    batch: int,
    seed: int | np.random.Generator,
    *,
    information_length: int = 3,
    noise_std: float = 0.2,
) -> LatchingBatch:
    """A batch of the latching task: class in the first ``information_length`` steps.

    ``length`` is T, the number of steps; ``information_length`` is L (1 <= L <= T). The
    classes are balanced: exactly ``batch // 2`` sequences of each class (for an odd
    batch the last one's class is drawn at random), in random order. The noise after
    step L is i.i.d. N(0, noise_std**2); ``noise_std=0`` gives the noise-free task.
    """
    length = check_positive_int(length, "length")
    batch = check_positive_int(batch, "batch")
    information_length = check_positive_int(information_length, "information_length")
    if information_length > length:
        raise ValueError(
            f"expected information_length <= length ({length}), got {information_length}"
        )
    if isinstance(noise_std, bool) or not isinstance(noise_std, int | float):
        raise TypeError(f"expected noise_std to be a number, got {type(noise_std).__name__}")
    if not math.isfinite(noise_std) or noise_std < 0:
        raise ValueError(f"expected a finite noise_std >= 0, got {noise_std}")
    rng = random_generator(seed)

    labels = np.repeat([0, 1], batch // 2)
    if batch % 2:
        labels = np.append(labels, rng.integers(0, 2))
    labels = rng.permutation(labels)
    inputs = np.zeros((batch, length))
    if noise_std:
        inputs = rng.normal(0.0, noise_std, size=(batch, length))
    inputs[:, :information_length] = (2 * labels - 1)[:, None]
    return LatchingBatch(
        torch.from_numpy(inputs.astype(np.float32)).unsqueeze(2),
        torch.from_numpy(labels.astype(np.int64)),
    )
