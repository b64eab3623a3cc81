"""Chapter 1's experiment: its config and everything that computes its numbers.

Only this file and the package modules it imports are code-hashed
(:func:`lstm.reproduce.results.code_hash`): what the page shows lives in ``show.py``,
the claims in ``claims.py``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

import numpy as np
import torch
from torch import nn

from lstm.nn.cells import LSTMCell, RNNCell
from lstm.nn.diagnostics import error_flow, parity_with_torch
from lstm.nn.layers import LSTM
from lstm.nn.models import Readout
from lstm.nn.train import fit, seed_everything
from lstm.tasks.remember_forget import remember_forget

#: The remember-then-forget setting shared by both profiles (they differ in seeds and steps).
_GATES_AT_WORK = {
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


#: ``seeds`` are the gates-at-work runs; the error flow is measured on the first
#: ``flow_seeds`` of them, for lags up to ``flow_lag``.
CONFIG = {
    "smoke": {
        "seeds": [0, 1, 2],
        "flow_seeds": 2,
        "flow_lag": 200,
        "flow_batch": 4,
        "flow_input_size": 4,
        "flow_hidden_size": 16,
        **_GATES_AT_WORK,
        "steps": 600,
        "solved_mse": 0.01,
    },
    "full": {
        "seeds": list(range(10)),
        "flow_seeds": 5,
        "flow_lag": 1000,
        "flow_batch": 8,
        "flow_input_size": 4,
        "flow_hidden_size": 32,
        **_GATES_AT_WORK,
        "steps": 3000,
        "solved_mse": 0.005,
    },
}


TOLERANCE = {
    "carousel_deviation": 1e-9,
    "rnn_decay_per_step": 0.02,
    "success_rate": 0.34,
    "forget_gate_at_reset": 0.1,
    "forget_gate_while_holding": 0.1,
}


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


def _error_flow_curves(config: dict) -> dict:
    """Error flow against lag for every curve of :data:`FLOW_CURVES`, for each of the
    first ``flow_seeds`` seeds."""
    lags = _log_spaced_lags(config["flow_lag"])
    curves: dict[str, list[list[float]]] = {label: [] for label in FLOW_CURVES}
    for seed in config["seeds"][: config["flow_seeds"]]:
        for label, (kind, truncated) in FLOW_CURVES.items():
            seed_everything(seed)
            cell = _flow_cell(kind, config["flow_input_size"], config["flow_hidden_size"])
            inputs = torch.randn(
                config["flow_batch"],
                config["flow_lag"] + 1,
                config["flow_input_size"],
                dtype=torch.float64,
            )
            flow = error_flow(cell.double(), inputs, truncated=truncated)
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


def _gates_at_work(config: dict) -> dict:
    """Train one small LSTM per seed on remember-then-forget; read its memory cell's gates.

    The example stream shown is that of the solved seed whose memory cell follows the
    stored value most closely."""
    per_seed = [_train_and_read_gates(config, seed) for seed in config["seeds"]]
    solved = [run for run in per_seed if run["test_mse"] <= config["solved_mse"]]
    clearest = max(solved or per_seed, key=lambda run: run["memory_cell_correlation"])

    def median(key: str, runs: list[dict]) -> float:
        return float(np.median([run[key] for run in runs])) if runs else float("nan")

    return {
        "per_seed": [{k: v for k, v in run.items() if k != "example"} for run in per_seed],
        "example": clearest["example"] | {"seed": clearest["seed"]},
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
    model = Readout(LSTM(3, config["hidden_size"], batch_first=True), 1)
    # Gers et al. (2000) start forget gates open and input gates shut (their biases
    # +0.5..+2 and -0.5..-2); we use the ends of those ranges.
    model.recurrent.set_gate_bias("forget", config["forget_bias"])
    model.recurrent.set_gate_bias("input", config["input_bias"])
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
    unit, correlation = _memory_cell(trace["cell_state"], test.targets[..., 0])
    holding = (test.targets[..., 0] != 0) & ~test.store
    forget, inputs = trace["forget_gate"][..., unit], trace["input_gate"][..., unit]
    return {
        "seed": seed,
        "test_mse": test_mse,
        "memory_cell": unit,
        "memory_cell_correlation": correlation,
        "forget_gate_at_reset": float(forget[test.forget].mean()),
        "forget_gate_while_holding": float(forget[holding].mean()),
        "input_gate_at_store": float(inputs[test.store].mean()),
        "input_gate_elsewhere": float(inputs[~test.store].mean()),
        "example": _example(test, model, trace, unit, config["example_length"]),
    }


def _memory_cell(cell_state: torch.Tensor, target: torch.Tensor) -> tuple[int, float]:
    """The cell whose state follows the stored value most closely, and the |correlation|
    of its state with the stored value."""
    correlations = []
    for unit in range(cell_state.shape[-1]):
        pair = torch.stack([cell_state[..., unit].flatten(), target.flatten()])
        correlations.append(abs(float(torch.corrcoef(pair)[0, 1])))
    unit = int(np.nanargmax(correlations))
    return unit, correlations[unit]


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


def run(config: dict) -> dict:
    """The chapter's experiment: parity with PyTorch, the error flow by lag, and the gates
    of a small LSTM trained on remember-then-forget."""
    flow = _error_flow_curves(config)
    gates = _gates_at_work(config)
    with warnings.catch_warnings():  # torch notes that oneDNN leaves out projections
        warnings.filterwarnings("ignore", "LSTM with projections is not supported")
        parity = parity_with_torch()
    return {
        "metrics": flow.pop("metrics") | gates.pop("metrics"),
        **flow,
        **gates,
        "parity": parity,
    }
