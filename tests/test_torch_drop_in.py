"""lstm.LSTM, lstm.GRU and lstm.RNN as drop-ins for PyTorch's layers.

PyTorch describes the configurations its own tests run its recurrent layers in (the
``nn.LSTM``, ``nn.GRU`` and ``nn.RNN`` entries of ``common_modules.module_db``, shipped
with torch). Each is built here twice, as PyTorch's class and as ours with only the class
renamed, with the same weights; outputs, final states and gradients must be identical,
in float32 and float64. Where the configuration fits an LSTM variant, the variant's
compiled loop is compared with its readable step. The rest of the module checks, in our
own words, the behaviours of PyTorch's layers that users rely on.
"""

from __future__ import annotations

import warnings

import pytest
import torch
from torch import nn
from torch.nn.utils import parametrizations, parametrize
from torch.nn.utils.rnn import pack_padded_sequence

import lstm

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # its import warns about optional test tools
    from torch.testing._internal.common_modules import module_db

pytestmark = pytest.mark.timeout(120)

OURS = {nn.LSTM: lstm.LSTM, nn.GRU: lstm.GRU, nn.RNN: lstm.RNN}
DTYPES = (torch.float32, torch.float64)


def torch_cases() -> list:
    """(id, torch class, dtype, index) of every configuration in PyTorch's module_db."""
    cases = []
    for info in module_db:
        if info.module_cls not in OURS:
            continue
        for dtype in DTYPES:
            inputs = info.module_inputs_func(
                info, device="cpu", dtype=dtype, requires_grad=True, training=True
            )
            for index in range(len(inputs)):
                name = f"{info.module_cls.__name__}-{str(dtype)[6:]}-{index}"
                cases.append(pytest.param(info, dtype, index, id=name))
    return cases


CASES = torch_cases()


def test_the_installed_torch_describes_the_80_configurations_we_expect():
    assert len(CASES) == 2 * (32 + 16 + 32)


def module_input(info, dtype: torch.dtype, index: int):
    torch.manual_seed(index)
    return info.module_inputs_func(
        info, device="cpu", dtype=dtype, requires_grad=True, training=True
    )[index]


def tensors_of(value) -> list[torch.Tensor]:
    """Every tensor in a (nested) output, in order."""
    if isinstance(value, torch.Tensor):
        return [value]
    if isinstance(value, tuple | list):
        return [t for part in value for t in tensors_of(part)]
    raise TypeError(f"unexpected output part {type(value).__name__}")


def fresh(value):
    """A copy of a (nested) input whose tensors are new leaves that require gradients."""
    if isinstance(value, torch.Tensor):
        return value.detach().clone().requires_grad_()
    return type(value)(fresh(part) for part in value)


def run_and_differentiate(module: nn.Module, args: tuple, kwargs: dict):
    """Outputs, and the gradients of a fixed weighted sum of them with respect to the
    inputs and every parameter."""
    args = fresh(args)
    outputs = tensors_of(module(*args, **kwargs))
    torch.manual_seed(0)
    total = sum((out * torch.randn_like(out)).sum() for out in outputs)
    wanted = tensors_of(args) + list(module.parameters())
    gradients = torch.autograd.grad(total, wanted, allow_unused=True)
    return outputs, gradients


@pytest.mark.parametrize(("info", "dtype", "index"), CASES)
def test_our_layer_matches_torchs_in_its_own_test_configurations(info, dtype, index):
    case = module_input(info, dtype, index)
    constructor = case.constructor_input
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dropout warnings are PyTorch's
        theirs = info.module_cls(*constructor.args, **constructor.kwargs).to(dtype)
        ours = OURS[info.module_cls](*constructor.args, **constructor.kwargs).to(dtype)
    ours.load_state_dict(theirs.state_dict())
    args, kwargs = case.forward_input.args, case.forward_input.kwargs
    expected_outputs, expected_gradients = run_and_differentiate(theirs, args, kwargs)
    outputs, gradients = run_and_differentiate(ours, args, kwargs)
    assert len(outputs) == len(expected_outputs)
    for got, want in zip(
        outputs + list(gradients), expected_outputs + list(expected_gradients), strict=True
    ):
        assert (got is None) == (want is None)
        if got is not None:
            assert got.dtype == want.dtype and got.shape == want.shape
            assert torch.equal(got, want)


