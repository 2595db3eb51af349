"""Intent classifier: TF-IDF (lower-cased words 1-2, character 2-5 grams within words, cased
words 1-2) into a linear SVM, trained with scikit-learn and scored with our own numpy path.

scikit-learn's per-call machinery costs milliseconds per utterance; scoring the exported weights
directly costs tens of microseconds. Confidences are a softmax of the margins with a temperature
fitted on cross-validated margins, so they can be compared with the bot's NLU threshold.

With the `encoder` pipeline, a sentence vector (`bot.nlu.sentence_encoder`) is one more block of
features beside the TF-IDF blocks, in the same linear SVM.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import pairwise, repeat
from pathlib import Path
from typing import Any

import numpy as np

from bot.nlu.sentence_encoder import DENSE_SCALE, SentenceEncoder, shared_encoder

_WORD = re.compile(r"(?u)\b\w\w+\b")
_SPACES = re.compile(r"\s\s+")


def _word_grams(text: str) -> list[str]:
    toks = _WORD.findall(text)
    return toks + [a + " " + b for a, b in pairwise(toks)]


def lower_words(text: str) -> list[str]:
    return _word_grams(text.lower())


def cased_words(text: str) -> list[str]:
    return _word_grams(text)


def char_grams(text: str) -> list[str]:
    """Character 2-5 grams inside space-padded words (scikit-learn's `char_wb` scheme)."""
    out: list[str] = []
    for w in _SPACES.sub(" ", text.lower()).split():
        w = " " + w + " "
        size = len(w)
        for n in range(2, 6):
            if size <= n:  # a short word counts once, as scikit-learn does
                out.append(w)
                break
            out.extend(w[i : i + n] for i in range(size - n + 1))
    return out


ANALYZERS: tuple[Callable[[str], list[str]], ...] = (lower_words, char_grams, cased_words)
_BLOCKS = np.arange(len(ANALYZERS))


class IntentClassifier:
    def __init__(
        self,
        classes: list[str],
        vocab: list[dict[str, int]],
        idf: np.ndarray,
        weights: np.ndarray,
        bias: np.ndarray,
        temperature: float,
        dense: np.ndarray | None = None,
    ) -> None:
        self.classes = classes
        self._vocab = vocab  # per analyzer: feature -> row in idf/weights
        self._idf = idf
        self._weights = weights  # (n_features, n_classes), float32
        self._bias = bias
        self.temperature = temperature
        # The sentence-vector block's weights (already scaled), with the `encoder` pipeline.
        self._dense = dense
        self._encoder: SentenceEncoder | None = shared_encoder() if dense is not None else None

    @property
    def pipeline(self) -> str:
        return "encoder" if self._dense is not None else "default"

    def __getstate__(self) -> dict[str, object]:
        # Sent back from a training worker without the encoder: the process reopens its own.
        state = dict(self.__dict__)
        state["_encoder"] = None
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        if self._dense is not None:
            self._encoder = shared_encoder()

    # ------------------------------------------------------------ training

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        labels: Sequence[str],
        weights: Sequence[float] | None = None,
        c: float = 1.0,
        encoder: bool = False,
    ) -> IntentClassifier:
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        vectorizers = [
            TfidfVectorizer(analyzer=a, sublinear_tf=True, dtype=np.float32) for a in ANALYZERS
        ]
        blocks = [v.fit_transform(texts) for v in vectorizers]
        if encoder:
            blocks.append(csr_matrix(shared_encoder().encode(texts) * DENSE_SCALE))
        x = hstack(blocks).tocsr()
        y = np.asarray(labels)
        classes = sorted(set(labels))
        if len(classes) == 1:
            n = x.shape[1]
            matrix = np.zeros((n, 1), np.float32)
            bias = np.zeros(1, np.float32)
            temperature = 1.0
        else:
            svm = LinearSVC(C=c, random_state=0).fit(x, y, sample_weight=weights)
            assert list(svm.classes_) == classes
            coef, intercept = svm.coef_, svm.intercept_
            if len(classes) == 2:  # scikit-learn keeps one row for two classes
                coef = np.vstack([-coef[0], coef[0]]) / 2
                intercept = np.array([-intercept[0], intercept[0]]) / 2
            matrix = coef.T.astype(np.float32)
            bias = intercept.astype(np.float32)
            temperature = _fit_temperature(x, y, classes, c)
        vocab, offset, idfs = [], 0, []
        for v in vectorizers:
            vocab.append({f: i + offset for f, i in v.vocabulary_.items()})
            offset += len(v.vocabulary_)
            idfs.append(v.idf_.astype(np.float32))
        dense = None
        if encoder:  # scaled here, so parsing multiplies the raw vector
            matrix, dense = matrix[:offset], np.ascontiguousarray(matrix[offset:] * DENSE_SCALE)
        return cls(classes, vocab, np.concatenate(idfs), matrix, bias, temperature, dense)

    # ------------------------------------------------------------ scoring

    def margins(self, text: str) -> np.ndarray:
        if self._encoder is None:
            return self._sparse_margins(text)
        assert self._dense is not None
        return self._sparse_margins(text) + self._encoder.encode_one(text) @ self._dense

    def _sparse_margins(self, text: str) -> np.ndarray:
        rows: list[int] = []
        tfs: list[int] = []
        sizes: list[int] = []
        for analyzer, vocab in zip(ANALYZERS, self._vocab):
            counts = Counter(analyzer(text))
            # Lookups run in C (map over dict.get); unknown features come back as -1.
            rows.extend(map(vocab.get, counts, repeat(-1)))
            tfs.extend(counts.values())
            sizes.append(len(counts))
        # One numpy pass over all analyzers: per-call overhead, not arithmetic, is the cost here.
        index = np.fromiter(rows, np.int64, len(rows))
        known = index >= 0
        index = index[known]
        if not len(index):
            return self._bias.astype(np.float64)
        block = np.repeat(_BLOCKS, sizes)[known]
        vals = (1.0 + np.log(np.fromiter(tfs, np.float32, len(tfs))[known])) * self._idf[index]
        # Each analyzer's block is L2-normalised on its own, as TfidfVectorizer does.
        vals /= np.sqrt(np.bincount(block, vals * vals, minlength=len(ANALYZERS)))[block]
        return self._bias + vals @ self._weights[index]

    def probabilities(self, text: str) -> np.ndarray:
        return softmax(self.margins(text) * self.temperature)

    # ------------------------------------------------------------ persistence

    def persist(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, Any] = {"idf": self._idf, "w": self._weights, "b": self._bias}
        if self._dense is not None:
            arrays["d"] = self._dense
        np.savez(directory / "intent_weights.npz", **arrays)
        meta = {
            "classes": self.classes,
            "encoder": self._encoder.name if self._encoder is not None else None,
            "temperature": self.temperature,
            "vocab": [sorted(v, key=v.__getitem__) for v in self._vocab],
        }
        (directory / "intent_meta.json").write_text(json.dumps(meta))

    @classmethod
    def load(cls, directory: Path) -> IntentClassifier:
        meta = json.loads((directory / "intent_meta.json").read_text())
        arrays = np.load(directory / "intent_weights.npz")
        vocab, offset = [], 0
        for feats in meta["vocab"]:
            vocab.append({f: i + offset for i, f in enumerate(feats)})
            offset += len(feats)
        dense = arrays["d"] if meta.get("encoder") else None
        return cls(
            meta["classes"],
            vocab,
            arrays["idf"],
            arrays["w"],
            arrays["b"],
            meta["temperature"],
            dense,
        )


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


def _fit_temperature(x: object, y: np.ndarray, classes: list[str], c: float) -> float:
    """Temperature minimising the log-loss of softmax(margins * T) on 3-fold held-out margins."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.svm import LinearSVC

    counts = Counter(y.tolist())
    folds = min(3, min(counts.values()))
    if folds < 2:
        return 5.0
    cv = StratifiedKFold(folds, shuffle=True, random_state=0)
    margins = cross_val_predict(
        LinearSVC(C=c, random_state=0), x, y, cv=cv, method="decision_function"
    )
    if margins.ndim == 1:
        margins = np.stack([-margins / 2, margins / 2], axis=1)
    truth = np.searchsorted(classes, y)
    best, best_loss = 1.0, math.inf
    for t in np.geomspace(0.5, 50, 60):
        z = margins * t
        z = z - z.max(axis=1, keepdims=True)
        logp = z[np.arange(len(y)), truth] - np.log(np.exp(z).sum(axis=1))
        loss = -float(logp.mean())
        if loss < best_loss:
            best, best_loss = float(t), loss
    return best
