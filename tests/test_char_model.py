"""The character-level language model: its encodings, dropout, scoring and sampling."""

from __future__ import annotations

import math

import pytest
import torch

from lstm.nn import char_model
from lstm.nn.char_model import CharModel


def _text(n: int = 400, alphabet: int = 5, seed: int = 0) -> torch.Tensor:
    return torch.randint(0, alphabet, (n,), generator=torch.Generator().manual_seed(seed))


@pytest.mark.parametrize("cell", ["lstm", "gru", "tanh"])
@pytest.mark.parametrize("encoding", ["one_hot", "scalar"])
def test_logits_have_one_row_per_step_and_symbol(cell, encoding):
    torch.manual_seed(0)
    net = CharModel(7, 6, 2, cell=cell, encoding=encoding)
    logits, state = net(torch.randint(0, 7, (3, 11)))
    assert logits.shape == (3, 11, 7)
    assert len(state) == 2


def test_the_scalar_encoding_feeds_each_symbol_as_its_code_over_the_alphabet():
    net = CharModel(4, 3, 1, encoding="scalar")
    assert net.encode(torch.tensor([[0, 2, 3]])).squeeze(-1).tolist() == [[0.0, 0.5, 0.75]]
    assert net.layers[0].input_size == 1


def test_the_one_hot_encoding_feeds_one_vector_per_symbol():
    net = CharModel(4, 3, 1)
    assert net.encode(torch.tensor([[2]])).tolist() == [[[0.0, 0.0, 1.0, 0.0]]]


def test_reading_on_with_the_state_equals_reading_the_whole_text():
    torch.manual_seed(0)
    net = CharModel(5, 8, 2).eval()
    text = _text(30).unsqueeze(0)
    whole, _ = net(text)
    first, state = net(text[:, :12])
    rest, _ = net(text[:, 12:], state)
    assert torch.allclose(torch.cat([first, rest], 1), whole, atol=1e-6)


def test_dropout_is_off_in_eval_and_on_in_training():
    torch.manual_seed(0)
    net = CharModel(5, 16, 2, dropout=0.5)
    text = _text(20).unsqueeze(0)
    net.eval()
    assert torch.equal(net(text)[0], net(text)[0])
    net.train()
    assert not torch.equal(net(text)[0], net(text)[0])


def test_naive_dropout_drops_the_recurrent_state_and_only_in_training():
    """With the non-recurrent dropout at 0, any difference between two training passes
    comes from the masks on the recurrent state; in eval mode the layer is the plain LSTM."""
    torch.manual_seed(0)
    net = CharModel(5, 16, 1, recurrent_dropout=0.5)
    plain = CharModel(5, 16, 1)
    plain.load_state_dict(net.state_dict())
    text = _text(20).unsqueeze(0)
    net.train()
    assert not torch.equal(net(text)[0], net(text)[0])
    net.eval()
    assert torch.allclose(net(text)[0], plain.eval()(text)[0], atol=1e-6)


def test_naive_dropout_at_a_tiny_rate_matches_the_fused_layer():
    torch.manual_seed(0)
    net = CharModel(5, 8, 2, recurrent_dropout=1e-9).train()
    plain = CharModel(5, 8, 2).train()
    plain.load_state_dict(net.state_dict())
    text = _text(15).unsqueeze(0)
    assert torch.allclose(net(text)[0], plain(text)[0], atol=1e-5)


def test_cell_states_are_the_lstm_cells_c_at_every_step():
    torch.manual_seed(0)
    net = CharModel(5, 4, 2)
    text = _text(9).unsqueeze(0)
    states = net.cell_states(text)
    assert [s.shape for s in states] == [(1, 9, 4), (1, 9, 4)]
    _, final = net.eval()(text)
    assert torch.allclose(states[1][0, -1], final[1][1][0, 0], atol=1e-6)


def test_settings_rebuild_the_same_model():
    net = CharModel(5, 4, 3, cell="gru", encoding="scalar", dropout=0.1)
    again = CharModel(**net.settings())
    assert again.settings() == net.settings()
    again.load_state_dict(net.state_dict())


def test_sequence_batches_pair_each_step_with_the_next_character():
    text = torch.arange(50)
    inputs, targets = char_model.sequence_batch(text, 4, 10, torch.Generator().manual_seed(1))
    assert inputs.shape == targets.shape == (4, 10)
    assert torch.equal(targets, inputs + 1)


def test_window_batches_keep_only_the_character_after_each_window():
    text = torch.arange(50)
    inputs, targets = char_model.window_batch(text, 4, 10, torch.Generator().manual_seed(1))
    assert inputs.shape == (4, 10) and targets.shape == (4, 1)
    assert torch.equal(targets[:, 0], inputs[:, -1] + 1)


def test_the_seeds_loss_scores_the_last_step_only():
    torch.manual_seed(0)
    net = CharModel(5, 4, 1)
    inputs = _text(8).view(1, 8)
    targets = torch.tensor([[3]])
    logits, _ = net(inputs)
    expected = torch.nn.functional.cross_entropy(logits[:, -1], targets[:, 0])
    assert torch.isclose(char_model.loss(net, (inputs, targets)), expected)


