"""The timing tasks of Gers et al. (2002) and their tiny network."""

import numpy as np
import pytest
import torch

from lstm.nn.timing import CELLS, GATE_BIASES, TimingNetwork
from lstm.tasks import timing

# MSD: measuring spike delays ------------------------------------------------------------


def test_spike_delays_follow_the_recurrence_and_score_the_extra_delay():
    batch = timing.spike_delays(64, 3, F=10, I_max=1, spikes=6)
    for inputs, targets, scored in zip(batch.inputs, batch.targets, batch.scored, strict=True):
        times = inputs[:, 0].nonzero()[:, 0].tolist()
        assert len(times) == 6 and times[0] == 0
        gaps = np.diff(times)
        assert set(gaps) <= {10, 11}
        assert scored.nonzero()[:, 0].tolist() == times[1:]
        assert targets[times[1:], 0].tolist() == [float(g - 10) for g in gaps]
        assert targets[~scored].abs().sum() == 0


def test_spike_delays_of_49_or_50_steps_draw_both_lengths():
    batch = timing.spike_delays(32, 0, F=49, spikes=10)
    gaps = np.diff(batch.inputs[..., 0].nonzero()[:, 1].reshape(32, 10).numpy(), axis=1)
    assert set(gaps.ravel().tolist()) == {49, 50}
    assert 0.4 < (gaps == 50).mean() < 0.6


def test_spike_delays_are_seeded_and_pad_short_sequences_unscored():
    a, b = timing.spike_delays(8, 5, F=3, I_max=2), timing.spike_delays(8, 5, F=3, I_max=2)
    assert all(torch.equal(x, y) for x, y in zip(a, b, strict=True))
    last = a.scored.int().cumsum(1).argmax(1)
    for row, end in enumerate(last.tolist()):
        assert not a.scored[row, end + 1 :].any() and not a.inputs[row, end + 1 :].any()


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"F": 0}, ValueError, "F to be a positive int"),
        ({"F": 10, "I_max": 0}, ValueError, "I_max to be an int >= 1"),
        ({"F": 10, "spikes": 1}, ValueError, "spikes to be an int >= 2"),
        ({"F": 2.5}, TypeError, "F to be a positive int"),
    ],
)
def test_spike_delays_refuse_bad_settings(options, error, message):
    with pytest.raises(error, match=message):
        timing.spike_delays(4, 0, **options)


# GTS and PFG ------------------------------------------------------------------------------


def test_timed_spikes_start_with_an_input_spike_and_ask_for_one_every_F_steps():
    batch = timing.timed_spikes(10, 35)
    assert batch.inputs[0, :, 0].nonzero()[:, 0].tolist() == [0]
    assert batch.targets[0, :, 0].nonzero()[:, 0].tolist() == [10, 20, 30]
    assert batch.scored.all()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("cos", [0.0, 0.5, 1.0, 0.5, 0.0, 0.5]),
        ("triangle", [0.0, 0.5, 1.0, 0.5, 0.0, 0.5]),
        ("rectangle", [0.0, 0.0, 1.0, 1.0, 0.0, 0.0]),
    ],
)
def test_waves_start_at_zero_and_repeat_every_F_steps(name, expected):
    assert timing.wave(name, 4, 6).tolist() == pytest.approx(expected, abs=1e-6)
    long = timing.wave(name, 25, 200)
    assert torch.equal(long[:25], long[25:50]) and 0 <= long.min() and long.max() <= 1


