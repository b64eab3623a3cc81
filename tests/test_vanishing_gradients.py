"""Chapter 2's measuring tools: the exponential fit, the collapse length, the RNN cell copy."""

import math

import pytest
import torch

import lstm
from lstm.experiments import vanishing_gradients as vg
from lstm.nn.diagnostics import error_flow


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
    model = vg.Classifier("rnn", 6)
    cell = vg.recurrent_cell(model)
    x = torch.randn(3, 12, 1)
    expected, _ = model.recurrent(x)
    h = torch.zeros(3, 6, dtype=torch.float64)
    for t in range(12):
        h = cell(x[:, t].double(), h)
    torch.testing.assert_close(h.float(), expected[:, -1], atol=1e-6, rtol=0)


def test_recurrent_cell_of_the_lstm_is_the_1997_cell():
    model = vg.Classifier("lstm", 4)
    cell = vg.recurrent_cell(model)
    assert isinstance(cell, lstm.LSTMCell) and not cell.flags["forget_gate"]
    assert cell.weight_hh.dtype == torch.float64


def test_the_1997_cell_carries_the_error_and_the_rnn_loses_it():
    torch.manual_seed(0)
    rnn = vg.recurrent_cell(vg.Classifier("rnn", 8))
    cec = vg.recurrent_cell(vg.Classifier("lstm", 8))
    inputs = torch.randn(4, 101, 1, dtype=torch.float64)
    assert error_flow(rnn, inputs)[100] < 1e-10
    assert error_flow(cec, inputs)[100] > 0.1


def test_classifier_refuses_unknown_kinds():
    with pytest.raises(ValueError, match="kind"):
        vg.Classifier("gru", 4)


def test_success_by_length():
    runs = [
        {"length": 5, "solved": True},
        {"length": 5, "solved": False},
        {"length": 9, "solved": False},
    ]
    assert vg.success_by_length(runs, [5, 9]) == {5: 0.5, 9: 0.0}


def test_chapter_tables_come_from_the_committed_result():
    from lstm.reproduce.results import load, results_dir

    result = load(results_dir() / "vanishing_gradients.json")
    decay = vg.decay_table(result)
    assert [row["network"] for row in decay.rows][:2] == ["tanh RNN, init", "tanh RNN, trained"]
    assert decay.rows[0]["factor"] == result.data["fits"]["init"]["factor_per_step"]
    latching = vg.latching_table(result)
    assert [row["T"] for row in latching.rows] == result.config["lengths"]
    assert all(
        row["lstm"] == result.data["success"]["lstm"][str(row["T"])] for row in latching.rows
    )
