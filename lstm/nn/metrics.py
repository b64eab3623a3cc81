"""Translation quality: corpus BLEU through sacrebleu (never re-implemented here).

BLEU (Papineni et al. 2002) as Sutskever et al. (2014) report it is a *corpus* score:
n-gram matches (n = 1..4) are pooled over all sentences before the geometric mean and
the brevity penalty. We compute it with sacrebleu 2.6.0 and its standard settings:
tokenisation ``13a`` (the WMT ``mteval-v13a`` tokeniser, which splits punctuation off
words; our synthetic sentences already have every word and the final full stop
separated by single spaces, so it leaves them as they are), case-sensitive, exponential
smoothing, one reference per sentence. sacrebleu warns about sentences that end in
``" ."``, taking them for tokenised text that someone forgot to detokenise; ours are
written that way on purpose, so the check is switched off (``force=True``, which
changes no score).
:func:`bleu_signature` returns sacrebleu's signature of exactly these settings, to print
beside the scores. Perplexity is :func:`lstm.nn.seq2seq.perplexity`.
:func:`multi_reference_bleu` scores captions as Show and Tell does: against several
references per image (COCO has five), with BLEU-1 as well as BLEU-4.
"""

from __future__ import annotations

from collections.abc import Sequence

from sacrebleu.metrics import BLEU

TOKENIZE = "13a"


def _sentences(sentences: Sequence[str | Sequence[str]], name: str) -> list[str]:
    if isinstance(sentences, str):
        raise TypeError(f"expected {name} as a list of sentences, got one str")
    out = []
    for i, sentence in enumerate(sentences):
        if isinstance(sentence, str):
            out.append(sentence)
        elif isinstance(sentence, Sequence) and all(isinstance(w, str) for w in sentence):
            out.append(" ".join(sentence))
        else:
            raise TypeError(
                f"expected {name}[{i}] as a str or a sequence of words, got {sentence!r}"
            )
    return out


def _bleu(max_order: int = 4) -> BLEU:
    return BLEU(tokenize=TOKENIZE, max_ngram_order=max_order, force=True)


def corpus_bleu(
    hypotheses: Sequence[str | Sequence[str]], references: Sequence[str | Sequence[str]]
) -> float:
    """Corpus BLEU in [0, 100] of hypotheses against one reference each.

    Sentences are strings or sequences of words (joined with spaces).
    """
    hypotheses = _sentences(hypotheses, "hypotheses")
    references = _sentences(references, "references")
    if len(hypotheses) != len(references):
        raise ValueError(
            f"expected one reference per hypothesis, got {len(hypotheses)} hypotheses "
            f"and {len(references)} references"
        )
    if not hypotheses:
        raise ValueError("expected at least one sentence")
    return float(_bleu().corpus_score(hypotheses, [references]).score)


def bleu_signature() -> str:
    """sacrebleu's signature of the settings :func:`corpus_bleu` uses."""
    bleu = _bleu()
    bleu.corpus_score(["a"], [["a"]])
    return str(bleu.get_signature())


def multi_reference_bleu(
    hypotheses: Sequence[str | Sequence[str]],
    references: Sequence[Sequence[str]],
    *,
    max_order: int = 4,
) -> float:
    """Corpus BLEU-``max_order`` in [0, 100] of hypotheses against several references each.

    ``references[i]`` is the list of reference strings of hypothesis i (their number may
    vary from one hypothesis to the next); the n-gram counts of a hypothesis are clipped by
    the most of each n-gram in any one of its references, and the brevity penalty takes
    the reference length closest to the hypothesis's (sacrebleu, as
    :func:`corpus_bleu`). ``max_order=1`` is BLEU-1, the unigram precision with the
    brevity penalty.
    """
    hypotheses = _sentences(hypotheses, "hypotheses")
    if isinstance(max_order, bool) or not isinstance(max_order, int) or not 1 <= max_order <= 4:
        raise ValueError(f"expected max_order in 1..4, got {max_order!r}")
    if len(hypotheses) != len(references):
        raise ValueError(
            f"expected one list of references per hypothesis, got {len(hypotheses)} "
            f"hypotheses and {len(references)} lists"
        )
    if not hypotheses:
        raise ValueError("expected at least one sentence")
    lists = []
    for i, refs in enumerate(references):
        if isinstance(refs, str) or not refs or not all(isinstance(r, str) for r in refs):
            raise TypeError(f"expected references[{i}] as a non-empty list of str, got {refs!r}")
        lists.append(list(refs))
    most = max(len(refs) for refs in lists)
    streams = [[refs[k] if k < len(refs) else None for refs in lists] for k in range(most)]
    return float(_bleu(max_order).corpus_score(hypotheses, streams).score)
