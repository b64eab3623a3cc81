"""Phoneme error rate: the Levenshtein edit distance, through rapidfuzz (never re-implemented).

Graves, Mohamed & Hinton (2013, "Speech recognition with deep recurrent neural networks",
ICASSP) score their TIMIT recognisers by the phoneme error rate: the fewest
substitutions, deletions and insertions that turn each output phoneme sequence into its
reference, summed over the test set and divided by the number of reference phonemes. An
output with many insertions can score above 1 (above 100 %).

The edit distance is rapidfuzz's ``Levenshtein`` (every edit costs 1), on lists of tokens:
a phoneme is one token, a str such as ``"sh"`` or an int. rapidfuzz compares a one-letter
str token by its code point, so ``"a"`` and ``97`` would be the same phoneme: the tokens of
one call must therefore be all str or all int.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

Token = str | int

# rapidfuzz's names of the edit operations, and ours: a reference phoneme the output
# lacks is a deletion, an output phoneme the reference lacks an insertion.
OPERATIONS = {"replace": "substitutions", "delete": "deletions", "insert": "insertions"}


def _tokens(sequence: object, name: str) -> list[Token]:
    if not isinstance(sequence, list | tuple):
        hint = " (split a str into its phonemes)" if isinstance(sequence, str) else ""
        raise TypeError(
            f"expected {name} as a list or tuple of phoneme tokens, "
            f"got {type(sequence).__name__}{hint}"
        )
    for token in sequence:
        if isinstance(token, bool) or not isinstance(token, Token):
            raise TypeError(f"expected {name} to hold phoneme tokens (str or int), got {token!r}")
    return list(sequence)


def _check_one_kind(sequences: Sequence[list[Token]]) -> None:
    kinds = {type(token).__name__ for sequence in sequences for token in sequence}
    if len(kinds) > 1:
        raise TypeError(
            f"expected phoneme tokens of one kind, all str or all int, got {sorted(kinds)}"
        )


def phoneme_error_rate(
    references: Sequence[Sequence[Token]], hypotheses: Sequence[Sequence[Token]]
) -> float:
    """Total edit distance over total reference length: sum_i d(r_i, h_i) / sum_i |r_i|.

    d is the Levenshtein distance over tokens: the fewest substitutions, deletions and
    insertions that turn the reference r_i into the hypothesis h_i (Graves, Mohamed &
    Hinton 2013, "Speech recognition with deep recurrent neural networks", ICASSP).
    ``references[i]`` and ``hypotheses[i]`` are lists of phoneme tokens of one utterance.
    """
    if not isinstance(references, list | tuple) or not isinstance(hypotheses, list | tuple):
        raise TypeError(
            f"expected references and hypotheses as lists of token sequences, got "
            f"{type(references).__name__} and {type(hypotheses).__name__}"
        )
    if len(references) != len(hypotheses):
        raise ValueError(
            f"expected one hypothesis per reference, got {len(references)} references "
            f"and {len(hypotheses)} hypotheses"
        )
    references = [_tokens(r, f"references[{i}]") for i, r in enumerate(references)]
    hypotheses = [_tokens(h, f"hypotheses[{i}]") for i, h in enumerate(hypotheses)]
    _check_one_kind(references + hypotheses)
    total = sum(len(reference) for reference in references)
    if total == 0:
        raise ValueError(
            f"expected at least one reference token to divide by, got {len(references)} "
            f"empty references"
        )
    errors = sum(Levenshtein.distance(r, h) for r, h in zip(references, hypotheses, strict=True))
    return errors / total


def edit_operations(reference: Sequence[Token], hypothesis: Sequence[Token]) -> dict[str, int]:
    """Counts of the substitutions, deletions and insertions of one utterance.

    The operations of one shortest edit script from reference to hypothesis
    (rapidfuzz's ``Levenshtein.editops``); they add up to the edit distance that
    :func:`phoneme_error_rate` counts. Keys: ``substitutions``, ``deletions``,
    ``insertions``.
    """
    reference = _tokens(reference, "reference")
    hypothesis = _tokens(hypothesis, "hypothesis")
    _check_one_kind([reference, hypothesis])
    counts = dict.fromkeys(OPERATIONS.values(), 0)
    for operation in Levenshtein.editops(reference, hypothesis):
        counts[OPERATIONS[operation.tag]] += 1
    return counts
