"""Chapter 1, the LSTM cell: the constant error carousel measured, and the gates at work.

Two experiments:

* ``error_flow`` — how much of an error injected at the last step reaches each earlier
  step, for an LSTM cell without forget gate (the 1997 carousel, with the 1997 truncated
  learning rule and with full backpropagation), a cell whose forget gate is free (at
  initialisation), and a tanh RNN (:func:`lstm.nn.diagnostics.error_flow`).
* ``gates_at_work`` — a small LSTM trained on :mod:`lstm.tasks.remember_forget`; its
  memory cell's gates are read off along a test stream.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import torch
from torch import nn

from lstm.nn.cells import LSTMCell, RNNCell
from lstm.nn.diagnostics import error_flow
from lstm.nn.layers import LSTM
from lstm.nn.models import Readout
from lstm.nn.train import fit, seed_everything
from lstm.reproduce.claims import Check, Claim, all_of, at_least, at_most
from lstm.reproduce.profiles import Profile
from lstm.reproduce.registry import Experiment
from lstm.tasks.remember_forget import remember_forget

CHAPTER = "book/01_lstm-cell"

#: The error-flow curves, by label: (cell, truncated 1997 rule?).
FLOW_CURVES = {
    "LSTM, no forget gate, 1997 truncated rule": ("no_forget", True),
    "LSTM, no forget gate, full BPTT": ("no_forget", False),
    "LSTM, forget gate at initialisation": ("vanilla", True),
    "tanh RNN": ("rnn", False),
}


def _flow_cell(kind: str, input_size: int, hidden_size: int) -> nn.Module:
    if kind == "rnn":
        return RNNCell(input_size, hidden_size)
    return LSTMCell(input_size, hidden_size, forget_gate=kind != "no_forget")


def run_error_flow(config: dict) -> dict:
    """Error flow against lag for every curve of :data:`FLOW_CURVES`, for every seed."""
    torch.set_num_threads(1)
    lags = _log_spaced_lags(config["lag"])
    curves: dict[str, list[list[float]]] = {label: [] for label in FLOW_CURVES}
    for seed in config["seeds"]:
        for label, (kind, truncated) in FLOW_CURVES.items():
            seed_everything(seed)
            cell = _flow_cell(kind, config["input_size"], config["hidden_size"]).double()
            inputs = torch.randn(
                config["batch"], config["lag"] + 1, config["input_size"], dtype=torch.float64
            )
            flow = error_flow(cell, inputs, truncated=truncated)
            curves[label].append([float(flow[lag]) for lag in lags])
    carousel = np.array(curves["LSTM, no forget gate, 1997 truncated rule"])
    full_bptt = np.array(curves["LSTM, no forget gate, full BPTT"])
    rnn = np.array(curves["tanh RNN"])
    return {
        "lags": lags,
        "curves": curves,
        "metrics": {
            "max_lag": lags[-1],
            "carousel_deviation": float(np.abs(carousel - 1).max()),
            "full_bptt_flow_at_max_lag": float(np.median(full_bptt[:, -1])),
            "rnn_flow_at_max_lag": float(rnn[:, -1].max()),
            "rnn_decay_per_step": _decay_per_step(lags, rnn),
        },
    }


def _log_spaced_lags(longest: int) -> list[int]:
    """About 40 lags from 0 to ``longest``, dense at short lags, sparse at long ones."""
    lags = np.unique(np.round(np.geomspace(1, longest, 40)).astype(int))
    return [0, *(int(lag) for lag in lags)]


def _decay_per_step(lags: list[int], flows: np.ndarray) -> float:
    """The factor r in flow(k) ~ r^k, fitted on every seed's curve where it is above 1e-300.

    The worst (largest) factor over seeds is returned, so one slow-decaying net is not
    hidden by the others.
    """
    factors = []
    for flow in flows:
        usable = (flow > 1e-300) & (np.array(lags) > 0)
        slope = np.polyfit(np.array(lags)[usable], np.log(flow[usable]), 1)[0]
        factors.append(math.exp(slope))
    return float(max(factors))


def run_gates_at_work(config: dict) -> dict:
    """Train one small LSTM per seed on remember-then-forget; read its memory cell's gates."""
    torch.set_num_threads(1)
    per_seed = [_train_and_read_gates(config, seed) for seed in config["seeds"]]
    solved = [run for run in per_seed if run["test_mse"] <= config["solved_mse"]]

    def median(key: str, runs: list[dict]) -> float:
        return float(np.median([run[key] for run in runs])) if runs else float("nan")

    return {
        "per_seed": [{k: v for k, v in run.items() if k != "example"} for run in per_seed],
        "example": per_seed[0]["example"],
        "metrics": {
            "success_rate": len(solved) / len(per_seed),
            "forget_gate_at_reset": median("forget_gate_at_reset", solved),
            "forget_gate_while_holding": median("forget_gate_while_holding", solved),
            "input_gate_at_store": median("input_gate_at_store", solved),
            "input_gate_elsewhere": median("input_gate_elsewhere", solved),
            "median_test_mse": median("test_mse", per_seed),
        },
    }


