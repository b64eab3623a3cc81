"""Networks side by side: independent of each other, initialised as the papers say, tied
gates within a memory block, resets, the 1997 truncated gradient, and clear errors."""

import pytest
import torch

from lstm.nn.side_by_side import SideBySide


def one_hot_inputs(steps, networks, size=7, seed=0):
    generator = torch.Generator().manual_seed(seed)
    symbols = torch.randint(size, (steps, networks), generator=generator)
    return torch.nn.functional.one_hot(symbols, size).float().view(steps, networks * size)


def test_networks_side_by_side_do_not_see_each_other():
    torch.manual_seed(0)
    model = SideBySide(3, 7, 4, 7, forget_gate=True)
    inputs = one_hot_inputs(30, 3)
    logits, _, _ = model(inputs, model.initial_state())
    disturbed = inputs.clone()
    disturbed[:, 7:14] = torch.rand(30, 7)  # network 1's inputs only
    other, _, _ = model(disturbed, model.initial_state())
    torch.testing.assert_close(logits[:, :7], other[:, :7])
    torch.testing.assert_close(logits[:, 14:], other[:, 14:])
    assert not torch.allclose(logits[:, 7:14], other[:, 7:14])


def test_inputs_and_outputs_per_network_may_differ_in_size():
    torch.manual_seed(0)
    model = SideBySide(2, 3, 4, 5, forget_gate=True)
    logits, state, _ = model(torch.rand(6, 6), model.initial_state())
    assert logits.shape == (6, 10) and state[1].shape == (1, 8)
    assert model.shortcut.weight.shape == (10, 6)
    assert torch.all(model.shortcut.weight[:5, 3:] == 0) and torch.all(
        model.shortcut.weight[5:, :3] == 0
    )


def test_cross_network_weights_stay_zero_under_training():
    torch.manual_seed(0)
    model = SideBySide(2, 7, 3, 7, forget_gate=False)
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    inputs = one_hot_inputs(25, 2)
    logits, _, _ = model(inputs, model.initial_state())
    torch.nn.functional.binary_cross_entropy_with_logits(logits, inputs.roll(-1, 0)).backward()
    optimizer.step()
    for name, mask in model.masks.items():
        assert torch.all(getattr(model.cell, name)[~mask] == 0), name
    assert torch.all(model.readout.weight[~model.readout_mask] == 0)
    assert torch.all(model.shortcut.weight[~model.shortcut_mask] == 0)


def test_gate_biases_start_as_in_gers_2000():
    model = SideBySide(2, 7, 8, 7, forget_gate=True)
    bias = model.cell.bias_ih + model.cell.bias_hh
    expected = torch.tensor([0.5, 0.5, 1.0, 1.0, 1.5, 1.5, 2.0, 2.0]).repeat(2)
    for gate, sign in (("input", -1), ("forget", 1), ("output", -1)):
        torch.testing.assert_close(bias[model.cell.gate_rows(gate)], sign * expected)
    assert bias[model.cell.gate_rows("cell")].abs().max() <= 0.2


def test_the_1997_network_starts_as_in_exp_1():
    model = SideBySide(
        2, 7, 6, 7, forget_gate=False, cells_per_block=2, biases="hochreiter1997", shortcut=False
    )
    bias = model.cell.bias_ih + model.cell.bias_hh
    output = bias[model.cell.gate_rows("output")]
    torch.testing.assert_close(output, torch.tensor([-1.0, -1, -2, -2, -3, -3]).repeat(2))
    assert bias[model.cell.gate_rows("input")].abs().max() <= 0.2
    assert model.shortcut is None


def test_cells_of_a_block_share_their_gates_through_training():
    torch.manual_seed(0)
    model = SideBySide(2, 7, 6, 7, forget_gate=False, cells_per_block=2, biases="hochreiter1997")
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    inputs = one_hot_inputs(30, 2, seed=6)
    for _ in range(2):
        logits, _, _ = model(inputs, model.initial_state())
        optimizer.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, inputs.roll(-1, 0))
        loss.backward()
        optimizer.step()
    for name in ("weight_ih", "weight_hh", "bias_ih"):
        parameter = getattr(model.cell, name)
        for block in model.cell.blocks:
            rows = parameter[model.cell.gate_rows(block)].view(2, 3, 2, -1)
            same = torch.equal(rows[:, :, 0], rows[:, :, 1])
            assert same == (block != "cell"), (name, block)


def test_the_state_is_reset_where_keep_is_zero():
    torch.manual_seed(0)
    model = SideBySide(1, 7, 2, 7, forget_gate=False)
    inputs = one_hot_inputs(20, 1, seed=3)
    resets = torch.zeros(20, 1, dtype=torch.bool)
    resets[10] = True
    keep = model.keep(resets)
    assert keep.shape == (20, 2) and keep[10].tolist() == [0.0, 0.0] and keep[9].tolist() == [1, 1]
    _, reset, _ = model(inputs, model.initial_state(), keep)
    _, fresh, _ = model(inputs[10:], model.initial_state())
    torch.testing.assert_close(reset[1], fresh[1])


