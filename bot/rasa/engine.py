"""An NLU that asks a Rasa server (`POST /model/parse`) what the input means, and reads the
answer the way our own engine would: Rasa's intent ranking under the bot's confidence threshold
and FallbackIntent, Rasa's entities mapped to the intent's slots by entity name and role (as
`bot export rasa` writes them), every value resolved by our slot resolvers, and a bare answer to
a slot prompt read by us before Rasa is asked (as Lex does).

It never waits on Rasa longer than the bot's `nlu.timeoutInSeconds`: Rasa down, slow or failing
is `ServiceUnavailable` (503) with a fixed reason, never a hang and never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import httpx

from bot.errors import ServiceUnavailable
from bot.nlu.elicitation import elicited_answer, elicited_result
from bot.nlu.engine import (
    DEFAULT_THRESHOLD,
    MAX_INTERPRETATIONS,
    ElicitedSlot,
    fill_unmarked,
    findable_slots,
)
from bot.nlu.exact import ExactMatcher
from bot.nlu.resolution import SlotResolver
from bot.nlu.types import (
    FALLBACK_INTENT,
    EntityMatch,
    IntentSpec,
    Interpretation,
    ParseContext,
    ParseResult,
    Slot,
)
from bot.project.bot_config import NluSetting
from bot.project.loader import BotProject
from bot.transfer.naming import lex_name
from bot.transfer.rasa_export import OUT_OF_SCOPE, rasa_entity

log = logging.getLogger("bot.rasa")

# Rasa's own names for "no intent": its FallbackClassifier's and the export's out-of-scope label.
RASA_FALLBACKS = frozenset({"nlu_fallback", OUT_OF_SCOPE})
HEALTH_TIMEOUT = 2.0


class RasaUnavailable(ServiceUnavailable):
    """Rasa could not answer a parse in time (the reason names no text the user said)."""


class RasaNLU:
    calls_out = True

    def __init__(self, project: BotProject, setting: NluSetting) -> None:
        domain = project.domain()
        self.intents: dict[str, IntentSpec] = dict(domain.intents)
        self.intents.setdefault(FALLBACK_INTENT, IntentSpec(FALLBACK_INTENT))
        self.slot_types = dict(domain.slot_types)
        self.resolver = SlotResolver(self.slot_types)
        self.locale = project.locale
        self.url = setting.url.rstrip("/")
        self.timeout = setting.timeoutInSeconds
        # Only to tell "the user switched intent" from an open-typed answer, as our engine does.
        self.exact = ExactMatcher.fit(domain.examples)
        self._names = {lex_name(name): name for name in self.intents}
        self._names |= dict.fromkeys(RASA_FALLBACKS, FALLBACK_INTENT)
        custom = set(project.slot_types)
        self._slot_of = {
            name: {rasa_entity(s.name, s.slot_type, custom): s.name for s in spec.slots.values()}
            for name, spec in self.intents.items()
        }
        self._findable = {name: findable_slots(spec) for name, spec in self.intents.items()}
        self._client = httpx.Client(timeout=httpx.Timeout(self.timeout), trust_env=False)

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
        if ctx.locale != self.locale:
            ctx = replace(ctx, locale=self.locale)
        if elicited is not None:
            answer = self._read_elicited(text, elicited, ctx)
            if answer is not None:
                return answer
        if not text.strip():
            return ParseResult(text, [Interpretation(FALLBACK_INTENT, None)], [], "fallback")
        parsed = self._ask(text)
        ranked = self._ranking(parsed, active_contexts)
        fallback_first = not ranked or ranked[0][0] == FALLBACK_INTENT or ranked[0][1] < threshold
        interpretations: list[Interpretation] = []
        entities: list[EntityMatch] = []
        if fallback_first:
            interpretations.append(Interpretation(FALLBACK_INTENT, None))
        found = [e for e in parsed.get("entities") or [] if isinstance(e, dict)]
        for rank, (intent, conf) in enumerate(r for r in ranked if r[0] != FALLBACK_INTENT):
            if len(interpretations) >= MAX_INTERPRETATIONS:
                break
            slots, matched = self._slots(text, intent, found, ctx)
            if rank == 0 and not fallback_first:
                entities = matched
            interpretations.append(Interpretation(intent, conf, slots))
        return ParseResult(
            text, interpretations, entities, "fallback" if fallback_first else "rasa"
        )

    def _ask(self, text: str) -> dict[str, Any]:
        try:
            answer = self._client.post(f"{self.url}/model/parse", json={"text": text})
        except httpx.TimeoutException:
            raise self._unavailable(f"no answer within {self.timeout:g} s") from None
        except httpx.HTTPError:
            raise self._unavailable("cannot connect") from None
        if answer.status_code != 200:
            raise self._unavailable(f"HTTP {answer.status_code}")
        try:
            parsed = answer.json()
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            raise self._unavailable("an answer that is not a parse")
        return parsed

    def _unavailable(self, why: str) -> RasaUnavailable:
        log.warning("Rasa NLU at %s unavailable: %s", self.url, why)
        return RasaUnavailable(f"The NLU service is unavailable (Rasa: {why}); try again later")

    def _ranking(
        self, parsed: dict[str, Any], active_contexts: Collection[str]
    ) -> list[tuple[str, float]]:
        """Rasa's ranking in our intent names, without intents whose input contexts are not
        active (their share given to the others, as our classifier does)."""
        ranking = parsed.get("intent_ranking") or [parsed.get("intent") or {}]
        active = set(active_contexts)
        ranked: dict[str, float] = {}
        for item in ranking:
            name = self._names.get(str(item.get("name")))
            conf = item.get("confidence")
            if name is None or not isinstance(conf, int | float) or name in ranked:
                continue
            if set(self.intents[name].input_contexts) <= active:
                ranked[name] = float(conf)
        total = sum(ranked.values())
        if total > 0:
            ranked = {k: v / total for k, v in ranked.items()}
        return sorted(ranked.items(), key=lambda r: -r[1])

    # ------------------------------------------------------------ slots

    def _slots(
        self, text: str, intent: str, found: list[dict[str, Any]], ctx: ParseContext
    ) -> tuple[dict[str, Slot], list[EntityMatch]]:
        spec = self.intents[intent]
        slots: dict[str, Slot] = dict.fromkeys(spec.slots, None)
        matched: list[EntityMatch] = []
        for entity in found:
            slot = self._slot_for(intent, entity)
            start, end = entity.get("start"), entity.get("end")
            if slot is None or not isinstance(start, int) or not isinstance(end, int):
                continue
            said = text[start:end]
            slot_spec = spec.slots[slot]
            value: Slot
            if slot_spec.multi_valued:
                values = self.resolver.resolve_list(slot_spec.slot_type, said, ctx)
                for v in values:
                    v.start, v.end = v.start + start, v.end + start
                current = slots.get(slot)
                value = (current if isinstance(current, list) else []) + values or None
            elif slots.get(slot) is not None:
                continue
            else:
                value = self.resolver.resolve(slot_spec.slot_type, said, ctx)
                if value is not None:
                    value.start, value.end = start, end
            if value is not None:
                slots[slot] = value
                matched.append(EntityMatch(slot, start, end))
        # Built-in values Rasa did not mark, when the intent has one slot of that type.
        fill_unmarked(text, self._findable[spec.name], slots, ctx)
        return slots, matched

    def _slot_for(self, intent: str, entity: dict[str, Any]) -> str | None:
        by_entity = self._slot_of[intent]
        name, role = entity.get("entity"), entity.get("role")
        slot = by_entity.get((str(name), role if isinstance(role, str) else None))
        if slot is not None:
            return slot
        # No role predicted: the entity's only slot in this intent, if there is one.
        candidates = [s for (e, _), s in by_entity.items() if e == name]
        return candidates[0] if len(candidates) == 1 else None

    def _read_elicited(
        self, text: str, elicited: ElicitedSlot, ctx: ParseContext
    ) -> ParseResult | None:
        """A bare answer to the slot prompt, read by us without asking Rasa."""
        value = elicited_answer(
            text, elicited.intent, elicited.slot, self.intents, self.resolver, self.exact, ctx
        )
        if value is None:
            return None
        slots: dict[str, Slot] = dict.fromkeys(self.intents[elicited.intent].slots, None)
        return elicited_result(text, elicited.intent, elicited.slot, value, slots, [])

    # ------------------------------------------------------------ health

    def problem(self) -> str | None:
        try:
            answer = self._client.get(f"{self.url}/status", timeout=HEALTH_TIMEOUT)
        except httpx.TimeoutException:
            return f"the NLU service does not answer (Rasa: no answer within {HEALTH_TIMEOUT:g} s)"
        except httpx.HTTPError:
            return "the NLU service cannot be reached (Rasa: cannot connect)"
        if answer.status_code != 200:
            return f"the NLU service is failing (Rasa: HTTP {answer.status_code})"
        return None
