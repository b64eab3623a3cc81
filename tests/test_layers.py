"""The layers: parity with torch.nn.LSTM/GRU/RNN, padded batches, gradcheck, bad input."""

import pytest
import torch
from torch import nn

import lstm
from lstm.nn.layers import reverse_padded

SHAPES = [
    {},
    {"num_layers": 2},
    {"bidirectional": True},
    {"proj_size": 3},
    {"num_layers": 2, "bidirectional": True, "proj_size": 2},
]


def max_gradient_gap(ours: nn.Module, ref: nn.Module) -> float:
    gaps = [
        (p.grad - q.grad).abs().max().item()
        for (_, p), (_, q) in zip(ours.named_parameters(), ref.named_parameters(), strict=True)
    ]
    return max(gaps)


def compare_with_torch(ours: nn.Module, ref: nn.Module, x: torch.Tensor, state=None) -> None:
    """Outputs, final states and parameter gradients agree within 1e-5 in float32."""
    ours.load_state_dict(ref.state_dict())
    ours_out, ours_final = ours(x, state)
    ref_out, ref_final = ref(x, state)
    torch.testing.assert_close(ours_out, ref_out, atol=1e-5, rtol=0)
    for a, b in zip(
        ours_final if isinstance(ours_final, tuple) else (ours_final,),
        ref_final if isinstance(ref_final, tuple) else (ref_final,),
        strict=True,
    ):
        torch.testing.assert_close(a, b, atol=1e-5, rtol=0)
    ours_out.sum().backward()
    ref_out.sum().backward()
    assert max_gradient_gap(ours, ref) < 1e-5


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_vanilla_lstm_equals_torch_lstm(shape):
    torch.manual_seed(0)
    ours, ref = lstm.LSTM(4, 6, batch_first=True, **shape), nn.LSTM(4, 6, batch_first=True, **shape)
    assert [(n, p.shape) for n, p in ours.named_parameters()] == [
        (n, p.shape) for n, p in ref.named_parameters()
    ]
    compare_with_torch(ours, ref, torch.randn(3, 7, 4))


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_step_loop_equals_torch_lstm(shape):
    """The variants' loop, run as a vanilla LSTM (peepholes zeroed), matches the fused kernel."""
    torch.manual_seed(0)
    ours = lstm.LSTM(4, 6, peepholes=True, batch_first=True, **shape)
    ref = nn.LSTM(4, 6, batch_first=True, **shape)
    ref_state = ref.state_dict()
    loop_state = {
        name: ref_state.get(name, torch.zeros_like(p)) for name, p in ours.state_dict().items()
    }
    ours.load_state_dict(loop_state)
    x = torch.randn(3, 7, 4)
    ours_out, (h, c) = ours(x)
    ref_out, (ref_h, ref_c) = ref(x)
    torch.testing.assert_close(ours_out, ref_out, atol=1e-5, rtol=0)
    torch.testing.assert_close(h, ref_h, atol=1e-5, rtol=0)
    torch.testing.assert_close(c, ref_c, atol=1e-5, rtol=0)


def test_initial_state_and_time_major_layout_match_torch():
    torch.manual_seed(0)
    ours = lstm.LSTM(4, 6, num_layers=2, batch_first=False)
    ref = nn.LSTM(4, 6, num_layers=2)
    state = (torch.randn(2, 3, 6), torch.randn(2, 3, 6))
    compare_with_torch(ours, ref, torch.randn(7, 3, 4), state)


@pytest.mark.parametrize(("ours_class", "ref_class"), [(lstm.GRU, nn.GRU), (lstm.RNN, nn.RNN)])
@pytest.mark.parametrize("shape", [{}, {"num_layers": 2, "bidirectional": True}], ids=str)
def test_baselines_equal_torch(ours_class, ref_class, shape):
    torch.manual_seed(0)
    ours = ours_class(4, 6, batch_first=True, **shape)
    ref = ref_class(4, 6, batch_first=True, **shape)
    compare_with_torch(ours, ref, torch.randn(3, 7, 4))