def test_periodic_function_has_no_input():
    batch = timing.periodic_function("triangle", 10, 50)
    assert not batch.inputs.any() and batch.scored.all()
    assert torch.equal(batch.targets[0, :, 0], timing.wave("triangle", 10, 50))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: timing.wave("sine", 10, 5), "wave from"),
        (lambda: timing.wave("cos", 1, 5), "period F >= 2"),
        (lambda: timing.timed_spikes(1, 5), "spike period F >= 2"),
        (lambda: timing.periodic_function("cos", 10, 0), "steps to be a positive int"),
    ],
)
def test_generation_tasks_refuse_bad_settings(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# Success and sustained periods ------------------------------------------------------------


def test_solved_needs_every_scored_error_below_the_tolerance():
    batch = timing.periodic_function("cos", 10, 30)
    outputs = batch.targets + 0.29
    assert timing.solved(outputs, batch, timing.WAVE_TOLERANCE)
    outputs[0, 17, 0] += 0.02
    assert not timing.solved(outputs, batch, timing.WAVE_TOLERANCE)


def test_unscored_steps_never_count_as_errors():
    batch = timing.spike_delays(2, 0, F=5)
    outputs = batch.targets + (~batch.scored).unsqueeze(-1).float() * 10
    assert timing.solved(outputs, batch, timing.SPIKE_TOLERANCE)


def test_periods_sustained_counts_whole_periods_before_the_first_miss():
    batch = timing.periodic_function("rectangle", 10, 100)
    outputs = batch.targets.clone()
    assert timing.periods_sustained(outputs, batch, 10, 0.3) == 10
    outputs[0, 37, 0] += 1.0
    assert timing.periods_sustained(outputs, batch, 10, 0.3) == 3
    outputs[0, 5, 0] += 1.0
    assert timing.periods_sustained(outputs, batch, 10, 0.3) == 0


def test_gts_periods_end_with_their_spikes_so_a_silent_run_keeps_none():
    batch = timing.timed_spikes(10, 100)
    assert timing.periods_sustained(torch.zeros(1, 100, 1), batch, 10, 0.49, start=1) == 0
    assert timing.periods_sustained(batch.targets, batch, 10, 0.49, start=1) == 9


def test_errors_and_periods_refuse_mismatched_outputs():
    batch = timing.periodic_function("cos", 10, 30)
    with pytest.raises(ValueError, match=r"targets' shape \(1, 30, 1\), got \(1, 29, 1\)"):
        timing.errors(torch.zeros(1, 29, 1), batch)
    two = timing.spike_delays(2, 0, F=5)
    with pytest.raises(ValueError, match="one free-running sequence, got a batch of 2"):
        timing.periods_sustained(two.targets, two, 5, 0.49)


# The network --------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", list(CELLS))
def test_the_papers_network_has_one_cell_and_its_gate_biases(cell):
    net = TimingNetwork(cell)
    block = net.block.cells()[0]
    assert block.hidden_size == 1 and block.flags["peepholes"] == (cell == "peephole")
    assert block.flags["forget_gate"] == (cell != "1997")
    for gate in block.gate_names:
        rows = block.gate_rows(gate)
        assert block.bias_ih[rows].item() == GATE_BIASES[gate]
        assert block.bias_hh[rows].item() == 0.0
    assert net(torch.zeros(3, 7, 1)).shape == (3, 7, 1)


def test_the_peephole_network_has_the_papers_seventeen_weights_plus_a_second_bias_per_row():
    # The paper counts 17 weights: 4 rows x (input, recurrent, bias), 3 peepholes and the
    # output's weight and bias. PyTorch's layout has two biases per row (bias_ih, bias_hh).
    assert sum(p.numel() for p in TimingNetwork("peephole").parameters()) == 17 + 4


def test_trace_shows_the_gates_the_cell_state_and_the_peepholes_contributions():
    torch.manual_seed(0)
    net = TimingNetwork("peephole")
    x = timing.timed_spikes(5, 12).inputs
    steps = net.trace(x)
    assert torch.allclose(steps["output"], net(x), atol=1e-6)
    cell = net.block.cells()[0]
    c = steps["cell_state"]
    assert torch.allclose(steps["peephole_output"], c * cell.weight_co)
    assert torch.allclose(steps["peephole_forget"][:, 1:], c[:, :-1] * cell.weight_cf)
    assert (steps["peephole_input"][:, 0] == 0).all()
    assert not TimingNetwork("forget").trace(x)["peephole_input"].any()


def test_the_network_refuses_unknown_cells_and_wrong_inputs():
    with pytest.raises(ValueError, match="cell from"):
        TimingNetwork("GRU")
    with pytest.raises(ValueError, match=r"shape \(batch, time, 1\)"):
        TimingNetwork("forget")(torch.zeros(2, 5, 3))
    with pytest.raises(TypeError, match="floating-point"):
        TimingNetwork("forget")(torch.zeros(2, 5, 1, dtype=torch.int64))
