"""The NLU engine: exact match first, then the intent classifier and the intent's slot tagger,
then slot resolution against the slot types the intent declares.

Life of the engine: `fit(domain)` (the training itself is in `fitting`), `parse(text)`,
`persist(dir)`, `load(dir)`. The model directory holds a manifest with the format version and the
fingerprint of the data it was trained on.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from bot.errors import ModelError
from bot.nlu.builtins import BuiltinType, canonical_name, get_builtin
from bot.nlu.elicitation import elicited_answer, elicited_result
from bot.nlu.exact import ExactMatcher
from bot.nlu.fitting import Progress, fit_parts
from bot.nlu.gazetteer import Gazetteer
from bot.nlu.intent_classifier import IntentClassifier
from bot.nlu.joint import reorder_by_slots
from bot.nlu.languages import require
from bot.nlu.model_files import MANIFEST, read_domain, read_manifest, write_domain
from bot.nlu.resolution import SlotResolver
from bot.nlu.sentence_encoder import DEFAULT_PIPELINE, check_pipeline
from bot.nlu.slot_tagger import SlotTaggers, TaggedSpan
from bot.nlu.tokens import classifier_text, tokenize
from bot.nlu.types import (
    FALLBACK_INTENT,
    Domain,
    EntityMatch,
    IntentSpec,
    Interpretation,
    ParseContext,
    ParseResult,
    Slot,
    SlotTypeSpec,
    SlotValue,
)

FORMAT_VERSION = 1
# Bump when training changes what a model would learn from the same data (features, shipped
# examples, hyper-parameters): models fingerprinted with an older recipe are then retrained.
TRAINING_RECIPE = "3"
DEFAULT_THRESHOLD = 0.40
MAX_INTERPRETATIONS = 5
# Alternatives at least this likely get their slots tagged too; others list their slots empty.
TAG_ALTERNATIVES_ABOVE = 0.2


@dataclass(frozen=True, slots=True)
class ElicitedSlot:
    intent: str
    slot: str


class NLUEngine:
    calls_out = False  # parses in this process

    def __init__(
        self,
        intents: dict[str, IntentSpec],
        slot_types: dict[str, SlotTypeSpec],
        classifier: IntentClassifier,
        taggers: SlotTaggers,
        exact: ExactMatcher,
        fingerprint: str,
        workdir: tempfile.TemporaryDirectory[str] | None = None,
        locale: str = "en_US",
    ) -> None:
        self.intents = intents
        self.slot_types = slot_types
        self.classifier = classifier
        self.taggers = taggers
        self.exact = exact
        self.fingerprint = fingerprint
        self.resolver = SlotResolver(slot_types)
        self._workdir = workdir  # keeps freshly trained tagger files alive until persisted
        self.locale = locale  # the language of the data: segmenter and built-in slot types
        self._findable = {name: findable_slots(spec) for name, spec in intents.items()}
        self._slots_of = {name: frozenset(spec.slots) for name, spec in intents.items()}
        self._needs = [
            set(intents[c].input_contexts) if c in intents else set() for c in classifier.classes
        ]

    # ------------------------------------------------------------ training

    @classmethod
    def fit(
        cls,
        domain: Domain,
        fingerprint: str = "",
        progress: Progress | None = None,
        workers: int | None = None,
        builtin_fallback: bool = True,
        locale: str = "en_US",
        pipeline: str = DEFAULT_PIPELINE,
    ) -> NLUEngine:
        """Train on `domain`; `builtin_fallback` adds the shipped out-of-scope examples;
        `pipeline` "encoder" adds sentence vectors to the intent classifier."""
        parts = fit_parts(domain, progress, workers, builtin_fallback, locale, pipeline)
        return cls(
            parts.intents,
            dict(domain.slot_types),
            parts.classifier,
            parts.taggers,
            parts.exact,
            fingerprint,
            parts.workdir,
            locale,
        )

    # ------------------------------------------------------------ parsing

    def parse(
        self,
        text: str,
        ctx: ParseContext | None = None,
        *,
        elicited: ElicitedSlot | None = None,
        active_contexts: Collection[str] = (),
        threshold: float = DEFAULT_THRESHOLD,
    ) -> ParseResult:
        ctx = ctx or ParseContext(now=datetime.now(UTC))
        if ctx.locale != self.locale:  # built-in slot types read the engine's language
            ctx = replace(ctx, locale=self.locale)
        if elicited is not None:
            answer = self._read_elicited(text, elicited, ctx, active_contexts)
            if answer is not None:
                return answer
        tokens = tokenize(text)
        if not tokens:
            return ParseResult(text, [Interpretation(FALLBACK_INTENT, None)], [], "fallback")
        probs = self._probabilities(text, active_contexts)
        order = np.argsort(-probs)
        classes, scores = self.classifier.classes, probs.tolist()
        ranked = [(classes[k], scores[k]) for k in order.tolist() if scores[k] > 0]
        hit = self.exact.match(text)
        if hit is not None and self._allowed(hit[0].intent, active_contexts):
            ranked = [(hit[0].intent, 1.0)] + [r for r in ranked if r[0] != hit[0].intent]
            source = "exact"
        else:
            hit, source = None, "statistical"
            if ranked and ranked[0][0] != FALLBACK_INTENT:
                lowered = [t.lower for t in tokens]
                ranked = reorder_by_slots(ranked, lowered, self.taggers.gazetteer, self._slots_of)
        features = self.taggers.features(tokens)
        interpretations: list[Interpretation] = []
        entities: list[EntityMatch] = []
        fallback_first = not ranked or ranked[0][0] == FALLBACK_INTENT or ranked[0][1] < threshold
        if fallback_first:
            interpretations.append(Interpretation(FALLBACK_INTENT, None))
            source = "fallback"
        for rank, (intent, conf) in enumerate(r for r in ranked if r[0] != FALLBACK_INTENT):
            if len(interpretations) >= MAX_INTERPRETATIONS:
                break
            first = rank == 0
            if first and hit is not None:
                slots, found = self._exact_slots(text, hit, ctx)
            elif first or conf >= TAG_ALTERNATIVES_ABOVE:
                slots, found = self._tagged_slots(text, intent, tokens, features, ctx)
            else:
                slots, found = self._empty_slots(intent), []
            if first and not fallback_first:
                entities = found
            interpretations.append(Interpretation(intent, conf, slots))
        return ParseResult(text, interpretations, entities, source)

    def _probabilities(self, text: str, active_contexts: Collection[str]) -> np.ndarray:
        probs = self.classifier.probabilities(classifier_text(text))
        if any(self._needs):
            active = set(active_contexts)
            mask = np.array([need <= active for need in self._needs])
            probs = probs * mask
            total = probs.sum()
            probs = probs / total if total > 0 else probs
        return probs

    def _allowed(self, intent: str, active_contexts: Collection[str]) -> bool:
        spec = self.intents.get(intent)
        return spec is None or set(spec.input_contexts) <= set(active_contexts)

    def _empty_slots(self, intent: str) -> dict[str, Slot]:
        spec = self.intents.get(intent)
        return dict.fromkeys(spec.slots, None) if spec else {}

    def _tagged_slots(
        self,
        text: str,
        intent: str,
        tokens: list[Any],
        features: list[list[str]],
        ctx: ParseContext,
    ) -> tuple[dict[str, Slot], list[EntityMatch]]:
        spans = self.taggers.tag(intent, tokens, features)
        return self._fill(text, intent, spans, ctx)

    def _exact_slots(
        self, text: str, hit: tuple[Any, list[Any]], ctx: ParseContext
    ) -> tuple[dict[str, Slot], list[EntityMatch]]:
        exact, words = hit
        spans = [
            TaggedSpan(slot, words[a].start, words[b - 1].end) for slot, a, b, _ in exact.slots
        ]
        return self._fill(text, exact.intent, spans, ctx)

    def _fill(
        self, text: str, intent: str, spans: list[TaggedSpan], ctx: ParseContext
    ) -> tuple[dict[str, Slot], list[EntityMatch]]:
        slots = self._empty_slots(intent)
        spec = self.intents.get(intent)
        entities: list[EntityMatch] = []
        for span in spans:
            slot = spec.slots.get(span.slot) if spec else None
            if slot is None:
                continue
            entities.append(EntityMatch(span.slot, span.start, span.end))
            said = text[span.start : span.end]
            if slot.multi_valued:
                values = self.resolver.resolve_list(slot.slot_type, said, ctx)
                for v in values:
                    v.start += span.start
                    v.end += span.start
                current = slots.get(span.slot)
                slots[span.slot] = (current if isinstance(current, list) else []) + values or None
            elif slots.get(span.slot) is None:
                value = self.resolver.resolve(slot.slot_type, said, ctx)
                if value is not None:
                    value.start, value.end = span.start, span.end
                    slots[span.slot] = value
        fill_unmarked(text, self._findable.get(intent, []), slots, ctx)
        return slots, entities

    def _read_elicited(
        self,
        text: str,
        elicited: ElicitedSlot,
        ctx: ParseContext,
        active_contexts: Collection[str],
    ) -> ParseResult | None:
        value = elicited_answer(
            text, elicited.intent, elicited.slot, self.intents, self.resolver, self.exact, ctx
        )
        if value is None:
            return None
        tokens = tokenize(text)
        slots, entities = self._tagged_slots(
            text, elicited.intent, tokens, self.taggers.features(tokens), ctx
        )
        return elicited_result(text, elicited.intent, elicited.slot, value, slots, entities)

    def problem(self) -> str | None:
        return None  # in-process: nothing can be down

    # ------------------------------------------------------------ persistence

    def persist(self, directory: Path) -> None:
        directory = Path(directory)
        tmp = directory.with_name(directory.name + ".tmp")
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        self.classifier.persist(tmp)
        self.taggers.persist(tmp)
        write_domain(tmp, self.intents, self.slot_types)
        (tmp / "gazetteer.json").write_text(json.dumps(self.taggers.gazetteer.to_json()))
        (tmp / "exact.json").write_text(json.dumps(self.exact.to_json()))
        manifest = {
            "format_version": FORMAT_VERSION,
            "fingerprint": self.fingerprint,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "taggers": self.taggers.files,
            "locale": self.locale,
            "pipeline": self.classifier.pipeline,
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2))
        if directory.exists():
            shutil.rmtree(directory)
        tmp.rename(directory)  # a reader never sees a half-written model

    @classmethod
    def load(
        cls, directory: Path, expected_fingerprint: str | Collection[str] | None = None
    ) -> NLUEngine:
        """The model in `directory`; with `expected_fingerprint` (one, or any of several), a
        model trained on other bot files is refused."""
        directory = Path(directory)
        manifest = read_manifest(directory)
        if manifest.get("format_version") != FORMAT_VERSION:
            raise ModelError(
                f"model in {directory} has format version {manifest.get('format_version')}, "
                f"this engine reads version {FORMAT_VERSION}: run `bot train` again"
            )
        accepted = (
            {expected_fingerprint}
            if isinstance(expected_fingerprint, str)
            else expected_fingerprint
        )
        if accepted is not None and manifest.get("fingerprint") not in accepted:
            raise ModelError(
                f"model in {directory} was trained on other bot files (stale or foreign model): "
                "run `bot train` again"
            )
        try:
            check_pipeline(manifest.get("pipeline", DEFAULT_PIPELINE))
            intents, slot_types = read_domain(directory)
            gazetteer = Gazetteer.from_json(json.loads((directory / "gazetteer.json").read_text()))
            exact = ExactMatcher.from_json(json.loads((directory / "exact.json").read_text()))
            classifier = IntentClassifier.load(directory)
            taggers = SlotTaggers(manifest["taggers"], directory, gazetteer)
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"model in {directory} is incomplete or corrupt: {exc}") from exc
        locale = manifest.get("locale", "en_US")
        require(locale)
        return cls(
            intents, slot_types, classifier, taggers, exact, manifest["fingerprint"], None, locale
        )


# Built-in types a value can be found for without the tagger; open types would match anything.
_NOT_FINDABLE = frozenset({"AMAZON.FreeFormInput", "AMAZON.FirstName", "AMAZON.LastName"})


def findable_slots(spec: IntentSpec) -> list[tuple[str, BuiltinType]]:
    by_type: dict[str, list[str]] = {}
    for s in spec.slots.values():
        by_type.setdefault(canonical_name(s.slot_type) or s.slot_type, []).append(s.name)
    out = []
    for slot_type, names in by_type.items():
        builtin = get_builtin(slot_type) if slot_type not in _NOT_FINDABLE else None
        if builtin is not None and len(names) == 1:
            out.append((names[0], builtin))
    return out


def fill_unmarked(
    text: str, findable: list[tuple[str, BuiltinType]], slots: dict[str, Slot], ctx: ParseContext
) -> None:
    """Fills the empty slots of `findable` (`findable_slots`) with built-in values found in
    `text` that no span marked: the first found that overlaps no value already in `slots`."""
    if not findable:
        return
    taken = [(v.start, v.end) for v in slots.values() if isinstance(v, SlotValue)]
    for slot, builtin in findable:
        if slots.get(slot) is not None:
            continue
        for m in builtin.find(text, ctx):
            if any(m.start < e and s < m.end for s, e in taken):
                continue
            r = m.resolution
            slots[slot] = SlotValue(
                m.text, r.interpreted_value, list(r.resolved_values), m.start, m.end
            )
            break
