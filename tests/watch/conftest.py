from __future__ import annotations

import pytest
from loopback import Loopback


@pytest.fixture
def server():
    s = Loopback()
    yield s
    s.close()
