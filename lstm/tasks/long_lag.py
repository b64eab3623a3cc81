"""The long-time-lag tasks of Hochreiter & Schmidhuber (1997), "Long Short-Term Memory".

Each task hides the information a network needs at the end of a sequence near its start,
so that a net has to carry it across a long lag:

* Exp 2a, :func:`noise_free_long_lag`: (y, a_1, ..., a_{p-1}) -> y, (x, a_1, ..., a_{p-1}) -> x;
* Exp 2c, :func:`distractor_long_lag`: (b, x|y, q + k random distractors, e) -> x|y, with k
  geometric (each step after the first q distractors is the trigger e with probability 1/10);
* Exp 3, :func:`two_sequence_noise`: Bengio et al.'s 2-sequence problem, the class in the first
  N values of one real channel and Gaussian noise on the same channel afterwards;
* Exp 4, :func:`adding`: output 0.5 + (X1 + X2) / 4 for the two marked values of a long sequence;
* Exp 5, :func:`multiplication`: the same with values in [0, 1] and target X1 * X2;
* Exp 6a/6b, :func:`temporal_order`: classify by the order of two (three) X/Y symbols.

Every generator returns a :class:`Sequences`: zero-padded ``inputs`` of shape (batch, time,
features), one ``targets`` row per sequence (the target at its last step, the only step at
which the paper gives an error signal) and the ``lengths``. Class labels are exactly balanced
within a batch (as balanced as an odd batch allows) and shuffled. The paper numbers sequence
positions from 1; the docstrings do too, while tensors index from 0.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import torch

from lstm.checks import check_positive_int
from lstm.tasks import random_generator

#: The symbols of the temporal order task (Exp 6), in the order of their one-hot index.
TEMPORAL_ORDER_SYMBOLS = ("a", "b", "c", "d", "X", "Y", "B", "E")

#: Paper positions (1-based, inclusive ranges) of the X/Y symbols in Exp 6a and 6b.
TEMPORAL_ORDER_POSITIONS = {
    2: ((10, 20), (50, 60)),
    3: ((10, 20), (33, 43), (66, 76)),
}


class Sequences(NamedTuple):
    """A batch of one task.

    ``inputs``: (batch, time, features) float32, zero after each sequence's length (or,
    for symbol tasks asked for indices, (batch, time) int64 symbol indices);
    ``targets``: (batch, outputs) float32, the target at each sequence's last step;
    ``lengths``: (batch,) int64.
    """

    inputs: torch.Tensor
    targets: torch.Tensor
    lengths: torch.Tensor


def _balanced_labels(rng: np.random.Generator, batch: int, classes: int) -> np.ndarray:
    """``batch`` labels in ``range(classes)``, each class equally often (up to the remainder,
    whose classes are drawn at random), in random order."""
    labels = np.arange(batch) % classes
    remainder = batch % classes
    if remainder:
        labels[batch - remainder :] = rng.choice(classes, size=remainder, replace=False)
    return rng.permutation(labels)


def _lengths(rng: np.random.Generator, batch: int, minimum: int, maximum: int) -> np.ndarray:
    """Sequence lengths drawn uniformly from the integers ``minimum..maximum``."""
    return rng.integers(minimum, maximum + 1, size=batch)


def _pack(inputs: np.ndarray, targets: np.ndarray, lengths: np.ndarray) -> Sequences:
    """Tensors of a batch: real inputs as float32, symbol indices as int64."""
    symbols = np.issubdtype(inputs.dtype, np.integer)
    return Sequences(
        torch.from_numpy(np.ascontiguousarray(inputs, dtype=np.int64 if symbols else np.float32)),
        torch.from_numpy(np.ascontiguousarray(targets, dtype=np.float32)),
        torch.from_numpy(np.asarray(lengths, dtype=np.int64)),
    )


def _one_hot(symbols: np.ndarray, size: int, lengths: np.ndarray) -> np.ndarray:
    """One-hot vectors of ``symbols`` (batch, time); steps past a length stay all zero."""
    batch, time = symbols.shape
    inputs = np.zeros((batch, time, size), dtype=np.float32)
    valid = np.arange(time)[None, :] < lengths[:, None]
    rows, steps = np.nonzero(valid)
    inputs[rows, steps, symbols[rows, steps]] = 1.0
    return inputs


def noise_free_long_lag(batch: int, p: int, seed: int | np.random.Generator) -> Sequences:
    """Exp 2a, noise-free sequences with long time lags (Hochreiter & Schmidhuber 1997, 5.2).

    The p + 1 symbols x, y, a_1, ..., a_{p-1} are coded one-hot (index 0 = x, 1 = y, 2.. =
    a_1..). The two training sequences are (y, a_1, ..., a_{p-1}, y) and (x, a_1, ...,
    a_{p-1}, x); only the last element cannot be predicted without remembering the first,
    p steps back. The network reads the first p elements; the target (one output) is 1 for
    y and 0 for x. Every other element is predictable from the one before it, so the paper's
    next-symbol targets at the other steps are left out here.
    """
    batch = check_positive_int(batch, "batch")
    p = check_positive_int(p, "p")
    if p < 2:
        raise ValueError(f"expected p >= 2 (at least one a_i between the two x/y), got {p}")
    rng = random_generator(seed)
    labels = _balanced_labels(rng, batch, 2)
    symbols = np.empty((batch, p), dtype=np.int64)
    symbols[:, 0] = labels  # 0 = x, 1 = y
    symbols[:, 1:] = np.arange(2, p + 1)
    lengths = np.full(batch, p)
    return _pack(_one_hot(symbols, p + 1, lengths), labels[:, None], lengths)


def distractor_long_lag(
    batch: int,
    q: int,
    p: int,
    seed: int | np.random.Generator,
    *,
    end_probability: float = 0.1,
    symbols: bool = False,
) -> Sequences:
    """Exp 2c, very long time lags with no local regularities (Hochreiter & Schmidhuber 1997).

    Symbols (one-hot, p + 4 of them): x, y, b, e, a_1..a_p (indices 0, 1, 2, 3, 4..). A
    sequence is (b, x|y, q + k distractors drawn uniformly from a_1..a_p, e); the target
    after the trigger e is the x|y of the second element (one output: 1 for y, 0 for x),
    so the minimal time lag is q + 1. The number k of extra distractors follows the paper's
    recipe: after the prefix of length q + 2, each further element is a distractor with
    probability 9/10 or the trigger e with probability ``end_probability`` = 1/10, so k is
    geometric on 0, 1, 2, ... with P(k) = 0.1 * 0.9**k and mean 9.

    With ``symbols=True`` the inputs are the symbol indices (batch, time), int64, zero
    after each length, which the package's recurrent layers read as the one-hot vectors
    (at q = 1,000 the one-hot batch is a thousand times larger).
    """
    batch = check_positive_int(batch, "batch")
    q = check_positive_int(q, "q")
    p = check_positive_int(p, "p")
    if not (
        isinstance(end_probability, int | float)
        and not isinstance(end_probability, bool)
        and 0 < end_probability <= 1
    ):
        raise ValueError(f"expected end_probability in (0, 1], got {end_probability!r}")
    rng = random_generator(seed)
    labels = _balanced_labels(rng, batch, 2)
    extra = rng.geometric(end_probability, size=batch) - 1  # failures before the first e
    lengths = q + extra + 3
    sequence = rng.integers(4, p + 4, size=(batch, int(lengths.max())))
    sequence[:, 0] = 2  # b
    sequence[:, 1] = labels
    sequence[np.arange(batch), lengths - 1] = 3  # e, the trigger
    if symbols:
        sequence[np.arange(sequence.shape[1])[None, :] >= lengths[:, None]] = 0
        return _pack(sequence, labels[:, None], lengths)
    return _pack(_one_hot(sequence, p + 4, lengths), labels[:, None], lengths)


def two_sequence_noise(
    batch: int,
    T: int,
    seed: int | np.random.Generator,
    *,
    information_length: int = 3,
    noise_variance: float = 0.2,
) -> Sequences:
    """Exp 3a, noise and signal on the same channel: Bengio et al.'s (1994) 2-sequence problem.

    One real input. The first N = ``information_length`` values are +1 for class 1 and -1 for
    class 0; every later value is Gaussian noise of mean 0 and variance ``noise_variance``
    (the paper's 0.2: standard deviation about 0.447). The length is uniform on T..1.1 T.
    Target at the end: 1.0 for class 1, 0.0 for class 0.
    """
    batch = check_positive_int(batch, "batch")
    T = check_positive_int(T, "T")
    N = check_positive_int(information_length, "information_length")
    if N >= T:
        raise ValueError(f"expected information_length < T, got {N} and T = {T}")
    if not (isinstance(noise_variance, int | float) and noise_variance >= 0):
        raise ValueError(f"expected a non-negative noise_variance, got {noise_variance!r}")
    rng = random_generator(seed)
    labels = _balanced_labels(rng, batch, 2)
    lengths = _lengths(rng, batch, T, T + T // 10)
    values = rng.normal(0.0, math.sqrt(noise_variance), size=(batch, int(lengths.max())))
    values[:, :N] = (2.0 * labels - 1.0)[:, None]
    values[np.arange(values.shape[1])[None, :] >= lengths[:, None]] = 0.0
    return _pack(values[:, :, None], labels[:, None], lengths)


def _marked_pairs(
    batch: int,
    T: int,
    rng: np.random.Generator,
    low: float,
    high: float,
    first_pair_value: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Exp 4/5 inputs: (value, marker) pairs, two values marked with 1.0.

    Returns the inputs (batch, time, 2), the marked values X1 and X2 and the lengths.
    X1 is one of the first ten pairs, X2 one of the first T/2 - 1 pairs still unmarked; the
    first and last pairs carry the marker -1 unless marked. When the first pair is marked,
    its value is set to ``first_pair_value``: the paper's 0 for the adding problem and 1.0
    for the multiplication problem, values that leave the sum and the product unchanged.
    """
    if T < 22:
        raise ValueError(f"expected T >= 22 (room for the first ten and T/2 - 1 pairs), got {T}")
    lengths = _lengths(rng, batch, T, T + T // 10)
    time = int(lengths.max())
    values = rng.uniform(low, high, size=(batch, time))
    rows = np.arange(batch)
    first = rng.integers(0, 10, size=batch)
    # One of the first T/2 - 1 positions other than `first`: draw from T/2 - 2 and skip it.
    second = rng.integers(0, T // 2 - 2, size=batch)
    second = second + (second >= first)
    markers = np.zeros((batch, time))
    markers[:, 0] = -1.0
    markers[rows, lengths - 1] = -1.0
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    values[:, 0] = np.where(markers[:, 0] == 1.0, first_pair_value, values[:, 0])
    padding = np.arange(time)[None, :] >= lengths[:, None]
    values[padding] = 0.0
    markers[padding] = 0.0
    inputs = np.stack([values, markers], axis=2)
    return inputs, values[rows, first], values[rows, second], lengths


def adding(batch: int, T: int, seed: int | np.random.Generator) -> Sequences:
    """Exp 4, the adding problem (Hochreiter & Schmidhuber 1997, 5.4).

    Each element is a pair (value uniform in [-1, 1], marker in {-1, 0, 1}); the length is
    uniform on T..1.1 T. Exactly two pairs are marked with 1.0: one of the first ten (X1) and
    one of the first T/2 - 1 still unmarked (X2). The first and last pairs carry the marker
    -1 unless marked, and X1 is zero when the first pair is marked ("In the rare case where
    the first pair of the sequence gets marked, we set X1 to zero"). Target at the end:
    0.5 + (X1 + X2) / 4, the sum scaled into [0, 1].
    """
    batch = check_positive_int(batch, "batch")
    T = check_positive_int(T, "T")
    inputs, x1, x2, lengths = _marked_pairs(batch, T, random_generator(seed), -1.0, 1.0, 0.0)
    return _pack(inputs, (0.5 + (x1 + x2) / 4.0)[:, None], lengths)


def multiplication(batch: int, T: int, seed: int | np.random.Generator) -> Sequences:
    """Exp 5, the multiplication problem (Hochreiter & Schmidhuber 1997, 5.5).

    As :func:`adding`, but the values are uniform in [0, 1], the target is X1 * X2, and a
    marked first pair has the value 1.0 instead of 0 (the paper: "In the rare case where the
    first pair of the input sequence gets marked, we set X1 to 1.0").
    """
    batch = check_positive_int(batch, "batch")
    T = check_positive_int(T, "T")
    inputs, x1, x2, lengths = _marked_pairs(batch, T, random_generator(seed), 0.0, 1.0, 1.0)
    return _pack(inputs, (x1 * x2)[:, None], lengths)


def temporal_order(batch: int, seed: int | np.random.Generator, *, relevant: int = 2) -> Sequences:
    """Exp 6a (``relevant=2``) and 6b (``relevant=3``), temporal order (1997, 5.6).

    Symbols one-hot in the order of :data:`TEMPORAL_ORDER_SYMBOLS`. A sequence starts with B,
    ends with the trigger E and otherwise holds random distractors a, b, c, d, except at the
    ``relevant`` positions of :data:`TEMPORAL_ORDER_POSITIONS` (6a: t1 in 10..20, t2 in
    50..60; 6b: also t3, with t2 in 33..43 and t3 in 66..76), which hold X or Y. The length is
    uniform on 100..110. The class (2**relevant of them, one-hot targets) is the X/Y pattern
    read as a binary number with X = 0: for 6a XX -> Q, XY -> R, YX -> S, YY -> U.
    """
    batch = check_positive_int(batch, "batch")
    if relevant not in TEMPORAL_ORDER_POSITIONS:
        raise ValueError(
            f"expected relevant in {sorted(TEMPORAL_ORDER_POSITIONS)}, got {relevant!r}"
        )
    rng = random_generator(seed)
    classes = 2**relevant
    labels = _balanced_labels(rng, batch, classes)
    lengths = _lengths(rng, batch, 100, 110)
    symbols = rng.integers(0, 4, size=(batch, int(lengths.max())))
    symbols[:, 0] = TEMPORAL_ORDER_SYMBOLS.index("B")
    rows = np.arange(batch)
    symbols[rows, lengths - 1] = TEMPORAL_ORDER_SYMBOLS.index("E")
    x_index = TEMPORAL_ORDER_SYMBOLS.index("X")
    for order, (first, last) in enumerate(TEMPORAL_ORDER_POSITIONS[relevant]):
        position = rng.integers(first, last + 1, size=batch) - 1  # 1-based -> index
        bit = (labels >> (relevant - 1 - order)) & 1  # most significant bit first
        symbols[rows, position] = x_index + bit  # X or Y
    targets = np.eye(classes, dtype=np.float32)[labels]
    return _pack(_one_hot(symbols, len(TEMPORAL_ORDER_SYMBOLS), lengths), targets, lengths)
