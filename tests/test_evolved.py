"""MUT1, MUT2, MUT3: the equations, each one's own term, gradcheck, the layer, bad input."""

import copy

import pytest
import torch
from torch import nn

from lstm.nn.evolved import ARCHITECTURES, MUT, MUTCell

# Input size 3 for the cells: MUT1 and MUT2 need input_size == hidden_size.
SIZES = {"MUT1": (3, 3), "MUT2": (3, 3), "MUT3": (2, 3)}


def cell_of(architecture: str, dtype: torch.dtype = torch.float64) -> MUTCell:
    torch.manual_seed(0)
    return MUTCell(*SIZES[architecture], architecture).to(dtype)


def by_hand(cell: MUTCell, x: torch.Tensor, h: torch.Tensor) -> torch.Tensor:
    """The paper's section 3, written out with the cell's own parameters."""
    p = {name: value.detach() for name, value in cell.named_parameters()}
    sigm = torch.sigmoid
    if cell.architecture == "MUT1":
        z = sigm(x @ p["weight_xz"].T + p["bias_z"])
        r = sigm(x @ p["weight_xr"].T + h @ p["weight_hr"].T + p["bias_r"])
        candidate = torch.tanh((r * h) @ p["weight_hh"].T + torch.tanh(x) + p["bias_h"])
    elif cell.architecture == "MUT2":
        z = sigm(x @ p["weight_xz"].T + h @ p["weight_hz"].T + p["bias_z"])
        r = sigm(x + h @ p["weight_hr"].T + p["bias_r"])
        candidate = torch.tanh((r * h) @ p["weight_hh"].T + x @ p["weight_xh"].T + p["bias_h"])
    else:
        z = sigm(x @ p["weight_xz"].T + torch.tanh(h) @ p["weight_hz"].T + p["bias_z"])
        r = sigm(x @ p["weight_xr"].T + h @ p["weight_hr"].T + p["bias_r"])
        candidate = torch.tanh((r * h) @ p["weight_hh"].T + x @ p["weight_xh"].T + p["bias_h"])
    return candidate * z + h * (1 - z)


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_a_step_follows_the_papers_equations(architecture):
    cell = cell_of(architecture)
    x = torch.randn(4, cell.input_size, dtype=torch.float64)
    h = torch.randn(4, cell.hidden_size, dtype=torch.float64)
    expected = by_hand(cell, x, h)
    torch.testing.assert_close(cell(x, h), expected)
    torch.testing.assert_close(cell.step(cell.project_input(x), h), expected)
    torch.testing.assert_close(cell(x), by_hand(cell, x, torch.zeros_like(h)))


# The behavioural tests read the gates off what the step returns: with the update gate
# forced open (bias_z = 1e4, so z = 1.0 exactly in float64) the step returns the candidate
# c, and since h' = c z + h (1 - z), the update gate is z = (h' - h) / (c - h).


def candidate(cell: MUTCell, x: torch.Tensor, h: torch.Tensor) -> torch.Tensor:
    forced = copy.deepcopy(cell)
    with torch.no_grad():
        forced.bias_z.fill_(1e4)
    return forced(x, h)


