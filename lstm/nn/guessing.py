"""Random weight guessing: the baseline that Hochreiter & Schmidhuber held up against
"long time lag" benchmarks.

The 1997 LSTM paper says of Bengio et al.'s 2-sequence problem (its Exp 3) that "random
weight guessing solves it faster than LSTM and any other method for which there are
published results". The guessing procedure, as Schmidhuber & Hochreiter describe it in
their paper on evaluating long-term dependency benchmarks: given an architecture, repeat
"randomly initialize the weights" until the net happens to classify all training
sequences correctly, then test it on separate sequences. Their architecture A1 is a fully
connected recurrent net with one input, one output and a few hidden units, every unit
biased; every weight is drawn uniformly from [-100, 100]; all activations are reset to 0
at the start of each sequence.

:func:`guess_weights` does exactly that, on a fixed set of sequences of any task whose
target is one value per sequence, and counts the guesses. Many guesses are evaluated at
once (a batch of independent draws), but they are drawn and counted in order, so the
result is that of one guess after another.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from lstm.checks import check_positive_int
from lstm.tasks import random_generator


@dataclass(frozen=True)
class GuessingNet:
    """The weights of one fully connected recurrent net of ``units`` logistic units, the
    last of which is the output: unit i at step t computes
    ``sigmoid(input_weights[i] . x_t + recurrent_weights[i] . a_{t-1} + bias[i])``."""

    input_weights: torch.Tensor  # (units, features)
    recurrent_weights: torch.Tensor  # (units, units)
    bias: torch.Tensor  # (units,)

    @property
    def parameters(self) -> int:
        return sum(weights.numel() for weights in vars(self).values())


@dataclass(frozen=True)
class Guessing:
    """The outcome of :func:`guess_weights`.

    ``solved``: a guess classified every sequence correctly within ``max_guesses``;
    ``guesses``: guesses drawn (the solving one included; ``max_guesses`` if none solved);
    ``sequences``: sequences processed if every guess is run on the whole set
    (``guesses * len(set)``); ``sequences_to_first_error``: sequences processed by a
    guesser that drops a guess at its first misclassified sequence; ``net``: the solving
    net (``None`` if none solved).
    """

    solved: bool
    guesses: int
    sequences: int
    sequences_to_first_error: int
    net: GuessingNet | None


def run_nets(
    input_weights: torch.Tensor,
    recurrent_weights: torch.Tensor,
    bias: torch.Tensor,
    inputs: torch.Tensor,
    lengths: torch.Tensor,
) -> torch.Tensor:
    """The output unit's activation at each sequence's last step, for G nets at once.

    ``input_weights`` (G, units, features), ``recurrent_weights`` (G, units, units), ``bias``
    (G, units); ``inputs`` (batch, time, features) zero-padded, ``lengths`` (batch,).
    Returns (G, batch). Every activation starts at 0 and stops changing after a sequence's
    last step.
    """
    guesses, units, _ = input_weights.shape
    batch, time, _ = inputs.shape
    drive = torch.einsum("gui,bti->tgbu", input_weights, inputs) + bias[None, :, None, :]
    activations = torch.zeros(guesses, batch, units, dtype=inputs.dtype)
    recurrent = recurrent_weights.transpose(1, 2)
    for step in range(time):
        new = torch.sigmoid(drive[step] + torch.bmm(activations, recurrent))
        running = (step < lengths)[None, :, None]
        activations = torch.where(running, new, activations)
    return activations[:, :, -1]


def guess_weights(
    inputs: torch.Tensor,
    targets: torch.Tensor,
    lengths: torch.Tensor,
    seed: int | np.random.Generator,
    *,
    hidden: int = 1,
    weight_range: float = 100.0,
    threshold: float = 0.2,
    max_guesses: int = 100_000,
    guesses_at_once: int = 500,
) -> Guessing:
    """Draw every weight of a fully connected recurrent net (``hidden`` logistic units and
    one logistic output unit, all biased) uniformly from [-``weight_range``,
    ``weight_range``], again and again, until a net's output at the end of every sequence
    is within ``threshold`` of its target (``targets`` of shape (batch, 1)), or
    ``max_guesses`` nets have failed.
    """
    hidden = check_positive_int(hidden, "hidden")
    max_guesses = check_positive_int(max_guesses, "max_guesses")
    guesses_at_once = check_positive_int(guesses_at_once, "guesses_at_once")
    if inputs.ndim != 3 or targets.shape != (inputs.shape[0], 1):
        raise ValueError(
            "expected inputs (batch, time, features) and targets (batch, 1), got "
            f"{tuple(inputs.shape)} and {tuple(targets.shape)}"
        )
    if not weight_range > 0 or not threshold > 0:
        raise ValueError(
            f"expected a positive weight_range and threshold, got {weight_range}, {threshold}"
        )
    rng = random_generator(seed)
    inputs, goal = inputs.double(), targets[:, 0].double()
    batch, features = inputs.shape[0], inputs.shape[2]
    units = hidden + 1
    per_guess = units * features + units * units + units
    # Most guesses fail on one of the first few sequences: run every guess on those first,
    # and only the survivors on the rest (the same outcome, many times faster).
    head = min(batch, 16)
    guesses = processed = 0
    while guesses < max_guesses:
        count = min(guesses_at_once, max_guesses - guesses)
        draws = torch.from_numpy(rng.uniform(-weight_range, weight_range, (count, per_guess)))
        input_weights = draws[:, : units * features].reshape(count, units, features)
        recurrent_weights = draws[:, units * features : -units].reshape(count, units, units)
        bias = draws[:, -units:]
        wrong = torch.ones(count, batch, dtype=torch.bool)  # unknown counts as wrong
        outputs = run_nets(input_weights, recurrent_weights, bias, inputs[:head], lengths[:head])
        wrong[:, :head] = (outputs - goal[None, :head]).abs() >= threshold
        survivors = torch.nonzero(~wrong[:, :head].any(dim=1)).flatten()
        if len(survivors) and head < batch:
            outputs = run_nets(
                input_weights[survivors],
                recurrent_weights[survivors],
                bias[survivors],
                inputs[head:],
                lengths[head:],
            )
            wrong[survivors, head:] = (outputs - goal[None, head:]).abs() >= threshold
        solved = ~wrong.any(dim=1)
        # A guesser that stops at a guess's first mistake processes up to and including it.
        first_error = torch.where(wrong.any(dim=1), wrong.int().argmax(dim=1) + 1, batch)
        if solved.any():
            index = int(solved.int().argmax())
            processed += int(first_error[: index + 1].sum())
            guesses += index + 1
            net = GuessingNet(input_weights[index], recurrent_weights[index], bias[index])
            return Guessing(True, guesses, guesses * batch, processed, net)
        processed += int(first_error.sum())
        guesses += count
    return Guessing(False, guesses, guesses * batch, processed, None)


def share_wrong(
    net: GuessingNet,
    inputs: torch.Tensor,
    targets: torch.Tensor,
    lengths: torch.Tensor,
    threshold: float = 0.2,
) -> float:
    """The share of sequences whose final output ``net`` gets ``threshold`` or more wrong."""
    outputs = run_nets(
        net.input_weights[None],
        net.recurrent_weights[None],
        net.bias[None],
        inputs.double(),
        lengths,
    )[0]
    return float(((outputs - targets[:, 0].double()).abs() >= threshold).double().mean())
