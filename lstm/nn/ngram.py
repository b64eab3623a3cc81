r"""A character n-gram language model, the baseline a character-level LSTM has to beat.

Karpathy, Johnson & Fei-Fei (2015, *Visualizing and Understanding Recurrent Networks*)
measure what an LSTM gains over n-gram models of the same characters; :class:`CharNGram`
is that baseline, scored in bits per character like the networks. The model and its
smoothing are NLTK's (``nltk.lm.WittenBellInterpolated``), never re-implemented here; NLTK
needs no data download for it.

The model of order :math:`n` predicts a character :math:`x_t` from the :math:`n-1` before
it, :math:`h = x_{t-n+1} \ldots x_{t-1}`, by Witten-Bell interpolation (Witten & Bell 1991;
the interpolated form of Chen & Goodman 1999):

.. math::

    P(x_t \mid h) = (1 - \lambda_h)\, \frac{c(h\,x_t)}{c(h)} + \lambda_h\, P(x_t \mid h'),
    \qquad \lambda_h = \frac{N_{1+}(h\,\bullet)}{N_{1+}(h\,\bullet) + c(h)},

where :math:`h'` is :math:`h` without its first character, :math:`c` counts in the
training text, and :math:`N_{1+}(h\,\bullet)` is the number of distinct characters seen
after :math:`h`. A context never seen in training passes straight to :math:`h'`
(:math:`\lambda_h = 1`), and the recursion ends at NLTK's unigram estimate, the relative
frequency :math:`c(x_t) / N` of the character among the :math:`N` training tokens (the
characters and the padding symbols). Order 1 is that unigram estimate alone.

The training text is one sequence, padded by NLTK (``padded_everygram_pipeline``) with
:math:`n-1` start symbols ``<s>`` before it and :math:`n-1` end symbols ``</s>`` after,
so that its first characters have a context too. The vocabulary is the text's characters
(Unicode code points) and the padding symbols; any other character is NLTK's ``<UNK>``.

:meth:`CharNGram.bits_per_char` gives, for a text :math:`x_1 \ldots x_T`,

.. math::

    \mathrm{bpc} = -\frac{1}{T} \sum_{t=1}^{T} \log_2 P(x_t \mid x_{t-n+1} \ldots x_{t-1}),

where the characters before :math:`x_1` are those of ``context`` (typically the end of the
training text), preceded by the start symbols, as in training.

**Characters never seen in training.** NLTK gives ``<UNK>`` probability 0 (its unigram
count is 0, and so is every interpolated term), and its log score is :math:`-\infty`. So
that the measure stays finite, such a character gets instead Witten-Bell's probability
that the next character is a new one, at the unigram level:

.. math::

    P_\text{unseen} = \frac{V}{V + N_\text{chars}},

with :math:`V` the number of distinct characters of the training text and
:math:`N_\text{chars}` its length (:attr:`CharNGram.unseen_probability`). It is a floor, not
part of a normalised distribution (the seen characters keep all of NLTK's mass), and a
generous one: all of the new-character mass goes to the one character scored. Seen
characters always have a probability above 0 (their unigram estimate is), so the floor
applies to unseen characters only.
"""

from __future__ import annotations

import math

START = "<s>"  # NLTK's padding symbol before a sequence (nltk.lm.preprocessing.pad_both_ends)


def _check_text(text: object, name: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"expected {name} as a str, got {type(text).__name__} {text!r:.40}")
    return text


class CharNGram:
    """A character n-gram model of order ``order`` (``order - 1`` characters of context),
    Witten-Bell interpolated by NLTK; see the module docstring for the formulas."""

    def __init__(self, order: int) -> None:
        if isinstance(order, bool) or not isinstance(order, int) or order < 1:
            raise ValueError(f"expected order as an int of at least 1, got {order!r}")
        self.order = order
        self.model = None  # the fitted nltk.lm.WittenBellInterpolated
        self.unseen_probability = math.nan  # set by fit(): V / (V + N_chars)

    def fit(self, text: str) -> CharNGram:
        """Fit the model on the characters of ``text``, one padded sequence; returns self.
        Fitting again replaces the model."""
        text = _check_text(text, "the training text")
        if not text:
            raise ValueError("expected a non-empty training text, got ''")
        # Imported here: importing nltk takes over a second, which importing lstm.nn.ngram
        # need not cost.
        from nltk.lm import WittenBellInterpolated
        from nltk.lm.preprocessing import padded_everygram_pipeline

        ngrams, padded = padded_everygram_pipeline(self.order, [list(text)])
        model = WittenBellInterpolated(self.order)
        model.fit(ngrams, padded)
        self.model = model
        distinct = len(set(text))
        self.unseen_probability = distinct / (distinct + len(text))
        return self

    def bits_per_char(self, text: str, context: str = "") -> float:
        r"""The mean of :math:`-\log_2 P(x_t \mid h_t)` over the characters of ``text``, with
        :math:`h_t` the ``order - 1`` characters before :math:`x_t`; the first ones take their
        context from the end of ``context``, then from the start symbols. A character unseen in
        training costs :math:`-\log_2` :attr:`unseen_probability` (module docstring)."""
        text = _check_text(text, "the text to score")
        context = _check_text(context, "the context")
        if self.model is None:
            raise RuntimeError("expected fit(text) before bits_per_char(), got an unfitted model")
        if not text:
            raise ValueError("expected a non-empty text to score, got ''")
        width = self.order - 1
        history = [START] * width + (list(context[-width:]) if width else []) + list(text)
        offset = len(history) - len(text)
        bits = 0.0
        for t, character in enumerate(text, start=offset):
            probability = self.model.score(character, history[t - width : t])
            bits -= math.log2(probability or self.unseen_probability)
        return bits / len(text)
