"""Corpora that need more than a generator, and readers for data people own.

- :mod:`lstm.data.speech`: the synthetic, phoneme-aligned speech corpus (espeak-ng; the
  optional extra ``speech``), ``speech.load(config) -> Corpus``;
- :mod:`lstm.data.timit`: the reader for a TIMIT copy you own, ``timit.load(path) -> Corpus``;
- :mod:`lstm.data.iamondb`: the reader for an IAM-OnDB copy you own,
  ``iamondb.lines(path) -> list[Line]`` (strokes and transcription of each text line);
- :mod:`lstm.data.handwriting`: synthetic online handwriting from single-stroke fonts, and
  :mod:`lstm.data.pen`, the pen features of a line of strokes (offsets and pen-up flags);
- :mod:`lstm.data.features`: the 26 features per 10 ms frame, in numpy;
- :mod:`lstm.data.phonemes`: the 39 classes and the foldings onto them;
- :mod:`lstm.data.corpus`: the ``Corpus`` and ``Split`` both return;
- :mod:`lstm.data.parallel`: parallel text (tab-separated or two aligned files), the
  tokenizer, vocabulary and batches of the sequence-to-sequence chapter;
- :mod:`lstm.data.length_batches`: sentence pairs in batches of one source length, for
  training and translating with the encoder-decoders;
- :mod:`lstm.data.captions`: COCO-style caption annotations and their images;
- :mod:`lstm.data.environment`: the folders of your datasets that environment variables
  name (``LSTM_TIMIT_DIR``, ``LSTM_IAMONDB_DIR``).

Nothing here is imported by ``import lstm``: a chapter imports what it uses.
"""
