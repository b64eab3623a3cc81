"""Chapter 1's experiments on tiny configs: what they return, and bit-for-bit repeats."""

import math

from lstm.experiments import lstm_cell

TINY_FLOW = {"seeds": [0], "lag": 30, "batch": 2, "input_size": 3, "hidden_size": 4}
TINY_GATES = {
    **lstm_cell.GATES_AT_WORK,
    "seeds": [0],
    "steps": 5,
    "test_length": 40,
    "example_length": 20,
    "solved_mse": 0.01,
}


def test_error_flow_curves_and_metrics():
    result = lstm_cell.run_error_flow(TINY_FLOW)
    assert result["lags"][0] == 0 and result["lags"][-1] == 30
    assert set(result["curves"]) == set(lstm_cell.FLOW_CURVES)
    assert all(len(curves) == 1 for curves in result["curves"].values())
    metrics = result["metrics"]
    assert metrics["max_lag"] == 30
    assert metrics["carousel_deviation"] < 1e-12
    assert 0 < metrics["rnn_decay_per_step"] < 1


def test_error_flow_repeats_bit_for_bit():
    assert lstm_cell.run_error_flow(TINY_FLOW) == lstm_cell.run_error_flow(TINY_FLOW)


def test_gates_at_work_reports_every_seed_and_an_example():
    result = lstm_cell.run_gates_at_work(TINY_GATES)
    (run,) = result["per_seed"]
    assert run["seed"] == 0 and 0 <= run["memory_cell"] < TINY_GATES["hidden_size"]
    assert set(result["example"]) >= {"value", "target", "prediction", "forget_gate"}
    assert all(len(series) == 20 for series in result["example"].values())
    metrics = result["metrics"]
    assert metrics["success_rate"] in (0.0, 1.0)
    if metrics["success_rate"] == 0.0:  # five steps rarely solve it: medians of no run
        assert math.isnan(metrics["forget_gate_at_reset"])
    assert lstm_cell.run_gates_at_work(TINY_GATES)["per_seed"] == result["per_seed"]