LSTM_CASES = [case for case in CASES if case.values[0].module_cls is nn.LSTM]
VARIANTS = [name for name in lstm.VARIANTS if name != "vanilla"]


@pytest.mark.parametrize(("info", "dtype", "index"), LSTM_CASES)
def test_every_variant_in_torchs_lstm_configurations_matches_its_readable_step(info, dtype, index):
    case = module_input(info, dtype, index)
    settings = case.constructor_input.kwargs
    args = case.forward_input.args
    for variant in VARIANTS:
        flags = lstm.VARIANTS[variant]
        if flags["full_gate_recurrence"] and len(args) > 1:
            continue  # its state has a third part, which torch's cases do not give
        torch.manual_seed(1)
        compiled = lstm.LSTM(**settings, **flags).to(dtype)
        readable = lstm.LSTM(**settings, **flags, compiled=False).to(dtype)
        readable.load_state_dict(compiled.state_dict())
        got_outputs, got_gradients = run_and_differentiate(compiled, args, {})
        want_outputs, want_gradients = run_and_differentiate(readable, args, {})
        got = got_outputs + list(got_gradients)
        want = want_outputs + list(want_gradients)
        torch.testing.assert_close(got, want, msg=f"variant {variant} differs")


# --- Construction, as PyTorch's layers are built ------------------------------------------


def test_the_constructor_takes_torchs_arguments_in_torchs_order_and_defaults():
    ours = lstm.LSTM(3, 5, 2, False, True, 0.25, True, 2, "cpu", torch.float64)
    theirs = nn.LSTM(3, 5, 2, False, True, 0.25, True, 2, "cpu", torch.float64)
    assert repr(ours) == repr(theirs)
    assert ours.state_dict().keys() == theirs.state_dict().keys()
    assert all(p.dtype == torch.float64 for p in ours.parameters())
    default = lstm.LSTM(3, 5)
    assert (default.batch_first, default.bias, default.bidirectional) == (False, True, False)
    assert lstm.RNN(3, 5, 1, "relu").nonlinearity == "relu"


def test_the_default_layout_is_torchs_time_first_so_a_torch_input_gives_torchs_numbers():
    torch.manual_seed(0)
    theirs = nn.LSTM(3, 5)
    ours = lstm.LSTM(3, 5)
    ours.load_state_dict(theirs.state_dict())
    x = torch.randn(7, 4, 3)  # (time, batch, features), torch's layout
    assert torch.equal(ours(x)[0], theirs(x)[0])


def test_the_variant_switches_are_keywords_after_torchs_arguments_and_show_in_repr():
    layer = lstm.LSTM(3, 5, 2, peepholes=True, forget_gate=False, compiled=False)
    assert repr(layer) == (
        "LSTM(3, 5, num_layers=2, forget_gate=False, peepholes=True, compiled=False)"
    )


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: lstm.LSTM(3, 5, batch_first="False"),
            TypeError,
            "batch_first to be a bool, got str",
        ),
        (lambda: lstm.LSTM(3, 5, bias=1), TypeError, "bias to be a bool, got int"),
        (lambda: lstm.GRU(3, 5, bidirectional="yes"), TypeError, "bidirectional to be a bool"),
        (lambda: lstm.RNN(3, 5, batch_first="True"), TypeError, "batch_first .*bool"),
        (lambda: lstm.LSTM(3, 5, dropout=1.5), ValueError, r"dropout to be a number in \[0, 1\]"),
        (lambda: lstm.LSTM(3, 5, compiled=None), TypeError, "compiled to be a bool"),
    ],
)
def test_options_of_the_wrong_kind_are_refused_in_one_line(build, error, message):
    with pytest.raises(error, match=message):
        build()


