"""Chapter 1's claims: what the paper says, and how the numbers judge it."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from lstm.experiments.lstm_cell.experiment import CONFIG
from lstm.reproduce.claims import Check, Claim, all_of, at_least
from lstm.reproduce.profiles import Profile


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
