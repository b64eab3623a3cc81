"""RNNsearch: shapes, attention as a masked distribution, padding, causality, the bridge
from the backward encoder, the step interface, batched decoding, gradients, the loop
interface of Seq2Seq, learning (a tiny corpus; the diagonal of a copy task), bad input."""

import math

import pytest
import torch

from lstm import GRU, LSTM
from lstm.data import parallel as P
from lstm.nn.alignment import attention_aer
from lstm.nn.rnnsearch import RNNsearch
from lstm.nn.seq2seq import perplexity
from lstm.tasks import translation

pytestmark = pytest.mark.timeout(60)

SOURCE_VOCABULARY, TARGET_VOCABULARY = 11, 13
CELLS = ["lstm", "gru"]


@pytest.fixture(autouse=True)
def one_thread():
    """Tiny matrices run fastest on one thread, and the machine's cores are shared."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def make(cell="lstm", **options):
    torch.manual_seed(0)
    sizes = {"embedding_size": 8, "hidden_size": 12, "attention_size": 10, "readout_size": 6}
    return RNNsearch(SOURCE_VOCABULARY, TARGET_VOCABULARY, cell=cell, **{**sizes, **options})


def random_batch(batch=4, seed=0):
    """Sources of lengths in [1, 6] (the first 6), targets BOS w.. EOS of 3 to 7 tokens."""
    generator = torch.Generator().manual_seed(seed)
    lengths = torch.randint(1, 7, (batch,), generator=generator)
    lengths[0] = 6
    source = torch.randint(4, SOURCE_VOCABULARY, (batch, 6), generator=generator)
    source[torch.arange(6) >= lengths.unsqueeze(1)] = P.PAD_ID
    target_lengths = torch.randint(3, 8, (batch,), generator=generator)
    target_lengths[0] = 7
    target = torch.randint(4, TARGET_VOCABULARY, (batch, 7), generator=generator)
    target[:, 0] = P.BOS_ID
    target[torch.arange(batch), target_lengths - 1] = P.EOS_ID
    target[torch.arange(7) >= target_lengths.unsqueeze(1)] = P.PAD_ID
    return source, lengths, target


def padding_of(lengths, width=6):
    return torch.arange(width) >= lengths.unsqueeze(1)


@pytest.mark.parametrize("cell", CELLS)
def test_shapes_and_the_layers_used(cell):
    model = make(cell)
    source, lengths, target = random_batch()
    logits, alpha = model(source, lengths, target[:, :-1])
    assert logits.shape == (4, 6, TARGET_VOCABULARY)
    assert alpha.shape == (4, 6, 6)  # (batch, target steps, source positions)
    layer = LSTM if cell == "lstm" else GRU
    assert isinstance(model.encoder, layer) and model.encoder.bidirectional
    assert isinstance(model.decoder, layer) and not model.decoder.bidirectional
    assert model.decoder.input_size == 8 + 2 * 12  # [E y_{i-1}; c_i]
    assert model.attention.key_size == 2 * 12 and model.attention.query_size == 12
    assert model.maxout.in_features == 12 + 8 + 2 * 12  # [s_i; E y_{i-1}; c_i]
    assert model.maxout.out_features == 2 * 6 and model.output.in_features == 6


def test_bahdanau2015_uses_gated_recurrent_units():
    model = RNNsearch.bahdanau2015(5, 6, embedding_size=4, hidden_size=4)
    assert model.cell == "gru" and isinstance(model.encoder, GRU)


@pytest.mark.parametrize("cell", CELLS)
def test_attention_rows_are_distributions_exactly_zero_on_padding(cell):
    source, lengths, target = random_batch()
    _, alpha = make(cell)(source, lengths, target[:, :-1])
    torch.testing.assert_close(alpha.sum(dim=2), torch.ones(4, 6))
    padding = padding_of(lengths).unsqueeze(1).expand(-1, 6, -1)
    assert torch.equal(alpha[padding], torch.zeros(int(padding.sum())))
    assert (alpha[~padding] > 0).all()


@pytest.mark.parametrize("cell", CELLS)
def test_padded_source_tokens_change_nothing(cell):
    model = make(cell)
    source, lengths, target = random_batch()
    logits, alpha = model(source, lengths, target[:, :-1])
    changed = source.clone()
    padding = padding_of(lengths)
    changed[padding] = torch.randint(4, SOURCE_VOCABULARY, (int(padding.sum()),))
    changed_logits, changed_alpha = model(changed, lengths, target[:, :-1])
    torch.testing.assert_close(changed_logits, logits, rtol=0, atol=0)
    torch.testing.assert_close(changed_alpha, alpha, rtol=0, atol=0)


@pytest.mark.parametrize("cell", CELLS)
def test_a_padded_batch_scores_as_its_sentences_alone(cell):
    model = make(cell)
    source, lengths, target = random_batch()
    total, count = model.token_losses(source, lengths, target)
    assert count == int((target[:, 1:] != P.PAD_ID).sum())
    alone = 0.0
    for row in range(4):
        n, m = int(lengths[row]), int((target[row] != P.PAD_ID).sum())
        part, _ = model.token_losses(source[row : row + 1, :n], [n], target[row : row + 1, :m])
        alone += part.item()
    assert total.item() == pytest.approx(alone, rel=1e-5)
    assert model.loss(source, lengths, target).item() == pytest.approx(total.item() / count)


@pytest.mark.parametrize("cell", CELLS)
def test_teacher_forcing_is_causal(cell):
    """Step i's logits read y_0..y_i; its weights read s_{i-1}, so only y_0..y_{i-1}."""
    model = make(cell)
    source, lengths, target = random_batch()
    inputs = target[:, :-1].clone()
    logits, alpha = model(source, lengths, inputs)
    inputs[:, 3:] = 5
    changed_logits, changed_alpha = model(source, lengths, inputs)
    torch.testing.assert_close(changed_logits[:, :3], logits[:, :3], rtol=0, atol=0)
    torch.testing.assert_close(changed_alpha[:, :4], alpha[:, :4], rtol=0, atol=0)
    assert not torch.allclose(changed_logits[:, 3:], logits[:, 3:])
    assert not torch.allclose(changed_alpha[:, 4:], alpha[:, 4:])