def test_flatten_parameters_is_a_harmless_no_op_on_the_cpu():
    layer = lstm.LSTM(3, 5, peepholes=True)
    before = {k: v.clone() for k, v in layer.state_dict().items()}
    layer.flatten_parameters()
    assert all(torch.equal(before[k], v) for k, v in layer.state_dict().items())


def test_gru_and_rnn_are_torchs_classes_and_the_lstm_says_why_it_is_not():
    assert isinstance(lstm.GRU(3, 5), nn.GRU) and isinstance(lstm.RNN(3, 5), nn.RNN)
    assert not isinstance(lstm.LSTM(3, 5), nn.LSTM)
    assert "quantize_dynamic" in lstm.LSTM.__doc__


# --- Inputs PyTorch's layers take -----------------------------------------------------------


@pytest.mark.parametrize("variant", ["vanilla", "greff_vanilla", "LSTM1997", "CIFG"])
def test_a_packed_sequence_gives_what_lengths_give(variant):
    torch.manual_seed(0)
    layer = lstm.LSTM(3, 5, 2, bidirectional=True, **lstm.VARIANTS[variant])
    x = torch.randn(6, 4, 3)
    lengths = torch.tensor([6, 2, 4, 3])
    packed = pack_padded_sequence(x, lengths, enforce_sorted=False)
    packed_output, (h, c) = layer(packed)
    padded_output, (h_lengths, c_lengths) = layer(x, lengths=lengths)
    unpacked, _ = nn.utils.rnn.pad_packed_sequence(packed_output)
    torch.testing.assert_close(unpacked, padded_output)
    torch.testing.assert_close(h, h_lengths)
    torch.testing.assert_close(c, c_lengths)
    assert torch.equal(packed_output.sorted_indices, packed.sorted_indices)


def test_a_vanilla_lstm_on_a_packed_sequence_is_torchs_bit_for_bit():
    torch.manual_seed(0)
    theirs = nn.LSTM(3, 5, 2)
    ours = lstm.LSTM(3, 5, 2)
    ours.load_state_dict(theirs.state_dict())
    packed = pack_padded_sequence(torch.randn(6, 4, 3), [6, 2, 4, 3], enforce_sorted=False)
    got = tensors_of((ours(packed)[0].data, ours(packed)[1]))
    want = tensors_of((theirs(packed)[0].data, theirs(packed)[1]))
    torch.testing.assert_close(got, want, rtol=0, atol=0)


@pytest.mark.parametrize("variant", ["vanilla", "NOG", "FGR"])
def test_an_unbatched_sequence_gives_what_a_batch_of_one_gives(variant):
    torch.manual_seed(0)
    layer = lstm.LSTM(3, 5, 2, **lstm.VARIANTS[variant])
    x = torch.randn(6, 3)
    output, final = layer(x)
    batched_output, batched_final = layer(x.unsqueeze(1))
    assert output.shape == (6, 5)
    torch.testing.assert_close(output, batched_output.squeeze(1))
    for part, batched in zip(final, batched_final, strict=True):
        assert part.shape == batched.shape[:1] + batched.shape[2:]
        torch.testing.assert_close(part, batched.squeeze(1))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda m: m(torch.randn(0, 2, 3)), RuntimeError, "at least one time step"),
        (lambda m: m(torch.randn(0, 3)), RuntimeError, "at least one time step"),
        (lambda m: m(torch.randn(4, 2, 7)), RuntimeError, r"input of shape \(time, batch, 3\)"),
        (lambda m: m(torch.randn(4, 7)), RuntimeError, r"unbatched input of shape \(time, 3\)"),
        (
            lambda m: m(torch.randn(4, 2, 3), (torch.zeros(1, 3, 5), torch.zeros(1, 3, 5))),
            RuntimeError,
            r"state h_0 of shape \(1, 2, 5\), got \(1, 3, 5\)",
        ),
        (
            lambda m: m(torch.randn(4, 3), (torch.zeros(1, 1, 5), torch.zeros(1, 1, 5))),
            RuntimeError,
            r"state h_0 \(for an unbatched input\) of shape \(1, 5\)",
        ),
        (lambda m: m(torch.randn(4, 3), lengths=[4]), ValueError, "one unbatched sequence"),
        (
            lambda m: m(pack_padded_sequence(torch.randn(4, 2, 3), [4, 2]), lengths=[4, 2]),
            ValueError,
            "carries its own lengths",
        ),
    ],
)
@pytest.mark.parametrize("variant", ["vanilla", "greff_vanilla"])
def test_bad_inputs_raise_torchs_exception_type_with_a_message_that_says_what_was_expected(
    variant, call, error, message
):
    with pytest.raises(error, match=message):
        call(lstm.LSTM(3, 5, **lstm.VARIANTS[variant]))


