"""Chapter 11: generating text character by character (the seeds' own example; Karpathy,
Johnson & Fei-Fei 2015), and dropout that works for LSTMs (Zaremba, Sutskever & Vinyals
2014).

Every network here is a :class:`lstm.nn.char_model.CharModel` that reads Shakespeare
(:mod:`lstm.data.plays`) one character at a time and predicts the next. Four studies:

- **The seed's model as written** on lower-cased Macbeth: each character fed as one
  number, two LSTM layers of 300 with dropout 0.2, Adam at Keras's default rate, batches of
  30 windows of 50 characters, each trained to predict the one character after it; then
  the same model reading one-hot characters.
- **Karpathy's comparisons** on the same Macbeth split, every network trained to predict
  every next character of its windows: two LSTM layers against one, a GRU and a tanh RNN
  of the same width, and a character n-gram model (:mod:`lstm.nn.ngram`) at its best order.
- **Zaremba's dropout** on two-layer LSTMs of three widths: none, dropout on the
  non-recurrent connections at two rates, and naive dropout that also drops the recurrent
  state.
- **A model of all the plays**, a larger two-layer LSTM trained on 36 plays, whose weights
  the package keeps (:mod:`lstm.generate` writes with them): its samples at several
  temperatures, measured (:mod:`lstm.data.text_measures`), and cells whose state follows
  the layout of a play.

A network's score is its bits per character on the validation text at the best of its
evaluations (early stopping), and the test text's at that point. The Karpathy networks
each train at their own learning rate, chosen on the first seed, which judges nothing.
The runs are the trials of the sweep engine (:mod:`lstm.sweep.study`), kept where
:mod:`lstm.sweep.local` says, so an interrupted run resumes.
"""
