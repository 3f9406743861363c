"""The packaged static encoder: deterministic unit vectors that follow meaning, any input,
and no PyTorch at run time."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from vigil.language.embeddings import load_encoder
from vigil.language.encoder import StaticEncoder

PACKAGED = "vigil.language.encoder"


@pytest.fixture(scope="module")
def encoder() -> StaticEncoder:
    enc = load_encoder(PACKAGED)
    assert isinstance(enc, StaticEncoder)
    return enc


def test_vectors_are_unit_length_and_deterministic(encoder):
    texts = ["Gunmen attacked a village near Kano.", "Thousands marched in the capital."]
    a = encoder.encode(texts)
    assert a.dtype == np.float32 and a.shape == (2, encoder.dim)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    fresh = StaticEncoder(encoder_folder(), "again")
    assert np.array_equal(a, fresh.encode(texts))
    # A text's vector does not depend on its batch.
    assert np.allclose(a[1], encoder.encode([texts[1]])[0], atol=1e-6)


def encoder_folder():
    from vigil.language.embeddings import model_dir

    return model_dir(PACKAGED)


def test_similar_reports_are_closer_than_unrelated_ones(encoder):
    riot, protest, station, storm = encoder.encode(
        [
            "Riot police used water cannon to break up the demonstration.",
            "Security forces broke up the protest with water cannon.",
            "The police station will reopen next week after repairs.",
            "A tropical storm flooded coastal towns and cut power lines.",
        ]
    )
    assert float(riot @ protest) > float(riot @ station) + 0.2
    assert float(riot @ protest) > float(riot @ storm) + 0.2


def test_hostile_input_gives_rows_not_errors(encoder):
    texts = [
        "",
        "   \n\t ",
        "\x00\ufffd\U0001f4a5\u202e",
        "☃" * 10_000,
        "Ārikirā 東京 القاهرة Київ",
        " ".join(["word"] * 5000),
        "a" * 100_000,
    ]
    out = encoder.encode(texts)
    assert out.shape == (len(texts), encoder.dim)
    assert np.isfinite(out).all()
    norms = np.linalg.norm(out, axis=1)
    assert norms[0] == 0.0 and norms[1] == 0.0  # nothing to read: a zero row
    assert np.isclose(norms[4], 1.0, atol=1e-5) and np.isclose(norms[5], 1.0, atol=1e-5)
    # A long text is read up to the encoder's length: its vector is its lead's.
    head = " ".join(["word"] * encoder.max_length)
    assert np.allclose(out[5], encoder.encode([head])[0], atol=1e-6)
    assert encoder.encode([]).shape == (0, encoder.dim)


def test_packaged_encoder_runs_without_torch():
    script = (
        "import json, sys\n"
        "from vigil.language.embeddings import load_encoder\n"
        f"enc = load_encoder({PACKAGED!r})\n"
        "enc.encode(['Protesters blocked the road.'])\n"
        "print(json.dumps([m for m in ('torch', 'sentence_transformers', 'transformers')"
        " if m in sys.modules]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=300
    )
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []
