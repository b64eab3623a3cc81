"""Chapter 7: Show and Tell (Vinyals, Toshev, Bengio & Erhan 2015) on generated scenes.

For every seed: a convolutional network is pretrained to name the objects of other
scenes (:func:`lstm.nn.captioning.pretrain_convnet`); then four captioners learn to describe
the training scenes, each for the same number of caption updates:

* ``pretrained, frozen`` — the pretrained network frozen, the image fed once at t = −1;
* ``pretrained, fine-tuned`` — the same captioner, trained further with the network
  unfrozen (its first updates are the frozen captioner's: the paper's two stages);
* ``random init, end to end`` — a randomly initialised network trained with the decoder
  from the start, for as many updates as the fine-tuned one had in all, at its own
  learning rate: the one of ``random_lrs`` whose short run (``lr_search_steps`` updates)
  gives the best greedy BLEU-4 on the ``validation`` scenes (:func:`choose_learning_rate`);
* ``pretrained, frozen, image every step`` — the ablation: the image beside every word.

Each captioner describes the held-out ``test`` scenes and the ``unseen`` scenes (every
one with a shape–colour pair never seen in training), by greedy decoding and beam search;
we score BLEU-1 and BLEU-4 against the five references per image (sacrebleu) and what the
caption says (:func:`lstm.tasks.scenes.mean_attribute_accuracy`). Every captioner trains
through :func:`lstm.nn.train.fit`.

Your own copy of MS COCO: ``"corpus": "coco"`` (the default is ``"scenes"``) reads the
folder that the environment variable ``LSTM_COCO_DIR`` names, laid out as COCO is
distributed: ``annotations/captions_train2014.json`` with its images in ``train2014/``,
and ``annotations/captions_val2014.json`` with ``val2014/``, or the 2017 release's names
(``captions_train2017.json`` and ``train2017/``, ``captions_val2017.json`` and
``val2017/``). The first release of :data:`COCO_YEARS` whose two caption files are both
there is read: 2014, the paper's, when a folder holds both. The variable is read when a
run starts, never on import, and a wrong folder stops the run at once with one line that
names the variable, the path and what was expected. Every image is scaled and
centre-cropped to ``image_size`` (:func:`lstm.data.captions.read_images`), every caption
lower-cased and stripped of punctuation (:func:`coco_words`), and the vocabulary keeps
the words seen at least five times in the training captions, as the paper's did.
Training takes ``train_scenes`` images of the training file (all of them if it has
fewer); test and validation take ``eval_scenes`` images each of the validation file,
none in both. All are drawn by a fixed seed (:data:`SPLIT_SEED`), the same for every
model seed. Three things differ from the scenes:

* COCO has no ``unseen`` split (held-out shape–colour pairs are the scenes' own test):
  the captioners are scored, and the claims judged, on the test images alone, and the
  ``unseen`` table is not made;
* a photograph has no structured description, so there is no attribute accuracy
  (``objects``, ``exact``): only BLEU-1 and BLEU-4 against each image's references (five
  or so) and the caption statistics; the ``failures`` figure, which picks captions by
  that accuracy, is not drawn;
* the network is still pretrained on generated scenes: the "pretrained" captioners start
  from a network that has named the objects of scenes and never seen a photograph, and
  the claim about pretraining asks whether that start beats a random one. (The paper's
  pretraining, ImageNet classification, is out of reach; COCO's own object categories
  would need its instance annotations and a second pretraining task, and are left out.)

To keep the committed results, write yours beside them::

    LSTM_COCO_DIR=/path/to/coco LSTM_RESULTS_DIR=data/results/mine \\
        python -m lstm show_and_tell --profile full

with ``"corpus": "coco"`` set in :data:`CONFIG` below.
"""