@pytest.mark.parametrize(("ours_class", "ref_class"), [(lstm.GRU, nn.GRU), (lstm.RNN, nn.RNN)])
def test_baselines_time_major_with_state(ours_class, ref_class):
    torch.manual_seed(0)
    ours, ref = ours_class(4, 6, batch_first=False), ref_class(4, 6)
    compare_with_torch(ours, ref, torch.randn(7, 3, 4), torch.randn(1, 3, 6))


def one_by_one(model: nn.Module, x: torch.Tensor, lengths: list[int]):
    """Run every sequence alone, cut to its own length: what a padded batch must reproduce."""
    outputs, finals = [], []
    for sequence, length in zip(x, lengths, strict=True):
        output, final = model(sequence[None, :length])
        outputs.append(output[0])
        finals.append(final)
    return outputs, finals


MODELS = {
    "vanilla": lambda: lstm.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True),
    "CIFG": lambda: lstm.LSTM(
        3, 4, num_layers=2, bidirectional=True, batch_first=True, **lstm.VARIANTS["CIFG"]
    ),
    "FGR": lambda: lstm.LSTM(3, 4, bidirectional=True, batch_first=True, **lstm.VARIANTS["FGR"]),
    "LSTMP": lambda: lstm.LSTM(
        3, 4, bidirectional=True, proj_size=2, peepholes=True, batch_first=True
    ),
    "GRU": lambda: lstm.GRU(3, 4, num_layers=2, bidirectional=True, batch_first=True),
    "RNN": lambda: lstm.RNN(3, 4, bidirectional=True, batch_first=True),
}


@pytest.mark.parametrize("name", MODELS)
def test_padding_never_changes_valid_outputs_or_final_state(name):
    torch.manual_seed(0)
    model = MODELS[name]()
    lengths = [6, 2, 4, 1]
    x = torch.randn(4, 6, 3)
    x_other_padding = x.clone()
    for b, length in enumerate(lengths):
        x_other_padding[b, length:] = 100.0  # garbage in the padding
    output, final = model(x_other_padding, lengths=torch.tensor(lengths))
    alone_outputs, alone_finals = one_by_one(model, x, lengths)
    for b, length in enumerate(lengths):
        torch.testing.assert_close(output[b, :length], alone_outputs[b], atol=1e-6, rtol=0)
        assert output[b, length:].abs().max() == 0 if length < 6 else True
        for ours, alone in zip(
            final if isinstance(final, tuple) else (final,),
            alone_finals[b] if isinstance(final, tuple) else (alone_finals[b],),
            strict=True,
        ):
            torch.testing.assert_close(ours[:, b], alone[:, 0], atol=1e-6, rtol=0)


def test_reverse_padded_reverses_within_each_length():
    x = torch.arange(8.0).reshape(2, 4, 1)
    flipped = reverse_padded(x, torch.tensor([4, 2]))
    assert flipped[:, :, 0].tolist() == [[3, 2, 1, 0], [5, 4, 6, 7]]
    assert torch.equal(reverse_padded(flipped, torch.tensor([4, 2])), x)
    assert torch.equal(reverse_padded(x, None), x.flip(1))


@pytest.mark.parametrize("variant", ["NIG", "CIFG", "FGR", "LSTM1997"])
def test_gradcheck_through_time(variant):
    torch.manual_seed(0)
    model = lstm.LSTM(2, 2, bidirectional=True, batch_first=True, **lstm.VARIANTS[variant]).double()
    x = torch.randn(2, 3, 2, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda x: model(x, lengths=[3, 2])[0], (x,))


