"""Chapter 3's experiment: the nets, the paper's success criteria, the tables and figures."""

from types import SimpleNamespace

import pytest
import torch

from lstm.experiments.long_time_lags import experiment as lags
from lstm.experiments.long_time_lags import show as lags_show
from lstm.reproduce import figures

CONFIG = lags.CONFIG["smoke"]


def _parameters(net: torch.nn.Module) -> int:
    return sum(parameter.numel() for parameter in net.parameters())


@pytest.mark.parametrize(("features", "outputs"), [(1, 1), (2, 1), (8, 4), (104, 1)])
def test_the_rnn_has_about_as_many_parameters_as_the_vanilla_lstm(features, outputs):
    lstm_size = _parameters(lags.build("LSTM", features, outputs, CONFIG))
    rnn_size = _parameters(lags.build("RNN", features, outputs, CONFIG))
    assert abs(rnn_size - lstm_size) / lstm_size < 0.05


def test_the_nets_start_with_the_documented_gate_biases():
    starts = {
        "LSTM1997": ("input", "input_gate_bias_1997"),
        "LSTM1997-bias-2": ("input", "input_gate_bias_1997_contrast"),
        "LSTM": ("forget", "forget_gate_bias"),
        "LSTM-bias1": ("forget", "forget_gate_bias_contrast"),
    }
    for model, (gate, key) in starts.items():
        recurrent = lags.build(model, 2, 1, CONFIG).recurrent
        rows = recurrent.cells()[0].gate_rows(gate)
        bias = recurrent.bias_ih_l0 + recurrent.bias_hh_l0
        assert torch.all(bias[rows] == CONFIG[key]), model
    assert not lags.build("LSTM1997", 2, 1, CONFIG).recurrent.cells()[0].flags["forget_gate"]


def test_nets_read_out_each_sequence_at_its_own_last_step():
    torch.manual_seed(0)
    for model in ("LSTM1997", "LSTM", "RNN"):
        net = lags.build(model, 2, 1, CONFIG)
        inputs = torch.randn(2, 6, 2)
        lengths = torch.tensor([6, 3])
        together = net(inputs, lengths)
        alone = net(inputs[1:, :3], torch.tensor([3]))
        assert torch.allclose(together[1], alone[0], atol=1e-6), model


def test_unknown_models_are_refused():
    with pytest.raises(ValueError, match="expected a model in"):
        lags.build("GRU", 2, 1, CONFIG)


def test_max_error_criterion_needs_every_output_within_the_threshold():
    task = lags.TASKS["order_4"]  # threshold 0.3 on every output
    targets = torch.tensor([[1.0, 0, 0, 0], [0, 1.0, 0, 0]])
    assert lags.passes(task, targets * 0.75, targets) == (True, 0.0)
    solved, wrong = lags.passes(task, targets * 0.65, targets)  # one output off by 0.35
    assert not solved and wrong == 1.0


def test_adding_stops_only_when_the_2000_most_recent_training_sequences_were_all_right():
    rule = lags.TASKS["adding"].rule  # Exp 4: every one of the last 2,000 within 0.04
    right = [0.01] * 1999
    assert not rule.holds(right)  # fewer than 2,000 sequences seen
    assert rule.holds(right + [0.039])
    assert not rule.holds(right + [0.04])  # "processed correctly": error below 0.04
    errors = [0.01] * 3000 + [0.5] + [0.01] * 1999
    assert not rule.holds(errors)  # the mistake is still among the 2,000 most recent
    assert rule.holds(errors + [0.01])  # now it is 2,001 sequences back
    status = rule.status(errors)
    assert status["recent_wrong"] == 1
    assert status["recent_mse"] == pytest.approx((0.5**2 + 1999 * 0.01**2) / 2000)


def test_adding_also_needs_an_average_training_error_below_001():
    # Exp 4's first condition, on its own (the second one relaxed to isolate it): the mean
    # squared error of the most recent 2,000 training sequences below 0.01.
    rule = lags.RecentTrainingRule(max_wrong=2000, max_mean_squared_error=0.01)
    assert rule.holds([0.099] * 2000)  # 0.0098
    assert not rule.holds([0.101] * 2000)  # 0.0102
    assert not rule.holds([0.0] * 1000 + [0.15] * 1000)  # mean 0.01125