def update_gate(cell: MUTCell, x: torch.Tensor, h: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return (cell(x, h) - h) / (candidate(cell, x, h) - h)


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_only_mut1s_update_gate_ignores_the_state(architecture):
    cell = cell_of(architecture)
    x = torch.randn(4, cell.input_size, dtype=torch.float64)
    shape = (4, cell.hidden_size)
    # |h| > 1.5 > |c|, so c - h is never near zero
    h_up = 1.5 + torch.rand(shape, dtype=torch.float64)
    h_down = -1.5 - torch.rand(shape, dtype=torch.float64)
    z_up, z_down = update_gate(cell, x, h_up), update_gate(cell, x, h_down)
    if architecture == "MUT1":
        torch.testing.assert_close(z_up, z_down)
        torch.testing.assert_close(z_up, torch.sigmoid(x @ cell.weight_xz.detach().T + cell.bias_z))
    else:
        assert (z_up - z_down).abs().max() > 1e-3


@pytest.mark.parametrize("architecture", ["MUT2", "MUT3"])
def test_mut3s_update_gate_reads_tanh_of_the_state(architecture):
    # tanh(30) and tanh(60) are both 1.0 in float64: MUT3 cannot tell the two states
    # apart in its update gate, MUT2 (which reads h itself) can.
    cell = cell_of(architecture)
    x = torch.randn(4, cell.input_size, dtype=torch.float64)
    shape = (4, cell.hidden_size)
    z_30 = update_gate(cell, x, torch.full(shape, 30.0, dtype=torch.float64))
    z_60 = update_gate(cell, x, torch.full(shape, 60.0, dtype=torch.float64))
    if architecture == "MUT3":
        torch.testing.assert_close(z_30, z_60)
        with torch.no_grad():
            pre = x @ cell.weight_xz.T + cell.weight_hz.sum(1) + cell.bias_z  # W_hz tanh(h)
        torch.testing.assert_close(z_30, torch.sigmoid(pre))
    else:
        assert (z_30 - z_60).abs().max() > 1e-3


def test_mut2s_reset_gate_adds_the_input_unweighted():
    # With W_hr = 0, b_r = 0, W_xh = 0, b_h = 0 and W_hh = I, the candidate from h = 1 is
    # tanh(r), and r = sigm(x): x enters the reset gate with no weight of its own.
    cell = cell_of("MUT2")
    assert not hasattr(cell, "weight_xr")
    with torch.no_grad():
        for name in ("weight_hr", "bias_r", "weight_xh", "bias_h"):
            getattr(cell, name).zero_()
        cell.weight_hh.copy_(torch.eye(3))
    x = torch.randn(4, 3, dtype=torch.float64)
    c = candidate(cell, x, torch.ones(4, 3, dtype=torch.float64))
    torch.testing.assert_close(torch.atanh(c), torch.sigmoid(x))


def test_mut1s_candidate_adds_tanh_of_the_input_unweighted():
    # With W_hh = 0 and b_h = 0, MUT1's candidate is tanh(tanh(x)), whatever the state.
    cell = cell_of("MUT1")
    assert not hasattr(cell, "weight_xh")
    with torch.no_grad():
        cell.weight_hh.zero_()
        cell.bias_h.zero_()
    x = torch.randn(4, 3, dtype=torch.float64)
    for h in (torch.zeros(4, 3, dtype=torch.float64), torch.randn(4, 3, dtype=torch.float64)):
        torch.testing.assert_close(candidate(cell, x, h), torch.tanh(torch.tanh(x)))


@pytest.mark.parametrize(
    ("architecture", "weights", "count"),
    [
        ("MUT1", {"xz", "xr", "hr", "hh"}, lambda h: 4 * h * h + 3 * h),
        ("MUT2", {"xz", "hz", "hr", "hh", "xh"}, lambda h: 5 * h * h + 3 * h),
        ("MUT3", {"xz", "hz", "xr", "hr", "hh", "xh"}, lambda h: 6 * h * h + 3 * h),
    ],
)
def test_each_architecture_registers_the_papers_parameters(architecture, weights, count):
    cell = MUTCell(5, 5, architecture)
    names = {name for name, _ in cell.named_parameters()}
    assert names == {f"weight_{w}" for w in weights} | {"bias_z", "bias_r", "bias_h"}
    assert sum(p.numel() for p in cell.parameters()) == count(5)
    layer = MUT(5, 5, architecture)
    assert sum(p.numel() for p in layer.parameters()) == count(5)
    assert all(p.abs().max() <= 1 / 5**0.5 for p in cell.parameters())


def test_input_weights_read_the_input_and_recurrent_weights_the_state():
    cell = MUTCell(2, 3, "MUT3")
    for name, parameter in cell.named_parameters():
        expected = {"x": (3, 2), "h": (3, 3)}[name[7]] if name.startswith("weight") else (3,)
        assert parameter.shape == expected, name


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_gradcheck_cell(architecture):
    cell = cell_of(architecture)
    x = torch.randn(2, cell.input_size, dtype=torch.float64, requires_grad=True)
    h = torch.randn(2, cell.hidden_size, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(cell, (x, h))


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_gradcheck_layer_through_time_with_lengths(architecture):
    torch.manual_seed(0)
    layer = MUT(*SIZES[architecture], architecture).double()
    x = torch.randn(2, 3, layer.input_size, dtype=torch.float64, requires_grad=True)
    h_0 = torch.randn(1, 2, layer.hidden_size, dtype=torch.float64, requires_grad=True)

    def run(x, h_0):
        output, h_n = layer(x, h_0, lengths=[3, 2])
        return output, h_n

    assert torch.autograd.gradcheck(run, (x, h_0))


def hand_loop(cell: MUTCell, x: torch.Tensor, h: torch.Tensor | None = None):
    outputs = []
    for t in range(x.shape[1]):
        h = cell(x[:, t], h)
        outputs.append(h)
    return torch.stack(outputs, 1), h


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_the_layer_is_the_cell_unrolled(architecture):
    torch.manual_seed(0)
    layer = MUT(*SIZES[architecture], architecture)
    x = torch.randn(2, 5, layer.input_size)
    output, h_n = layer(x)
    expected_output, expected_h = hand_loop(layer.cell, x)
    assert output.shape == (2, 5, layer.hidden_size) and h_n.shape == (1, 2, layer.hidden_size)
    torch.testing.assert_close(output, expected_output)
    torch.testing.assert_close(h_n[0], expected_h)


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_the_layer_starts_from_h_0(architecture):
    torch.manual_seed(0)
    layer = MUT(*SIZES[architecture], architecture)
    x = torch.randn(2, 4, layer.input_size)
    h_0 = torch.randn(1, 2, layer.hidden_size)
    output, h_n = layer(x, h_0)
    expected_output, expected_h = hand_loop(layer.cell, x, h_0[0])
    torch.testing.assert_close(output, expected_output)
    torch.testing.assert_close(h_n[0], expected_h)
    assert not torch.allclose(output, layer(x)[0])


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_padding_never_changes_valid_outputs_or_final_state(architecture):
    torch.manual_seed(0)
    layer = MUT(*SIZES[architecture], architecture)
    lengths = [6, 2, 4, 1]
    x = torch.randn(4, 6, layer.input_size)
    x_other_padding = x.clone()
    for b, length in enumerate(lengths):
        x_other_padding[b, length:] = 100.0  # garbage in the padding
    output, h_n = layer(x_other_padding, lengths=torch.tensor(lengths))
    for b, length in enumerate(lengths):
        alone_output, alone_h = layer(x[b : b + 1, :length])
        torch.testing.assert_close(output[b, :length], alone_output[0], atol=1e-6, rtol=0)
        torch.testing.assert_close(h_n[:, b], alone_h[:, 0], atol=1e-6, rtol=0)
        assert torch.equal(output[b, length:], torch.zeros(6 - length, layer.hidden_size))


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_symbol_indices_are_read_as_one_hot_vectors(architecture):
    torch.manual_seed(0)
    layer = MUT(4, 4, architecture)
    symbols = torch.randint(4, (3, 5))
    vectors = nn.functional.one_hot(symbols, 4).float()
    for ours, expected in zip(
        layer(symbols, lengths=[5, 3, 1]), layer(vectors, lengths=[5, 3, 1]), strict=True
    ):
        torch.testing.assert_close(ours, expected)


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_time_first_layout(architecture):
    torch.manual_seed(0)
    batch_first = MUT(*SIZES[architecture], architecture)
    time_first = MUT(*SIZES[architecture], architecture, batch_first=False)
    time_first.load_state_dict(batch_first.state_dict())
    x = torch.randn(2, 5, batch_first.input_size)
    h_0 = torch.randn(1, 2, batch_first.hidden_size)
    output, h_n = batch_first(x, h_0, lengths=[5, 3])
    output_tf, h_n_tf = time_first(x.transpose(0, 1), h_0, lengths=[5, 3])
    torch.testing.assert_close(output_tf.transpose(0, 1), output)
    torch.testing.assert_close(h_n_tf, h_n)
    symbols = torch.randint(batch_first.input_size, (2, 5))
    torch.testing.assert_close(time_first(symbols.T)[0].transpose(0, 1), batch_first(symbols)[0])


def test_the_layer_has_the_attributes_of_torch_gru():
    layer = MUT(4, 4, "MUT2", batch_first=False)
    assert (layer.input_size, layer.hidden_size, layer.architecture) == (4, 4, "MUT2")
    assert (layer.num_layers, layer.bidirectional, layer.batch_first) == (1, False, False)
    assert isinstance(layer.cell, MUTCell) and layer.cell.architecture == "MUT2"
    assert {name for name, _ in layer.named_parameters()} == {
        f"cell.{name}" for name, _ in layer.cell.named_parameters()
    }


def test_float64_layers_run_in_float64():
    layer = MUT(3, 3, "MUT1").double()
    assert layer(torch.randn(2, 5, 3, dtype=torch.float64))[0].dtype == torch.float64
    assert layer(torch.randint(3, (2, 5)))[1].dtype == torch.float64


def test_same_seed_same_parameters_and_numbers_bit_for_bit():
    def run(architecture):
        torch.manual_seed(3)
        layer = MUT(3, 3, architecture)
        return layer.state_dict(), layer(torch.randn(2, 5, 3))[0]

    for architecture in ARCHITECTURES:
        (first, out_first), (second, out_second) = run(architecture), run(architecture)
        assert all(torch.equal(first[name], second[name]) for name in first)
        assert torch.equal(out_first, out_second)


@pytest.mark.parametrize("constructor", [MUTCell, MUT])
@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (
            (3, 3, "MUT4"),
            ValueError,
            "unknown architecture 'MUT4'; expected one of MUT1, MUT2, MUT3",
        ),
        ((3, 3, "mut1"), ValueError, "unknown architecture 'mut1'"),
        (
            (3, 4, "MUT1"),
            ValueError,
            r"MUT1 adds the input itself .*tanh\(x_t\).*input_size == hidden_size, "
            r"got input_size=3, hidden_size=4",
        ),
        (
            (5, 4, "MUT2"),
            ValueError,
            r"MUT2 .*reset gate's x_t.*input_size == hidden_size, got input_size=5, hidden_size=4",
        ),
        ((3, 4), ValueError, "input_size == hidden_size"),  # MUT1 is the default
        ((0, 3, "MUT3"), ValueError, "input_size to be a positive int, got 0"),
        ((3, -1, "MUT3"), ValueError, "hidden_size to be a positive int, got -1"),
        ((2.5, 3, "MUT3"), TypeError, "input_size to be a positive int, got float"),
        ((3, True, "MUT3"), TypeError, "hidden_size to be a positive int, got bool"),
    ],
)
def test_bad_arguments(constructor, args, error, message):
    with pytest.raises(error, match=message):
        constructor(*args)


