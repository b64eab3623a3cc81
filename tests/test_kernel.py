"""The compiled time loop: equal to the readable step loop for every variant, its gradient
checked numerically, repeatable bit for bit, and clear about what it lacks."""

import pytest
import torch

import lstm
from lstm.nn.cells import LSTMCell
from lstm.nn.kernel import build, recurrence
from lstm.nn.layers import LSTM, step_loop

TOLERANCE = {torch.float32: 1e-5, torch.float64: 1e-10}


def initial_state(cell: LSTMCell, batch: int, dtype: torch.dtype) -> tuple[torch.Tensor, ...]:
    """A non-zero initial state (h, c), plus gates for full gate recurrence."""
    generator = torch.Generator().manual_seed(1)
    sizes = [cell.hidden_size, cell.hidden_size]
    if cell.flags["full_gate_recurrence"]:
        sizes.append(cell.weight_gr.shape[0])
    return tuple(
        torch.rand(batch, size, generator=generator, dtype=dtype).requires_grad_() for size in sizes
    )


def outputs_and_gradients(unroll, cell, x, state, lengths):
    """Outputs, final state and the gradients of a fixed random projection of them with
    respect to the input, the initial state and every parameter."""
    output, final = unroll(cell, x, state, lengths)
    generator = torch.Generator().manual_seed(2)
    results = (output, *final)
    loss = sum(
        (value * torch.randn(value.shape, generator=generator, dtype=value.dtype)).sum()
        for value in results
    )
    inputs = [x, *state, *cell.parameters()]
    return [value.detach() for value in results], torch.autograd.grad(loss, inputs)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("lengths", [None, [6, 2, 4]], ids=["full", "lengths"])
@pytest.mark.parametrize("variant", list(lstm.VARIANTS))
def test_the_compiled_loop_equals_the_step_loop(variant, lengths, dtype):
    torch.manual_seed(0)
    cell = LSTMCell(5, 7, **lstm.VARIANTS[variant]).to(dtype)
    x = torch.randn(3, 6, 5, dtype=dtype, requires_grad=True)
    state = initial_state(cell, 3, dtype)
    lengths = None if lengths is None else torch.tensor(lengths)
    expected, expected_grads = outputs_and_gradients(step_loop, cell, x, state, lengths)
    found, found_grads = outputs_and_gradients(recurrence.run, cell, x, state, lengths)
    tolerance = TOLERANCE[dtype]
    for value, reference in zip(
        found + list(found_grads), expected + list(expected_grads), strict=True
    ):
        torch.testing.assert_close(value, reference, atol=tolerance, rtol=0)


def test_padded_steps_output_zero_and_keep_the_state_of_the_last_valid_step():
    torch.manual_seed(0)
    cell = LSTMCell(3, 4, **lstm.VARIANTS["CIFG"])
    x = torch.randn(2, 5, 3)
    state = initial_state(cell, 2, torch.float32)
    output, (h, c) = recurrence.run(cell, x, state, torch.tensor([5, 2]))
    assert torch.all(output[1, 2:] == 0)
    short, (h_short, c_short) = recurrence.run(cell, x[1:, :2], [s[1:] for s in state], None)
    torch.testing.assert_close(h[1], h_short[0], atol=1e-6, rtol=0)
    torch.testing.assert_close(c[1], c_short[0], atol=1e-6, rtol=0)


class Unrolled(torch.nn.Module):
    """:func:`recurrence.run` over ``cell`` as a module, so that ``functional_call`` can
    hand it other parameter values."""

    def __init__(self, cell: LSTMCell, lengths: torch.Tensor | None) -> None:
        super().__init__()
        self.cell, self.lengths = cell, lengths

    def forward(self, x, *state):
        output, final = recurrence.run(self.cell, x, state, self.lengths)
        return output, *final


@pytest.mark.parametrize("variant", ["greff_vanilla", "NIG", "CIFG", "FGR", "NOAF", "LSTM1997"])
def test_the_compiled_loop_passes_gradcheck_in_float64(variant):
    """Gradients with respect to the input, the initial state and every parameter, against
    finite differences, with a padded sequence in the batch."""
    torch.manual_seed(0)
    cell = LSTMCell(2, 3, **lstm.VARIANTS[variant]).double()
    module = Unrolled(cell, torch.tensor([4, 3]))
    x = torch.randn(2, 4, 2, dtype=torch.float64, requires_grad=True)
    state = initial_state(cell, 2, torch.float64)
    names = [name for name, _ in module.named_parameters()]
    values = [value.detach().clone().requires_grad_() for value in module.parameters()]

    def unrolled(x, *rest):
        state, parameters = rest[: len(state_sizes)], rest[len(state_sizes) :]
        return torch.func.functional_call(
            module, dict(zip(names, parameters, strict=True)), (x, *state)
        )

    state_sizes = [part.shape for part in state]
    assert torch.autograd.gradcheck(unrolled, (x, *state, *values))


def test_the_compiled_loop_repeats_bit_for_bit():
    torch.manual_seed(0)
    cell = LSTMCell(6, 8, **lstm.VARIANTS["FGR"])
    x = torch.randn(4, 9, 6, requires_grad=True)
    state = initial_state(cell, 4, torch.float32)
    lengths = torch.tensor([9, 5, 7, 1])
    first, first_grads = outputs_and_gradients(recurrence.run, cell, x, state, lengths)
    second, second_grads = outputs_and_gradients(recurrence.run, cell, x, state, lengths)
    for a, b in zip(first + list(first_grads), second + list(second_grads), strict=True):
        assert torch.equal(a, b)