def test_dropout_acts_between_layers_only():
    torch.manual_seed(0)
    model = lstm.LSTM(3, 4, num_layers=2, dropout=0.5, peepholes=True, batch_first=True)
    x = torch.randn(2, 5, 3)
    model.eval()
    assert torch.equal(model(x)[0], model(x)[0])
    model.train()
    assert not torch.equal(model(x)[0], model(x)[0])
    single = lstm.LSTM(3, 4, peepholes=True, dropout=0.5, batch_first=True).train()
    assert torch.equal(single(x)[0], single(x)[0])


def test_trace_reports_the_gates_behind_the_output():
    torch.manual_seed(0)
    model = lstm.LSTM(3, 4, batch_first=True, **lstm.VARIANTS["LSTM1997"])
    x = torch.randn(2, 5, 3)
    (trace,) = model.trace(x)
    assert set(trace) == {
        "input_gate",
        "forget_gate",
        "cell_input",
        "output_gate",
        "cell_state",
        "hidden",
    }
    assert all(value.shape == (2, 5, 4) for value in trace.values())
    assert torch.equal(trace["forget_gate"], torch.ones(2, 5, 4))
    torch.testing.assert_close(trace["hidden"], model(x)[0])


def test_same_seed_same_numbers_bit_for_bit():
    def run():
        torch.manual_seed(3)
        model = lstm.LSTM(3, 4, batch_first=True, **lstm.VARIANTS["CIFG"])
        return model(torch.randn(2, 5, 3))[0]

    assert torch.equal(run(), run())


def test_parameters_replaced_by_assignment_are_used():
    torch.manual_seed(0)
    model = lstm.LSTM(3, 4, peepholes=True, batch_first=True)
    other = lstm.LSTM(3, 4, peepholes=True, batch_first=True)
    x = torch.randn(2, 5, 3)
    model.load_state_dict(other.state_dict(), assign=True)
    torch.testing.assert_close(model(x)[0], other(x)[0])


def test_float64_modules_run_in_float64():
    model = lstm.LSTM(3, 4, num_layers=2, batch_first=True).double()
    assert model(torch.randn(2, 5, 3, dtype=torch.float64))[0].dtype == torch.float64


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda m: m(torch.randn(32, 8)),
            ValueError,
            r"expected unbatched input of shape \(time, 3\), got \(32, 8\)",
        ),
        (
            lambda m: m(torch.randn(2, 5, 8)),
            ValueError,
            r"expected input of shape \(batch, time, 3\), got \(2, 5, 8\)",
        ),
        (lambda m: m(torch.ones(2, 5, 3, dtype=torch.int32)), TypeError, "dtype torch.int32"),
        (
            lambda m: m(torch.randn(2, 5, 3), (torch.zeros(1, 2, 4),)),
            ValueError,
            r"state as a tuple \(h_0, c_0\)",
        ),
        (
            lambda m: m(torch.randn(2, 5, 3), (torch.zeros(1, 2, 4), torch.zeros(2, 2, 4))),
            ValueError,
            r"state c_0 of shape \(1, 2, 4\), got \(2, 2, 4\)",
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
@pytest.mark.parametrize("flags", [{}, {"peepholes": True}], ids=["fused", "loop"])
def test_bad_layer_input(call, error, message, flags):
    with pytest.raises(error, match=message):
        call(lstm.LSTM(3, 4, batch_first=True, **flags))


@pytest.mark.parametrize("layer_class", [lstm.GRU, lstm.RNN])
def test_bad_baseline_layer_input(layer_class):
    layer = layer_class(3, 4, batch_first=True)
    with pytest.raises(ValueError, match=r"unbatched input of shape \(time, 3\), got \(2, 5\)"):
        layer(torch.randn(2, 5))
    with pytest.raises(ValueError, match=r"state h_0 of shape \(1, 2, 4\), got \(1, 3, 4\)"):
        layer(torch.randn(2, 5, 3), torch.zeros(1, 3, 4))
    with pytest.raises(ValueError, match=r"in \[1, 5\]"):
        layer(torch.randn(2, 5, 3), lengths=[9, 1])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"forget_gates": False}, TypeError, "unknown LSTM cell flag.*forget_gates"),
        ({"dropout": 1.5}, ValueError, r"dropout to be a number in \[0, 1\], got 1.5"),
        ({"num_layers": 0}, ValueError, "num_layers to be a positive int, got 0"),
    ],
)
def test_bad_layer_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        lstm.LSTM(3, 4, batch_first=True, **kwargs)


