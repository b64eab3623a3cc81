"""The encoder-decoders: shapes, teacher forcing, padding, the two bridges, the step
interface against the teacher-forced pass, translation, and that they can learn."""

import math

import pytest
import sacrebleu
import torch

from lstm import GRU, LSTM
from lstm.data import parallel as P
from lstm.nn.metrics import bleu_signature, corpus_bleu
from lstm.nn.seq2seq import Seq2Seq, perplexity

SOURCE_VOCABULARY, TARGET_VOCABULARY = 11, 13


def make(kind, **options):
    torch.manual_seed(0)
    options = {"embedding_size": 8, "hidden_size": 12, "num_layers": 2, **options}
    if kind == "sutskever":
        return Seq2Seq.sutskever2014(SOURCE_VOCABULARY, TARGET_VOCABULARY, **options)
    return Seq2Seq.cho2014(SOURCE_VOCABULARY, TARGET_VOCABULARY, **options)


def random_batch(batch=4, seed=0):
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


KINDS = ["sutskever", "cho"]


@pytest.mark.parametrize("kind", KINDS)
def test_shapes_and_the_layers_used(kind):
    model = make(kind)
    source, lengths, target = random_batch()
    logits = model(source, lengths, target[:, :-1])
    assert logits.shape == (4, 6, TARGET_VOCABULARY)
    layer = LSTM if kind == "sutskever" else GRU
    assert isinstance(model.encoder.recurrent, layer)
    assert isinstance(model.decoder.recurrent, layer)
    assert model.encoder.recurrent.num_layers == 2
    if kind == "cho":  # the context enters every step and the read-out
        assert model.decoder.recurrent.input_size == 8 + 12
        assert model.decoder.readout.in_features == 12 + 12


@pytest.mark.parametrize("kind", KINDS)
def test_teacher_forcing_is_causal(kind):
    model = make(kind)
    source, lengths, target = random_batch()
    inputs = target[:, :-1].clone()
    logits = model(source, lengths, inputs)
    inputs[:, 3:] = 5
    changed = model(source, lengths, inputs)
    torch.testing.assert_close(logits[:, :3], changed[:, :3])
    assert not torch.allclose(logits[:, 3:], changed[:, 3:])


@pytest.mark.parametrize("kind", KINDS)
def test_the_step_interface_reproduces_the_teacher_forced_pass(kind):
    model = make(kind)
    source, lengths, target = random_batch()
    logits = model(source, lengths, target[:, :-1])
    state = model.start(source, lengths)
    for t in range(target.shape[1] - 1):
        step_logits, state = model.step(target[:, t], state)
        torch.testing.assert_close(step_logits, logits[:, t], atol=1e-5, rtol=1e-5)


def test_sutskever_decoder_starts_from_the_encoders_final_state():
    model = make("sutskever")
    source, lengths, _ = random_batch()
    (h, c), context = model.start(source, lengths)
    _, (h_n, c_n) = model.encoder(source, lengths)
    assert context is None
    torch.testing.assert_close(h, h_n)
    torch.testing.assert_close(c, c_n)
    assert h.shape == (2, 4, 12)


@pytest.mark.parametrize("kind", KINDS)
def test_padding_changes_nothing(kind):
    model = make(kind)
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


@pytest.mark.parametrize("kind", KINDS)
def test_translate_batched_equals_one_by_one_and_beam_one_equals_greedy(kind):
    model = make(kind)
    model.train()
    source, lengths, _ = random_batch()
    greedy = model.translate(source, lengths, max_length=9)
    beam = model.translate(source, lengths, max_length=9, beam_size=1, length_penalty=0.0)
    assert model.training  # translate restores the mode
    five = model.translate(source, lengths, max_length=9, beam_size=5)
    for row in range(4):
        n = int(lengths[row])
        alone = model.translate(source[row : row + 1, :n], [n], max_length=9, beam_size=5)
        assert alone.tokens[0] == five.tokens[row]
    assert greedy.tokens == model.translate(source, lengths, max_length=9, beam_size=1).tokens
    assert all(len(t) <= 9 for t in greedy.tokens + five.tokens)
    assert (five.scores >= greedy.scores - 1e-5).all()
    del beam


