"""A package's public names, imported on first use (PEP 562).

Commands that parse no text import small modules of packages whose other
modules need spaCy or numpy (the sites registry beside the place resolver, the
ACLED tables beside the event coder, the source registry beside the story
clustering). A package lists where each public name lives, and its module
``__getattr__`` imports that module only when the name is first read.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any


def exports(package: str, homes: dict[str, str]) -> Callable[[str], Any]:
    """The module ``__getattr__`` of ``package``: ``homes`` maps a public name to its module."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        setattr(sys.modules[package], name, value)  # read once; later reads are plain
        return value

    return __getattr__
