"""Training one sequence at a time, as in Greff et al.'s random search (2017).

Greff et al. trained every network of their study the same way: stochastic gradient
descent with Nesterov momentum, one weight update per sequence, Gaussian noise added to
the inputs during training, and early stopping on the validation set. The two networks
here are the ones of their tasks that need no CTC: a variant LSTM that predicts the next
step of a piano roll (JSB Chorales) and a bidirectional one that labels every frame of
speech (TIMIT).

This is the book's second training loop besides :func:`lstm.nn.train.fit`, which trains
on minibatches drawn by step: a random search of hundreds of small networks needs
whole epochs of single sequences, an evaluation after each epoch and nothing else (no
checkpoints: the sweep re-runs an interrupted trial whole).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from lstm.nn.cells import VARIANTS
from lstm.nn.layers import LSTM

TASKS = ("next_step", "framewise")


class Sequences(NamedTuple):
    """One split: inputs (each (steps, features)) and targets (next_step: the binary
    roll of the following steps; framewise: one class index per frame)."""

    inputs: Sequence[Tensor]
    targets: Sequence[Tensor]


class SequenceModel(nn.Module):
    """A one-layer LSTM of Greff's variant ``variant`` and a linear read-out of each step.

    ``task="next_step"``: the output at step ``t`` gives the logits of the 0/1 keys at step
    ``t + 1`` (one sigmoid per key); ``task="framewise"``: the LSTM is bidirectional and
    the output gives the logits of the frame's class (one softmax)."""

    def __init__(self, task: str, variant: str, inputs: int, hidden: int, outputs: int) -> None:
        super().__init__()
        if task not in TASKS:
            raise ValueError(f"expected a task from {TASKS}, got {task!r}")
        self.task = task
        bidirectional = task == "framewise"
        self.lstm = LSTM(
            inputs, hidden, bidirectional=bidirectional, batch_first=True, **VARIANTS[variant]
        )
        self.readout = nn.Linear(hidden * (2 if bidirectional else 1), outputs)

    def forward(self, x: Tensor) -> Tensor:
        """Logits (steps, outputs) for one sequence ``x`` (steps, inputs)."""
        h, _ = self.lstm(x.unsqueeze(0))
        return self.readout(h.squeeze(0))

    def loss(self, logits: Tensor, target: Tensor) -> Tensor:
        """The sequence's loss, summed over its steps, per step :meth:`cost`."""
        return self.cost(logits, target).sum()

    def cost(self, logits: Tensor, target: Tensor) -> Tensor:
        """Per step: next_step, the negative log-likelihood of the next step's keys, in
        nats, ``-sum_k [y_k log p_k + (1 - y_k) log(1 - p_k)]``; framewise, the
        cross-entropy of the frame's class."""
        if self.task == "next_step":
            return F.binary_cross_entropy_with_logits(logits, target, reduction="none").sum(1)
        return F.cross_entropy(logits, target, reduction="none")

    def errors(self, logits: Tensor, target: Tensor) -> Tensor:
        """Per step, the metric Greff et al. report: next_step, the negative
        log-likelihood; framewise, 1 for a misclassified frame, else 0."""
        if self.task == "next_step":
            return self.cost(logits, target)
        return (logits.argmax(1) != target).to(logits.dtype)


def evaluate(model: SequenceModel, split: Sequences) -> float:
    """The metric per step over every step of ``split`` (lower is better)."""
    total, steps = 0.0, 0
    with torch.no_grad():
        for x, y in zip(split.inputs, split.targets, strict=True):
            total += float(model.errors(model(x), y).sum())
            steps += len(y)
    return total / steps


class Trained(NamedTuple):
    """What :func:`train` measured: the validation and test metric at the best epoch
    (epoch 0 is the untrained network), that epoch, how many epochs ran, and whether the
    training diverged: a loss or validation metric that was not finite stopped it, and
    a best network whose test metric is not finite is replaced by the untrained one."""

    validation: float
    test: float
    best_epoch: int
    epochs: int
    diverged: bool


def train(
    model: SequenceModel,
    train_split: Sequences,
    validation: Sequences,
    test: Sequences,
    *,
    lr: float,
    momentum: float,
    noise: float,
    epochs: int,
    patience: int,
    generator: torch.Generator,
    on_epoch: Callable[[int, float], None] | None = None,
) -> Trained:
    """Train ``model`` on ``train_split``, one update per sequence in a shuffled order,
    by SGD with Nesterov momentum: ``v <- momentum v + g``, ``w <- w - lr (g + momentum v)``,
    the gradient ``g`` of the sequence's summed loss on its inputs plus Gaussian noise of
    standard deviation ``noise``. After each epoch the validation metric is measured;
    training stops after ``epochs``, or ``patience`` epochs without a better one, and the
    weights of the best epoch give the test metric. A run that diverges (see
    :class:`Trained`) scores what it scored before it diverged, or as the untrained
    network, so that every trial has a finite score."""
    if momentum <= 0 or momentum >= 1:
        raise ValueError(f"expected a momentum in (0, 1) for Nesterov momentum, got {momentum}")
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum, nesterov=True)
    untrained = (evaluate(model, validation), 0, copy.deepcopy(model.state_dict()))
    best = untrained
    epoch, diverged = 0, False
    while epoch < epochs and epoch - best[1] < patience and not diverged:
        epoch += 1
        for row in torch.randperm(len(train_split.inputs), generator=generator).tolist():
            x = train_split.inputs[row]
            if noise:
                x = x + noise * torch.randn(x.shape, generator=generator)
            loss = model.loss(model(x), train_split.targets[row])
            if not torch.isfinite(loss):
                diverged = True
                break
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        score = evaluate(model, validation) if not diverged else math.inf
        diverged = not math.isfinite(score)
        if on_epoch is not None:
            on_epoch(epoch, score)
        if score < best[0]:
            best = (score, epoch, copy.deepcopy(model.state_dict()))
    model.load_state_dict(best[2])
    score = evaluate(model, test)
    if not math.isfinite(score):  # weights on the edge of diverging: no usable network
        best, diverged = untrained, True
        model.load_state_dict(best[2])
        score = evaluate(model, test)
    return Trained(best[0], score, best[1], epoch, diverged)
