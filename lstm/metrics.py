"""Translation quality: corpus BLEU through sacrebleu (never re-implemented here).

BLEU (Papineni et al. 2002) as Sutskever et al. (2014) report it is a *corpus* score:
n-gram matches (n = 1..4) are pooled over all sentences before the geometric mean and
the brevity penalty. We compute it with sacrebleu 2.6.0 and its standard settings:
tokenisation ``13a`` (the WMT ``mteval-v13a`` tokeniser, which splits punctuation off
words; our synthetic sentences are words and spaces only, so it leaves them as they are),
case-sensitive, exponential smoothing, one reference per sentence.
:func:`bleu_signature` returns sacrebleu's signature of exactly these settings, to print
beside the scores. Perplexity is :func:`lstm.seq2seq.perplexity`.
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


def _bleu() -> BLEU:
    return BLEU(tokenize=TOKENIZE)


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
