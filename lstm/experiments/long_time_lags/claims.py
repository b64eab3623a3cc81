"""Chapter 3's claims: what the paper says, and how the numbers judge it."""

from __future__ import annotations

from collections.abc import Mapping

from lstm.experiments.long_time_lags.experiment import GUESSING
from lstm.reproduce.claims import Check, Claim, all_of, at_least
from lstm.reproduce.profiles import Profile


def _lags_evidence(data: Mapping) -> dict[str, tuple]:
    # Per seed, from the stored runs (1 solved, 0 not): the better of the two LSTMs in its
    # worst setting, the RNN in its best, the 1997 LSTM on its worst task at the longest
    # lag; and, where guessing ran, each seed's sequences for the guesser and the 1997 LSTM.
    runs = [run for run in data["runs"] if "seed" in run]
    seeds = sorted({run["seed"] for run in runs})
    solved = {(r["task"], r["lag"], r["model"], r["seed"]): r for r in runs}
    settings = sorted({(r["task"], r["lag"]) for r in runs})

    def flags(task: str, lag: int, model: str) -> tuple:
        # The 1997 LSTM's input-gate bias was chosen on trial runs of seed 0 on the adding
        # problem at T = 1,000: that seed is left out of that setting.
        probe = (task, lag, model) == ("adding", 1000, "LSTM1997")
        found = [solved.get((task, lag, model, seed)) for seed in seeds if not probe or seed]
        return tuple(float(bool(run and run["solved"])) for run in found)

    def share(flags: tuple) -> float:
        return sum(flags) / len(flags)

    def ran(task: str, lag: int, model: str) -> bool:
        return any((task, lag, model, seed) in solved for seed in seeds)

    lstm = [
        max(
            (flags(task, lag, model) for model in ("LSTM1997", "LSTM") if ran(task, lag, model)),
            key=share,
        )
        for task, lag in settings
        if ran(task, lag, "LSTM1997") or ran(task, lag, "LSTM")
    ]
    rnn = [flags(task, lag, "RNN") for task, lag in settings if ran(task, lag, "RNN")]
    longest = max(lag for task, lag in settings if ran(task, lag, "LSTM1997"))
    at_longest = [
        flags(task, lag, "LSTM1997")
        for task, lag in settings
        if lag == longest and ran(task, lag, "LSTM1997")
    ]
    evidence = {
        "lstm_solved_in_worst_setting_by_seed": min(lstm, key=share),
        "rnn_solved_in_best_setting_by_seed": max(rnn, key=share),
        "lstm1997_solved_at_longest_lag_by_seed": min(at_longest, key=share),
        "settings_with_rnn": (float(len(rnn)),),
        "settings_with_lstm": (float(len(lstm)),),
    }
    guessed = [(task, lag) for task, lag in settings if ran(task, lag, GUESSING)]
    if guessed:
        task, lag = guessed[0]
        pairs = [
            (solved[(task, lag, GUESSING, seed)], solved.get((task, lag, "LSTM1997", seed)))
            for seed in seeds
            if (task, lag, GUESSING, seed) in solved
        ]
        evidence |= {
            "guessing_solved_by_seed": tuple(float(bool(g["solved"])) for g, _ in pairs),
            "guessing_lstm1997_solved_by_seed": tuple(
                float(bool(m and m["solved"])) for _, m in pairs
            ),
            "guessing_sequences_by_seed": tuple(
                float(g.get("sequences_to_first_error") or 0) for g, _ in pairs
            ),
            "guessing_lstm1997_sequences_by_seed": tuple(
                float((m or {}).get("sequences") or 0) for _, m in pairs
            ),
        }
    return evidence


def _lstm_solves_every_task(metrics: Mapping[str, float], profile: Profile) -> Check:
    # The paper: every task solved, in every run (Exp 2a: 100% of runs). We ask the better
    # of our two LSTMs to succeed at every seed in every setting, as registered before
    # the first full result (smoke: half the seeds).
    from lstm.reproduce import claims

    solved = metrics["lstm_solved_in_worst_setting_by_seed"]
    bound = profile.choose(smoke=0.5, full=1.0)
    settings = int(metrics["settings_with_lstm"][0])
    return claims.Check(
        passed=sum(solved) / len(solved) >= bound,
        measured=(
            f"the better LSTM solved its worst of {settings} settings "
            f"{claims.seeds_phrase(int(sum(solved)), len(solved))}"
        ),
        required=f"the better LSTM solves every setting at a share ≥ {bound:g} of the seeds",
    )