def test_gru_and_rnn_refuse_a_state_of_the_wrong_shape_as_torch_does_but_say_which():
    for layer in (lstm.GRU(3, 5), lstm.RNN(3, 5, nonlinearity="relu")):
        with pytest.raises(RuntimeError, match=r"state h_0 of shape \(1, 2, 5\), got \(1, 3, 5\)"):
            layer(torch.randn(4, 2, 3), torch.zeros(1, 3, 5))


def test_a_batch_of_no_sequences_runs_as_in_torch():
    layer = lstm.LSTM(3, 5, peepholes=True)
    output, (h, c) = layer(torch.randn(4, 0, 3))
    assert output.shape == (4, 0, 5) and h.shape == (1, 0, 5)


# --- Training behaviours --------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["vanilla", "LSTM1997", "greff_vanilla"])
def test_dropout_set_after_construction_takes_effect_at_the_next_call(variant):
    torch.manual_seed(0)
    layer = lstm.LSTM(3, 5, 2, dropout=0.5, **lstm.VARIANTS[variant]).train()
    x = torch.randn(4, 2, 3)
    assert not torch.equal(layer(x)[0], layer(x)[0])
    layer.dropout = 0.0  # switched off for fine-tuning
    assert torch.equal(layer(x)[0], layer(x)[0])
    layer.dropout = 0.5
    assert not torch.equal(layer(x)[0], layer(x)[0])


@pytest.mark.parametrize("variant", ["vanilla", "greff_vanilla", "LSTM1997"])
def test_weight_norm_reaches_the_layer_through_its_attributes(variant):
    torch.manual_seed(0)
    layer = lstm.LSTM(3, 5, 2, **lstm.VARIANTS[variant])
    plain = lstm.LSTM(3, 5, 2, **lstm.VARIANTS[variant])
    plain.load_state_dict(layer.state_dict())
    parametrizations.weight_norm(layer, "weight_hh_l0")
    with torch.no_grad():
        layer.parametrizations.weight_hh_l0.original0.mul_(2.0)  # the norm g, doubled
        plain.weight_hh_l0.mul_(2.0)
    x = torch.randn(4, 2, 3)
    torch.testing.assert_close(layer(x)[0], plain(x)[0])
    layer(x)[0].sum().backward()
    assert layer.parametrizations.weight_hh_l0.original1.grad.abs().sum() > 0


def test_a_parametrization_is_what_the_layer_computes_with():
    torch.manual_seed(0)
    layer = lstm.LSTM(4, 4, peepholes=True)
    parametrize.register_parametrization(layer, "weight_hh_l0", _Doubled())
    plain = lstm.LSTM(4, 4, peepholes=True)
    plain.load_state_dict(
        {
            k.replace("parametrizations.weight_hh_l0.original", "weight_hh_l0"): v
            for k, v in layer.state_dict().items()
        }
    )
    with torch.no_grad():
        plain.weight_hh_l0.mul_(2)
    x = torch.randn(3, 2, 4)
    torch.testing.assert_close(layer(x)[0], plain(x)[0])


