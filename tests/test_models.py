"""The read-out model: every step, or each sequence's last valid step."""

import pytest
import torch

import lstm
from lstm.nn.models import Readout


def test_readout_at_every_step_and_bidirectional_width():
    model = Readout(lstm.LSTM(3, 4, bidirectional=True, batch_first=True), 2)
    assert model(torch.randn(5, 7, 3)).shape == (5, 7, 2)
    assert model.read.in_features == 8


def test_readout_of_last_valid_step_ignores_padding():
    torch.manual_seed(0)
    model = Readout(lstm.RNN(3, 4, batch_first=True), 1, last_step_only=True)
    x = torch.randn(2, 6, 3)
    padded = model(x, lengths=[6, 3])
    alone = model(x[1:, :3])
    assert padded.shape == (2, 1)
    torch.testing.assert_close(padded[1], alone[0])
    torch.testing.assert_close(model(x)[0], padded[0])


def test_readout_uses_projection_width():
    model = Readout(lstm.LSTM(3, 6, proj_size=2, batch_first=True), 1)
    assert model.read.in_features == 2


def test_readout_of_last_step_runs_padded_and_matches_packed_lstm():
    torch.manual_seed(1)
    model = Readout(lstm.LSTM(3, 4, batch_first=True), 2, last_step_only=True)
    x, lengths = torch.randn(3, 9, 3), torch.tensor([9, 4, 1])
    output, _ = model.recurrent(x, lengths=lengths)
    packed = model.read(output[torch.arange(3), lengths - 1])
    torch.testing.assert_close(model(x, lengths), packed)


def test_readout_rejects_lengths_longer_than_the_batch():
    model = Readout(lstm.LSTM(3, 4, batch_first=True), 1, last_step_only=True)
    with pytest.raises(ValueError, match="length"):
        model(torch.randn(2, 5, 3), lengths=[5, 6])