def _rnn_fails(metrics: Mapping[str, float], profile: Profile) -> Check:
    from lstm.reproduce import claims

    if profile.is_smoke:
        return at_least(
            metrics["lstm_min_success_rate"] - metrics["rnn_max_success_rate"],
            0.5,
            "LSTM's worst success rate minus the RNN's best",
        )
    solved = metrics["rnn_solved_in_best_setting_by_seed"]
    settings = int(metrics["settings_with_rnn"][0])
    return claims.none_of(
        int(sum(solved)), len(solved), f"tanh RNN solved its best of {settings} settings"
    )


def _long_lags_bridged(metrics: Mapping[str, float], profile: Profile) -> Check:
    # The paper: lags in excess of 1,000. Full profile: lags of 1,000 were tried, and the
    # 1997 LSTM succeeded there at every seed on every task tried at that lag. Smoke (the
    # adding problem at T = 200): every seed of the 1997 LSTM solved it.
    from lstm.reproduce import claims

    return all_of(
        at_least(
            metrics["lstm1997_longest_lag_tried"],
            profile.choose(smoke=200, full=1000),
            "longest lag tried",
        ),
        claims.at_every_seed(
            metrics["lstm1997_solved_at_longest_lag_by_seed"],
            1.0,
            "1997 LSTM solved (1) or not (0) its worst task at that lag",
        ),
    )


def _guessing_trained(metrics: Mapping[str, float], profile: Profile) -> Check:
    # Both arms must have found a solution at a seed for its sequences to be compared.
    from lstm.reproduce import claims

    guess = metrics["guessing_solved_by_seed"]
    lstm = metrics["guessing_lstm1997_solved_by_seed"]
    return claims.enough_seeds(
        claims.judged_seeds(
            {"guessing": [bool(v) for v in guess], "LSTM": [bool(v) for v in lstm]}
        ),
        len(guess),
        "the guesser or the 1997 LSTM found no solution within its cap",
    )


def _guessing_faster(metrics: Mapping[str, float], profile: Profile) -> Check:
    # Table 4's caption: random weight guessing solves Exp 3's easy variant "faster than
    # LSTM". Faster read as fewer sequences processed: a guesser drops each guess at its
    # first misclassified sequence, the LSTM counts its training sequences to success;
    # compared seed by seed where both succeeded (every seed or a paired test, beyond the
    # seeds' spread).
    from lstm.reproduce import claims

    judged = claims.judged_seeds(
        {
            "guessing": [bool(v) for v in metrics["guessing_solved_by_seed"]],
            "LSTM": [bool(v) for v in metrics["guessing_lstm1997_solved_by_seed"]],
        }
    )
    guess = [metrics["guessing_sequences_by_seed"][i] for i in judged]
    lstm = [metrics["guessing_lstm1997_sequences_by_seed"][i] for i in judged]
    return claims.consistent(
        [-value for value in guess],
        [-value for value in lstm],
        "sequences saved by guessing over the 1997 LSTM (LSTM's minus the guesser's)",
    )


def _solves_long_lag_tasks_in_words(metrics: Mapping[str, float], profile: Profile) -> str:
    # The better of the two LSTMs in its worst setting, seed by seed.
    from lstm.reproduce import claims

    solved = metrics["lstm_solved_in_worst_setting_by_seed"]
    k, n = int(sum(solved)), len(solved)
    settings = int(metrics["settings_with_lstm"][0])
    lag = metrics.get("lstm1997_longest_lag_tried")
    lags = f", with lags up to {claims.format_number(int(lag))} steps" if lag else ""
    paper = "the paper's LSTM solved every task (Exp 2a: 100% of runs)"
    if k == n:
        every = {2: "both seeds", 3: "all three seeds", 5: "all five seeds"}
        return (
            f"In every one of the {settings} settings tried{lags}, the better of our two LSTMs "
            f"met the paper's success criterion at {every.get(n, f'all {n} seeds')}; {paper}."
        )
    return (
        f"In its worst of the {settings} settings tried{lags}, the better of our two LSTMs "
        f"met the paper's success criterion at only {k} of {n} seeds; {paper}."
    )


def _rnn_fails_long_lags_in_words(metrics: Mapping[str, float], profile: Profile) -> str:
    # The tanh RNN in its best setting, seed by seed, beside the better LSTM's worst
    # success rate where the result has it.
    from lstm.reproduce import claims

    solved = metrics["rnn_solved_in_best_setting_by_seed"]
    k, n = int(sum(solved)), len(solved)
    settings = int(metrics["settings_with_rnn"][0])
    words = {2: "two", 3: "three", 5: "five"}
    if k == 0:
        seeds = "neither seed" if n == 2 else f"none of the {words.get(n, n)} seeds"
        rnn = (
            f"The tanh RNN met the paper's success criterion at {seeds} in any of the "
            f"{settings} settings it ran"
        )
    elif k == n:
        rnn = (
            f"In its best of the {settings} settings it ran, the tanh RNN met the paper's "
            f"success criterion at all {words.get(n, n)} seeds"
        )
    else:
        rnn = (
            f"In its best of the {settings} settings it ran, the tanh RNN met the paper's "
            f"success criterion at {k} of {n} seeds"
        )
    lstm = metrics.get("lstm_min_success_rate")
    if lstm is None:
        lstm_text = ""
    elif lstm == 1:
        lstm_text = ", while the better LSTM met it at every seed in every setting"
    else:
        lstm_text = (
            f", while the better LSTM met it at {claims.format_number(100 * lstm)}% of the "
            "seeds or more in every setting"
        )
    return f"{rnn}{lstm_text}; the paper's RTRL and BPTT had 0% success on Exp 2a."