class _Doubled(nn.Module):
    def forward(self, weight: torch.Tensor) -> torch.Tensor:
        return 2 * weight


@pytest.mark.parametrize("variant", ["vanilla", "NIG"])
def test_weights_tied_between_two_layers_are_one_parameter_that_gets_both_gradients(variant):
    torch.manual_seed(0)
    first = lstm.LSTM(3, 5, **lstm.VARIANTS[variant])
    second = lstm.LSTM(3, 5, **lstm.VARIANTS[variant])
    second.weight_ih_l0 = first.weight_ih_l0
    x = torch.randn(4, 2, 3)
    (first(x)[0].sum() + second(x)[0].sum()).backward()
    alone = first.weight_ih_l0.grad.clone()
    first.zero_grad()
    first(x)[0].sum().backward()
    assert not torch.allclose(alone, first.weight_ih_l0.grad)  # the second layer added its share


@pytest.mark.parametrize("variant", ["greff_vanilla", "FGR", "LSTM1997"])
def test_second_order_gradients_fail_at_once_in_the_compiled_loop_and_say_what_to_use(variant):
    layer = lstm.LSTM(3, 4, **lstm.VARIANTS[variant]).double()
    x = torch.randn(5, 2, 3, dtype=torch.float64, requires_grad=True)
    output = layer(x, lengths=[5, 3])[0].sum()
    with pytest.raises(RuntimeError, match="build the layer with compiled=False"):
        torch.autograd.grad(output, x, create_graph=True)


@pytest.mark.parametrize("variant", ["vanilla", "greff_vanilla", "FGR", "LSTM1997"])
def test_second_order_gradients_are_right_with_the_readable_step(variant):
    torch.manual_seed(0)
    layer = lstm.LSTM(2, 3, compiled=False, **lstm.VARIANTS[variant]).double()
    x = torch.randn(3, 2, 2, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradgradcheck(lambda v: layer(v, lengths=[3, 2])[0], (x,))


def test_second_order_gradients_of_the_vanilla_layer_need_no_switch():
    torch.manual_seed(0)
    layer = lstm.LSTM(2, 3).double()
    x = torch.randn(3, 2, 2, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradgradcheck(lambda v: layer(v)[0], (x,))


@pytest.mark.parametrize("variant", ["vanilla", "greff_vanilla", "CIFG"])
def test_a_layer_without_biases_has_none_and_its_compiled_loop_matches_its_step(variant):
    torch.manual_seed(0)
    layer = lstm.LSTM(3, 5, bias=False, **lstm.VARIANTS[variant])
    assert not any("bias" in name for name, _ in layer.named_parameters())
    readable = lstm.LSTM(3, 5, bias=False, compiled=False, **lstm.VARIANTS[variant])
    readable.load_state_dict(layer.state_dict())
    x = torch.randn(4, 2, 3)
    torch.testing.assert_close(layer(x, lengths=[4, 2])[0], readable(x, lengths=[4, 2])[0])
    with pytest.raises(ValueError, match=r"no biases \(bias=False\)"):
        layer.set_gate_bias("input", 1.0)


@pytest.mark.parametrize("variant", ["vanilla", "greff_vanilla"])
def test_a_weight_tied_within_one_layer_is_used_in_both_places(variant):
    torch.manual_seed(0)
    layer = lstm.LSTM(3, 5, bidirectional=True, **lstm.VARIANTS[variant])
    layer.weight_hh_l0_reverse = layer.weight_hh_l0  # both directions share R
    untied = lstm.LSTM(3, 5, bidirectional=True, **lstm.VARIANTS[variant])
    untied.load_state_dict(layer.state_dict())
    x = torch.randn(4, 2, 3)
    torch.testing.assert_close(layer(x)[0], untied(x)[0])
    assert len(list(layer.parameters())) == len(list(untied.parameters())) - 1