def test_multiplication_allows_fewer_than_140_of_2000_wrong():
    rule = lags.TASKS["multiplication"].rule  # Exp 5: "less than n_seq", n_seq = 140
    assert rule.holds([0.05] * 139 + [0.0] * 1861)
    assert not rule.holds([0.05] * 140 + [0.0] * 1860)
    assert rule.holds([0.9] * 139 + [0.0] * 1861)  # no condition on the average error


def test_recent_errors_keep_exactly_the_last_window_of_sequences():
    recent = lags.RecentErrors(lags.TASKS["adding"].rule)
    recent.add(torch.full((1990, 1), 0.5))
    for _ in range(62):  # 1,984 right answers in batches of 32: 16 mistakes still inside
        recent.add(torch.full((32, 1), 0.01))
    assert recent.status()["recent_wrong"] == 16 and not recent.status()["solved"]
    recent.add(torch.full((15, 1), 0.01))
    assert recent.status()["recent_wrong"] == 1
    recent.add(torch.full((1, 1), 0.01))
    assert recent.status()["solved"] and len(recent.errors) == 2000


def _without_seconds(outcome: dict) -> dict:
    """A run's outcome without its wall time, the one field that may differ between runs."""
    return {key: value for key, value in outcome.items() if key != "seconds"}


def test_an_adding_run_stops_when_the_rule_holds_and_tests_on_held_out_sequences():
    config = CONFIG | {"heldout_size": 64}
    outcome = lags.train_one("adding", 22, "LSTM1997", 0, 32 * 150, config)
    again = lags.train_one("adding", 22, "LSTM1997", 0, 32 * 150, config)
    assert _without_seconds(outcome) == _without_seconds(again)
    assert outcome["sequences"] % 32 == 0 and outcome["sequences"] <= 32 * 150
    assert 0 <= outcome["heldout_share_wrong"] <= 1 and outcome["heldout_mse"] >= 0
    if outcome["solved"]:
        assert outcome["sequences"] >= 2000 and outcome["recent_wrong"] == 0
    else:
        assert outcome["sequences"] == 32 * 150


def test_guessing_runs_count_guesses_and_test_the_net_found():
    config = CONFIG | {"guessing_check_size": 32, "guessing_heldout_size": 64}
    outcome = lags.train_one("two_sequence", 30, lags.GUESSING, 0, 32 * 5000, config)
    assert outcome["model"] == lags.GUESSING and outcome["parameters"] == 8
    assert outcome["sequences"] == outcome["guesses"] * 32
    assert outcome["sequences_to_first_error"] <= outcome["sequences"]
    assert outcome["solved"] == (outcome["heldout_share_wrong"] is not None)
    assert outcome["solved"]  # this easy setting is solved well within 5,000 guesses


def test_a_short_run_is_repeatable_and_reports_its_outcome():
    config = CONFIG | {"test_size": 64}
    first = lags.train_one("two_sequence", 30, "LSTM", 0, 32 * 50, config)
    second = lags.train_one("two_sequence", 30, "LSTM", 0, 32 * 50, config)
    assert _without_seconds(first) == _without_seconds(second)
    assert first["sequences"] <= 32 * 50 and first["sequences"] % 32 == 0
    assert first["solved"] == (first["sequences"] < 32 * 50 or first["test_share_wrong"] == 0)


def test_metrics_compare_guessing_with_the_1997_lstm():
    config = CONFIG | {
        "seeds": [0],
        "guessing_check_size": 32,
        "guessing_heldout_size": 64,
        "settings": [
            lags._setting("two_sequence", 30, ["LSTM1997"], 32 * 100, 1),
            lags._setting("two_sequence", 30, [lags.GUESSING], 32 * 5000, 1),
        ],
    }
    result = lags.run(config)
    metrics, runs = result["metrics"], result["runs"]
    lstm_run, guess_run = runs
    assert lstm_run["solved"] and guess_run["solved"]  # both runs are seeded: always so
    key = "two_sequence_30.guessing"
    assert metrics[f"{key}.success_rate"] == 1.0
    assert metrics[f"{key}.median_guesses"] == guess_run["guesses"]
    assert metrics[f"{key}.sequences_over_lstm1997"] == pytest.approx(
        guess_run["sequences"] / lstm_run["sequences"]
    )
    assert metrics[f"{key}.sequences_to_first_error_over_lstm1997"] == pytest.approx(
        guess_run["sequences_to_first_error"] / lstm_run["sequences"]
    )
    assert "two_sequence_30.LSTM1997.median_heldout_share_wrong" not in metrics


