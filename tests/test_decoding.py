"""Greedy and beam search against exhaustive search, against each other, and batched
against one-by-one, on a toy decoder whose next-token distribution depends on the whole
history (so no shortcut of the search can be right by accident)."""

import itertools
import math

import pytest
import torch

from lstm.nn.decoding import beam_search, greedy

BOS, EOS = 0, 1


class HistoryDecoder:
    """Logits are a fixed random function of (batch element, every token so far).

    The state is (batch element ids, history tokens); ``select`` picks rows of both.
    """

    def __init__(self, vocabulary: int, seed: int = 0, eos_bias: float = 0.0) -> None:
        self.vocabulary = vocabulary
        self.seed = seed
        self.eos_bias = eos_bias
        self.calls = 0

    def initial(self, batch: int, elements=None):
        elements = torch.arange(batch) if elements is None else torch.as_tensor(elements)
        return (elements, torch.zeros(batch, 0, dtype=torch.int64))

    def logits_for(self, element: int, history: tuple[int, ...]) -> torch.Tensor:
        key = hash((self.seed, element, history)) % (2**31)
        generator = torch.Generator().manual_seed(key)
        logits = 2.0 * torch.randn(self.vocabulary, generator=generator)
        logits[EOS] += self.eos_bias
        logits[BOS] = -1e9  # never emitted
        return logits

    def step(self, tokens, state):
        self.calls += 1
        elements, history = state
        history = torch.cat([history, tokens.unsqueeze(1)], dim=1)
        logits = torch.stack(
            [
                self.logits_for(int(e), tuple(h.tolist()[1:]))
                for e, h in zip(elements, history, strict=True)
            ]
        )
        return logits, (elements, history)

    def select(self, state, index):
        elements, history = state
        return elements[index], history[index]

    def log_probability(self, element: int, tokens: list[int]) -> float:
        total = 0.0
        for t, token in enumerate(tokens):
            logp = torch.log_softmax(self.logits_for(element, tuple(tokens[:t])), dim=0)
            total += float(logp[token])
        return total


def exhaustive(decoder, element, max_length, length_penalty=0.0):
    """Every output of at most max_length tokens: ending in EOS, or of max_length without."""
    words = [w for w in range(decoder.vocabulary) if w not in (BOS, EOS)]
    best = (-math.inf, None)
    for n in range(0, max_length + 1):
        for body in itertools.product(words, repeat=n):
            candidate = list(body) + ([EOS] if n < max_length else [])
            score = decoder.log_probability(element, candidate)
            ranked = score / len(candidate) ** length_penalty if length_penalty else score
            if ranked > best[0]:
                best = (ranked, list(body))
    return best


@pytest.mark.parametrize("length_penalty", [0.0, 1.0])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_wide_enough_beam_finds_the_exact_best_sequence(seed, length_penalty):
    decoder = HistoryDecoder(vocabulary=5, seed=seed, eos_bias=-1.0)
    max_length = 4
    result = beam_search(
        decoder,
        decoder.initial(2),
        batch_size=2,
        bos=BOS,
        eos=EOS,
        max_length=max_length,
        beam_size=decoder.vocabulary**max_length,
        length_penalty=length_penalty,
    )
    for element in range(2):
        ranked, output = exhaustive(decoder, element, max_length, length_penalty)
        assert result.tokens[element] == output
        assert float(result.ranked[element]) == pytest.approx(ranked, abs=1e-4)


def test_beam_search_is_never_worse_than_greedy_and_grows_with_the_beam():
    decoder = HistoryDecoder(vocabulary=5, seed=3, eos_bias=-0.5)
    init = decoder.initial(4)
    common = dict(batch_size=4, bos=BOS, eos=EOS, max_length=4)
    greedy_scores = greedy(decoder, init, **common).scores
    for k in (2, 4, 16):
        beam_scores = beam_search(decoder, init, beam_size=k, **common).scores
        assert (beam_scores >= greedy_scores - 1e-5).all()
    exact = beam_search(decoder, init, beam_size=5**4, **common).scores
    assert (exact >= beam_search(decoder, init, beam_size=4, **common).scores - 1e-5).all()


@pytest.mark.parametrize("seed", range(5))
def test_beam_of_one_is_greedy(seed):
    decoder = HistoryDecoder(vocabulary=7, seed=seed)
    common = dict(batch_size=6, bos=BOS, eos=EOS, max_length=8)
    by_greedy = greedy(decoder, decoder.initial(6), **common)
    by_beam = beam_search(decoder, decoder.initial(6), beam_size=1, **common)
    assert by_beam.tokens == by_greedy.tokens
    torch.testing.assert_close(by_beam.scores, by_greedy.scores)


