"""Chapter 4's claims: what the paper says, and how the numbers judge it."""

from __future__ import annotations

from lstm.experiments.learning_to_forget.experiment import CONFIG
from lstm.reproduce.claims import Claim, all_of, at_least, at_most


def _forget_evidence(data):
    # Per network, from the stored result: the warm-up's networks, 1 where one solved the
    # task; per row of Table 2, its networks' count of perfect and of perfect-or-good
    # outcomes (the shares times the networks); and how many cell-state values a row keeps.
    rows = {row["row"]: row for row in data["rows"]}

    def count(row: dict, *outcomes: str) -> float:
        return float(round(sum(row[outcome] for outcome in outcomes) * row["networks"]))

    reset, plain = rows["no forget gate, external reset"], rows["no forget gate, no reset"]
    forget, decay = rows["forget gates"], rows["forget gates, lr decay"]
    kept = [
        len(row["cell_state_growth"]) if isinstance(row["cell_state_growth"], list) else 1
        for row in (plain, forget)
    ]
    return {
        "warm_up_solved_by_seed": tuple(
            float(s >= 0) for s in data["warm_up"]["solved_at_strings"]
        ),
        "no_reset_perfect_of": (count(plain, "perfect"), float(plain["networks"])),
        "forget_solved_of": (count(forget, "perfect", "good"), float(forget["networks"])),
        "forget_decay_solved_of": (count(decay, "perfect", "good"), float(decay["networks"])),
        "reset_networks": (float(reset["networks"]),),
        "cell_state_values_per_row": (float(min(kept)), float(plain["networks"])),
    }


def _no_forget_gate_fails(metrics, profile):
    # The paper: 0% perfect without forget gate and reset, so 0 of our networks; the arm
    # with external resets must have trained (its best network ran 500 strings without
    # an error).
    from lstm.reproduce import claims

    perfect, networks = metrics["no_reset_perfect_of"]
    return all_of(
        claims.none_of(
            int(perfect), int(networks), "perfect networks, no forget gate and no reset:"
        ),
        at_least(
            metrics["reset_best_strings"],
            500,
            "strings before the first error, best network with external resets",
        ),
    )


def _no_forget_gate_mostly_fails(metrics, profile):
    from lstm.reproduce import claims

    perfect, networks = metrics["no_reset_perfect_of"]
    return all_of(
        claims.Check(
            passed=perfect / networks <= 0.1,
            measured=(
                "perfect networks, no forget gate and no reset: "
                f"{claims.seeds_phrase(int(perfect), int(networks))}"
            ),
            required="at most a tenth of the networks without forget gate and reset perfect",
        ),
        at_least(
            metrics["reset_best_strings"],
            500,
            "strings before the first error, best network with external resets",
        ),
    )


def _forget_gates_succeed(metrics, profile):
    # The paper's forget-gate rows: 18% perfect and 29% good networks (47%), and with the
    # decaying learning rate 62% and 6% (68%). Each of our rows must reach its figure.
    from lstm.reproduce import claims

    def row(key: str, bound: float, name: str):
        solved, networks = metrics[key]
        return claims.Check(
            passed=solved / networks >= bound,
            measured=(
                f"perfect or good networks, {name}: "
                f"{claims.seeds_phrase(int(solved), int(networks))}"
            ),
            required=f"perfect or good networks, {name}: a share ≥ {bound:g}",
        )

    return all_of(
        row("forget_solved_of", 0.47, "forget gates"),
        row("forget_decay_solved_of", 0.68, "forget gates with learning-rate decay"),
    )


def _forget_gates_sometimes_succeed(metrics, profile):
    from lstm.reproduce import claims

    solved = [metrics["forget_solved_of"], metrics["forget_decay_solved_of"]]
    found, networks = sum(s for s, _ in solved), sum(n for _, n in solved)
    return claims.Check(
        passed=found >= 1,
        measured=(
            "perfect or good networks with forget gates, both rows: "
            f"{claims.seeds_phrase(int(found), int(networks))}"
        ),
        required="at least one network with forget gates perfect or good",
    )


def _cell_state_per_network(metrics, profile):
    # A ratio holds only where it holds network by network; the result keeps one value
    # per row (the median over its networks) where it kept fewer than two.
    kept, networks = metrics["cell_state_values_per_row"]
    from lstm.reproduce import claims

    return claims.Check(
        passed=kept >= 2,
        measured=(
            f"{int(kept)} cell-state value per row kept, for {int(networks)} networks "
            "(the row's median)"
        ),
        required="per-network cell-state values for at least 2 networks per row",
    )


def _cell_state_bounded(metrics, profile):
    return all_of(
        at_least(
            metrics["no_forget_growth"],
            2.0,
            "growth of |cell state| along the stream without forget gate (last / first quarter)",
        ),
        at_most(
            metrics["forget_growth"],
            1.5,
            "growth of |cell state| along the stream with forget gates (last / first quarter)",
        ),
        at_least(
            metrics["no_forget_cell_state"] / max(metrics["forget_cell_state"], 1e-12),
            profile.choose(smoke=3.0, full=10.0),
            "|cell state| without forget gate / with forget gates, last quarter",
        ),
    )