def test_summary_counts_successes_and_takes_the_median_of_solved_runs():
    runs = [
        {"task": "adding", "lag": 100, "model": "LSTM1997", "solved": True, "sequences": 100},
        {"task": "adding", "lag": 100, "model": "LSTM1997", "solved": True, "sequences": 300},
        {"task": "adding", "lag": 100, "model": "LSTM1997", "solved": False, "sequences": 900},
        {"task": "adding", "lag": 100, "model": "RNN", "solved": False, "sequences": 900},
    ]
    rows = lags.summarise(runs)
    assert rows[0]["success_rate"] == pytest.approx(2 / 3)
    assert rows[0]["median_sequences"] == 200
    assert rows[0]["paper_sequences"] == lags.PAPER["adding_100"]
    assert rows[1]["median_sequences"] is None and rows[1]["budget_sequences"] == 900
    comparison = lags_show.paper_comparison(rows, CONFIG)
    assert comparison[0]["success"] == "2/3"
    assert comparison[0]["ratio"] == pytest.approx(74_000 / 200)
    assert comparison[1]["ratio"] == "—" and comparison[1]["paper"] == "—"


def test_summary_gives_medians_of_held_out_tests_over_the_solved_runs():
    runs = [
        {
            "task": "adding",
            "lag": 100,
            "model": "LSTM1997",
            "solved": True,
            "sequences": 100,
            "heldout_share_wrong": 0.001,
            "heldout_mse": 0.0002,
        },
        {
            "task": "adding",
            "lag": 100,
            "model": "LSTM1997",
            "solved": True,
            "sequences": 300,
            "heldout_share_wrong": 0.003,
            "heldout_mse": 0.0004,
        },
        {
            "task": "adding",
            "lag": 100,
            "model": "LSTM1997",
            "solved": False,
            "sequences": 900,
            "heldout_share_wrong": 0.9,
            "heldout_mse": 0.2,
        },
        {
            "task": "two_sequence",
            "lag": 100,
            "model": "guessing",
            "solved": False,
            "sequences": 2560,
            "guesses": 10,
            "sequences_to_first_error": 30,
            "heldout_share_wrong": None,
        },
    ]
    adding, guessing = lags.summarise(runs)
    assert adding["median_heldout_share_wrong"] == pytest.approx(0.002)
    assert adding["median_heldout_mse"] == pytest.approx(0.0003)
    assert "median_guesses" not in adding
    assert guessing["success_rate"] == 0 and guessing["median_guesses"] is None
    # the paper's figures are its LSTM's
    assert lags_show.paper_comparison([guessing], CONFIG)[0]["paper"] == "—"


def test_the_figure_marks_unsolved_settings_at_their_longest_run():
    table = [
        {
            "task": "adding",
            "lag": 100,
            "model": "LSTM1997",
            "median_sequences": 2000,
            "budget_sequences": 4000,
        },
        {
            "task": "adding",
            "lag": 1000,
            "model": "LSTM1997",
            "median_sequences": None,
            "budget_sequences": 9000,
        },
    ]
    (figure,) = lags_show.figures(SimpleNamespace(data={"table": table})).values()
    ax = figure.axes[0]
    drawn = [line for line in ax.lines if len(line.get_xydata())]
    open_markers = [line for line in drawn if line.get_fillstyle() == "none"]
    assert [tuple(line.get_xydata()[0]) for line in open_markers] == [(1000, 9000)]
    assert any(tuple(line.get_xydata()[0]) == (100, 2000) for line in drawn)
    assert any(tuple(line.get_xydata()[0]) == (100, 74_000) for line in drawn)  # the paper's
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert figures.problems(figure) == []


