"""Commands that read what is stored, with no NLP: ``show``, ``stories``, ``quotes``,
``conflicts`` and ``export``."""