@pytest.mark.parametrize("search", ["greedy", "beam"])
def test_a_batch_decodes_as_its_elements_one_by_one(search):
    decoder = HistoryDecoder(vocabulary=6, seed=4, eos_bias=0.5)

    def run(batch, elements):
        common = dict(batch_size=batch, bos=BOS, eos=EOS, max_length=6)
        init = decoder.initial(batch, elements)
        if search == "greedy":
            return greedy(decoder, init, **common)
        return beam_search(decoder, init, beam_size=3, **common)

    together = run(5, range(5))
    for element in range(5):
        alone = run(1, [element])
        assert alone.tokens[0] == together.tokens[element]
        assert float(alone.scores[0]) == pytest.approx(float(together.scores[element]), abs=1e-5)
        assert [t for t, _ in alone.nbest[0]] == [t for t, _ in together.nbest[element]]
        assert [s for _, s in alone.nbest[0]] == pytest.approx(
            [s for _, s in together.nbest[element]], abs=1e-5
        )


class ScriptedDecoder:
    """Emits a fixed script of most-likely tokens per step (then EOS forever)."""

    def __init__(self, script, vocabulary=5):
        self.script = script
        self.vocabulary = vocabulary

    def step(self, tokens, state):
        t = state
        logits = torch.full((tokens.shape[0], self.vocabulary), -5.0)
        logits[:, self.script[t] if t < len(self.script) else EOS] = 5.0
        logits[:, BOS] = -1e9
        return logits, t + 1

    def select(self, state, index):
        return state


def test_decoding_stops_at_eos_and_leaves_it_out():
    decoder = ScriptedDecoder([3, 4, EOS, 2, 2])
    for result in (
        greedy(decoder, 0, batch_size=2, bos=BOS, eos=EOS, max_length=10),
        beam_search(decoder, 0, batch_size=2, bos=BOS, eos=EOS, max_length=10, beam_size=3),
    ):
        assert result.tokens == [[3, 4], [3, 4]]


def test_without_eos_the_output_stops_at_max_length():
    decoder = ScriptedDecoder([2] * 20)
    for result in (
        greedy(decoder, 0, batch_size=1, bos=BOS, eos=EOS, max_length=4),
        beam_search(decoder, 0, batch_size=1, bos=BOS, eos=EOS, max_length=4, beam_size=2),
    ):
        assert result.tokens == [[2, 2, 2, 2]]


def test_greedy_stops_stepping_when_every_sequence_has_ended():
    decoder = HistoryDecoder(vocabulary=4, seed=0, eos_bias=20.0)
    result = greedy(decoder, decoder.initial(3), batch_size=3, bos=BOS, eos=EOS, max_length=50)
    assert result.tokens == [[], [], []]
    assert decoder.calls == 1


def test_length_penalty_prefers_longer_outputs():
    decoder = HistoryDecoder(vocabulary=6, seed=5, eos_bias=1.0)
    common = dict(batch_size=16, bos=BOS, eos=EOS, max_length=6, beam_size=8)
    plain = beam_search(decoder, decoder.initial(16), **common)
    normalised = beam_search(decoder, decoder.initial(16), length_penalty=1.0, **common)
    assert sum(map(len, normalised.tokens)) >= sum(map(len, plain.tokens))
    assert sorted(plain.nbest[0], key=lambda h: -h[1]) == plain.nbest[0]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (dict(batch_size=0), "batch_size"),
        (dict(max_length=0), "max_length"),
        (dict(bos=-1), "bos"),
        (dict(eos=1.5), "eos"),
        (dict(beam_size=0), "beam_size"),
        (dict(length_penalty=-1.0), "length_penalty"),
        (dict(eos=99), "outside the vocabulary"),
    ],
)
def test_bad_inputs_are_rejected_with_clear_errors(options, message):
    decoder = HistoryDecoder(vocabulary=4)
    arguments = dict(batch_size=2, bos=BOS, eos=EOS, max_length=3, beam_size=2)
    arguments.update(options)
    with pytest.raises((ValueError, TypeError), match=message):
        beam_search(decoder, decoder.initial(2), **arguments)
    if "beam_size" not in options and "length_penalty" not in options:
        del arguments["beam_size"]
        with pytest.raises((ValueError, TypeError), match=message):
            greedy(decoder, decoder.initial(2), **arguments)


def test_a_step_that_returns_the_wrong_shape_is_named():
    class Broken(ScriptedDecoder):
        def step(self, tokens, state):
            logits, state = super().step(tokens, state)
            return logits[0], state

    for search in (greedy, beam_search):
        options = dict(beam_size=2) if search is beam_search else {}
        with pytest.raises(ValueError, match=r"logits of shape \(\d+, vocabulary\)"):
            search(Broken([2]), 0, batch_size=2, bos=BOS, eos=EOS, max_length=3, **options)
