"""`bot check` warnings about how well the bot will understand users, beyond whether its files
are valid: intents with too few examples, pairs of intents the classifier confuses (found by
cross-validating it on the bot's own examples, and examples given to two intents), slots no
example shows, intents an input context makes unreachable, custom slot types no slot uses.

Each warning names the file, line and field to change, like the errors of `bot check`. Nothing
here changes the bot or fails it: a warning fails `bot check` only with `--strict`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bot.errors import Problem
from bot.nlu.evaluation import split_folds
from bot.nlu.types import FALLBACK_INTENT, OUT_OF_SCOPE_LABELS, Example
from bot.project.loader import BotProject
from bot.project.schema import IntentDefinition
from bot.project.yaml_source import YamlDocument, read_yaml, relative_name

MIN_EXAMPLES = 10  # fewer sample utterances than Lex's own advice (at least 10)
FOLDS = 5
# A pair is reported when at least this many examples, and this share of the smaller intent's,
# were read as the other intent.
MIN_CONFUSIONS = 2
CONFUSED_SHARE = 0.05
_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_-]+)\}")


def understanding_warnings(project: BotProject, *, cross_validate: bool = True) -> list[Problem]:
    """Every locale's warnings, file by file."""
    found: list[Problem] = []
    for locale in project.locales().values():
        found += _LocaleReview(locale).warnings(cross_validate=cross_validate)
    return sorted(found, key=lambda p: (p.file, p.line or 0))


