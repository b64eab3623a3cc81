"""Chapter 3's experiment: the nets, the paper's success criteria and the summary."""

import pytest
import torch

from lstm.experiments import long_time_lags as lags


def _parameters(net: torch.nn.Module) -> int:
    return sum(parameter.numel() for parameter in net.parameters())


@pytest.mark.parametrize(("features", "outputs"), [(1, 1), (2, 1), (8, 4), (104, 1)])
def test_the_rnn_has_about_as_many_parameters_as_the_vanilla_lstm(features, outputs):
    lstm_size = _parameters(lags.build("LSTM", features, outputs, 8))
    rnn_size = _parameters(lags.build("RNN", features, outputs, 8))
    assert abs(rnn_size - lstm_size) / lstm_size < 0.05


def test_the_nets_start_with_the_documented_gate_biases():
    hidden = 8
    for model, input_bias in lags.INPUT_GATE_BIAS_1997.items():
        lstm1997 = lags.build(model, 2, 1, hidden).recurrent
        bias = lstm1997.bias_ih_l0 + lstm1997.bias_hh_l0
        assert torch.all(bias[:hidden] == input_bias)  # input gate rows
    for model, forget_bias in lags.FORGET_BIAS.items():
        vanilla = lags.build(model, 2, 1, hidden).recurrent
        bias = vanilla.bias_ih_l0 + vanilla.bias_hh_l0
        assert torch.all(bias[hidden : 2 * hidden] == forget_bias)  # forget gate rows


def test_nets_read_out_each_sequence_at_its_own_last_step():
    torch.manual_seed(0)
    for model in ("LSTM1997", "LSTM", "RNN"):
        net = lags.build(model, 2, 1, 8)
        inputs = torch.randn(2, 6, 2)
        lengths = torch.tensor([6, 3])
        together = net(inputs, lengths)
        alone = net(inputs[1:, :3], torch.tensor([3]))
        assert torch.allclose(together[1], alone[0], atol=1e-6), model


def test_unknown_models_are_refused():
    with pytest.raises(ValueError, match="expected a model in"):
        lags.build("GRU", 2, 1, 8)


def test_max_error_criterion_needs_every_output_within_the_threshold():
    task = lags.TASKS["order_4"]  # threshold 0.3 on every output
    targets = torch.tensor([[1.0, 0, 0, 0], [0, 1.0, 0, 0]])
    assert lags.passes(task, targets * 0.75, targets) == (True, 0.0)
    solved, wrong = lags.passes(task, targets * 0.65, targets)  # one output off by 0.35
    assert not solved and wrong == 1.0


def test_share_wrong_criterion_allows_the_papers_share_of_errors():
    task = lags.TASKS["multiplication"]  # 140 of 2560 may be off by 0.04 or more
    targets = torch.zeros(2560, 1)
    predictions = torch.zeros(2560, 1)
    predictions[:140] = 0.05
    assert lags.passes(task, predictions, targets)[0]
    predictions[:141] = 0.05
    assert not lags.passes(task, predictions, targets)[0]


def test_a_short_run_is_repeatable_and_reports_its_outcome():
    config = lags.CONFIGS["smoke"] | {"test_size": 64}
    first = lags.train_one("two_sequence", 30, "LSTM", 0, 32 * 50, config)
    second = lags.train_one("two_sequence", 30, "LSTM", 0, 32 * 50, config)
    assert {k: v for k, v in first.items() if k != "seconds"} == {
        k: v for k, v in second.items() if k != "seconds"
    }
    assert first["sequences"] <= 32 * 50 and first["sequences"] % 32 == 0
    assert first["solved"] == (first["sequences"] < 32 * 50 or first["test_share_wrong"] == 0)


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
    assert rows[0]["paper_sequences"] == lags.PAPER_SEQUENCES[("adding", 100)]
    assert rows[1]["median_sequences"] is None and rows[1]["budget_sequences"] == 900
    comparison = lags.paper_comparison(rows)
    assert comparison[0]["success"] == "2/3"
    assert comparison[0]["ratio"] == pytest.approx(74_000 / 200)
    assert comparison[1]["ratio"] == "—" and comparison[1]["paper"] == "—"


def test_plot_of_sequences_to_success_marks_unsolved_settings_at_their_budget():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

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
    fig, ax = plt.subplots()
    lags.plot_sequences_to_success(ax, table)
    drawn = [line for line in ax.lines if len(line.get_xydata())]
    open_markers = [line for line in drawn if line.get_fillstyle() == "none"]
    assert [tuple(line.get_xydata()[0]) for line in open_markers] == [(1000, 9000)]
    assert any(tuple(line.get_xydata()[0]) == (100, 2000) for line in drawn)
    assert ax.get_xscale() == ax.get_yscale() == "log"
    plt.close(fig)


def test_summary_counts_runs_and_compares_with_the_paper():
    from types import SimpleNamespace

    runs = [
        {
            "task": "adding",
            "lag": 100,
            "model": "LSTM1997",
            "solved": True,
            "sequences": 7_400,
            "seconds": 60.0,
        },
        {
            "task": "adding",
            "lag": 100,
            "model": "RNN",
            "solved": False,
            "sequences": 9_000,
            "seconds": 60.0,
        },
    ]
    result = SimpleNamespace(data={"runs": runs, "table": lags.summarise(runs)})
    text = lags.summary(result)
    assert text.startswith("2 training runs, 2 minutes")
    assert "needed 10.0 to 10 times as many" in text  # 74,000 / 7,400


def test_comparison_table_shows_the_papers_figure_beside_ours():
    runs = [
        {
            "task": "adding",
            "lag": 100,
            "model": "LSTM1997",
            "solved": True,
            "sequences": 7_400,
            "seconds": 1.0,
        },
    ]
    table = lags.comparison_table(lags.summarise(runs))
    (row,) = table.rows
    assert (row["success"], row["ours"], row["paper"], row["ratio"]) == ("1/1", 7_400, 74_000, 10)
    assert list(table.columns)[-1] == "ratio"