@pytest.mark.parametrize("kind", KINDS)
def test_it_learns_to_translate_a_tiny_corpus(kind):
    """Reverse-and-relabel: target word i is source word (n - i) shifted by one id."""
    generator = torch.Generator().manual_seed(1)
    pairs = []
    for _ in range(12):
        n = int(torch.randint(2, 5, (1,), generator=generator))
        words = [f"s{int(w)}" for w in torch.randint(0, 5, (n,), generator=generator)]
        pairs.append((words, [f"t{int(w[1:]) + 1}" for w in reversed(words)]))
    source_vocabulary = P.Vocabulary.build(p[0] for p in pairs)
    target_vocabulary = P.Vocabulary.build(p[1] for p in pairs)
    batch = P.batch(pairs, source_vocabulary, target_vocabulary)
    torch.manual_seed(0)
    model_class = Seq2Seq.sutskever2014 if kind == "sutskever" else Seq2Seq.cho2014
    model = model_class(
        len(source_vocabulary), len(target_vocabulary), embedding_size=16, hidden_size=32
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    for _ in range(150):
        loss = model.loss(batch.source, batch.source_lengths, batch.target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert perplexity(model, [batch]) < 1.2
    decoded = model.translate(batch.source, batch.source_lengths, beam_size=3, max_length=8)
    hypotheses = [target_vocabulary.decode(t) for t in decoded.tokens]
    assert hypotheses == [p[1] for p in pairs]
    assert corpus_bleu(hypotheses, [p[1] for p in pairs]) == pytest.approx(100.0)


def test_perplexity_is_the_exponential_of_the_mean_token_loss():
    model = make("sutskever")
    source, lengths, target = random_batch()
    value = perplexity(model, [(source, lengths, target)])
    assert value == pytest.approx(math.exp(model.loss(source, lengths, target).item()))
    halves = [(source[:2], lengths[:2], target[:2]), (source[2:], lengths[2:], target[2:])]
    assert perplexity(model, halves) == pytest.approx(value, rel=1e-5)
    with pytest.raises(ValueError, match="at least one target token"):
        perplexity(model, [])


def test_bad_inputs():
    with pytest.raises(ValueError, match="cell"):
        Seq2Seq(5, 5, cell="transformer")
    with pytest.raises(ValueError, match="hidden_size"):
        Seq2Seq(5, 5, hidden_size=0)
    with pytest.raises(TypeError, match="vocabulary_size"):
        Seq2Seq(5.0, 5)
    model = make("sutskever")
    source, lengths, target = random_batch()
    with pytest.raises(ValueError, match=r"source as an int64 tensor of shape \(batch, time\)"):
        model(source.float(), lengths, target)
    with pytest.raises(ValueError, match="source as an int64"):
        model.translate(source[0])
    with pytest.raises(ValueError, match="no context vector"):
        model.decoder(target, None, torch.zeros(4, 12))
    with pytest.raises(ValueError, match="every length"):
        model(source, [9, 1, 1, 1], target)


def test_bleu_is_sacrebleus_corpus_bleu_with_13a_tokenisation():
    hypotheses = ["the cat sat on a mat", "a dog runs", "hello there world"]
    references = ["the cat sat on the mat", "the dog runs", "hello world"]
    expected = sacrebleu.corpus_bleu(hypotheses, [references], tokenize="13a").score
    assert corpus_bleu(hypotheses, references) == pytest.approx(expected)
    as_words = corpus_bleu([h.split() for h in hypotheses], [r.split() for r in references])
    assert as_words == pytest.approx(expected)
    # a corpus score, not the mean of sentence scores
    mean = sum(corpus_bleu([h], [r]) for h, r in zip(hypotheses, references, strict=True)) / 3
    assert abs(mean - expected) > 1
    assert "tok:13a" in bleu_signature() and "version:2.6.0" in bleu_signature()
    with pytest.raises(ValueError, match="one reference per hypothesis"):
        corpus_bleu(hypotheses, references[:2])
    with pytest.raises(TypeError, match="list of sentences"):
        corpus_bleu("the cat", "the cat")
    with pytest.raises(TypeError, match=r"hypotheses\[0\]"):
        corpus_bleu([1], ["a"])
    with pytest.raises(ValueError, match="at least one"):
        corpus_bleu([], [])