class _LocaleReview:
    def __init__(self, project: BotProject) -> None:
        self.project = project
        self._docs: dict[Path, YamlDocument | None] = {}

    def warnings(self, *, cross_validate: bool) -> list[Problem]:
        out = self.few_examples() + self.unseen_slots() + self.unreachable_intents()
        out += self.unused_slot_types() + self.shared_examples()
        if cross_validate:
            out += self.confused_pairs()
        return out

    # ------------------------------------------------------------ locating

    def _doc(self, path: Path) -> YamlDocument | None:
        if path not in self._docs:
            self._docs[path] = read_yaml(path, self.project.root)[0] if path.is_file() else None
        return self._docs[path]

    def _at(self, intent: str, loc: tuple[str | int, ...], message: str) -> Problem:
        path = self.project.files_root / "intents" / f"{intent}.yaml"
        doc = self._doc(path)
        if doc is None:
            return Problem(relative_name(path, self.project.root), None, "", message)
        return doc.problem(loc, message)

    def _own_intents(self) -> dict[str, IntentDefinition]:
        """The intents users say: not built-ins (they bring their phrases), not the fallback."""
        return {
            name: intent
            for name, intent in self.project.intents.items()
            if not intent.is_builtin and not intent.is_fallback and name != FALLBACK_INTENT
        }

    def _rasa_examples(self) -> Counter[str]:
        return Counter(e.intent for e in self.project.examples)

    # ------------------------------------------------------------ checks

    def few_examples(self) -> list[Problem]:
        rasa = self._rasa_examples()
        out = []
        for name, intent in self._own_intents().items():
            count = len(intent.sampleUtterances) + rasa[name]
            if count < MIN_EXAMPLES and not intent.is_search:
                out.append(
                    self._at(
                        name,
                        ("sampleUtterances",),
                        f"{name} has {count} example(s); give it at least {MIN_EXAMPLES} "
                        "different ways of saying it, or it will be missed",
                    )
                )
        return out

    def unseen_slots(self) -> list[Problem]:
        out = []
        for name, intent in self._own_intents().items():
            said = {p for u in intent.sampleUtterances for p in _PLACEHOLDER.findall(u)}
            said |= {
                s.entity for e in self.project.examples if e.intent == name for s in e.entities
            }
            for i, slot in enumerate(intent.slots):
                setting = slot.valueElicitationSetting
                defaulted = setting is not None and setting.defaultValueSpecification is not None
                if slot.name not in said and not defaulted:
                    out.append(
                        self._at(
                            name,
                            ("slots", i, "name"),
                            f"slot {slot.name} appears in no example of {name}: it can only be "
                            "asked for, never understood in the first sentence",
                        )
                    )
        return out

    def unreachable_intents(self) -> list[Problem]:
        output = {c.name for i in self.project.intents.values() for c in i.outputContexts}
        out = []
        for name, intent in self.project.intents.items():
            for i, context in enumerate(intent.inputContexts):
                if context.name not in output:
                    out.append(
                        self._at(
                            name,
                            ("inputContexts", i, "name"),
                            f"no intent's outputContexts sets {context.name!r}, so {name} is "
                            "never recognised (unless a code hook sets the context)",
                        )
                    )
        return out

    def unused_slot_types(self) -> list[Problem]:
        used = {s.slotTypeName for i in self.project.intents.values() for s in i.slots}
        out = []
        for name in self.project.slot_types:
            if name not in used:
                path = self.project.files_root / "training_data" / "slot_types" / f"{name}.yaml"
                doc = self._doc(path)
                message = f"slot type {name} is defined but no slot uses it"
                rel = relative_name(path, self.project.root)
                out.append(
                    doc.problem(("name",), message) if doc else Problem(rel, None, "", message)
                )
        return out

    def shared_examples(self) -> list[Problem]:
        """The same sentence taught as two intents: the classifier cannot tell them apart."""
        seen: dict[str, set[str]] = {}
        for example in self._examples():
            seen.setdefault(_normalised(example.text), set()).add(example.intent)
        pairs: Counter[tuple[str, str]] = Counter()
        sample: dict[tuple[str, str], str] = {}
        for text, intents in seen.items():
            names = sorted(intents)
            for a_i, a in enumerate(names):
                for b in names[a_i + 1 :]:
                    pairs[(a, b)] += 1
                    sample.setdefault((a, b), text)
        return [
            self._pair_warning(
                a, b, f"{n} example(s) are given to both {a} and {b} (e.g. {sample[(a, b)]!r})"
            )
            for (a, b), n in sorted(pairs.items())
        ]

    def confused_pairs(
        self, fit: Callable[[list[str], list[str]], Callable[[str], str]] | None = None
    ) -> list[Problem]:
        """Pairs of intents that cross-validation on the bot's own examples mixes up."""
        examples = self._examples()
        if len({e.intent for e in examples}) < 2 or len(examples) < FOLDS * 2:
            return []
        fit = fit or _fit_classifier
        confusions: Counter[tuple[str, str]] = Counter()
        sample: dict[tuple[str, str], str] = {}
        folds = split_folds(examples, FOLDS)
        for k, held_out in enumerate(folds):
            train = [e for j, fold in enumerate(folds) if j != k for e in fold]
            predict = fit([e.text for e in train], [e.intent for e in train])
            for example in held_out:
                guess = predict(example.text)
                if guess != example.intent:
                    pair = (min(guess, example.intent), max(guess, example.intent))
                    confusions[pair] += 1
                    sample.setdefault(pair, f"{example.text!r} ({example.intent}) read as {guess}")
        own, sizes = self._own_intents(), Counter(e.intent for e in examples)
        return [
            self._pair_warning(
                a,
                b,
                f"{a} and {b} are confused: cross-validation read {n} example(s) of one "
                f"as the other (e.g. {sample[(a, b)]}); make their examples more distinct",
            )
            for (a, b), n in sorted(confusions.items())
            # The bot's own intents only: built-ins and the fallback border on everything.
            if a in own
            and b in own
            and n >= max(MIN_CONFUSIONS, CONFUSED_SHARE * min(sizes[a], sizes[b]))
        ]

    def _examples(self) -> list[Example]:
        """What the classifier learns from, out-of-scope examples under the fallback's name."""
        return [
            Example(e.text, FALLBACK_INTENT) if e.intent in OUT_OF_SCOPE_LABELS else e
            for e in self.project.domain().examples
        ]

    def _pair_warning(self, a: str, b: str, message: str) -> Problem:
        own = self._own_intents()
        where = a if a in own else b
        return self._at(where, ("sampleUtterances",), message)


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _fit_classifier(texts: list[str], labels: list[str]) -> Callable[[str], str]:
    from bot.nlu.intent_classifier import IntentClassifier

    classifier = IntentClassifier.fit(texts, labels)
    return lambda text: classifier.classes[int(classifier.margins(text).argmax())]
