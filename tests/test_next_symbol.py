"""The character-level language model: logits of the next symbol at every step."""

import pytest
import torch

import lstm
from lstm.nn.evolved import MUT
from lstm.nn.next_symbol import NextSymbol


def test_next_symbol_gives_logits_at_every_step_that_depend_on_the_past_only():
    torch.manual_seed(0)
    model = NextSymbol(lstm.GRU(6, 6, batch_first=True), 5)
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
        NextSymbol(lstm.LSTM(4, 4, batch_first=True), 5)(symbols)


def test_next_symbol_refuses_a_bidirectional_layer_and_a_bad_alphabet():
    with pytest.raises(ValueError, match="single-direction"):
        NextSymbol(lstm.LSTM(4, 4, bidirectional=True, batch_first=True), 5)
    with pytest.raises(ValueError, match="symbols"):
        NextSymbol(lstm.LSTM(4, 4, batch_first=True), 0)