def test_an_untrained_model_scores_about_log2_of_the_alphabet_and_training_lowers_it():
    torch.manual_seed(0)
    text = torch.arange(6).repeat(60)  # 0 1 2 3 4 5 0 1 ...: each symbol fixes the next
    net = CharModel(6, 16, 1)
    before = char_model.bits_per_char(net, text)
    assert abs(before - math.log2(6)) < 0.3
    optimiser = torch.optim.Adam(net.parameters(), lr=0.02)
    generator = torch.Generator().manual_seed(0)
    for _ in range(60):
        loss = char_model.loss(net, char_model.sequence_batch(text, 8, 12, generator))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    assert char_model.bits_per_char(net, text) < 0.2
    assert char_model.bits_per_char(net, text, window=3) < 0.2


def test_bits_per_char_with_a_window_scores_each_character_from_the_window_before_it():
    torch.manual_seed(0)
    net = CharModel(5, 4, 1)
    text = _text(12)
    window = 4
    total = 0.0
    for t in range(window, len(text)):
        logits, _ = net.eval()(text[t - window : t].unsqueeze(0))
        total -= float(torch.log_softmax(logits[0, -1].detach(), 0)[text[t]])
    expected = total / (len(text) - window) / math.log(2)
    assert char_model.bits_per_char(net, text, window=window) == pytest.approx(expected, rel=1e-5)


def test_greedy_sampling_takes_the_most_likely_character_and_is_repeatable():
    torch.manual_seed(0)
    net = CharModel(5, 4, 1)
    prompt = torch.tensor([1, 2])
    written = char_model.sample(net, prompt, 5, temperature=0)
    logits, _ = net.eval()(prompt.unsqueeze(0))
    assert int(written[0]) == int(logits[0, -1].argmax())
    assert torch.equal(written, char_model.sample(net, prompt, 5, temperature=0))


def test_sampling_is_seeded_and_low_temperatures_approach_greedy():
    torch.manual_seed(0)
    net = CharModel(5, 8, 1)
    prompt = torch.tensor([0])

    def drawn(temperature, seed):
        generator = torch.Generator().manual_seed(seed)
        return char_model.sample(net, prompt, 40, temperature=temperature, generator=generator)

    assert torch.equal(drawn(1.0, 3), drawn(1.0, 3))
    assert torch.equal(drawn(1e-4, 3), char_model.sample(net, prompt, 40, temperature=0))


def test_sampling_with_a_window_reads_only_the_last_characters():
    torch.manual_seed(0)
    net = CharModel(5, 4, 1)
    one = char_model.sample(net, torch.tensor([4, 4, 1, 2]), 6, temperature=0, window=2)
    other = char_model.sample(net, torch.tensor([0, 3, 1, 2]), 6, temperature=0, window=2)
    assert torch.equal(one, other)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"cell": "lstmp"}, "expected cell in lstm, gru, tanh, got 'lstmp'"),
        ({"encoding": "embedding"}, "expected encoding in one_hot, scalar"),
        ({"dropout": 1.0}, r"expected dropout in \[0, 1\), got 1.0"),
        ({"recurrent_dropout": -0.1}, "expected recurrent_dropout in"),
        ({"cell": "gru", "recurrent_dropout": 0.2}, "recurrent_dropout is offered for cell='lstm'"),
    ],
)
def test_bad_settings_are_refused(arguments, message):
    with pytest.raises(ValueError, match=message):
        CharModel(5, 4, **arguments)


def test_bad_symbols_are_refused():
    net = CharModel(5, 4)
    with pytest.raises(TypeError, match=r"expected symbols as an int64 tensor \(batch, time\)"):
        net(torch.zeros(2, 3))
    with pytest.raises(ValueError, match="expected symbol indices in 0..4, got values from 0 to 5"):
        net(torch.tensor([[0, 5]]))
    with pytest.raises(ValueError, match="expected a state of 2 layers, got one of 1"):
        net(torch.tensor([[0]]), [None])
    with pytest.raises(ValueError, match="cell states exist for cell='lstm' only"):
        CharModel(5, 4, cell="gru").cell_states(torch.tensor([[0]]))


def test_bad_scoring_and_sampling_inputs_are_refused():
    net = CharModel(5, 4)
    with pytest.raises(TypeError, match=r"\(time,\)"):
        char_model.bits_per_char(net, torch.tensor([[1, 2]]))
    with pytest.raises(ValueError, match="expected at least 16 characters, got 10"):
        char_model.bits_per_char(net, _text(10))
    with pytest.raises(ValueError, match="expected more than 20 characters, got 10"):
        char_model.bits_per_char(net, _text(10), window=20)
    with pytest.raises(ValueError, match="expected a text of at least 11 characters, got 5"):
        char_model.sequence_batch(_text(5), 2, 10, torch.Generator())
    with pytest.raises(ValueError, match="expected a prompt of at least one character"):
        char_model.sample(net, torch.tensor([], dtype=torch.int64), 3)
    with pytest.raises(ValueError, match="expected a temperature >= 0, got -1"):
        char_model.sample(net, torch.tensor([1]), 3, temperature=-1)