def _train_and_read_gates(config: dict, seed: int) -> dict:
    seed_everything(seed)
    hold, gap = tuple(config["hold"]), tuple(config["gap"])
    size = config["hidden_size"]
    model = Readout(LSTM(3, size), 1)
    with torch.no_grad():
        # Gers et al. (2000) start forget gates open and input gates shut (their
        # biases +0.5..+2 and -0.5..-2); we use the ends of those ranges.
        model.recurrent.bias_ih_l0[size : 2 * size] += config["forget_bias"]
        model.recurrent.bias_ih_l0[:size] += config["input_bias"]
    test = remember_forget(64, config["test_length"], seed=10_000 + seed, hold=hold, gap=gap)

    def batch(step: int):
        return remember_forget(
            config["batch"], config["length"], seed=seed * 1_000_003 + step, hold=hold, gap=gap
        )

    def loss(model: nn.Module, streams) -> torch.Tensor:
        return nn.functional.mse_loss(model(streams.inputs), streams.targets)

    fit(
        model,
        loss,
        batch,
        steps=config["steps"],
        lr=config["lr"],
        clip_norm=1.0,
        description=f"gates at work, seed {seed}",
    )
    model.eval()
    with torch.no_grad():
        test_mse = float(nn.functional.mse_loss(model(test.inputs), test.targets))
        (trace,) = model.recurrent.trace(test.inputs)
    unit = _memory_cell(trace["cell_state"], test.targets[..., 0])
    holding = (test.targets[..., 0] != 0) & ~test.store
    forget, inputs = trace["forget_gate"][..., unit], trace["input_gate"][..., unit]
    return {
        "seed": seed,
        "test_mse": test_mse,
        "memory_cell": unit,
        "forget_gate_at_reset": float(forget[test.forget].mean()),
        "forget_gate_while_holding": float(forget[holding].mean()),
        "input_gate_at_store": float(inputs[test.store].mean()),
        "input_gate_elsewhere": float(inputs[~test.store].mean()),
        "example": _example(test, model, trace, unit, config["example_length"]),
    }


def _memory_cell(cell_state: torch.Tensor, target: torch.Tensor) -> int:
    """The cell whose state follows the stored value most closely (largest |correlation|)."""
    correlations = []
    for unit in range(cell_state.shape[-1]):
        pair = torch.stack([cell_state[..., unit].flatten(), target.flatten()])
        correlations.append(abs(float(torch.corrcoef(pair)[0, 1])))
    return int(np.nanargmax(correlations))


def _example(test, model: nn.Module, trace: Mapping, unit: int, length: int) -> dict:
    """One test stream's first ``length`` steps, for the chapter's plot."""
    with torch.no_grad():
        prediction = model(test.inputs[:1, :length])[0, :, 0]

    def series(tensor: torch.Tensor) -> list[float]:
        return [round(float(v), 5) for v in tensor]

    return {
        "value": series(test.inputs[0, :length, 0]),
        "store": series(test.inputs[0, :length, 1]),
        "forget": series(test.inputs[0, :length, 2]),
        "target": series(test.targets[0, :length, 0]),
        "prediction": series(prediction),
        **{
            name: series(trace[name][0, :length, unit])
            for name in ("input_gate", "forget_gate", "output_gate", "cell_state")
        },
    }


#: The remember-then-forget setting shared by both profiles (they differ in seeds and steps).
GATES_AT_WORK = {
    "hidden_size": 4,
    "batch": 32,
    "length": 150,
    "test_length": 300,
    "example_length": 80,
    "hold": [10, 40],
    "gap": [2, 8],
    "lr": 0.01,
    "forget_bias": 2.0,
    "input_bias": -1.0,
}

