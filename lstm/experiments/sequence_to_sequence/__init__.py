"""Chapter 6: sequence to sequence learning (Sutskever, Vinyals & Le 2014; Cho et al. 2014).

An LSTM encoder reads a source sentence into its final state; an LSTM decoder starts from
that state and writes the translation. The language pair is the book's synthetic one
(:mod:`lstm.tasks.translation`). Three models are trained on the same sentence pairs, with
the same budget and the same seeds:

* ``forward``: the LSTM encoder-decoder reading the source in its natural order;
* ``reversed``: the same model reading every source sentence backwards (section 3.3);
* ``gru``: the GRU encoder-decoder of Cho et al. (2014), whose context vector feeds every
  decoder step, reading the source forwards as they did.

Each is tested for perplexity and greedy BLEU on held-out sentences of the training
lengths, and for BLEU by source-length bucket, including sentences longer than any seen in
training. The reversed model is also decoded with every beam size of ``beam_sizes``, and
its encoder's final states are compared for sentences that differ in word order (the
paper's Figure 2).

Your own sentence pairs: ``"corpus": "tsv"`` (the default is ``"synthetic"``, the
grammar's pairs) reads the tab-separated file that the environment variable
``LSTM_PARALLEL_FILE`` names, such as Tatoeba's (or manythings.org's Anki files), whose
third column is the attribution: ``"columns"`` says which two columns are the source and
the target (0-based, ``[0, 1]``; ``[1, 0]`` translates the other way) and ``"lowercase"``
whether to lower-case the words (:func:`lstm.data.parallel.read_tsv`). The pairs are
shuffled by a fixed seed (:data:`SPLIT_SEED`, the same split for every model seed) and
split 90% for training, 10% for testing; there is no validation part, since the chapter
trains for a fixed number of updates and chooses nothing on held-out sentences. Training
keeps the pairs of at most ``max_train_length`` source words; the test part keeps, in each
length bucket, the first ``test_per_bucket`` pairs whose source is not a training source.
The vocabularies are the training part's ``vocabulary_size`` most frequent words on each
side (others read as unknown). The word-order study needs the grammar's sentences ("the
dog sees the cat"), so it is skipped for a file, and the chapter shows the file's first
pairs and its vocabulary sizes instead of the grammar's. The variable is read only when a
run loads the file, never on import. To keep the committed results, write yours beside
them::

    LSTM_PARALLEL_FILE=fra.txt LSTM_RESULTS_DIR=data/results/mine \\
        python -m lstm sequence_to_sequence --profile full

with ``"corpus": "tsv"`` set in :data:`CONFIG` below.

Speed: every training and test batch holds sentences of *one* source length, so the
encoder needs no padding (and no packed sequences, which are many times slower on the CPU)
and its final state is exactly the state after each sentence's last word; targets of one
batch are padded at their end, which the loss masks and which cannot change earlier steps.
"""