def _warm_up_solved(metrics, profile):
    # "Always": the paper's 3 blocks x 2 cells at learning rate 0.5 solved 30 of 30 trials
    # (2 failures in 150 over all its LSTM settings): every network must solve it.
    from lstm.reproduce import claims

    return claims.at_every_seed(
        metrics["warm_up_solved_by_seed"],
        1.0,
        "1997 LSTM predicts every symbol of its training and test strings (1) or not (0)",
    )


def _warm_up_mostly_solved(metrics, profile):
    from lstm.reproduce import claims

    solved = metrics["warm_up_solved_by_seed"]
    return claims.Check(
        passed=sum(solved) / len(solved) >= 0.8,
        measured=(
            "1997 LSTMs that predict every symbol of their training and test strings: "
            f"{claims.seeds_phrase(int(sum(solved)), len(solved))}"
        ),
        required="a share ≥ 0.8 of the 1997 LSTMs predict every symbol",
    )


def _embedded_reber_in_words(metrics, profile):
    # The warm-up's 1997 LSTMs: how many learned every symbol of their training and test
    # strings within the profile's budget of training strings.
    from lstm.reproduce import claims

    solved = metrics["warm_up_solved_by_seed"]
    k, n = int(sum(solved)), len(solved)
    warm_up = profile.choose(smoke=CONFIG["smoke"], full=CONFIG["full"])["warm_up"]
    size = warm_up["set_size"]
    if k == 0:
        who = f"None of our {n} networks of the 1997 LSTM"
    elif k == n:
        who = f"All {n} of our networks of the 1997 LSTM"
    else:
        who = f"{k} of our {n} networks of the 1997 LSTM"
    return (
        f"{who} learned to predict every symbol of their {size} training and {size} test "
        f"strings within {claims.format_number(warm_up['max_strings'])} training strings, "
        "where the paper's networks solved 30 of 30 trials, in 8,440 strings on average."
    )


def _no_forget_gate_fails_in_words(metrics, profile):
    # Perfect networks without forget gate or reset, as a count and a share, and the best
    # externally reset network's strings before its first error.
    from lstm.reproduce import claims

    perfect, networks = (int(value) for value in metrics["no_reset_perfect_of"])
    symbols = profile.choose(smoke=CONFIG["smoke"], full=CONFIG["full"])["test_symbols"]
    share = claims.format_number(round(100 * perfect / networks))
    count = "none" if perfect == 0 else perfect
    return (
        f"Without forget gate or reset, {count} of our {networks} networks ({share}%) ran "
        f"through the {claims.format_number(symbols)}-symbol test stream without an error, "
        "against the paper's 0% of 100; with external resets the best network predicted "
        f"{claims.format_number(int(metrics['reset_best_strings']))} strings before its "
        "first error."
    )


def _forget_gates_succeed_in_words(metrics, profile):
    # Perfect or good networks in the two forget-gate rows, as counts and shares, beside
    # the paper's shares.
    from lstm.reproduce import claims

    def row(key: str) -> tuple[str, str]:
        solved, networks = (int(value) for value in metrics[key])
        share = claims.format_number(round(100 * solved / networks))
        return f"{solved} of {networks}", f"{share}%"

    (fixed, fixed_share), (decay, decay_share) = (
        row("forget_solved_of"),
        row("forget_decay_solved_of"),
    )
    return (
        f"With forget gates and no reset, {fixed} networks ({fixed_share}) ended perfect or good "
        f"with a fixed learning rate and {decay} ({decay_share}) with a decaying one, against "
        "the paper's 18% + 29% and 62% + 6%."
    )


def _cell_state_bounded_in_words(metrics, profile):
    # The growth of |cell state| along the stream (last quarter over first) and its size
    # in the last quarter, without and with forget gates; medians over each row.
    from lstm.reproduce import claims

    kept, networks = (int(value) for value in metrics["cell_state_values_per_row"])

    def number(value: float) -> str:
        return claims.format_number(float(f"{value:.3g}"))

    text = (
        f"Along the stream, |cell state| (the median of each row's {networks} networks) grew "
        f"{number(metrics['no_forget_growth'])}-fold from the first to the last quarter "
        f"without forget gates, to about {number(metrics['no_forget_cell_state'])}, and "
        f"{number(metrics['forget_growth'])}-fold with them, to about "
        f"{number(metrics['forget_cell_state'])}"
    )
    if kept < 2:
        return f"{text}; single networks' values were not kept."
    return f"{text}."


