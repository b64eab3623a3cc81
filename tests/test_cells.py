"""The cells: parity with PyTorch's cells, each variant's equation, gradcheck, bad input."""

import pytest
import torch
from torch import nn

import lstm
from lstm.nn.cells import squash_cell_input_1997, squash_cell_output_1997


def copied(ours: nn.Module, reference: nn.Module) -> nn.Module:
    ours.load_state_dict(reference.state_dict())
    return ours


def assert_same_values_and_gradients(
    ours_out, ref_out, ours: nn.Module, ref: nn.Module, atol: float = 1e-6
) -> None:
    torch.testing.assert_close(ours_out, ref_out, atol=atol, rtol=0)
    ours_out.square().sum().backward()
    ref_out.square().sum().backward()
    for (name, p), (_, q) in zip(ours.named_parameters(), ref.named_parameters(), strict=True):
        torch.testing.assert_close(p.grad, q.grad, atol=atol, rtol=0, msg=name)


def test_vanilla_lstm_cell_equals_torch_lstm_cell():
    torch.manual_seed(0)
    ref = nn.LSTMCell(5, 7)
    ours = copied(lstm.LSTMCell(5, 7), ref)
    x, h, c = torch.randn(4, 5), torch.randn(4, 7), torch.randn(4, 7)
    ours_h, ours_c = ours(x, (h, c))
    ref_h, ref_c = ref(x, (h, c))
    torch.testing.assert_close(ours_c, ref_c, atol=1e-6, rtol=0)
    assert_same_values_and_gradients(ours_h, ref_h, ours, ref)


@pytest.mark.parametrize(
    ("ours_class", "ref_class"), [(lstm.RNNCell, nn.RNNCell), (lstm.GRUCell, nn.GRUCell)]
)
def test_baseline_cells_equal_torch_cells(ours_class, ref_class):
    torch.manual_seed(0)
    ref = ref_class(5, 7)
    ours = copied(ours_class(5, 7), ref)
    x, h = torch.randn(4, 5), torch.randn(4, 7)
    assert_same_values_and_gradients(ours(x, h), ref(x, h), ours, ref)


@pytest.mark.parametrize("cell_class", [lstm.RNNCell, lstm.GRUCell])
def test_baseline_cells_start_from_zero_state(cell_class):
    cell = cell_class(3, 4)
    x = torch.randn(2, 3)
    torch.testing.assert_close(cell(x), cell(x, torch.zeros(2, 4)))


def test_every_variant_name_maps_to_a_full_flag_set():
    assert set(lstm.VARIANTS) >= {
        "vanilla",
        "NIG",
        "NFG",
        "NOG",
        "NIAF",
        "NOAF",
        "NP",
        "CIFG",
        "FGR",
        "LSTM1997",
    }
    for name in lstm.VARIANTS:
        assert set(lstm.VARIANTS[name]) == set(lstm.nn.cells.VANILLA_FLAGS)
        assert name in lstm.VARIANTS
    assert lstm.VARIANTS["LSTM1997"]["forget_gate"] is False
    assert lstm.VARIANTS["CIFG"]["coupled"] is True


def test_unknown_variant_name_is_a_value_error_naming_the_known_ones():
    with pytest.raises(ValueError, match="unknown LSTM variant 'NXG'.*CIFG"):
        lstm.VARIANTS["NXG"]
    with pytest.raises(KeyError):
        lstm.VARIANTS["NXG"]
    assert "NXG" not in lstm.VARIANTS


def one_step(cell: lstm.LSTMCell, batch: int = 3):
    torch.manual_seed(1)
    x = torch.randn(batch, cell.input_size)
    state = cell.initial_state(batch, x)
    state = (torch.randn_like(state[0]), torch.randn_like(state[1]), *state[2:])
    return cell.step(cell.project_input(x), state), state


def test_no_forget_gate_is_the_constant_error_carousel():
    step, (_, c_prev) = one_step(lstm.LSTMCell(4, 5, forget_gate=False))
    assert step.forget_gate == 1.0
    torch.testing.assert_close(step.cell_state, c_prev + step.input_gate * step.cell_input)


def test_coupled_forget_gate_is_one_minus_input_gate():
    step, _ = one_step(lstm.LSTMCell(4, 5, **lstm.VARIANTS["CIFG"]))
    torch.testing.assert_close(step.forget_gate, 1 - step.input_gate)


def test_missing_gates_are_open():
    step, _ = one_step(lstm.LSTMCell(4, 5, input_gate=False, output_gate=False))
    assert step.input_gate == 1.0 and step.output_gate == 1.0
    torch.testing.assert_close(step.hidden, torch.tanh(step.cell_state))


def test_no_activation_functions_are_identities():
    step, _ = one_step(lstm.LSTMCell(4, 5, input_activation=False, output_activation=False))
    torch.testing.assert_close(step.hidden, step.output_gate * step.cell_state)
    assert step.cell_input.abs().max() > 1  # not squashed (random pre-activations exceed 1)