@pytest.mark.parametrize(
    ("x", "h", "error", "message"),
    [
        (torch.randn(2, 3, 2), None, ValueError, r"input of shape \(batch, 2\), got \(2, 3, 2\)"),
        (torch.randn(2, 3), None, ValueError, r"input of shape \(batch, 2\), got \(2, 3\)"),
        (torch.ones(2, 2, dtype=torch.int64), None, TypeError, "floating-point tensor"),
        ([[0.0, 0.0]], None, TypeError, "torch.Tensor, got list"),
        (
            torch.randn(2, 2),
            torch.zeros(2, 2),
            ValueError,
            r"state h of shape \(2, 3\), got \(2, 2\)",
        ),
        (torch.randn(2, 2), torch.zeros(1, 2, 3), ValueError, r"state h of shape \(2, 3\)"),
        (torch.randn(2, 2), torch.zeros(2, 3, dtype=torch.int64), TypeError, "state h to be a"),
    ],
)
def test_bad_cell_input(x, h, error, message):
    with pytest.raises(error, match=message):
        MUTCell(2, 3, "MUT3")(x, h)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda m: m(torch.randn(2)), ValueError, r"input of shape \(batch, time, 3\)"),
        (
            lambda m: m(torch.randn(2, 5, 4)),
            ValueError,
            r"input of shape \(batch, time, 3\), got \(2, 5, 4\)",
        ),
        (lambda m: m(torch.ones(2, 5, 3, dtype=torch.int64)), TypeError, "symbol indices"),
        (lambda m: m(torch.ones(2, 5, 3, dtype=torch.bool)), TypeError, "dtype torch.bool"),
        (lambda m: m(torch.full((2, 5), 3)), ValueError, r"symbol indices in 0\.\.2 .*from 3 to 3"),
        (lambda m: m(torch.randn(2, 0, 3)), ValueError, "at least one time step"),
        (
            lambda m: m(torch.randn(2, 5, 3), torch.zeros(2, 3)),
            ValueError,
            r"state h_0 of shape \(1, 2, 3\), got \(2, 3\)",
        ),
        (
            lambda m: m(torch.randn(2, 5, 3), torch.zeros(1, 4, 3)),
            ValueError,
            r"state h_0 of shape \(1, 2, 3\), got \(1, 4, 3\)",
        ),
        (
            lambda m: m(torch.randn(2, 5, 3), (torch.zeros(1, 2, 3),)),
            TypeError,
            "state h_0 to be a torch.Tensor, got tuple",
        ),
        (
            lambda m: m(torch.randn(2, 5, 3), torch.zeros(1, 2, 3, dtype=torch.int64)),
            TypeError,
            "state h_0 to be a floating-point tensor",
        ),
        (
            lambda m: m(torch.randn(2, 5, 3), lengths=[5, 6]),
            ValueError,
            r"every length in \[1, 5\].*from 5 to 6",
        ),
        (lambda m: m(torch.randn(2, 5, 3), lengths=[5, 0]), ValueError, r"in \[1, 5\]"),
        (
            lambda m: m(torch.randn(2, 5, 3), lengths=[5]),
            ValueError,
            r"one length per sequence, shape \(2,\), got \(1,\)",
        ),
        (
            lambda m: m(torch.randn(2, 5, 3), lengths=torch.tensor([5.0, 2.0])),
            TypeError,
            "integer dtype",
        ),
        (lambda m: m(torch.randn(2, 5, 3), lengths=5), TypeError, "sequence of ints, got int"),
    ],
)
@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_bad_layer_input(call, error, message, architecture):
    with pytest.raises(error, match=message):
        call(MUT(3, 3, architecture))