def _long_lags_bridged_in_words(metrics: Mapping[str, float], profile: Profile) -> str:
    # The 1997 LSTM at the longest lag tried, on its worst task there, seed by seed.
    from lstm.reproduce import claims

    solved = metrics["lstm1997_solved_at_longest_lag_by_seed"]
    k, n = int(sum(solved)), len(solved)
    lag = int(metrics["lstm1997_longest_lag_tried"])
    where = f"At {claims.format_number(lag)} steps, the longest lag tried"
    paper = "the paper bridged q = 1,000 in 49,000 sequences (Exp 2c)"
    if k == n:
        # Seed 0 chose the 1997 cell's input-gate bias on the adding problem at T = 1,000.
        aside = (
            " (on the adding problem, seed 0, used to choose its input-gate bias, not counted)"
            if lag >= 1000 and not profile.is_smoke
            else ""
        )
        return (
            f"{where}, the 1997 LSTM met the paper's success criterion on every task tried "
            f"there at every seed{aside}; {paper}."
        )
    return (
        f"{where}, the 1997 LSTM met the paper's success criterion on its hardest task there "
        f"at only {k} of {n} seeds; {paper}."
    )


def _guessing_solves_exp3_in_words(metrics: Mapping[str, float], profile: Profile) -> str:
    # Sequences processed by random weight guessing (each guess dropped at its first
    # mistake) and by the 1997 LSTM (training sequences), at the seeds where both found
    # a solution.
    import statistics

    from lstm.reproduce import claims

    guess_solved = metrics["guessing_solved_by_seed"]
    lstm_solved = metrics["guessing_lstm1997_solved_by_seed"]
    n = len(guess_solved)
    both = [i for i in range(n) if guess_solved[i] and lstm_solved[i]]
    if len(both) < 2:
        return (
            f"Random weight guessing and the 1997 LSTM both solved the two-sequence problem "
            f"(Exp 3) at only {len(both)} of {n} seeds, too few to compare the sequences they "
            "needed; the paper gives LSTM 27,380 sequences and no figure for guessing."
        )
    guess = [metrics["guessing_sequences_by_seed"][i] for i in both]
    lstm = [metrics["guessing_lstm1997_sequences_by_seed"][i] for i in both]
    fewer = sum(g < m for g, m in zip(guess, lstm, strict=True))
    every = {2: "both seeds", 3: "all three seeds", 5: "all five seeds"}
    if len(both) == n:
        scope = every.get(n, f"all {n} seeds")
        part = f"{fewer} of the {n} seeds"
    else:
        scope = f"all {len(both)} seeds where both found a solution"
        part = f"{fewer} of the {len(both)} seeds where both found a solution"
    if fewer == 0:
        verb = f"needed more sequences than the 1997 LSTM at {scope}"
    elif fewer == len(both):
        verb = f"needed fewer sequences than the 1997 LSTM at {scope}"
    else:
        verb = f"needed fewer sequences than the 1997 LSTM at {part}"

    def median(values) -> str:
        return claims.format_number(float(f"{statistics.median(values):.3g}"))

    return (
        f"On the two-sequence problem (Exp 3), random weight guessing {verb}, a median of "
        f"{median(guess)} (each guess dropped at its first mistake) against {median(lstm)} "
        "training sequences; the paper says guessing beats its LSTM's 27,380 sequences."
    )


_FAILED = {
    "lstm_min_success_rate": 0.0,
    "lstm_share_of_settings_solved": 0.5,
    "lstm1997_longest_lag_solved": 20,
    "lstm1997_longest_lag_tried": 1000,
    "lstm1997_success_at_longest_lag": 0.2,
    "rnn_max_success_rate": 0.0,
}


_SOLVED = {
    "lstm_min_success_rate": 1.0,
    "lstm_share_of_settings_solved": 1.0,
    "lstm1997_longest_lag_solved": 1000,
    "lstm1997_longest_lag_tried": 1000,
    "lstm1997_success_at_longest_lag": 1.0,
    "rnn_max_success_rate": 0.0,
}


