"""Error flow: exactly constant through the carousel, vanishing through a tanh RNN."""

import pytest
import torch

import lstm
from lstm.nn.diagnostics import error_flow


def inputs(time: int = 60) -> torch.Tensor:
    torch.manual_seed(0)
    return torch.randn(3, time, 2, dtype=torch.float64)


def test_carousel_carries_the_error_unchanged_under_the_1997_rule():
    cell = lstm.LSTMCell(2, 4, forget_gate=False).double()
    flow = error_flow(cell, inputs(), truncated=True)
    assert flow.shape == (60,)
    torch.testing.assert_close(flow, torch.ones(60, dtype=torch.float64), atol=1e-12, rtol=0)


def test_forget_gate_below_one_shrinks_the_carried_error():
    cell = lstm.LSTMCell(2, 4).double()
    flow = error_flow(cell, inputs(), truncated=True)
    assert flow[0] == 1 and flow[-1] < 1e-6
    assert torch.all(flow[1:] <= flow[:-1] + 1e-12)  # a product of gates in (0, 1)


@pytest.mark.parametrize("cell_class", [lstm.RNNCell, lstm.GRUCell])
def test_tanh_rnn_error_flow_vanishes(cell_class):
    torch.manual_seed(0)
    cell = cell_class(2, 4).double()
    flow = error_flow(cell, inputs(200))
    assert flow[0] == 1 and flow[-1] < 1e-3


def test_error_flow_rejects_bad_inputs():
    cell = lstm.LSTMCell(2, 4)
    with pytest.raises(ValueError, match=r"inputs of shape \(batch, time, 2\), got \(5, 2\)"):
        error_flow(cell, torch.randn(5, 2))
    with pytest.raises(ValueError, match="without full gate recurrence"):
        error_flow(lstm.LSTMCell(2, 4, **lstm.VARIANTS["FGR"]), torch.randn(1, 5, 2))


def test_parity_with_torch_reports_tiny_gaps_for_every_shape():
    from lstm.nn.diagnostics import PARITY_SHAPES, parity_with_torch

    rows = parity_with_torch()
    assert len(rows) == len(PARITY_SHAPES)
    for row in rows:
        assert row["output_gap"] < 1e-5
        assert row["gradient_gap"] < 1e-5
        assert row["loop_output_gap"] < 1e-5
        assert row["step_output_gap"] < 1e-5
    assert rows[0]["shape"] == "one layer" and rows[0]["parameters"] == 4 * 8 * (5 + 8 + 2)
