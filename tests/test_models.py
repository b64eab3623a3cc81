"""The read-out model: every step, or each sequence's last valid step."""

import pytest
import torch

import lstm
from lstm.nn.evolved import MUT
from lstm.nn.models import NextSymbol, Readout


def test_readout_at_every_step_and_bidirectional_width():
    model = Readout(lstm.LSTM(3, 4, bidirectional=True), 2)
    assert model(torch.randn(5, 7, 3)).shape == (5, 7, 2)
    assert model.read.in_features == 8


def test_readout_of_last_valid_step_ignores_padding():
    torch.manual_seed(0)
    model = Readout(lstm.RNN(3, 4), 1, last_step_only=True)
    x = torch.randn(2, 6, 3)
    padded = model(x, lengths=[6, 3])
    alone = model(x[1:, :3])
    assert padded.shape == (2, 1)
    torch.testing.assert_close(padded[1], alone[0])
    torch.testing.assert_close(model(x)[0], padded[0])


def test_readout_uses_projection_width():
    model = Readout(lstm.LSTM(3, 6, proj_size=2), 1)
    assert model.read.in_features == 2


def test_readout_of_last_step_runs_padded_and_matches_packed_lstm():
    torch.manual_seed(1)
    model = Readout(lstm.LSTM(3, 4), 2, last_step_only=True)
    x, lengths = torch.randn(3, 9, 3), torch.tensor([9, 4, 1])
    output, _ = model.recurrent(x, lengths=lengths)
    packed = model.read(output[torch.arange(3), lengths - 1])
    torch.testing.assert_close(model(x, lengths), packed)


def test_readout_rejects_lengths_longer_than_the_batch():
    model = Readout(lstm.LSTM(3, 4), 1, last_step_only=True)
    with pytest.raises(ValueError, match="length"):
        model(torch.randn(2, 5, 3), lengths=[5, 6])


def test_next_symbol_gives_logits_at_every_step_that_depend_on_the_past_only():
    torch.manual_seed(0)
    model = NextSymbol(lstm.GRU(6, 6), 5)
    symbols = torch.tensor([[0, 1, 2, 3], [4, 3, 2, 1]])
    logits = model(symbols)
    assert logits.shape == (2, 4, 5)
    changed = symbols.clone()
    changed[:, 2] = 0
    later = model(changed)
    assert torch.equal(later[:, :2], logits[:, :2]) and not torch.equal(later[:, 2:], logits[:, 2:])


def test_next_symbol_embeds_symbols_in_the_input_size_of_an_evolved_cell():
    model = NextSymbol(MUT(7, 7, "MUT1"), 3)
    assert model.embed.weight.shape == (3, 7) and model(torch.tensor([[0, 2]])).shape == (1, 2, 3)


@pytest.mark.parametrize(
    ("symbols", "error", "message"),
    [
        (torch.tensor([[0.0, 1.0]]), TypeError, "int64 tensor .* got dtype torch.float32"),
        (torch.tensor([0, 1]), TypeError, r"\(batch, time\), got .*shape \(2,\)"),
        ([[0, 1]], TypeError, "got list"),
        (torch.tensor([[0, 5]]), ValueError, r"indices in 0\.\.4, got values from 0 to 5"),
    ],
)
def test_next_symbol_names_bad_input(symbols, error, message):
    with pytest.raises(error, match=message):
        NextSymbol(lstm.LSTM(4, 4), 5)(symbols)


def test_next_symbol_refuses_a_bidirectional_layer_and_a_bad_alphabet():
    with pytest.raises(ValueError, match="single-direction"):
        NextSymbol(lstm.LSTM(4, 4, bidirectional=True), 5)
    with pytest.raises(ValueError, match="symbols"):
        NextSymbol(lstm.LSTM(4, 4), 0)
