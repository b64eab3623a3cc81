"""Chapter 2's experiment: its config and everything that computes its numbers.

Only this file and the package modules it imports are code-hashed
(:func:`lstm.reproduce.results.code_hash`): what the page shows lives in ``show.py``,
the claims in ``claims.py``.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import torch
from torch import Tensor, nn

import lstm
from lstm.nn.diagnostics import error_flow
from lstm.nn.models import Readout
from lstm.nn.train import fit
from lstm.tasks.latching import latching_batch

_COMMON = {
    "rnn_hidden": 16,  # 321 parameters with the read-out
    "lstm_hidden": 8,  # 273 parameters with the read-out (the 1997 cell)
    # Hochreiter & Schmidhuber's remedy for internal state drift (1997, section 4):
    # the 1997 LSTM's input gates start mostly closed.
    "input_gate_bias": -3.0,
    "lr": 0.01,
    "batch": 32,
    "test_batch": 256,
    "information_length": 3,
    "noise": 0.2,  # the variance of the Gaussian noise, as in the 1997 paper's Exp 3
    "check_every": 25,
    "clip_norm": 1.0,
    "success_accuracy": 0.98,
    "flow_batch": 16,
}


CONFIG = {
    "smoke": {
        **_COMMON,
        "seeds": [0, 1],
        "lengths": [5, 20, 300],
        "max_steps": 150,
        "flow_trained_length": 20,
        "max_lag": 300,
    },
    "full": {
        **_COMMON,
        "seeds": [0, 1, 2],
        "lengths": [5, 10, 20, 50, 100, 200, 500, 1000],
        "max_steps": 200,
        "flow_trained_length": 20,
        "max_lag": 1000,
    },
}


TOLERANCE = {
    "rnn_factor_per_step_init": 0.05,
    "rnn_success_longest": 0.5,
    "lstm_success_min": 0.5,
}


KINDS = ("rnn", "lstm")


def build(kind: str, config: dict) -> Readout:
    """The chapter's classifier: a recurrent layer read out at its last step by one
    logistic unit (two classes).

    ``kind="rnn"``: :class:`lstm.RNN` with tanh units; ``kind="lstm"``: :class:`lstm.LSTM`
    with the switches of the 1997 cell (``lstm.VARIANTS["LSTM1997"]``: no forget gate, so
    the cell state is the constant error carousel), one bias per unit, input gates biased
    shut at the start (``config["input_gate_bias"]``) so that the carousel does not fill
    with noise and saturate before learning begins, and the cell input unbiased.
    """
    if kind not in KINDS:
        raise ValueError(f"expected kind in {KINDS}, got {kind!r}")
    if kind == "rnn":
        return Readout(lstm.RNN(1, config["rnn_hidden"], batch_first=True), 1, last_step_only=True)
    recurrent = lstm.LSTM(1, config["lstm_hidden"], batch_first=True, **lstm.VARIANTS["LSTM1997"])
    nn.init.zeros_(recurrent.bias_hh_l0)
    recurrent.set_gate_bias("input", config["input_gate_bias"])
    recurrent.set_gate_bias("cell", 0.0)
    return Readout(recurrent, 1, last_step_only=True)


def recurrent_cell(model: Readout) -> lstm.LSTMCell | lstm.RNNCell:
    """The recurrent cell of a model of :func:`build` in float64, for
    :func:`lstm.nn.diagnostics.error_flow`.

    The RNN runs on PyTorch's fused kernel, so its weights are copied into an
    :class:`lstm.RNNCell` (same equations, same parameter names without ``_l0``).
    """
    model = copy.deepcopy(model).double()
    if isinstance(model.recurrent, lstm.LSTM):
        return model.recurrent.cells()[0]
    cell = lstm.RNNCell(1, model.recurrent.hidden_size).double()
    with torch.no_grad():
        for name, parameter in cell.named_parameters():
            parameter.copy_(getattr(model.recurrent, f"{name}_l0"))
    return cell


def _error_flow_by_lag(
    cell: lstm.LSTMCell | lstm.RNNCell, max_lag: int, *, batch: int, seed: int
) -> Tensor:
    """:func:`lstm.nn.diagnostics.error_flow` of ``cell`` on latching-task inputs of
    ``max_lag + 1`` steps, in float64 so that flows down to 1e-300 are measured."""
    inputs = latching_batch(max_lag + 1, batch, seed).inputs.double()
    return error_flow(cell.double(), inputs)


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


def _train_latching(kind: str, length: int, seed: int, config: dict) -> dict:
    """Train one classifier on the latching task of length ``length`` (T) with
    :func:`lstm.nn.train.fit`.

    Adam on a fresh batch each step (``batch`` sequences); every ``check_every`` steps the
    accuracy on a fixed test set of ``test_batch`` sequences is measured, and success is
    test accuracy >= ``success_accuracy`` (training stops there). Returns success, steps
    and sequences to success, the final accuracy and the trained model.
    """
    torch.manual_seed(seed)
    model = build(kind, config)
    options = {
        "information_length": config["information_length"],
        "noise_variance": config["noise"],
    }
    test = latching_batch(length, config["test_batch"], _rng(seed, length, "test"), **options)

    def batch_fn(step: int):
        return latching_batch(length, config["batch"], _rng(seed, length, step), **options)

    def loss_fn(model: Readout, batch) -> Tensor:
        logits = model(batch.inputs).squeeze(1)
        return nn.functional.binary_cross_entropy_with_logits(logits, batch.labels.float())

    def evaluate(model: Readout) -> dict:
        predictions = (model(test.inputs).squeeze(1) > 0).long()
        return {"accuracy": (predictions == test.labels).float().mean().item()}

    history = fit(
        model,
        loss_fn,
        batch_fn,
        steps=config["max_steps"],
        lr=config["lr"],
        clip_norm=config["clip_norm"],
        evaluate=evaluate,
        eval_every=config["check_every"],
        success=lambda metrics: metrics["accuracy"] >= config["success_accuracy"],
        progress=False,
    )
    solved = history.solved_at is not None
    return {
        "solved": solved,
        "steps": history.steps,
        "sequences_to_success": history.steps * config["batch"] if solved else None,
        "accuracy": history.evaluations[-1]["accuracy"],
        "model": model,
    }


def _rng(seed: int, length: int, stream: int | str) -> np.random.Generator:
    """A generator for one (seed, length) pair and one stream (a step, or the test set)."""
    stream_id = -1 if stream == "test" else int(stream)
    return np.random.default_rng([seed, length, stream_id + 1])


def success_by_length(runs: list[dict], lengths: list[int]) -> dict[int, float]:
    """Share of runs that solved the task, per sequence length."""
    return {
        length: float(np.mean([run["solved"] for run in runs if run["length"] == length]))
        for length in lengths
    }


def collapse_length(success: dict[int, float], *, below: float = 0.5) -> int:
    """The shortest length from which on (for it and every longer length tried) the
    success rate stays below ``below``; 0 when the last length tried is still above it."""
    collapse = 0
    for length in sorted(success, reverse=True):
        if success[length] >= below:
            break
        collapse = length
    return collapse


def run(config: dict) -> dict:
    """The chapter's experiment: error flow by lag, then the latching task by length.

    Every model and seed is trained at every length; the error flow is measured at
    initialisation and on the models trained at ``flow_trained_length`` (first seed).
    """
    lengths, seeds = config["lengths"], config["seeds"]
    runs, trained = [], {}
    for kind in KINDS:
        for length in lengths:
            for seed in seeds:
                outcome = _train_latching(kind, length, seed, config)
                if length == config["flow_trained_length"] and seed == seeds[0]:
                    trained[kind] = outcome["model"]
                runs.append(
                    {"kind": kind, "length": length, "seed": seed}
                    | {key: value for key, value in outcome.items() if key != "model"}
                )

    flows, fits = {}, {}
    flow_options = {"batch": config["flow_batch"], "seed": seeds[0]}
    max_lag = config["max_lag"]
    for kind in KINDS:
        torch.manual_seed(seeds[0])
        initial = build(kind, config)
        for when, model in (("init", initial), ("trained", trained[kind])):
            flow = _error_flow_by_lag(recurrent_cell(model), max_lag, **flow_options)
            flows[f"{kind}_{when}"] = flow.tolist()
            if kind == "rnn":
                fits[when] = fit_exponential_decay(flow)
    torch.manual_seed(seeds[0])
    vanilla = lstm.LSTMCell(1, config["lstm_hidden"])
    flows["vanilla_lstm_init"] = _error_flow_by_lag(vanilla, max_lag, **flow_options).tolist()

    success = {
        kind: success_by_length([r for r in runs if r["kind"] == kind], lengths) for kind in KINDS
    }
    metrics = {
        "rnn_factor_per_step_init": fits["init"]["factor_per_step"],
        "rnn_r_squared_init": fits["init"]["r_squared"],
        "rnn_factor_per_step_trained": fits["trained"]["factor_per_step"],
        "rnn_r_squared_trained": fits["trained"]["r_squared"],
        "rnn_flow_at_max_lag_init": flows["rnn_init"][max_lag],
        "lstm_flow_at_max_lag_init": flows["lstm_init"][max_lag],
        "lstm_flow_at_max_lag_trained": flows["lstm_trained"][max_lag],
        "rnn_success_shortest": success["rnn"][lengths[0]],
        "rnn_success_longest": success["rnn"][lengths[-1]],
        "rnn_collapse_length": collapse_length(success["rnn"]),
        "lstm_success_min": min(success["lstm"].values()),
        "lstm_success_longest": success["lstm"][lengths[-1]],
        "longest_length": lengths[-1],
    }
    return {
        "metrics": metrics,
        "success": {kind: {str(k): v for k, v in rates.items()} for kind, rates in success.items()},
        "flows": flows,
        "fits": fits,
        "runs": runs,
    }