def test_1997_squashing_ranges():
    z = torch.linspace(-50, 50, 101)
    assert squash_cell_input_1997(z).min() >= -2 and squash_cell_input_1997(z).max() <= 2
    assert squash_cell_input_1997(z).max() > 1.99
    assert squash_cell_output_1997(z).min() >= -1 and squash_cell_output_1997(z).max() <= 1
    torch.testing.assert_close(squash_cell_output_1997(z), torch.tanh(z / 2))


def test_peepholes_with_zero_weights_change_nothing():
    torch.manual_seed(0)
    plain = lstm.LSTMCell(4, 5)
    peephole = lstm.LSTMCell(4, 5, peepholes=True)
    peephole.load_state_dict(plain.state_dict(), strict=False)
    for name in ("weight_ci", "weight_cf", "weight_co"):
        nn.init.zeros_(getattr(peephole, name))
    x, state = torch.randn(3, 4), (torch.randn(3, 5), torch.randn(3, 5))
    torch.testing.assert_close(peephole(x, state), plain(x, state))
    nn.init.ones_(peephole.weight_co)
    assert not torch.allclose(peephole(x, state)[0], plain(x, state)[0])


def test_full_gate_recurrence_feeds_previous_gates_back():
    cell = lstm.LSTMCell(4, 5, **lstm.VARIANTS["FGR"])
    step, state = one_step(cell)
    assert len(step.state) == 3 and step.gates.shape == (3, 15)
    torch.testing.assert_close(step.gates[:, :5], step.input_gate)
    changed = cell.step(cell.project_input(torch.zeros(3, 4)), (*state[:2], torch.ones(3, 15)))
    unchanged = cell.step(cell.project_input(torch.zeros(3, 4)), (*state[:2], torch.zeros(3, 15)))
    assert not torch.allclose(changed.hidden, unchanged.hidden)


def test_projection_shrinks_the_output():
    cell = lstm.LSTMCell(4, 6, proj_size=2)
    h, c = cell(torch.randn(3, 4))
    assert h.shape == (3, 2) and c.shape == (3, 6)


@pytest.mark.parametrize("variant", list(lstm.VARIANTS))
def test_gradcheck_every_variant(variant):
    torch.manual_seed(0)
    cell = lstm.LSTMCell(3, 2, **lstm.VARIANTS[variant]).double()
    x = torch.randn(2, 3, dtype=torch.float64, requires_grad=True)
    state = tuple(s.clone().normal_().requires_grad_() for s in cell.initial_state(2, x))

    def run(x, *state):
        return cell(x, tuple(state))

    assert torch.autograd.gradcheck(run, (x, *state))


@pytest.mark.parametrize("cell_class", [lstm.RNNCell, lstm.GRUCell])
def test_gradcheck_baseline_cells(cell_class):
    cell = cell_class(3, 2).double()
    x = torch.randn(2, 3, dtype=torch.float64, requires_grad=True)
    h = torch.randn(2, 2, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(cell, (x, h))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"input_size": 0, "hidden_size": 3}, ValueError, "input_size to be a positive int, got 0"),
        ({"input_size": 2.5, "hidden_size": 3}, TypeError, "input_size to be a positive int"),
        (
            {"input_size": 2, "hidden_size": 3, "coupled": True, "forget_gate": False},
            ValueError,
            "coupled=True",
        ),
        (
            {"input_size": 2, "hidden_size": 3, "proj_size": 3},
            ValueError,
            "proj_size < hidden_size",
        ),
        (
            {"input_size": 2, "hidden_size": 3, "proj_size": -1},
            ValueError,
            "proj_size to be an int",
        ),
    ],
)
def test_bad_cell_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        lstm.LSTMCell(**kwargs)


@pytest.mark.parametrize(
    ("x", "state", "error", "message"),
    [
        (
            torch.randn(2, 3, 4),
            None,
            ValueError,
            r"expected input of shape \(batch, 4\), got \(2, 3, 4\)",
        ),
        (
            torch.randn(2, 5),
            None,
            ValueError,
            r"expected input of shape \(batch, 4\), got \(2, 5\)",
        ),
        (
            torch.ones(2, 4, dtype=torch.int64),
            None,
            TypeError,
            "floating-point tensor, got dtype torch.int64",
        ),
        ([[0.0] * 4], None, TypeError, "torch.Tensor, got list"),
        (torch.randn(2, 4), (torch.zeros(2, 3),), ValueError, r"state as a tuple \(h, c\)"),
        (
            torch.randn(2, 4),
            (torch.zeros(2, 3), torch.zeros(3, 3)),
            ValueError,
            r"state c of shape \(2, 3\), got \(3, 3\)",
        ),
    ],
)
def test_bad_cell_input(x, state, error, message):
    with pytest.raises(error, match=message):
        lstm.LSTMCell(4, 3)(x, state)


@pytest.mark.parametrize("cell_class", [lstm.RNNCell, lstm.GRUCell])
def test_bad_baseline_cell_input(cell_class):
    cell = cell_class(4, 3)
    with pytest.raises(ValueError, match=r"input of shape \(batch, 4\), got \(2, 5\)"):
        cell(torch.randn(2, 5))
    with pytest.raises(ValueError, match=r"state h of shape \(2, 3\), got \(2, 4\)"):
        cell(torch.randn(2, 4), torch.randn(2, 4))
