"""Chapter 2: why plain recurrent nets forget (Hochreiter 1991; Bengio, Simard & Frasconi 1994).

Two measurements on one pair of networks, a tanh RNN and the 1997 LSTM:

* the error flow: the norm of the gradient of the output at the last step with respect to
  the input ``k`` steps earlier, for ``k`` up to 1,000, at initialisation and after
  training — for the RNN it shrinks by a constant factor per step (we fit the factor);
* Bengio et al.'s latching task (:mod:`lstm.tasks.latching`): the share of seeds that
  learn it, against the sequence length ``T``.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import torch
from torch import Tensor, nn

import lstm
from lstm.tasks.latching import latching_batch

KINDS = ("rnn", "lstm")


class Classifier(nn.Module):
    """A recurrent layer read out at its last step by one logistic unit (two classes).

    ``kind="rnn"``: :class:`lstm.RNN` with tanh units; ``kind="lstm"``: :class:`lstm.LSTM`
    with the switches of the 1997 cell (``lstm.VARIANTS["LSTM1997"]``: no forget gate, so
    the cell state is the constant error carousel).
    """

    def __init__(self, kind: str, hidden_size: int) -> None:
        super().__init__()
        if kind not in KINDS:
            raise ValueError(f"expected kind in {KINDS}, got {kind!r}")
        self.kind = kind
        if kind == "rnn":
            self.recurrent = lstm.RNN(1, hidden_size)
        else:
            self.recurrent = lstm.LSTM(1, hidden_size, **lstm.VARIANTS["LSTM1997"])
        self.readout = nn.Linear(hidden_size, 1)

    def forward(self, inputs: Tensor) -> Tensor:
        """Logit of class 1 for each sequence of ``inputs`` (batch, time, 1)."""
        output, _ = self.recurrent(inputs)
        return self.readout(output[:, -1]).squeeze(1)


def input_gradient_by_lag(model: Classifier, max_lag: int, *, batch: int, seed: int) -> Tensor:
    """Root-mean-square over ``batch`` sequences of d(output at the last step) / d(input
    ``k`` steps earlier), for ``k = 0 .. max_lag``, on latching-task inputs.

    Computed in float64 on a copy of the model, so that gradients down to 1e-300 are
    measured rather than flushed to zero.
    """
    model = copy.deepcopy(model).double()
    inputs = latching_batch(max_lag + 1, batch, seed).inputs.double().requires_grad_(True)
    model(inputs).sum().backward()
    gradient = inputs.grad[:, :, 0]  # (batch, time)
    rms = gradient.square().mean(0).sqrt()
    return rms.flip(0)  # index k = lag from the last step


def fit_exponential_decay(norms: Tensor, *, floor: float = 1e-280) -> dict[str, float]:
    """Least-squares fit of log10 norm = a + b k over the lags where the norm is above
    ``floor`` (k >= 1). Returns the factor per step 10**b, the lags per decade -1/b and
    the fit's r**2 on the log scale."""
    lags = torch.arange(len(norms), dtype=torch.float64)
    usable = (norms > floor) & (lags >= 1)
    k, y = lags[usable].numpy(), np.log10(norms[usable].numpy())
    if len(k) < 3:
        raise ValueError(f"expected at least 3 lags with a norm above {floor}, got {len(k)}")
    slope, intercept = np.polyfit(k, y, 1)
    residual = y - (intercept + slope * k)
    total = ((y - y.mean()) ** 2).sum()
    r_squared = 1.0 - (residual**2).sum() / total if total > 0 else 0.0
    return {
        "factor_per_step": float(10**slope),
        "lags_per_decade": float(-1 / slope) if slope < 0 else math.inf,
        "r_squared": float(r_squared),
        "fitted_lags": int(usable.sum()),
    }


def train_latching(kind: str, length: int, seed: int, config: dict) -> dict:
    """Train one classifier on the latching task of length ``length`` (T).

    Adam on fresh batches; every ``check_every`` updates the accuracy on a fixed test set
    of ``test_batch`` sequences is measured; success is test accuracy >= ``success_accuracy``
    (training stops there). Returns success, updates and sequences to success, final
    accuracy, and the trained model.
    """
    torch.manual_seed(seed)
    model = Classifier(kind, config["hidden"][kind])
    optimizer = torch.optim.Adam(model.parameters(), lr=config["lr"])
    rng = np.random.default_rng([seed, length])
    options = {"information_length": config["information_length"], "noise_std": config["noise"]}
    test_rng = np.random.default_rng([seed, length, 1])
    test = latching_batch(length, config["test_batch"], test_rng, **options)
    accuracy, updates = 0.0, 0
    for updates in range(1, config["max_updates"] + 1):
        batch = latching_batch(length, config["batch"], rng, **options)
        loss = nn.functional.binary_cross_entropy_with_logits(
            model(batch.inputs), batch.labels.float()
        )
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), config["clip_norm"])
        optimizer.step()
        if updates % config["check_every"] == 0:
            with torch.no_grad():
                accuracy = ((model(test.inputs) > 0).long() == test.labels).float().mean().item()
            if accuracy >= config["success_accuracy"]:
                break
    solved = accuracy >= config["success_accuracy"]
    return {
        "solved": solved,
        "updates": updates,
        "sequences_to_success": updates * config["batch"] if solved else None,
        "accuracy": accuracy,
        "model": model,
    }