@pytest.mark.parametrize("cell", CELLS)
def test_the_decoder_starts_from_the_backward_encoders_first_state(cell):
    """s_0 = tanh(W_s h_1), h_1 the backward net's state at the first word: its final state."""
    model = make(cell)
    source, lengths, _ = random_batch()
    initial, annotations, projected, _ = model.start(source, lengths)
    _, final = model.encoder(model.source_embedding(source), lengths=lengths)
    backward_final = (final[0] if cell == "lstm" else final)[1]  # (batch, hidden)
    hidden = initial[0] if cell == "lstm" else initial
    torch.testing.assert_close(hidden[0], torch.tanh(model.bridge(backward_final)))
    if cell == "lstm":
        assert torch.equal(initial[1], torch.zeros(1, 4, 12))
    assert annotations.shape == (4, 6, 24)
    torch.testing.assert_close(projected, model.attention.project_keys(annotations))


@pytest.mark.parametrize("cell", CELLS)
def test_the_step_interface_reproduces_the_teacher_forced_pass(cell):
    model = make(cell)
    source, lengths, target = random_batch()
    logits, _ = model(source, lengths, target[:, :-1])
    state = model.start(source, lengths)
    state = model.select(state, torch.tensor([3, 2, 1, 0]))  # selecting reorders the rows
    for t in range(target.shape[1] - 1):
        step_logits, state = model.step(target.flip(0)[:, t], state)
        torch.testing.assert_close(step_logits, logits.flip(0)[:, t], atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize("cell", CELLS)
def test_decoding_a_batch_equals_decoding_each_sentence_alone(cell):
    model = make(cell)
    model.train()
    source, lengths, _ = random_batch()
    greedy, matrices = model.translate_with_attention(source, lengths, max_length=9)
    assert model.training  # the mode is restored
    assert greedy.tokens == model.translate(source, lengths, max_length=9).tokens
    beam = model.translate(source, lengths, max_length=9, beam_size=3)
    for row in range(4):
        n = int(lengths[row])
        alone, (matrix,) = model.translate_with_attention(
            source[row : row + 1, :n], [n], max_length=9
        )
        assert alone.tokens[0] == greedy.tokens[row]
        torch.testing.assert_close(matrix, matrices[row], atol=1e-5, rtol=1e-5)
        assert (
            model.translate(source[row : row + 1, :n], None, max_length=9, beam_size=3).tokens[0]
            == beam.tokens[row]
        )


@pytest.mark.parametrize("cell", CELLS)
def test_the_attention_matrices_are_those_that_wrote_each_translation(cell):
    model = make(cell)
    source, lengths, _ = random_batch()
    decoded, matrices = model.translate_with_attention(source, lengths, max_length=9, beam_size=2)
    assert decoded.tokens == model.translate(source, lengths, max_length=9, beam_size=2).tokens
    for row, (tokens, matrix) in enumerate(zip(decoded.tokens, matrices, strict=True)):
        n = int(lengths[row])
        assert matrix.shape == (len(tokens), n)
        torch.testing.assert_close(matrix.sum(dim=1), torch.ones(len(tokens)))
        if tokens:  # the weights of the teacher-forced pass over the hypothesis itself
            target_in = torch.tensor([[P.BOS_ID, *tokens]])
            _, alpha = model(source[row : row + 1, :n], [n], target_in)
            torch.testing.assert_close(matrix, alpha[0, : len(tokens)])


@pytest.mark.parametrize("cell", CELLS)
def test_gradients_reach_every_parameter(cell):
    model = make(cell)
    source, lengths, target = random_batch()
    model.loss(source, lengths, target).backward()
    missing = [
        name for name, p in model.named_parameters() if p.grad is None or not p.grad.abs().sum() > 0
    ]
    assert missing == []


def test_seq2seq_perplexity_serves_rnnsearch():
    model = make()
    source, lengths, target = random_batch()
    value = perplexity(model, [(source, lengths, target)])
    assert value == pytest.approx(math.exp(model.loss(source, lengths, target).item()))
    halves = [(source[:2], lengths[:2], target[:2]), (source[2:], lengths[2:], target[2:])]
    assert perplexity(model, halves) == pytest.approx(value, rel=1e-5)


def test_it_overfits_eight_short_pairs_of_the_synthetic_language():
    pairs = translation.language_pair(8, seed=0, min_length=3, max_length=5)
    source_vocabulary = P.Vocabulary.build(p.source for p in pairs)
    target_vocabulary = P.Vocabulary.build(p.target for p in pairs)
    batch = P.batch(pairs, source_vocabulary, target_vocabulary)
    torch.manual_seed(0)
    model = RNNsearch(
        len(source_vocabulary),
        len(target_vocabulary),
        embedding_size=16,
        hidden_size=16,
        attention_size=16,
        readout_size=16,
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    losses = []
    for _ in range(60):
        loss = model.loss(batch.source, batch.source_lengths, batch.target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0] / 100  # from 3.4 nats to below 1e-4 on this seed
    decoded = model.translate(batch.source, batch.source_lengths, max_length=10)
    assert [tuple(target_vocabulary.decode(t)) for t in decoded.tokens] == [p.target for p in pairs]


def test_its_attention_learns_the_diagonal_of_a_copy_task():
    """Copy 7 random words (of 8): the decoder can only know which word comes next by
    looking at it, so the argmax alignment becomes the diagonal (AER near 0)."""

    def copies(count, generator):
        source = torch.randint(4, 12, (count, 7), generator=generator)
        bos, eos = torch.full((count, 1), P.BOS_ID), torch.full((count, 1), P.EOS_ID)
        return source, torch.cat([bos, source, eos], dim=1)

    def aer(model, source, target):
        with torch.no_grad():
            _, alpha = model(source, None, target[:, :-1])
        diagonal = tuple((j, j) for j in range(7))
        pairs = [translation.Pair(tuple(s), tuple(s), diagonal) for s in source.tolist()]
        return attention_aer(list(alpha[:, :7]), pairs)  # the EOS step's row left out

    test_source, test_target = copies(32, torch.Generator().manual_seed(1))
    torch.manual_seed(0)
    model = RNNsearch(12, 12, embedding_size=16, hidden_size=16, attention_size=16, readout_size=16)
    assert aer(model, test_source, test_target) > 0.5
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    generator = torch.Generator().manual_seed(0)
    for _ in range(200):
        source, target = copies(16, generator)
        loss = model.loss(source, None, target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert aer(model, test_source, test_target) < 0.15  # 0.009 here, at most 0.098 over seeds 0-4


SOURCE, LENGTHS, TARGET = random_batch()


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            dict(source_vocabulary_size=0),
            ValueError,
            "source_vocabulary_size to be a positive int, got 0",
        ),
        (dict(hidden_size=2.0), TypeError, "hidden_size to be a positive int, got float"),
        (dict(readout_size=True), TypeError, "readout_size to be a positive int, got bool"),
        (dict(cell="rnn"), ValueError, r"cell to be one of \['gru', 'lstm'\], got 'rnn'"),
        (dict(dropout=1.0), ValueError, r"dropout in \[0, 1\), got 1.0"),
    ],
)
def test_bad_construction(build, error, message):
    arguments = {"source_vocabulary_size": 5, "target_vocabulary_size": 5, **build}
    with pytest.raises(error, match=message) as raised:
        RNNsearch(
            arguments.pop("source_vocabulary_size"),
            arguments.pop("target_vocabulary_size"),
            **arguments,
        )
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda m: m(SOURCE.float(), LENGTHS, TARGET),
            r"^expected source as an int64 tensor of shape \(batch, time\), "
            r"got dtype torch.float32, shape \(4, 6\)$",
        ),
        (lambda m: m(SOURCE[0], LENGTHS, TARGET), r"source as an int64 tensor .*shape \(6,\)$"),
        (lambda m: m(SOURCE.tolist(), LENGTHS, TARGET), r"source as an int64 tensor .*got list$"),
        (lambda m: m(SOURCE[:, :0], None, TARGET), r"^expected source with at least one time step"),
        (
            lambda m: m(SOURCE, LENGTHS, TARGET[:3]),
            r"^expected target tokens for the 4 source sentences, got 3 rows$",
        ),
        (
            lambda m: m(SOURCE, LENGTHS, TARGET[0]),
            r"target tokens as an int64 tensor .*shape \(7,\)$",
        ),
        (lambda m: m(SOURCE, [6, 0, 1, 1], TARGET), r"every length in \[1, 6\].*from 0 to 6"),
        (lambda m: m(SOURCE, [7, 1, 1, 1], TARGET), r"every length in \[1, 6\].*from 1 to 7"),
        (
            lambda m: m(SOURCE, LENGTHS[:3], TARGET),
            r"one length per sequence, shape \(4,\), got \(3,\)",
        ),
        (
            lambda m: m.loss(SOURCE, LENGTHS, TARGET[:, :1]),
            r"^expected target as BOS w_1 \.\.\. w_n EOS \(at least 2 columns\), "
            r"got shape \(4, 1\)$",
        ),
        (
            lambda m: m.loss(SOURCE, LENGTHS, TARGET[:2]),
            r"^expected target tokens for the 4 source sentences, got 2 rows$",
        ),
        (
            lambda m: m.translate(SOURCE, LENGTHS[:2]),
            r"one length per sequence, shape \(4,\), got \(2,\)",
        ),
        (
            lambda m: m.translate_with_attention(SOURCE.int(), LENGTHS),
            r"source as an int64 tensor .*dtype torch.int32",
        ),
        (
            lambda m: m.translate(SOURCE, LENGTHS, max_length=0),
            "max_length to be a positive int, got 0",
        ),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message) as raised:
        call(make())
    assert "\n" not in str(raised.value)