EXPERIMENTS = [
    Experiment(
        name="error_flow",
        chapter=CHAPTER,
        configs={
            "smoke": {"seeds": [0, 1], "lag": 200, "batch": 4, "input_size": 4, "hidden_size": 16},
            "full": {
                "seeds": [0, 1, 2, 3, 4],
                "lag": 1000,
                "batch": 8,
                "input_size": 4,
                "hidden_size": 32,
            },
        },
        run=run_error_flow,
        baseline_tolerance={"carousel_deviation": 1e-9, "rnn_decay_per_step": 0.02},
    ),
    Experiment(
        name="gates_at_work",
        chapter=CHAPTER,
        configs={
            "smoke": {**GATES_AT_WORK, "seeds": [0, 1, 2], "steps": 600, "solved_mse": 0.01},
            "full": {**GATES_AT_WORK, "seeds": list(range(10)), "steps": 3000, "solved_mse": 0.005},
        },
        run=run_gates_at_work,
        baseline_tolerance={
            "success_rate": 0.34,
            "forget_gate_at_reset": 0.1,
            "forget_gate_while_holding": 0.1,
        },
    ),
]


def _carousel_test(metrics: Mapping[str, float], profile: Profile) -> Check:
    longest = profile.choose(smoke=200, full=1000)
    return all_of(
        at_least(metrics["max_lag"], longest, "longest lag measured"),
        at_most(
            metrics["carousel_deviation"], 1e-9, "largest |error flow - 1| through the carousel"
        ),
    )


def _vanishing_test(metrics: Mapping[str, float], profile: Profile) -> Check:
    return all_of(
        at_most(
            metrics["rnn_flow_at_max_lag"],
            profile.choose(smoke=1e-3, full=1e-6),
            "tanh RNN's error flow at the longest lag (worst seed)",
        ),
        at_most(metrics["rnn_decay_per_step"], 0.99, "fitted decay factor per step (worst seed)"),
    )


def _forget_gate_test(metrics: Mapping[str, float], profile: Profile) -> Check:
    if profile.is_smoke:
        return all_of(
            at_least(metrics["success_rate"], 2 / 3, "share of seeds that solve the task"),
            at_least(
                metrics["forget_gate_while_holding"] - metrics["forget_gate_at_reset"],
                0.4,
                "forget gate while holding minus at the reset (median)",
            ),
        )
    return all_of(
        at_least(metrics["success_rate"], 0.8, "share of seeds that solve the task"),
        at_most(metrics["forget_gate_at_reset"], 0.3, "forget gate at the reset (median)"),
        at_least(metrics["forget_gate_while_holding"], 0.8, "forget gate while holding (median)"),
    )


CLAIMS = [
    Claim(
        id="hochreiter1997.constant_error_carousel",
        paper="hochreiter1997",
        quote="LSTM can learn to bridge minimal time lags in excess of 1000 discrete-time "
        "steps by enforcing constant error flow through constant error carousels "
        "within special units.",
        paper_figure="error flow exactly 1 through the carousel, lags beyond 1,000",
        experiment="error_flow",
        criterion=_carousel_test,
        examples={
            "reproduced": {"max_lag": 1000, "carousel_deviation": 0.0},
            "not reproduced": {"max_lag": 1000, "carousel_deviation": 0.5},
        },
    ),
    Claim(
        id="hochreiter1997.decaying_error_backflow",
        paper="hochreiter1997",
        quote="Learning to store information over extended time intervals by recurrent "
        "backpropagation takes a very long time, mostly because of insufficient, "
        "decaying error backflow.",
        paper_figure="error flow vanishes exponentially with the lag (analysis, section 3)",
        experiment="error_flow",
        criterion=_vanishing_test,
        examples={
            "reproduced": {"rnn_flow_at_max_lag": 0.0, "rnn_decay_per_step": 0.65},
            "not reproduced": {"rnn_flow_at_max_lag": 0.2, "rnn_decay_per_step": 0.999},
        },
    ),
    Claim(
        id="gers2000.forget_gate_resets",
        paper="gers2000",
        quote='Our remedy is a novel, adaptive "forget gate" that enables an LSTM cell to '
        "learn to reset itself at appropriate times, thus releasing internal resources.",
        paper_figure="forget gates learn to reset cells at the ends of subsequences",
        experiment="gates_at_work",
        criterion=_forget_gate_test,
        examples={
            "reproduced": {
                "success_rate": 1.0,
                "forget_gate_at_reset": 0.1,
                "forget_gate_while_holding": 0.9,
            },
            "not reproduced": {
                "success_rate": 0.9,
                "forget_gate_at_reset": 0.9,
                "forget_gate_while_holding": 0.9,
            },
        },
    ),
]