@pytest.mark.parametrize("lengths", [None, [7, 3, 5, 1]])
def test_1997_cell_on_the_fused_kernel_matches_the_step_loop(lengths):
    torch.manual_seed(0)
    model = lstm.LSTM(
        3, 5, num_layers=2, bidirectional=True, batch_first=True, **lstm.VARIANTS["LSTM1997"]
    )
    model = model.double()
    assert model.runs_fused
    x = torch.randn(4, 7, 3, dtype=torch.float64)
    state = (torch.randn(4, 4, 5, dtype=torch.float64), torch.randn(4, 4, 5, dtype=torch.float64))
    fused, (h_fused, c_fused) = model(x, state, lengths=lengths)
    looped, (h_loop, c_loop) = model._run_layers(
        x, state, None if lengths is None else torch.tensor(lengths)
    )
    torch.testing.assert_close(h_fused, h_loop, rtol=0, atol=1e-12)
    _assert_same_outputs_and_gradients(model, (fused, c_fused), (looped, c_loop))


def _assert_same_outputs_and_gradients(model, first, second):
    """Two runs' (output, c_n) agree, and so do their gradients with respect to ``model``."""
    for a, b in zip(first, second, strict=True):
        torch.testing.assert_close(a, b, rtol=0, atol=1e-12)
    grads = [
        torch.autograd.grad(out.sum() + c.sum(), list(model.parameters()))
        for out, c in (first, second)
    ]
    for a, b in zip(*grads, strict=True):
        torch.testing.assert_close(a, b, rtol=0, atol=1e-12)


def test_fused_parameters_1997_hold_the_forget_gate_open_and_halve_the_cell_rows():
    from lstm.nn.layers import OPEN_FORGET_GATE, fused_parameters_1997

    rows = torch.arange(1.0, 7.0).reshape(6, 1)  # rows i: 1-2, g: 3-4, o: 5-6
    fused = fused_parameters_1997(
        {"weight_ih_l0": rows, "bias_ih_l0": rows[:, 0], "bias_hh_l0": rows[:, 0]}, 2
    )
    assert fused["weight_ih_l0"][:, 0].tolist() == [1, 2, 0, 0, 1.5, 2, 5, 6]
    assert fused["bias_ih_l0"][2:4].tolist() == [OPEN_FORGET_GATE] * 2
    assert fused["bias_hh_l0"][2:4].tolist() == [0, 0]
    assert torch.sigmoid(torch.tensor(OPEN_FORGET_GATE)) == 1.0


def test_other_variants_keep_the_step_loop():
    assert not lstm.LSTM(3, 4, batch_first=True, **lstm.VARIANTS["NIG"]).runs_fused
    assert lstm.LSTM(3, 4, batch_first=True).runs_fused


