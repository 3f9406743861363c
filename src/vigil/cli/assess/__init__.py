"""Commands that judge the threat to the registered sites: ``sites`` (what is watched),
``assess``, ``brief`` and ``replay``."""
