"""Chapter 1, the LSTM cell (Hochreiter & Schmidhuber 1997; Gers, Schmidhuber & Cummins
2000): the constant error carousel measured, and the gates at work.

One experiment in three parts:

* parity — the package's LSTM against ``torch.nn.LSTM`` with copied weights
  (:func:`lstm.nn.diagnostics.parity_with_torch`);
* error flow — how much of an error injected at the last step reaches each earlier step,
  for an LSTM cell without forget gate (the 1997 carousel, with the 1997 truncated
  learning rule and with full backpropagation), a cell whose forget gate is free (at
  initialisation), and a tanh RNN (:func:`lstm.nn.diagnostics.error_flow`);
* gates at work — a small LSTM trained on :mod:`lstm.tasks.remember_forget`; its memory
  cell's gates are read off along a test stream.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import torch
from matplotlib.figure import Figure
from torch import nn

from lstm.nn.cells import LSTMCell, RNNCell
from lstm.nn.diagnostics import error_flow, parity_with_torch
from lstm.nn.layers import LSTM
from lstm.nn.models import Readout
from lstm.nn.train import fit, seed_everything
from lstm.reproduce.claims import Check, Claim, all_of, at_least, at_most  # noqa: F401
from lstm.reproduce.figures import book_figure, legend_below
from lstm.reproduce.profiles import Profile
from lstm.reproduce.report import Table
from lstm.tasks.remember_forget import remember_forget

if TYPE_CHECKING:
    from lstm.reproduce.results import Result

#: The paper's own figure: the carousel bridges lags in excess of 1,000 steps (Hochreiter &
#: Schmidhuber 1997, abstract), passing the error back with weight exactly 1 (section 3).
PAPER = {"lag_bridged": 1000}

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
    model = Readout(LSTM(3, config["hidden_size"]), 1)
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


def tables(result: Result) -> dict[str, Table]:
    """``parity`` (our LSTM against PyTorch's), ``error_flow`` (the paper's figures beside
    ours) and ``gates`` (the memory cell's gates, per seed)."""
    metrics, lag = result.metrics, f"{result.metrics['max_lag']:,}"
    flow_rows = [
        {
            "quantity": "largest |error flow − 1| through the carousel, any lag",
            "paper": "0 (constant by construction)",
            "ours": metrics["carousel_deviation"],
        },
        {
            "quantity": f"same cell, full BPTT: error flow at lag {lag} (median)",
            "paper": "not constant: hence the truncation",
            "ours": metrics["full_bptt_flow_at_max_lag"],
        },
        {
            "quantity": f"tanh RNN: error flow at lag {lag} (worst seed)",
            "paper": "vanishes exponentially",
            "ours": metrics["rnn_flow_at_max_lag"],
        },
        {
            "quantity": "tanh RNN: fitted decay factor per step (worst seed)",
            "paper": "< 1",
            "ours": metrics["rnn_decay_per_step"],
        },
    ]
    return {
        "parity": Table(
            result.data["parity"],
            {
                "shape": "layer",
                "parameters": "parameters",
                "output_gap": "fused: output gap",
                "gradient_gap": "fused: gradient gap",
                "loop_output_gap": "compiled loop: output gap",
                "step_output_gap": "step loop: output gap",
            },
        ),
        "error_flow": Table(flow_rows, {"quantity": "quantity", "paper": "paper", "ours": "ours"}),
        "gates": Table(
            result.data["per_seed"],
            {
                "seed": "seed",
                "test_mse": "test MSE",
                "memory_cell_correlation": "memory cell follows value (|r|)",
                "input_gate_at_store": "input gate at store",
                "input_gate_elsewhere": "input gate elsewhere",
                "forget_gate_while_holding": "forget gate while holding",
                "forget_gate_at_reset": "forget gate at forget marker",
            },
        ),
    }


def figures(result: Result) -> dict[str, Figure]:
    """``error_flow`` (the four curves against the lag) and ``gates_at_work`` (one test
    stream: the task, the memory cell's gates and its state)."""
    return {"error_flow": _error_flow_figure(result), "gates_at_work": _gates_figure(result)}


def _error_flow_figure(result: Result) -> Figure:
    lags = np.array(result.data["lags"])
    figure, axes = book_figure(height=4.2)
    ax = axes[0, 0]
    styles = ["-", "--", "-.", ":"]
    for (label, curves), style in zip(result.data["curves"].items(), styles, strict=True):
        median = np.median(np.array(curves), axis=0)
        ax.plot(lags[1:], median[1:], style, lw=2, label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(1e-30, 1e6)
    ax.set_xlabel("lag k (time steps back from the error)")
    ax.set_ylabel("error flow / flow at lag 0")
    ax.set_title("Error flow back through time (median over seeds)")
    legend_below(figure, ncols=2)
    return figure


def _gates_figure(result: Result) -> Figure:
    example = result.data["example"]
    steps = np.arange(len(example["value"]))
    figure, axes = book_figure(3, 1, height=7.0)
    signal, gates, cell = axes[:, 0]
    for ax in (gates, cell):
        ax.sharex(signal)
    for ax in axes[:, 0]:
        for marker, colour in (("store", "tab:green"), ("forget", "tab:red")):
            for t in steps[np.array(example[marker]) > 0]:
                ax.axvline(t, color=colour, lw=1, alpha=0.6, label=f"{marker} marker")
        ax.label_outer()
    signal.plot(steps, example["value"], color="0.7", lw=0.8, label="input value")
    signal.plot(steps, example["target"], color="k", label="target: the stored value")
    signal.plot(steps, example["prediction"], color="tab:blue", ls="--", label="LSTM output")
    signal.set_ylabel("value")
    for name, colour in (
        ("input_gate", "tab:green"),
        ("forget_gate", "tab:red"),
        ("output_gate", "tab:purple"),
    ):
        gates.plot(steps, example[name], color=colour, label=name.replace("_", " "))
    gates.set_ylabel("gate activation")
    gates.set_ylim(-0.05, 1.05)
    # The cell holds the value up to a scale (and sign) of its own: the stored value is
    # drawn scaled by the least-squares factor, so that holding shows as the two lines
    # running together.
    state, target = np.array(example["cell_state"]), np.array(example["target"])
    scale = float(state @ target / (target @ target)) if target.any() else 0.0
    cell.plot(steps, state, color="tab:orange", lw=2, label="cell state")
    cell.plot(steps, scale * target, color="k", ls=":", label=f"stored value × {scale:.2g}")
    cell.set_ylabel("cell state")
    cell.set_xlabel("time step")
    signal.set_title(f"One test stream (seed {example['seed']})")
    legend_below(figure, ncols=3)
    return figure


def _lstm_cell_evidence(data: Mapping) -> dict[str, tuple]:
    # Per-seed series from the stored curves and runs: the error flow at each of the
    # first flow seeds, the gates of the memory cell at every gates-at-work seed.
    lags = np.array(data["lags"])
    carousel = np.array(data["curves"]["LSTM, no forget gate, 1997 truncated rule"])
    rnn = np.array(data["curves"]["tanh RNN"])
    decay = []
    for flow in rnn:
        usable = (flow > 1e-300) & (lags > 0)
        slope = np.polyfit(lags[usable], np.log(flow[usable]), 1)[0]
        decay.append(float(math.exp(slope)))
    runs = data["per_seed"]
    return {
        "carousel_deviation_by_seed": tuple(float(v) for v in np.abs(carousel - 1).max(1)),
        "rnn_flow_at_max_lag_by_seed": tuple(float(v) for v in rnn[:, -1]),
        "rnn_decay_per_step_by_seed": tuple(decay),
        "test_mse_by_seed": tuple(float(run["test_mse"]) for run in runs),
        "forget_gate_at_reset_by_seed": tuple(float(run["forget_gate_at_reset"]) for run in runs),
        "forget_gate_while_holding_by_seed": tuple(
            float(run["forget_gate_while_holding"]) for run in runs
        ),
    }


def _carousel_test(metrics: Mapping[str, float], profile: Profile) -> Check:
    from lstm.reproduce import claims

    longest = profile.choose(smoke=200, full=1000)
    return all_of(
        at_least(metrics["max_lag"], longest, "longest lag measured"),
        claims.at_every_seed(
            metrics["carousel_deviation_by_seed"],
            1e-9,
            "largest |error flow - 1| through the carousel",
            below=True,
        ),
    )


def _vanishing_test(metrics: Mapping[str, float], profile: Profile) -> Check:
    from lstm.reproduce import claims

    return all_of(
        claims.at_every_seed(
            metrics["rnn_flow_at_max_lag_by_seed"],
            profile.choose(smoke=1e-3, full=1e-6),
            "tanh RNN's error flow at the longest lag",
            below=True,
        ),
        claims.at_every_seed(
            metrics["rnn_decay_per_step_by_seed"], 0.99, "fitted decay factor per step", below=True
        ),
    )


def _forget_gate_solved(metrics: Mapping[str, float], profile: Profile) -> Check:
    # The arm trained where its net solved the task (test MSE at most the config's
    # solved_mse); the gates are judged at those seeds only.
    from lstm.reproduce import claims

    solved_mse = profile.choose(
        smoke=CONFIG["smoke"]["solved_mse"], full=CONFIG["full"]["solved_mse"]
    )
    mse = metrics["test_mse_by_seed"]
    return claims.enough_seeds(
        [i for i, value in enumerate(mse) if value <= solved_mse],
        len(mse),
        f"the net did not solve the task (test MSE above {solved_mse})",
    )


def _forget_gate_test(metrics: Mapping[str, float], profile: Profile) -> Check:
    # Every solved seed's memory cell must reset with its forget gate (a median over seeds
    # would hide the seeds that solve the task another way).
    from lstm.reproduce import claims

    solved_mse = profile.choose(
        smoke=CONFIG["smoke"]["solved_mse"], full=CONFIG["full"]["solved_mse"]
    )
    mse = metrics["test_mse_by_seed"]
    judged = [i for i, value in enumerate(mse) if value <= solved_mse]
    reset = [metrics["forget_gate_at_reset_by_seed"][i] for i in judged]
    holding = [metrics["forget_gate_while_holding_by_seed"][i] for i in judged]
    solved = at_least(
        len(judged) / len(mse),
        profile.choose(smoke=2 / 3, full=0.8),
        f"share of seeds that solve the task ({len(judged)} of {len(mse)})",
    )
    if profile.is_smoke:
        return all_of(
            solved,
            claims.at_every_seed(
                [h - r for h, r in zip(holding, reset, strict=True)],
                0.4,
                "forget gate while holding minus at the reset",
            ),
        )
    return all_of(
        solved,
        claims.at_every_seed(reset, 0.3, "forget gate at the reset", below=True),
        claims.at_every_seed(holding, 0.8, "forget gate while holding"),
    )


def _constant_error_carousel_in_words(metrics: Mapping[str, float], profile: Profile) -> str:
    # What the carousel passed back, in words: the seeds at which the error arrived
    # unchanged (within 1e-9 of a flow of 1) at every lag measured.
    from lstm.reproduce import claims

    deviations = metrics["carousel_deviation_by_seed"]
    n, exact = len(deviations), sum(value <= 1e-9 for value in deviations)
    every = {1: "at the one seed", 2: "at both seeds", 3: "at all three seeds"}
    every |= {4: "at all four seeds", 5: "at all five seeds"}
    if exact == n:
        where = every.get(n, f"at all {n} seeds")
    else:
        where = f"at {exact} of {n} seeds"
    lag = metrics.get("max_lag")
    span = f"every lag up to {claims.format_number(lag)} steps" if lag else "every lag measured"
    text = (
        f"The error sent back through the 1997 carousel arrived unchanged (to within 1e-9) "
        f"at {span} {where}"
    )
    if exact < n:
        worst = float(f"{max(deviations):.2g}")
        text += f", and was off by up to {claims.format_number(worst)} at the others"
    return f"{text}; the paper claims lags beyond 1,000 steps."


def _decaying_error_backflow_in_words(metrics: Mapping[str, float], profile: Profile) -> str:
    # The tanh RNN's fitted factor per step and what was left of its error at the longest
    # lag, over the seeds measured.
    from lstm.reproduce import claims

    factors = metrics["rnn_decay_per_step_by_seed"]
    flows = metrics["rnn_flow_at_max_lag_by_seed"]
    n = len(factors)

    def number(value: float) -> str:
        return claims.format_number(float(f"{value:.2g}"))

    every = {1: "At the one seed", 2: "At both seeds", 3: "At all three seeds"}
    every |= {4: "At all four seeds", 5: "At all five seeds"}
    where = every.get(n, f"At all {n} seeds")
    low, high = (claims.format_number(value) for value in (min(factors), max(factors)))
    factor = low if low == high else f"{low} to {high}"
    change = "shrank" if max(factors) < 1 else "changed"
    lag = metrics.get("max_lag")
    at = f"by lag {claims.format_number(lag)}" if lag else "by the longest lag"
    if max(flows) == 0:
        left = f"{at} it had vanished to exactly zero in double precision"
    else:
        left = f"{at} at most {number(max(flows))} of it was left"
    return (
        f"{where} a tanh RNN's error {change} by a factor of {factor} per step, and "
        f"{left}; the paper predicts exponential decay."
    )


def _forget_gate_resets_in_words(metrics: Mapping[str, float], profile: Profile) -> str:
    # The memory cell's forget gate at the forget marker and while a value is held, at
    # the seeds whose nets solved the task (test MSE at most the profile's solved_mse).
    from lstm.reproduce import claims

    solved_mse = profile.choose(
        smoke=CONFIG["smoke"]["solved_mse"], full=CONFIG["full"]["solved_mse"]
    )
    mse = metrics["test_mse_by_seed"]
    n = len(mse)
    judged = [i for i, value in enumerate(mse) if value <= solved_mse]
    reset = [metrics["forget_gate_at_reset_by_seed"][i] for i in judged]
    holding = [metrics["forget_gate_while_holding_by_seed"][i] for i in judged]
    words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 10: "ten"}

    def number(value: float) -> str:
        return claims.format_number(float(f"{value:.2g}"))

    def span(values) -> str:
        low, high = number(min(values)), number(max(values))
        return low if low == high else f"{low} to {high}"

    def listed(values) -> str:
        texts = [number(value) for value in values]
        return texts[0] if len(texts) == 1 else f"{', '.join(texts[:-1])} and {texts[-1]}"

    if not judged:
        return (
            f"None of the {n} seeds' nets solved the remember-then-forget task (test error at "
            f"most {claims.format_number(solved_mse)}), so no memory cell's forget gate was read."
        )
    if len(judged) == n:
        solved = f"All {words.get(n, n)} seeds' nets solved the remember-then-forget task"
    else:
        only = "Only " if len(judged) < 2 else ""
        solved = f"{only}{len(judged)} of {n} seeds' nets solved the remember-then-forget task"
    if profile.is_smoke:
        drops = [h - r for h, r in zip(holding, reset, strict=True)]
        return (
            f"{solved}; their memory cell's forget gate was {span(holding)} while a value was "
            f"held and {span(reset)} at the forget marker, at least {number(min(drops))} lower."
        )
    clean = [r <= 0.3 and h >= 0.8 for r, h in zip(reset, holding, strict=True)]
    if all(clean):
        each = "at each of them" if len(judged) > 1 else "there"
        return (
            f"{solved}, and {each} the memory cell's forget gate fell to {span(reset)} at the "
            f"forget marker and stayed at {span(holding)} while a value was held."
        )
    rest = [i for i, flag in enumerate(clean) if not flag]
    others = f"{'the other' if sum(clean) else 'all'} {words.get(len(rest), len(rest))}"
    return (
        f"{solved}; at {sum(clean)} of them the memory cell's forget gate was at most 0.3 at "
        f"the forget marker and at least 0.8 while holding a value, but at {others} it was "
        f"{listed([reset[i] for i in rest])} at the marker and "
        f"{listed([holding[i] for i in rest])} while holding."
    )


CLAIMS = [
    Claim(
        id="hochreiter1997.constant_error_carousel",
        paper="hochreiter1997",
        quote="LSTM can learn to bridge minimal time lags in excess of 1000 discrete-time "
        "steps by enforcing constant error flow through constant error carousels "
        "within special units.",
        paper_figure="error flow exactly 1 through the carousel, lags beyond 1,000",
        experiment="lstm_cell",
        criterion=_carousel_test,
        summary=_constant_error_carousel_in_words,
        evidence=_lstm_cell_evidence,
        examples={
            "reproduced": {"max_lag": 1000, "carousel_deviation_by_seed": (0.0, 0.0)},
            "not reproduced": {"max_lag": 1000, "carousel_deviation_by_seed": (0.0, 0.5)},
        },
    ),
    Claim(
        id="hochreiter1997.decaying_error_backflow",
        paper="hochreiter1997",
        quote="Learning to store information over extended time intervals by recurrent "
        "backpropagation takes a very long time, mostly because of insufficient, "
        "decaying error backflow.",
        paper_figure="error flow vanishes exponentially with the lag (analysis, section 3)",
        experiment="lstm_cell",
        criterion=_vanishing_test,
        summary=_decaying_error_backflow_in_words,
        evidence=_lstm_cell_evidence,
        examples={
            "reproduced": {
                "rnn_flow_at_max_lag_by_seed": (0.0, 0.0),
                "rnn_decay_per_step_by_seed": (0.6, 0.65),
            },
            "not reproduced": {
                "rnn_flow_at_max_lag_by_seed": (0.0, 0.2),
                "rnn_decay_per_step_by_seed": (0.6, 0.999),
            },
        },
    ),
    Claim(
        id="gers2000.forget_gate_resets",
        paper="gers2000",
        quote='Our remedy is a novel, adaptive "forget gate" that enables an LSTM cell to '
        "learn to reset itself at appropriate times, thus releasing internal resources.",
        paper_figure="forget gates learn to reset cells at the ends of subsequences",
        experiment="lstm_cell",
        criterion=_forget_gate_test,
        summary=_forget_gate_resets_in_words,
        testable=_forget_gate_solved,
        evidence=_lstm_cell_evidence,
        examples={
            "reproduced": {
                "test_mse_by_seed": (0.001, 0.001, 0.001),
                "forget_gate_at_reset_by_seed": (0.1, 0.05, 0.1),
                "forget_gate_while_holding_by_seed": (0.9, 0.95, 0.9),
            },
            "not reproduced": {
                "test_mse_by_seed": (0.001, 0.001, 0.001),
                "forget_gate_at_reset_by_seed": (0.1, 0.6, 0.1),
                "forget_gate_while_holding_by_seed": (0.9, 0.7, 0.9),
            },
            "not tested": {
                "test_mse_by_seed": (0.001, 0.5, 0.5),
                "forget_gate_at_reset_by_seed": (0.1, 0.6, 0.1),
                "forget_gate_while_holding_by_seed": (0.9, 0.7, 0.9),
            },
        },
    ),
]
