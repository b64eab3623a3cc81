"""Chapter 13: attention (Bahdanau, Cho & Bengio 2015) on the book's synthetic language pair.

An encoder-decoder squeezes the source into one vector; RNNsearch keeps a vector per source
word and, at every target word, attends to the ones it needs
(:class:`lstm.nn.rnnsearch.RNNsearch`). The language pair is chapter 6's
(:mod:`lstm.tasks.translation`), whose every pair carries its true word alignment: mostly
monotone, with local reorderings (adjectives after their noun, the verb at the end of a
subordinate clause). For every seed, two models are trained at the same size, for the same
number of updates, once on sentences up to the ``"short"`` training length and once up to
the ``"long"`` one (the paper's 30 and 50 words):

* ``encdec``: the paper's RNNencdec, an LSTM encoder-decoder whose one context vector feeds
  every decoder step (Cho et al. 2014);
* ``search``: RNNsearch with LSTM units, a bidirectional encoder and additive attention.

The encoder-decoder, the baseline, gets its own learning rate, chosen for each seed and
training length among ``lrs`` by greedy BLEU on validation pairs after a short run
(:func:`~lstm.experiments.attention.experiment.choose_learning_rate`); RNNsearch trains at
``lr``, chapter 6's rate for its encoder-decoders (tuning the stronger model could only
widen the gap).

Each translates held-out sentences in length buckets up to and past the longest training
sentence (greedy decoding, BLEU by sacrebleu), and RNNsearch's attention on the reference
translations is scored against the true alignment by the alignment error rate
(:mod:`lstm.nn.alignment`), beside the diagonal alignment that knows only the lengths.
Every training batch holds sources of one length (:mod:`lstm.data.length_batches`).
"""