CLAIMS = [
    Claim(
        id="hochreiter1997.embedded_reber",
        paper="hochreiter1997",
        quote=(
            "LSTM always learns to solve the task (Hochreiter & Schmidhuber 1997, Exp 1, "
            "embedded Reber grammar)."
        ),
        paper_figure="3 blocks × 2 cells, learning rate 0.5: 30 of 30 trials, 8,440 strings "
        "on average (Table 1)",
        experiment="learning_to_forget",
        criterion=_warm_up_solved,
        summary=_embedded_reber_in_words,
        weaker=_warm_up_mostly_solved,
        weaker_reason=(
            "a tolerance: 0.8 of the networks, the share registered before the first full "
            "result, where the paper solved 30 of 30"
        ),
        not_judged_in_smoke=(
            "1,500 training strings per network, below the paper's fewest (3,800): a "
            "network predicts most symbols right before it learns the long-range dependency"
        ),
        evidence=_forget_evidence,
        examples={
            "reproduced": {"warm_up_solved_by_seed": (1.0,) * 10},
            "weaker form": {"warm_up_solved_by_seed": (1.0,) * 9 + (0.0,)},
            "not reproduced": {"warm_up_solved_by_seed": (1.0,) * 3 + (0.0,) * 7},
        },
    ),
    Claim(
        id="gers2000.no_forget_gate_fails",
        paper="gers2000",
        quote=(
            "Without resets, the state may grow indefinitely and eventually cause the "
            "network to break down (Gers, Schmidhuber & Cummins 2000, abstract)."
        ),
        paper_figure="external reset: 74% perfect; no reset: 0% perfect, 99% bad (the paper's "
        "Table 2, 100 networks each)",
        experiment="learning_to_forget",
        criterion=_no_forget_gate_fails,
        summary=_no_forget_gate_fails_in_words,
        weaker=_no_forget_gate_mostly_fails,
        weaker_reason=(
            "a tolerance: at most a tenth of the networks perfect, as registered before the "
            "first full result, where the paper reports 0%"
        ),
        evidence=_forget_evidence,
        examples={
            "reproduced": {"no_reset_perfect_of": (0.0, 20.0), "reset_best_strings": 1000},
            "weaker form": {"no_reset_perfect_of": (2.0, 20.0), "reset_best_strings": 1000},
            "not reproduced": {"no_reset_perfect_of": (18.0, 20.0), "reset_best_strings": 0},
        },
    ),
    Claim(
        id="gers2000.forget_gates_succeed",
        paper="gers2000",
        quote=(
            "LSTM with forget gates, however, easily solves them, and in an elegant way "
            "(Gers, Schmidhuber & Cummins 2000, abstract)."
        ),
        paper_figure="forget gates: 18% perfect and 29% good; with learning-rate decay: 62% "
        "perfect (the paper's Table 2)",
        experiment="learning_to_forget",
        criterion=_forget_gates_succeed,
        summary=_forget_gates_succeed_in_words,
        weaker=_forget_gates_sometimes_succeed,
        weaker_reason=(
            "a smaller budget: where our networks train on too few symbols for the paper's "
            "shares, at least one network with forget gates learns the stream"
        ),
        not_judged_in_smoke=(
            "8 networks per row trained on 70,000 symbols, far short of the paper's budget; "
            "the earlier smoke check (forget gates not worse) passed with nothing learned"
        ),
        evidence=_forget_evidence,
        examples={
            "reproduced": {
                "forget_solved_of": (17.0, 20.0),
                "forget_decay_solved_of": (16.0, 20.0),
            },
            "weaker form": {
                "forget_solved_of": (1.0, 20.0),
                "forget_decay_solved_of": (16.0, 20.0),
            },
            "not reproduced": {
                "forget_solved_of": (0.0, 20.0),
                "forget_decay_solved_of": (0.0, 20.0),
            },
        },
    ),
    Claim(
        id="gers2000.cell_state_bounded",
        paper="gers2000",
        quote=(
            "Our remedy is a novel, adaptive forget gate that enables an LSTM cell to learn "
            "to reset itself at appropriate times, thus releasing internal resources (Gers, "
            "Schmidhuber & Cummins 2000, abstract)."
        ),
        paper_figure="Figure: internal states grow without forget gates, stay bounded with them",
        experiment="learning_to_forget",
        criterion=_cell_state_bounded,
        summary=_cell_state_bounded_in_words,
        testable=_cell_state_per_network,
        evidence=_forget_evidence,
        examples={
            "reproduced": {
                "no_forget_growth": 4.0,
                "forget_growth": 1.0,
                "no_forget_cell_state": 20000.0,
                "forget_cell_state": 40.0,
                "cell_state_values_per_row": (20.0, 20.0),
            },
            "not reproduced": {
                "no_forget_growth": 1.0,
                "forget_growth": 3.0,
                "no_forget_cell_state": 1.0,
                "forget_cell_state": 1.0,
                "cell_state_values_per_row": (20.0, 20.0),
            },
            "not tested": {
                "no_forget_growth": 4.0,
                "forget_growth": 1.0,
                "no_forget_cell_state": 20000.0,
                "forget_cell_state": 40.0,
                "cell_state_values_per_row": (1.0, 20.0),
            },
        },
    ),
]