@pytest.mark.parametrize("variant", ["vanilla", "greff_vanilla"])
def test_a_gate_driven_far_below_zero_closes_instead_of_giving_nan(variant):
    # exp(-x) overflows float32 for x below about -88; a fast-maths division of 1 by
    # infinity then gave NaN on some processors (AVX2 without AVX-512)
    torch.manual_seed(0)
    cell = LSTMCell(5, 16, **lstm.VARIANTS[variant])
    x = (torch.randn(2, 4, 5) * 1000).requires_grad_()
    state = initial_state(cell, 2, torch.float32)
    expected, expected_grads = outputs_and_gradients(step_loop, cell, x, state, None)
    found, found_grads = outputs_and_gradients(recurrence.run, cell, x, state, None)
    assert all(torch.isfinite(value).all() for value in found + list(found_grads))
    for value, reference in zip(
        found + list(found_grads), expected + list(expected_grads), strict=True
    ):
        scale = float(reference.abs().max())  # inputs of 1000s give gradients of 1000s
        torch.testing.assert_close(value, reference, atol=1e-4 * scale + 1e-6, rtol=0)


def test_a_recurrent_projection_or_a_bfloat16_input_is_left_to_the_step_loop():
    cell = LSTMCell(3, 4, proj_size=2, peepholes=True)
    x = torch.randn(1, 2, 3)
    assert not recurrence.supports(cell, x)
    assert recurrence.supports(LSTMCell(3, 4, peepholes=True), x)
    assert not recurrence.supports(LSTMCell(3, 4, peepholes=True), x.bfloat16())
    with pytest.raises(ValueError, match="no recurrent projection, got proj_size=2"):
        recurrence.run(cell, torch.randn(1, 2, 3), cell.initial_state(1, torch.zeros(1)), None)


def test_the_compiled_loop_names_a_tensor_of_the_wrong_dtype():
    cell = LSTMCell(3, 4, peepholes=True)
    state = (torch.zeros(2, 4, dtype=torch.float64), torch.zeros(2, 4))
    with pytest.raises(RuntimeError, match="h0: expected dtype Float, got Double"):
        recurrence.run(cell, torch.randn(2, 5, 3), state, None)


def test_a_machine_without_a_compiler_gets_a_clear_error(monkeypatch):
    monkeypatch.setattr(build.shutil, "which", lambda name, path=None: None)
    assert build.missing_tools()[0].startswith("a C++ compiler (c++ or g++")
    monkeypatch.setattr(build, "extension", build.extension.__wrapped__)
    with pytest.raises(build.KernelUnavailable, match="needs a C\\+\\+ compiler .* and ninja"):
        build.extension()


def test_this_machine_builds_the_compiled_loop():
    """CI must not fall back to the step loop silently: here the loop must build."""
    assert build.missing_tools() == []
    assert callable(build.extension().forward)


# The layers run the compiled loop by default, in every arrangement.


def gradients_of(layer: LSTM, run, x, state, lengths):
    output, final = run(x, state, lengths)
    generator = torch.Generator().manual_seed(3)
    loss = sum(
        (value * torch.randn(value.shape, generator=generator, dtype=value.dtype)).sum()
        for value in (output, *final)
    )
    inputs = [x, *state, *layer.parameters()]
    return [output.detach(), *(part.detach() for part in final)], torch.autograd.grad(loss, inputs)


@pytest.mark.parametrize("variant", list(lstm.VARIANTS))
def test_a_stacked_bidirectional_layer_with_lengths_and_a_state_equals_the_step_loop(variant):
    torch.manual_seed(0)
    layer = LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True, **lstm.VARIANTS[variant])
    x = torch.randn(3, 5, 3, requires_grad=True)
    lengths = torch.tensor([5, 2, 4])
    sizes = [4, 4] + (
        [layer.cells()[0].weight_gr.shape[0]]
        if "weight_gr_l0" in dict(layer.named_parameters())
        else []
    )
    state = tuple(torch.rand(4, 3, size).requires_grad_() for size in sizes)

    def stepwise(x, state, lengths):  # recording every step forces the step loop
        return layer._run_layers(x, state, lengths, records=[])

    found, found_grads = gradients_of(layer, layer, x, state, lengths)
    expected, expected_grads = gradients_of(layer, stepwise, x, state, lengths)
    for value, reference in zip(
        found + list(found_grads), expected + list(expected_grads), strict=True
    ):
        torch.testing.assert_close(value, reference, atol=1e-5, rtol=0)


def test_a_vanilla_layer_given_lengths_runs_the_compiled_loop(monkeypatch):
    calls = []
    monkeypatch.setattr(recurrence, "run", lambda *args: calls.append(args) or step_loop(*args))
    layer = LSTM(3, 4, batch_first=True)
    layer(torch.randn(2, 5, 3))
    assert calls == []  # without lengths: PyTorch's fused kernel
    layer(torch.randn(2, 5, 3), lengths=[5, 3])
    assert len(calls) == 1