def _result(runs: list[dict]) -> SimpleNamespace:
    config = CONFIG | {"settings": [lags._setting("two_sequence", 100, ["guessing"], 256_000, 1)]}
    return SimpleNamespace(data={"table": lags.summarise(runs), "runs": runs}, config=config)


def _run(task: str, lag: int, model: str, solved: bool, sequences: int) -> dict:
    return {"task": task, "lag": lag, "model": model, "solved": solved, "sequences": sequences}


def test_tables_show_the_papers_figure_beside_ours_first():
    runs = [
        {"task": "adding", "lag": 100, "model": "LSTM1997", "solved": True, "sequences": 7_400},
        {
            "task": "adding",
            "lag": 1000,
            "model": "LSTM1997-bias-2",
            "solved": False,
            "sequences": 9,
        },
        {"task": "noise_free", "lag": 100, "model": "LSTM", "solved": True, "sequences": 504},
        {"task": "noise_free", "lag": 100, "model": "RNN", "solved": False, "sequences": 900},
    ]
    tables = lags_show.tables(_result(runs))
    assert set(tables) == {"lstm1997", "vanilla", "rnn", "record", "guessing", "guessing_runs"}
    first, contrast = tables["lstm1997"].rows
    assert list(tables["lstm1997"].columns)[:3] == ["setting", "paper", "ours"]
    assert (first["setting"], first["paper"], first["ours"]) == ("Exp 4, T = 100", 74_000, 7_400)
    assert first["ratio"] == 10 and first["success"] == "1/1"
    assert contrast["setting"] == "Exp 4, T = 1,000 (input gates at -2)"
    assert contrast["ours"] == "—" and contrast["budget"] == 9
    (vanilla,) = tables["vanilla"].rows
    assert vanilla["setting"] == "Exp 2a, p = 100" and vanilla["ratio"] == 10
    assert tables["rnn"].rows[0]["success"] == "0/1"


def test_the_record_counts_the_settings_each_net_solved_in_every_seed_or_none():
    runs = [
        _run("adding", 100, "LSTM1997", True, 7_400),
        _run("adding", 1000, "LSTM1997", True, 1),
        _run("adding", 1000, "LSTM1997", False, 9),
        _run("adding", 100, "RNN", False, 9),
    ]
    lstm1997, rnn = lags_show.tables(_result(runs))["record"].rows
    assert (lstm1997["net"], lstm1997["settings"], lstm1997["all"], lstm1997["none"]) == (
        "1997 LSTM",
        2,
        1,
        0,
    )
    assert lstm1997["ratio"] == pytest.approx((74_000 / 7_400 + 853_000 / 1) / 2)
    assert (rnn["net"], rnn["none"], rnn["ratio"]) == ("tanh RNN", 1, "—")


def test_guessing_tables_set_the_guesser_beside_the_1997_lstm():
    runs = [
        {
            "task": "two_sequence",
            "lag": 100,
            "model": "LSTM1997",
            "solved": True,
            "sequences": 4000,
            "test_share_wrong": 0.0,
        },
        {
            "task": "two_sequence",
            "lag": 100,
            "model": "guessing",
            "solved": True,
            "sequences": 256_000,
            "guesses": 1000,
            "sequences_to_first_error": 2500,
            "heldout_share_wrong": 0.001,
        },
    ]
    tables = lags_show.tables(_result(runs))
    (row,) = tables["guessing"].rows
    assert (row["setting"], row["paper"], row["lstm"]) == ("Exp 3, T = 100", 27_380, 4000)
    assert (row["first_error"], row["sequences"]) == (2500, 256_000)
    (runs_row,) = tables["guessing_runs"].rows
    assert runs_row == {
        "setting": "Exp 3, T = 100",
        "solved": "1/1",
        "guesses": 1000,
        "allowed": 1000,
        "heldout": 0.001,
    }
    assert [r["setting"] for r in tables["lstm1997"].rows] == ["Exp 3, T = 100"]  # no guesser