CLAIMS = [
    Claim(
        id="hochreiter1997.solves_long_lag_tasks",
        paper="hochreiter1997",
        quote="LSTM also solves complex, artificial long time lag tasks that have never been "
        "solved by previous recurrent network algorithms.",
        paper_figure="every task solved, e.g. Exp 2a: 100% of runs in 5,040 sequences",
        experiment="long_time_lags",
        criterion=_lstm_solves_every_task,
        summary=_solves_long_lag_tasks_in_words,
        evidence=_lags_evidence,
        examples={
            "reproduced": _SOLVED
            | {"lstm_solved_in_worst_setting_by_seed": (1.0,) * 5, "settings_with_lstm": (9.0,)},
            "not reproduced": _FAILED
            | {
                "lstm_solved_in_worst_setting_by_seed": (1.0, 1.0, 0.0, 0.0, 0.0),
                "settings_with_lstm": (9.0,),
            },
        },
    ),
    Claim(
        id="hochreiter1997.rnn_fails_long_lags",
        paper="hochreiter1997",
        quote="In comparisons with real-time recurrent learning, back propagation through "
        "time, recurrent cascade correlation, Elman nets, and neural sequence chunking, LSTM "
        "leads to many more successful runs, and learns much faster.",
        paper_figure="RTRL and BPTT: 0% success on Exp 2a, p = 100, after 5M sequences",
        experiment="long_time_lags",
        criterion=_rnn_fails,
        summary=_rnn_fails_long_lags_in_words,
        evidence=_lags_evidence,
        examples={
            "reproduced": _SOLVED
            | {"rnn_solved_in_best_setting_by_seed": (0.0,) * 5, "settings_with_rnn": (7.0,)},
            "not reproduced": _SOLVED
            | {
                "rnn_max_success_rate": 1.0,
                "rnn_solved_in_best_setting_by_seed": (1.0,) * 5,
                "settings_with_rnn": (7.0,),
            },
        },
    ),
    Claim(
        id="hochreiter1997.long_lags_bridged",
        paper="hochreiter1997",
        quote="LSTM can learn to bridge minimal time lags in excess of 1000 discrete-time "
        "steps by enforcing constant error flow through constant error carousels within "
        "special units.",
        paper_figure="Exp 2c: q = 1,000 in 49,000 sequences; Exp 3: T = 1,000 in 446,850",
        experiment="long_time_lags",
        criterion=_long_lags_bridged,
        summary=_long_lags_bridged_in_words,
        evidence=_lags_evidence,
        examples={
            "reproduced": _SOLVED | {"lstm1997_solved_at_longest_lag_by_seed": (1.0,) * 5},
            "not reproduced": _FAILED
            | {"lstm1997_solved_at_longest_lag_by_seed": (1.0, 1.0, 1.0, 1.0, 0.0)},
        },
    ),
    Claim(
        id="hochreiter1997.guessing_solves_exp3",
        paper="hochreiter1997",
        quote="[Bengio et al.'s two-sequence problem, Task 3a] is so simple that random weight "
        "guessing solves it faster than LSTM and any other method for which there are published "
        "results (Hochreiter & Schmidhuber 1997, Table 4 caption).",
        paper_figure="guessing faster than LSTM's 27,380 sequences (no guessing figure given)",
        experiment="long_time_lags",
        criterion=_guessing_faster,
        summary=_guessing_solves_exp3_in_words,
        testable=_guessing_trained,
        evidence=_lags_evidence,
        examples={
            "reproduced": {
                "guessing_solved_by_seed": (1.0, 1.0, 1.0),
                "guessing_lstm1997_solved_by_seed": (1.0, 1.0, 1.0),
                "guessing_sequences_by_seed": (2_000.0, 2_500.0, 3_000.0),
                "guessing_lstm1997_sequences_by_seed": (27_000.0, 25_000.0, 30_000.0),
            },
            "not reproduced": {
                "guessing_solved_by_seed": (1.0, 1.0, 1.0),
                "guessing_lstm1997_solved_by_seed": (1.0, 1.0, 1.0),
                "guessing_sequences_by_seed": (17_000.0, 33_000.0, 12_000.0),
                "guessing_lstm1997_sequences_by_seed": (5_600.0, 6_400.0, 10_400.0),
            },
            "not tested": {
                "guessing_solved_by_seed": (1.0, 0.0, 0.0),
                "guessing_lstm1997_solved_by_seed": (1.0, 1.0, 1.0),
                "guessing_sequences_by_seed": (2_000.0, 0.0, 0.0),
                "guessing_lstm1997_sequences_by_seed": (27_000.0, 25_000.0, 30_000.0),
            },
        },
    ),
]
