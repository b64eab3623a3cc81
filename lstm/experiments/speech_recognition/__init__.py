"""Chapter 12: deep bidirectional LSTM speech recognition with CTC (Graves, Mohamed &
Hinton 2013), and the recurrent projection layer (Sak, Senior & Beaufays 2014).

Chapter 5 named the phoneme of every frame, which needs a frame-by-frame alignment. Here
a network hears a whole utterance and writes out its phoneme sequence, trained with
connectionist temporal classification (Graves et al. 2006; :mod:`lstm.nn.ctc`), which
sums over every alignment. Each network is a :class:`lstm.nn.ctc_network.CTCNetwork`, and
its phoneme error rate (PER, :mod:`lstm.nn.phoneme_error`) is counted on speakers never
heard in training. The comparisons of the paper's Table 1, at a matched number of
weights:

- **depth against width**: one wide bidirectional LSTM layer against three and five
  narrow ones;
- **bidirectional against unidirectional**: three layers each way;
- **LSTM against tanh RNN**: three bidirectional layers of each;
- **LSTMP** (Sak et al.): three bidirectional layers with a recurrent projection of half
  the cells, against plain LSTM at two budgets of weights.

The corpus is chapter 5's (:func:`lstm.experiments.framewise_phonemes.load_corpus`): the
synthetic espeak-ng speech, or your own TIMIT with ``"corpus": "timit"`` and
``LSTM_TIMIT_DIR``. A target is the utterance's run of frame labels with repeats merged,
on the 39 classes. Training: Adam on batches of utterances of similar length, gradient
norm clipped at 1, a fixed number of epochs, and the weights of the epoch with the best
validation PER (best-path decoding) kept; the test PER is counted with best-path decoding
and with a prefix beam search. Each cell family
trains at its own learning rate, chosen on the first seed, which judges nothing. The runs
are trials of the sweep engine (:mod:`lstm.sweep.study`), kept where
:mod:`lstm.sweep.local` says, so an interrupted run resumes.
"""
