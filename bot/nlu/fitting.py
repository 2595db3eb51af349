"""Fitting the engine's learned parts to a domain: the training examples (the bot's, plus shipped
out-of-scope ones at a lower weight), the slot gazetteer, the intent classifier and the slot
taggers trained side by side in worker processes, and the exact matcher.

`NLUEngine.fit` is the way in. Nothing here parses an input or writes a model directory.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

from bot.errors import ModelError
from bot.nlu.exact import ExactMatcher
from bot.nlu.gazetteer import Gazetteer
from bot.nlu.intent_classifier import IntentClassifier
from bot.nlu.languages import require
from bot.nlu.out_of_scope import fallback_examples
from bot.nlu.places import add_places, holds_places
from bot.nlu.sentence_encoder import check_pipeline
from bot.nlu.slot_tagger import SlotTaggers
from bot.nlu.tokens import classifier_text
from bot.nlu.types import FALLBACK_INTENT, OUT_OF_SCOPE_LABELS, Domain, Example, IntentSpec

SHIPPED_FALLBACK_WEIGHT = 0.5

Progress = Callable[[str], None]


class FittedParts(NamedTuple):
    intents: dict[str, IntentSpec]  # the domain's, with FallbackIntent
    classifier: IntentClassifier
    taggers: SlotTaggers
    exact: ExactMatcher
    workdir: tempfile.TemporaryDirectory[str]  # holds the tagger files until persisted


def fit_parts(
    domain: Domain,
    progress: Progress | None,
    workers: int | None,
    builtin_fallback: bool,
    locale: str,
    pipeline: str,
) -> FittedParts:
    say = progress or (lambda _msg: None)
    require(locale)  # before any tokenising: Japanese and Korean need their segmenter
    check_pipeline(pipeline)  # a missing extra fails now, not in a worker
    examples = [_as_fallback(e) for e in domain.examples]
    if not examples:
        raise ModelError("no training examples: add sample utterances or training data")
    weights = [1.0] * len(examples)
    if builtin_fallback:
        shipped = fallback_examples(examples)
        examples += shipped
        # Generic examples should not outweigh what the bot author wrote.
        weights += [SHIPPED_FALLBACK_WEIGHT] * len(shipped)
    intents = dict(domain.intents)
    intents.setdefault(FALLBACK_INTENT, IntentSpec(FALLBACK_INTENT))
    gazetteer = build_gazetteer(domain)
    workdir = tempfile.TemporaryDirectory(prefix="bot-nlu-")
    texts = [classifier_text(e.text) for e in examples]
    labels = [e.intent for e in examples]
    workers = workers or min(2, os.cpu_count() or 1)
    # Workers started without fork must turn the segmenter on themselves.
    with ProcessPoolExecutor(workers, initializer=require, initargs=(locale,)) as pool:
        say("training intent classifier and slot taggers")
        # The classifier is the longest job: start it first, taggers fill the other core.
        classifier_job = pool.submit(
            IntentClassifier.fit, texts, labels, weights, encoder=pipeline == "encoder"
        )
        taggers = SlotTaggers.fit(examples, gazetteer, Path(workdir.name), pool)
        classifier = classifier_job.result()
    exact = ExactMatcher.fit(examples)
    say("done")
    return FittedParts(intents, classifier, taggers, exact, workdir)


def build_gazetteer(domain: Domain) -> Gazetteer:
    """Slot values the tagger should know: custom slot-type values and every annotated value."""
    gazetteer = Gazetteer()
    for intent in domain.intents.values():
        for slot in intent.slots.values():
            spec = domain.slot_types.get(slot.slot_type)
            if spec is None:
                continue
            for v in spec.values:
                for said in (v.value, *v.synonyms):
                    gazetteer.add(slot.name, said)
    annotated = [
        (e.entity, ex.text[e.start : e.end]) for ex in domain.examples for e in ex.entities
    ]
    for label, said in annotated:
        gazetteer.add(label, said)
    if holds_places(annotated):
        add_places(gazetteer)
    return gazetteer


def _as_fallback(example: Example) -> Example:
    if example.intent in OUT_OF_SCOPE_LABELS and example.intent != FALLBACK_INTENT:
        return Example(example.text, FALLBACK_INTENT, ())
    return example
