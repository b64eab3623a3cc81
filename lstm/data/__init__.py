"""Speech corpora for framewise phoneme classification (Graves & Schmidhuber 2005).

- :mod:`lstm.data.speech`: the synthetic, phoneme-aligned corpus (espeak-ng; the optional
  extra ``speech``), ``speech.load(config) -> Corpus``;
- :mod:`lstm.data.timit`: the reader for a TIMIT copy you own, ``timit.load(path) -> Corpus``;
- :mod:`lstm.data.features`: the 26 features per 10 ms frame, in numpy;
- :mod:`lstm.data.phonemes`: the 39 classes and the foldings onto them;
- :mod:`lstm.data.corpus`: the ``Corpus`` and ``Split`` both return.

Nothing here is imported by ``import lstm``: a chapter imports what it uses.
"""
