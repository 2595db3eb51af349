"""Per-intent slot taggers: a linear-chain CRF (python-crfsuite, averaged perceptron) over BIO tags.

One small tagger per intent keeps the label set small, which makes training several times faster
than one tagger over every slot of the bot and lets the two cores train taggers side by side.
"""

from __future__ import annotations

import ctypes
import shutil
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from bot.nlu.gazetteer import Gazetteer, own_values
from bot.nlu.slot_features import token_features
from bot.nlu.tokens import Token, tokenize
from bot.nlu.types import Example

# Perceptron epochs for large intents: SNIPS full slot F1 0.9588 at 15, 0.9600 at 20 to 23, 0.9597
# at 25, 0.9569 at 30 (before spans stopped ending on "?"/"!"; with that, 0.9622 at 20, 0.9619 at 25).
ITERATIONS = 20
# Below this many examples an intent's tagger trains with L-BFGS and elastic-net regularisation:
# it takes well under a second there and generalises far better from few examples than the
# averaged perceptron, which stays for large intents where L-BFGS would take minutes.
LBFGS_UP_TO = 400
LBFGS_PARAMS = {"c1": 0.2, "c2": 0.05, "max_iterations": 150}
# A tagged value never ends on these: the CRF sometimes runs a title on over the sentence's own
# "?" or "!" (SNIPS full's annotations end a value on "?" 5 times and stop before one 1,048 times).
SENTENCE_MARKS = frozenset("?!…？！")


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    slot: str
    start: int
    end: int


def bio_tags(tokens: list[Token], example: Example) -> list[str]:
    tags = ["O"] * len(tokens)
    for ent in example.entities:
        first = True
        for k, tok in enumerate(tokens):
            if tok.start >= ent.start and tok.end <= ent.end:
                tags[k] = ("B-" if first else "I-") + ent.entity
                first = False
    return tags


def spans_from_tags(tokens: list[Token], tags: Sequence[str]) -> list[TaggedSpan]:
    """Spans of consecutive tags of one label; a span never ends on sentence punctuation."""
    spans: list[TaggedSpan] = []
    slot: str | None = None
    start = end = 0
    for tok, tag in zip(tokens, tags):
        if tag == "O" or tag[0] == "B" or tag[2:] != slot:
            if slot is not None and end > start:
                spans.append(TaggedSpan(slot, start, end))
            slot = None
            if tag == "O":
                continue
            slot, start, end = tag[2:], tok.start, tok.start
        if tok.text not in SENTENCE_MARKS:
            end = tok.end
    if slot is not None and end > start:
        spans.append(TaggedSpan(slot, start, end))
    return spans


def _seed_crfsuite() -> None:
    """crfsuite shuffles the averaged perceptron's examples with the C library's rand(): without
    a fixed seed, a tagger would depend on which pool worker trained what before it."""
    try:
        ctypes.CDLL(None).srand(1)
    except (OSError, AttributeError):  # no C library to reach here: training still works
        pass


def _train_file(args: tuple[str, list[Example], Gazetteer, bool]) -> str:
    path, examples, gazetteer, small = args
    _seed_crfsuite()
    trainer = pycrfsuite.Trainer(algorithm="lbfgs" if small else "ap", verbose=False)
    for ex in examples:
        tokens = tokenize(ex.text)
        own = own_values((e.entity, ex.text[e.start : e.end]) for e in ex.entities)
        trainer.append(token_features(tokens, gazetteer, own), bio_tags(tokens, ex))
    trainer.set_params(LBFGS_PARAMS if small else {"max_iterations": ITERATIONS})
    trainer.train(path)
    return path


def _borrowed(intent: str, labelled: dict[str, list[Example]]) -> list[Example]:
    """Other intents' examples of the slots this intent shares with them, their other slots
    untagged: a few-shot intent learns "by <artist>" or "in <city>" from its neighbours too."""
    mine = {e.entity for ex in labelled[intent] for e in ex.entities}
    out = []
    for other, examples in labelled.items():
        if other == intent:
            continue
        for ex in examples:
            shared = tuple(e for e in ex.entities if e.entity in mine)
            if shared:
                out.append(Example(ex.text, intent, shared))
    return out


class SlotTaggers:
    """The taggers of every intent that has annotated slots, stored as `<dir>/tagger_<n>.crf`."""

    def __init__(self, files: dict[str, str], directory: Path, gazetteer: Gazetteer) -> None:
        self._files = files  # intent -> file name
        self._dir = directory
        self.gazetteer = gazetteer
        self._taggers: dict[str, pycrfsuite.Tagger] = {}
        for intent, name in files.items():
            tagger = pycrfsuite.Tagger()
            tagger.open(str(directory / name))
            self._taggers[intent] = tagger

    @classmethod
    def fit(
        cls,
        examples: Sequence[Example],
        gazetteer: Gazetteer,
        directory: Path,
        pool: Executor | None = None,
    ) -> SlotTaggers:
        """Train one tagger per intent with annotated slots, on `pool` when one is given."""
        by_intent: dict[str, list[Example]] = {}
        for ex in examples:
            by_intent.setdefault(ex.intent, []).append(ex)
        labelled = {i: exs for i, exs in by_intent.items() if any(e.entities for e in exs)}
        files = {intent: f"tagger_{n}.crf" for n, intent in enumerate(sorted(labelled))}
        directory.mkdir(parents=True, exist_ok=True)
        # Largest first, so the workers finish together.
        jobs = []
        for i in sorted(labelled, key=lambda i: -len(labelled[i])):
            small = len(labelled[i]) <= LBFGS_UP_TO
            own = labelled[i] + (_borrowed(i, labelled) if small else [])
            jobs.append((str(directory / files[i]), own, gazetteer, small))
        if pool is not None:
            list(pool.map(_train_file, jobs))
        else:
            for job in jobs:
                _train_file(job)
        return cls(files, directory, gazetteer)

    @property
    def files(self) -> dict[str, str]:
        return dict(self._files)

    def has(self, intent: str) -> bool:
        return intent in self._taggers

    def features(self, tokens: list[Token]) -> list[list[str]]:
        return token_features(tokens, self.gazetteer)

    def tag(
        self, intent: str, tokens: list[Token], features: list[list[str]] | None = None
    ) -> list[TaggedSpan]:
        """Slot spans for `intent`; pass `features` when tagging one text for several intents."""
        tagger = self._taggers.get(intent)
        if tagger is None or not tokens:
            return []
        tags = tagger.tag(features if features is not None else self.features(tokens))
        return spans_from_tags(tokens, tags)

    def persist(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for name in self._files.values():
            if (self._dir / name).resolve() != (directory / name).resolve():
                shutil.copyfile(self._dir / name, directory / name)