def test_record_gives_cell_states_and_forget_gates():
    torch.manual_seed(0)
    inputs = one_hot_inputs(5, 2)
    with_gate = SideBySide(2, 7, 3, 7, forget_gate=True)
    _, _, recorded = with_gate(inputs, with_gate.initial_state(), record=True)
    assert recorded["cell_state"].shape == recorded["forget_gate"].shape == (5, 6)
    assert torch.all((recorded["forget_gate"] > 0) & (recorded["forget_gate"] < 1))
    without = SideBySide(2, 7, 3, 7, forget_gate=False)
    _, _, recorded = without(inputs, without.initial_state(), record=True)
    assert torch.all(recorded["forget_gate"] == 1)
    assert without(inputs, without.initial_state())[2] == {}


def test_truncated_gradient_flows_back_through_the_cells_only():
    inputs = one_hot_inputs(6, 1, seed=7).requires_grad_()
    gradients = {}
    for truncated in (False, True):
        torch.manual_seed(0)
        model = SideBySide(1, 7, 2, 7, forget_gate=False, truncated_gradient=truncated)
        logits, _, _ = model(inputs, model.initial_state())
        (first,) = torch.autograd.grad(logits[-1].sum(), inputs)
        gradients[truncated] = first[0]
    assert gradients[True].abs().sum() > 0  # the error still reaches the first input
    assert not torch.allclose(gradients[True], gradients[False])


def test_a_loaded_network_computes_what_it_computes_alone():
    options = {"forget_gate": False, "cells_per_block": 2, "biases": "hochreiter1997"}
    torch.manual_seed(1)
    single = SideBySide(1, 7, 4, 7, **options)
    torch.manual_seed(2)
    pack = SideBySide(3, 7, 4, 7, **options)
    pack.load_network(2, single)
    inputs = one_hot_inputs(12, 3)
    alone, _, _ = single(inputs[:, 14:], single.initial_state())
    packed, _, _ = pack(inputs, pack.initial_state())
    torch.testing.assert_close(packed[:, 14:], alone)


def test_parameter_owners_name_the_network_of_every_weight():
    model = SideBySide(3, 2, 4, 5, forget_gate=True)
    owners = model.parameter_owners()
    for (name, parameter), owner in zip(model.named_parameters(), owners, strict=True):
        assert owner.shape == parameter.shape, name
    by_name = dict(zip([name for name, _ in model.named_parameters()], owners, strict=True))
    assert by_name["readout.bias"].tolist() == [0] * 5 + [1] * 5 + [2] * 5
    assert by_name["cell.bias_ih"].view(4, 3, 4)[:, 1].unique().tolist() == [1]


@pytest.mark.parametrize(
    "arguments, options, error, message",
    [
        ((0, 7, 4, 7), {}, ValueError, "expected networks to be a positive int, got 0"),
        ((1, 7, 4.0, 7), {}, TypeError, "expected cells to be a positive int, got float"),
        ((1, 7, 5, 7), {"cells_per_block": 2}, ValueError, "multiple of cells_per_block"),
        ((1, 7, 4, 7), {"biases": "random"}, ValueError, "expected biases to be one of"),
    ],
)
def test_bad_sizes_and_settings_are_clear_errors(arguments, options, error, message):
    with pytest.raises(error, match=message):
        SideBySide(*arguments, forget_gate=True, **options)


def test_bad_inputs_states_and_resets_are_clear_errors():
    model = SideBySide(2, 7, 3, 7, forget_gate=True)
    state = model.initial_state()
    with pytest.raises(ValueError, match=r"expected inputs of shape \(time, 14\), got \(5, 7\)"):
        model(torch.rand(5, 7), state)
    with pytest.raises(TypeError, match="expected inputs to be a floating-point tensor"):
        model(torch.ones(5, 14, dtype=torch.long), state)
    with pytest.raises(ValueError, match=r"expected state h of shape \(1, 6\), got \(2, 6\)"):
        model(torch.rand(5, 14), (torch.zeros(2, 6), torch.zeros(2, 6)))
    with pytest.raises(ValueError, match="expected state as a tuple"):
        model(torch.rand(5, 14), torch.zeros(1, 6))
    with pytest.raises(ValueError, match=r"expected keep of shape \(5, 6\), got \(4, 6\)"):
        model(torch.rand(5, 14), state, torch.ones(4, 6))
    with pytest.raises(TypeError, match="expected resets as a bool tensor, got a torch.float32"):
        model.keep(torch.zeros(5, 2))
    with pytest.raises(ValueError, match=r"expected resets of shape \(time, 2\), got \(5, 3\)"):
        model.keep(torch.zeros(5, 3, dtype=torch.bool))


def test_loading_a_network_checks_its_kind_and_slot():
    model = SideBySide(2, 7, 3, 7, forget_gate=True)
    with pytest.raises(ValueError, match=r"expected a network index in \[0, 2\), got 2"):
        model.load_network(2, SideBySide(1, 7, 3, 7, forget_gate=True))
    with pytest.raises(
        ValueError, match="expected a one-network SideBySide .* got SideBySide of 1"
    ):
        model.load_network(0, SideBySide(1, 7, 3, 7, forget_gate=False))
    with pytest.raises(ValueError, match="got SideBySide of 2 network"):
        model.load_network(0, SideBySide(2, 7, 3, 7, forget_gate=True))
    with pytest.raises(ValueError, match="got Linear"):
        model.load_network(0, torch.nn.Linear(2, 2))
