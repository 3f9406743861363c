"""One BLAS thread for vigil's own numeric work.

numpy's OpenBLAS starts a thread per core for a matrix product of a few
thousand cells, such as a linear model scoring one document's sentences. A
worker is meant to keep up on one core, beside other workers: there the second
thread waits for a core, and a 0.2 ms product took up to 15 ms (the vector
reader of the events stage: 0.15 to 0.36 s of the 40 bench texts' 1.4 s, as
the machine's load rose). One thread also makes the products' last bits the
same on every machine, whatever its core count. The limit holds only inside a
stage that asks for it; spaCy's parse (thinc's own BLAS) is left alone.
"""

from __future__ import annotations

import functools
from contextlib import AbstractContextManager
from typing import Any


@functools.cache
def _controller() -> Any:
    # Made on first use, when the stages' numeric libraries are loaded.
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread() -> AbstractContextManager[Any]:
    """A context in which numpy/scipy's BLAS uses one thread."""
    return _controller().limit(limits=1, user_api="blas")