@pytest.mark.parametrize("variant", ["vanilla", "LSTM1997", "NIG"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_symbol_indices_are_read_as_one_hot_vectors(variant, bidirectional):
    from lstm.nn.layers import one_hot

    torch.manual_seed(0)
    model = lstm.LSTM(
        7, 5, num_layers=2, bidirectional=bidirectional, batch_first=True, **lstm.VARIANTS[variant]
    )
    model = model.double()
    symbols, lengths = torch.randint(0, 7, (3, 9)), [9, 4, 1]
    vectors = one_hot(symbols, 7, torch.float64)
    assert vectors.shape == (3, 9, 7) and torch.equal(vectors.sum(-1), torch.ones(3, 9))
    (out_s, (_, c_s)), (out_v, (_, c_v)) = (model(x, lengths=lengths) for x in (symbols, vectors))
    _assert_same_outputs_and_gradients(model, (out_s, c_s), (out_v, c_v))


def test_symbol_indices_work_time_first_and_for_the_baselines():
    from lstm.nn.layers import one_hot

    torch.manual_seed(0)
    symbols = torch.randint(0, 4, (6, 2))  # (time, batch)
    model = lstm.LSTM(4, 3, batch_first=False)
    torch.testing.assert_close(model(symbols)[0], model(one_hot(symbols, 4))[0])
    for layer in (lstm.RNN(4, 3, batch_first=True), lstm.GRU(4, 3, batch_first=True)):
        batch = symbols.t()
        assert torch.equal(layer(batch)[0], layer(one_hot(batch, 4))[0])


def test_symbol_indices_out_of_range_are_rejected():
    with pytest.raises(ValueError, match=r"symbol indices in 0\.\.3 .* from 0 to 4"):
        lstm.LSTM(4, 3, batch_first=True)(torch.tensor([[0, 4]]))
    with pytest.raises(TypeError, match=r"symbol indices of shape \(batch, time\)"):
        lstm.RNN(4, 3, batch_first=True)(torch.zeros(2, 3, 4, dtype=torch.long))


def test_dropout_between_layers_is_off_in_eval_on_the_fused_path_as_in_torch():
    torch.manual_seed(0)
    ours = lstm.LSTM(4, 8, num_layers=2, dropout=0.5, batch_first=True)
    theirs = torch.nn.LSTM(4, 8, num_layers=2, dropout=0.5, batch_first=True)
    theirs.load_state_dict(ours.state_dict())
    x = torch.randn(3, 5, 4)
    ours.eval(), theirs.eval()
    first, second = ours(x)[0], ours(x)[0]
    assert torch.equal(first, second)
    torch.testing.assert_close(first, theirs(x)[0])
    ours.train()
    assert not torch.equal(ours(x)[0], ours(x)[0])  # in training, dropout is on


def test_full_gate_recurrence_carries_its_gates_across_calls():
    torch.manual_seed(0)
    layer = lstm.LSTM(3, 4, num_layers=2, batch_first=True, **lstm.VARIANTS["FGR"])
    x = torch.randn(2, 6, 3)
    whole, (h, c, gates) = layer(x)
    assert gates.shape == (2, 2, 3 * 4) and gates.abs().sum() > 0
    head, state = layer(x[:, :2])
    tail, final = layer(x[:, 2:], state)
    torch.testing.assert_close(torch.cat([head, tail], 1), whole)
    for part, expected in zip(final, (h, c, gates), strict=True):
        torch.testing.assert_close(part, expected)
    with pytest.raises(ValueError, match=r"expected state as a tuple \(h_0, c_0, gates_0\)"):
        layer(x, state[:2])


def test_a_gate_bias_is_set_by_the_gates_name_in_every_cell():
    vanilla = lstm.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True)
    vanilla.set_gate_bias("forget", 3.0)
    assert torch.all(vanilla.bias_ih_l1_reverse[4:8] == 3.0)
    assert torch.all(vanilla.bias_hh_l1_reverse[4:8] == 0.0)
    assert not torch.any(vanilla.bias_ih_l0[:4] == 3.0)
    cell_1997 = lstm.LSTMCell(3, 4, **lstm.VARIANTS["LSTM1997"])
    assert cell_1997.blocks == ("input", "cell", "output")
    cell_1997.set_gate_bias("output", -2.0)
    assert torch.all(cell_1997.bias_ih[8:12] == -2.0)  # rows i, g, o: output is third
    with pytest.raises(ValueError, match=r"expected one of this cell's blocks .*got 'forget'"):
        cell_1997.set_gate_bias("forget", 1.0)
