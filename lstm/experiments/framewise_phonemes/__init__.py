"""Chapter 5: bidirectional LSTM for framewise phoneme classification (Graves & Schmidhuber 2005).

Every 10 ms frame of speech gets one of 39 phoneme classes. Six kinds of network of about
the same number of weights learn it, as in the paper: an MLP that sees one frame, an MLP
that sees a window of ``±window`` frames, a tanh RNN and an LSTM that read the frames in
order (with a *target delay* of ``d`` frames: the output at frame ``t`` names the phoneme
of frame ``t - d``, so the net has heard ``d`` frames of future context), and the
bidirectional BRNN and BLSTM, which read the whole utterance both ways
(:func:`lstm.nn.framewise.framewise_network`).

Training follows the paper's recipe where it matters for the claims: cross-entropy per
frame, early stopping on the validation speakers, accuracy on speakers never heard in
training. Where it does not, it is what a CPU affords (see the chapter's Deviations):
Adam on minibatches of fixed-length chunks cut from the utterances (padded, variable-
length batches run the fused LSTM kernel about 14 times slower on CPU), and whole
utterances for validation and test.

The corpus is the one the config names: ``"espeak"``, the project's synthetic speech
(:mod:`lstm.data.speech`), or ``"timit"``, your own copy of TIMIT in the folder that the
environment variable ``LSTM_TIMIT_DIR`` names. To run the chapter on TIMIT, set
``"corpus": "timit"`` below and the variable, then ``python -m lstm framewise_phonemes``:
the committed result no longer matches the config, so that run replaces it. The variable
is read only when a run loads TIMIT, never on import.
"""
