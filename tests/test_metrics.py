"""Captions scored as Show and Tell scores them: corpus BLEU against several references."""

import pytest
import sacrebleu

from lstm.nn.metrics import corpus_bleu, multi_reference_bleu

HYPOTHESES = ["a red circle left of a blue square", "a big green triangle", "a small cyan diamond"]
REFERENCES = [
    ["a small red circle left of a blue square", "a blue square with a red circle to its left"],
    ["a large green triangle", "there is a big green triangle", "a green triangle"],
    ["a little cyan diamond"],
]


def test_multi_reference_bleu_is_sacrebleu_with_reference_streams():
    streams = [[refs[k] if k < len(refs) else None for refs in REFERENCES] for k in range(3)]
    for order in (1, 4):
        expected = sacrebleu.BLEU(tokenize="13a", max_ngram_order=order)
        score = expected.corpus_score(HYPOTHESES, streams).score
        assert multi_reference_bleu(HYPOTHESES, REFERENCES, max_order=order) == pytest.approx(score)


def test_more_references_never_lower_the_score_and_one_reference_is_corpus_bleu():
    single = [refs[:1] for refs in REFERENCES]
    assert multi_reference_bleu(HYPOTHESES, single) == pytest.approx(
        corpus_bleu(HYPOTHESES, [refs[0] for refs in REFERENCES])
    )
    assert multi_reference_bleu(HYPOTHESES, REFERENCES) >= multi_reference_bleu(HYPOTHESES, single)
    # "big" is in a second reference only: BLEU-1 sees it there
    assert multi_reference_bleu(HYPOTHESES[1:2], REFERENCES[1:2], max_order=1) == pytest.approx(100)
    assert multi_reference_bleu(HYPOTHESES, REFERENCES, max_order=1) > multi_reference_bleu(
        HYPOTHESES, REFERENCES
    )


@pytest.mark.parametrize(
    ("hypotheses", "references", "options", "error", "message"),
    [
        (HYPOTHESES, REFERENCES[:2], {}, ValueError, "one list of references per hypothesis"),
        (HYPOTHESES[:1], ["a red circle"], {}, TypeError, r"references\[0\] as a non-empty list"),
        (HYPOTHESES[:1], [[]], {}, TypeError, r"references\[0\] as a non-empty list"),
        ([], [], {}, ValueError, "at least one sentence"),
        (HYPOTHESES, REFERENCES, {"max_order": 5}, ValueError, "max_order in 1..4, got 5"),
        ("a red circle", REFERENCES, {}, TypeError, "list of sentences"),
    ],
)
def test_bad_inputs(hypotheses, references, options, error, message):
    with pytest.raises(error, match=message):
        multi_reference_bleu(hypotheses, references, **options)


def test_sentences_ending_in_a_spaced_full_stop_score_without_a_tokenisation_warning(caplog):
    sentences = [f"the dog runs {i} ." for i in range(100)]  # sacrebleu warns from 100 on
    score = corpus_bleu(sentences, sentences)
    assert score == pytest.approx(100.0)
    assert not [record for record in caplog.records if "detokeniz" in record.getMessage()]
