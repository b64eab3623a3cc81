"""Chapter 2's measuring tools (the exponential fit, the collapse length, the RNN cell copy),
its nets, and the experiment on a tiny config with its tables and figures."""

import math
from types import SimpleNamespace

import pytest
import torch
from matplotlib.figure import Figure

import lstm
from lstm.experiments.vanishing_gradients import experiment as vg
from lstm.experiments.vanishing_gradients import show as vg_show
from lstm.nn.diagnostics import error_flow
from lstm.reproduce import figures

CONFIG = vg.CONFIG["smoke"]


def test_fit_recovers_a_known_factor_per_step():
    norms = 0.8 ** torch.arange(200, dtype=torch.float64)
    fit = vg.fit_exponential_decay(norms)
    assert fit["factor_per_step"] == pytest.approx(0.8, rel=1e-9)
    assert fit["lags_per_decade"] == pytest.approx(-1 / math.log10(0.8))
    assert fit["r_squared"] == pytest.approx(1.0)


def test_fit_ignores_flows_below_the_floor_and_needs_three_points():
    norms = torch.cat([0.5 ** torch.arange(10, dtype=torch.float64), torch.zeros(50)])
    assert vg.fit_exponential_decay(norms)["fitted_lags"] == 9
    with pytest.raises(ValueError, match="at least 3 lags"):
        vg.fit_exponential_decay(torch.tensor([1.0, 0.0, 0.0, 0.0], dtype=torch.float64))


def test_a_constant_flow_has_factor_one():
    fit = vg.fit_exponential_decay(torch.ones(100, dtype=torch.float64))
    assert fit["factor_per_step"] == pytest.approx(1.0)


def test_collapse_length_is_where_success_stays_low():
    assert vg.collapse_length({5: 1.0, 20: 0.6, 50: 0.2, 100: 0.0}) == 50
    assert vg.collapse_length({5: 1.0, 20: 0.0, 50: 0.6, 100: 0.0}) == 100
    assert vg.collapse_length({5: 1.0, 100: 1.0}) == 0
    assert vg.collapse_length({5: 0.0, 100: 0.0}) == 5


def test_recurrent_cell_of_the_rnn_computes_the_fused_rnn():
    torch.manual_seed(0)
    model = vg.build("rnn", CONFIG | {"rnn_hidden": 6})
    cell = vg.recurrent_cell(model)
    x = torch.randn(3, 12, 1)
    expected, _ = model.recurrent(x)
    h = torch.zeros(3, 6, dtype=torch.float64)
    for t in range(12):
        h = cell(x[:, t].double(), h)
    torch.testing.assert_close(h.float(), expected[:, -1], atol=1e-6, rtol=0)


def test_recurrent_cell_of_the_lstm_is_the_1997_cell():
    model = vg.build("lstm", CONFIG | {"lstm_hidden": 4})
    cell = vg.recurrent_cell(model)
    assert isinstance(cell, lstm.LSTMCell) and not cell.flags["forget_gate"]
    assert cell.weight_hh.dtype == torch.float64


def test_the_1997_cell_carries_the_error_and_the_rnn_loses_it():
    torch.manual_seed(0)
    rnn = vg.recurrent_cell(vg.build("rnn", CONFIG | {"rnn_hidden": 8}))
    cec = vg.recurrent_cell(vg.build("lstm", CONFIG))
    inputs = torch.randn(4, 101, 1, dtype=torch.float64)
    assert error_flow(rnn, inputs)[100] < 1e-10
    assert error_flow(cec, inputs)[100] > 0.1


def test_the_1997_lstm_starts_with_one_bias_per_unit_and_its_input_gates_shut():
    recurrent = vg.build("lstm", CONFIG).recurrent
    cell = recurrent.cells()[0]
    assert torch.all(recurrent.bias_hh_l0 == 0)
    assert torch.all(recurrent.bias_ih_l0[cell.gate_rows("input")] == CONFIG["input_gate_bias"])
    assert torch.all(recurrent.bias_ih_l0[cell.gate_rows("cell")] == 0)
    assert vg.build("lstm", CONFIG)(torch.randn(5, 7, 1)).shape == (5, 1)  # one logit each


def test_build_refuses_unknown_kinds():
    with pytest.raises(ValueError, match="kind"):
        vg.build("gru", CONFIG)


def test_success_by_length():
    runs = [
        {"length": 5, "solved": True},
        {"length": 5, "solved": False},
        {"length": 9, "solved": False},
    ]
    assert vg.success_by_length(runs, [5, 9]) == {5: 0.5, 9: 0.0}


TINY = CONFIG | {
    "seeds": [0],
    "lengths": [5, 12],
    "max_steps": 25,
    "test_batch": 64,
    "flow_trained_length": 5,
    "max_lag": 40,
}


@pytest.fixture(scope="module")
def tiny_result():
    output = vg.run(TINY)
    return SimpleNamespace(metrics=output["metrics"], data=output, config=TINY)


def test_the_experiment_measures_flows_and_success_at_every_length(tiny_result):
    data, metrics = tiny_result.data, tiny_result.metrics
    assert set(data["flows"]) == {
        "rnn_init",
        "rnn_trained",
        "lstm_init",
        "lstm_trained",
        "vanilla_lstm_init",
    }
    assert all(len(flow) == TINY["max_lag"] + 1 for flow in data["flows"].values())
    assert len(data["runs"]) == 2 * len(TINY["lengths"])
    assert set(data["success"]["rnn"]) == {"5", "12"}
    assert metrics["longest_length"] == 12
    assert metrics["rnn_factor_per_step_init"] == data["fits"]["init"]["factor_per_step"]


def test_tables_set_the_papers_figures_beside_ours(tiny_result):
    tables = vg_show.tables(tiny_result)
    assert set(tables) == {"error_flow", "latching_rnn", "latching_lstm", "rnn_solved"}
    error_flow_rows = tables["error_flow"].rows
    assert error_flow_rows[0]["factor"] == tiny_result.data["fits"]["init"]["factor_per_step"]
    assert list(tables["latching_rnn"].columns)[:3] == ["T", "paper", "success"]
    assert [row["paper"] for row in tables["latching_rnn"].rows] == ["learns", "fails"]
    assert [row["T"] for row in tables["latching_lstm"].rows] == TINY["lengths"]
    longer = vg_show.tables(
        SimpleNamespace(
            metrics=tiny_result.metrics,
            data=tiny_result.data | {"success": {"rnn": {"1000": 0.0}, "lstm": {"1000": 0.0}}},
            config=TINY | {"lengths": [1000]},
        )
    )
    assert longer["latching_lstm"].rows[0]["paper"] == vg_show.PAPER["lstm_sequences_1000"]


def test_figures_follow_the_book_style(tiny_result):
    drawn = vg_show.figures(tiny_result)
    assert set(drawn) == {"decaying_flow", "carousel_flow", "latching"}
    assert all(isinstance(figure, Figure) for figure in drawn.values())
    assert [line for key, fig in drawn.items() for line in figures.problems(fig, key)] == []
