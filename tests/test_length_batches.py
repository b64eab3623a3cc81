"""Sentence pairs in batches of one source length (lstm.data.length_batches)."""

import pytest
import torch

from lstm.data.length_batches import epoch_batches, length_batches, translate_pairs
from lstm.data.parallel import PAD_ID, Vocabulary
from lstm.nn.seq2seq import Seq2Seq
from lstm.tasks import translation


@pytest.fixture(scope="module")
def data():
    return {
        "train": translation.language_pair(200, seed=3, min_length=3, max_length=10),
        "source": Vocabulary(sorted(translation.SOURCE_WORDS)),
        "target": Vocabulary(sorted(translation.TARGET_WORDS)),
    }


def test_length_batches_hold_one_source_length_each_and_every_pair_once(data):
    batches = length_batches(
        data["train"], data["source"], data["target"], batch_size=16, reverse_source=False, seed=1
    )
    assert sum(len(b.source) for b in batches) == len(data["train"])
    for b in batches:
        assert len(b.source) <= 16
        assert torch.all(b.source != PAD_ID)  # no encoder padding at all
        assert torch.all(b.source_lengths == b.source.shape[1])


def test_length_batches_are_deterministic_and_shuffled_by_seed(data):
    def sources(seed):
        return [
            b.source.tolist()
            for b in length_batches(
                data["train"],
                data["source"],
                data["target"],
                batch_size=8,
                reverse_source=False,
                seed=seed,
            )
        ]

    assert sources(1) == sources(1)
    assert sources(1) != sources(2)


def test_length_batches_reverse_the_source_only(data):
    pairs = data["train"][:5]
    forward = length_batches(
        pairs, data["source"], data["target"], batch_size=1, reverse_source=False
    )
    backward = length_batches(
        pairs, data["source"], data["target"], batch_size=1, reverse_source=True
    )
    for f, b in zip(forward, backward, strict=True):
        assert torch.equal(f.source.flip(1), b.source)
        assert torch.equal(f.target, b.target)


@pytest.mark.parametrize("size", [0, -1, 1.5, True])
def test_length_batches_reject_a_bad_batch_size(data, size):
    with pytest.raises(ValueError, match=f"positive int, got {size!r}"):
        length_batches(
            data["train"], data["source"], data["target"], batch_size=size, reverse_source=False
        )


def test_length_batches_reject_no_pairs(data):
    with pytest.raises(ValueError, match="at least one sentence pair"):
        length_batches([], data["source"], data["target"], batch_size=4, reverse_source=False)


def test_epoch_batches_give_every_pair_once_an_epoch_in_a_fresh_order(data):
    batch_at = epoch_batches(
        data["train"], data["source"], data["target"], batch_size=16, reverse_source=False, seed=1
    )
    first = length_batches(
        data["train"],
        data["source"],
        data["target"],
        batch_size=16,
        reverse_source=False,
        seed=1000,
    )
    per_epoch = len(first)
    epoch_one = [batch_at(step) for step in range(per_epoch)]
    epoch_two = [batch_at(step) for step in range(per_epoch, 2 * per_epoch)]
    assert [b.source.tolist() for b in epoch_one] == [b.source.tolist() for b in first]
    assert sum(len(b.source) for b in epoch_two) == len(data["train"])
    assert [b.source.tolist() for b in epoch_two] != [b.source.tolist() for b in epoch_one]


def test_translations_come_back_in_the_order_given(data):
    torch.manual_seed(0)
    model = Seq2Seq(len(data["source"]), len(data["target"]), embedding_size=8, hidden_size=12)
    pairs = data["train"][:12]

    def translate(chosen):
        return translate_pairs(model, chosen, data["source"], data["target"], reverse_source=False)

    assert translate(pairs) == [translate([p])[0] for p in pairs]
