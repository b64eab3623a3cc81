"""Chapter 1's experiment on a tiny config: what it returns, bit-for-bit repeats, and the
tables and figures the chapter shows."""

import math
from types import SimpleNamespace

import pytest
from matplotlib.figure import Figure

from lstm.experiments.lstm_cell import experiment as lstm_cell
from lstm.experiments.lstm_cell import show as lstm_cell_show
from lstm.reproduce import figures
from lstm.reproduce.report import Table

TINY = lstm_cell.CONFIG["smoke"] | {
    "seeds": [0, 1],
    "flow_seeds": 1,
    "flow_lag": 30,
    "flow_batch": 2,
    "flow_input_size": 3,
    "flow_hidden_size": 4,
    "steps": 5,
    "test_length": 40,
    "example_length": 20,
}


@pytest.fixture(scope="module")
def result():
    return lstm_cell.run(TINY)


def test_error_flow_curves_and_metrics(result):
    assert result["lags"][0] == 0 and result["lags"][-1] == 30
    assert set(result["curves"]) == set(lstm_cell.FLOW_CURVES)
    assert all(len(curves) == TINY["flow_seeds"] for curves in result["curves"].values())
    metrics = result["metrics"]
    assert metrics["max_lag"] == 30
    assert metrics["carousel_deviation"] < 1e-12
    assert 0 < metrics["rnn_decay_per_step"] < 1


def test_gates_at_work_reports_every_seed_and_the_clearest_example(result):
    assert [run["seed"] for run in result["per_seed"]] == TINY["seeds"]
    assert all(0 <= run["memory_cell"] < TINY["hidden_size"] for run in result["per_seed"])
    example = result["example"]
    assert set(example) >= {"value", "target", "prediction", "forget_gate", "cell_state"}
    assert all(len(series) == 20 for key, series in example.items() if key != "seed")
    solved = [r for r in result["per_seed"] if r["test_mse"] <= TINY["solved_mse"]]
    clearest = max(solved or result["per_seed"], key=lambda r: r["memory_cell_correlation"])
    assert example["seed"] == clearest["seed"]
    metrics = result["metrics"]
    assert metrics["success_rate"] == len(solved) / 2
    if not solved:  # five steps rarely solve it: medians of no run
        assert math.isnan(metrics["forget_gate_at_reset"])


def test_parity_with_pytorch_is_part_of_the_result(result):
    assert all(row["output_gap"] < 1e-5 and row["gradient_gap"] < 1e-5 for row in result["parity"])


def test_the_experiment_repeats_bit_for_bit(result):
    again = lstm_cell.run(TINY)
    assert again["curves"] == result["curves"]
    assert again["per_seed"] == result["per_seed"]


def test_tables_and_figures_of_the_chapter(result):
    shown = SimpleNamespace(metrics=result["metrics"], data=result)
    tables = lstm_cell_show.tables(shown)
    assert set(tables) == {"parity", "error_flow", "gates"}
    assert all(isinstance(table, Table) for table in tables.values())
    assert [row["paper"] for row in tables["error_flow"].rows][0].startswith("0")
    assert len(tables["gates"].rows) == len(TINY["seeds"])
    drawn = lstm_cell_show.figures(shown)
    assert set(drawn) == {"error_flow", "gates_at_work"}
    assert all(isinstance(figure, Figure) for figure in drawn.values())
    assert [line for key, fig in drawn.items() for line in figures.problems(fig, key)] == []
