"""Story clustering, pure: no database, so the same code runs on the store and in memory.

The store (:mod:`vigil.stories.update`) and the evaluation (:mod:`.learn`) call
the same functions, so what is measured on ECB+ in memory is what the store does.

- :mod:`.features`: what an article is compared on (feature groups over what vigil
  already extracted, anchor days, figures, lead names);
- :mod:`.compare`: a story's profile and the evidence vector of an article against
  it (cosines, conflicts, novelty), the candidates ranked by probability;
- :mod:`.scorer`: the learnt logistic regression that turns evidence into the
  probability that both tell one development (``data/story_scorer.json``);
- :mod:`.online`: what an arriving article does (joins, opens, bridges a splinter);
- :mod:`.split`: when and where a story that took in two developments is cut;
- :mod:`.learn`: training, threshold picking and topic cross-validation.
"""
