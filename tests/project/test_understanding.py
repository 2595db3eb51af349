"""`bot check` warnings about understanding: too few examples, confusable intents (shared
examples, cross-validation), slots no example shows, intents an input context makes
unreachable, slot types no slot uses; each with file, line and field, failing only --strict."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app
from bot.project.loader import load_project
from bot.project.understanding import understanding_warnings

BOT = "name: TinyBot\nlocales: [en_US]\n"


def make_bot(root: Path, intents: dict[str, str], slot_types: dict[str, str] | None = None) -> Path:
    (root / "bot.yaml").write_text(BOT)
    (root / "intents").mkdir()
    for name, text in intents.items():
        (root / "intents" / f"{name}.yaml").write_text(text)
    if slot_types:
        (root / "training_data" / "slot_types").mkdir(parents=True)
        for name, text in slot_types.items():
            (root / "training_data" / "slot_types" / f"{name}.yaml").write_text(text)
    return root


def utterances(*texts: str) -> str:
    return "sampleUtterances:\n" + "".join(f"  - {t}\n" for t in texts)


ORDER = [f"I want to order {x}" for x in ("pizza", "a pizza", "food", "dinner", "lunch")] + [
    "order food please",
    "get me a pizza",
    "I'd like a pizza",
    "can I order",
    "food delivery",
    "order {size} pizza",
]
SIZE_SLOT = """\
slots:
  - name: size
    slotTypeName: Size
    valueElicitationSetting:
      slotConstraint: Required
      promptSpecification: Which size?
  - name: when
    slotTypeName: AMAZON.Time
    valueElicitationSetting:
      slotConstraint: Required
      promptSpecification: When?
"""
SIZE = "name: Size\nslotTypeValues:\n  - sampleValue: {value: large}\n"
UNUSED = "name: Topping\nslotTypeValues:\n  - sampleValue: {value: olives}\n"


def test_each_kind_of_warning_names_its_file_line_and_field(tmp_path: Path) -> None:
    root = make_bot(
        tmp_path,
        {
            "OrderPizza": "name: OrderPizza\n" + utterances(*ORDER) + SIZE_SLOT,
            "Hello": "name: Hello\n" + utterances("hello", "hi there", "I want to order pizza"),
            "Followup": "name: Followup\n"
            + utterances(*[f"tell me more {i}" for i in range(10)])
            + "inputContexts:\n  - name: ordered\n",
        },
        {"Size": SIZE, "Topping": UNUSED},
    )
    shown = [str(w) for w in understanding_warnings(load_project(root), cross_validate=False)]
    expected = [
        "intents/Followup.yaml:14: inputContexts[0].name: no intent's outputContexts sets 'ordered'",
        "intents/Hello.yaml:2: sampleUtterances: Hello has 3 example(s)",
        "intents/Hello.yaml:2: sampleUtterances: 1 example(s) are given to both Hello and OrderPizza",
        "intents/OrderPizza.yaml:20: slots[1].name: slot when appears in no example of OrderPizza",
        "training_data/slot_types/Topping.yaml:1: name: slot type Topping is defined but no slot uses it",
    ]
    for start in expected:
        assert any(s.startswith(start) for s in shown), (start, shown)
    assert len(shown) == len(expected), shown


def test_cross_validation_reports_intents_whose_examples_overlap(tmp_path: Path) -> None:
    same = [
        "book a table",
        "reserve a table",
        "table for two",
        "book a table for tonight",
        "I need a table",
        "reserve a table for four",
        "get us a table",
        "a table please",
        "book me a table",
        "table booking",
    ]
    root = make_bot(
        tmp_path,
        {
            "BookTable": "name: BookTable\n" + utterances(*same),
            "ReserveTable": "name: ReserveTable\n" + utterances(*[s + " now" for s in same]),
            "Hello": "name: Hello\n" + utterances(*[f"hello {w}" for w in "abcdefghij"]),
        },
    )
    shown = [str(w) for w in understanding_warnings(load_project(root))]
    assert any(
        "BookTable and ReserveTable are confused: cross-validation read" in s for s in shown
    ), shown
    assert not any("Hello and" in s or "and Hello" in s for s in shown), shown


def test_warnings_fail_bot_check_only_with_strict(tmp_path: Path) -> None:
    root = make_bot(tmp_path, {"Hello": "name: Hello\n" + utterances("hello", "hi")})
    runner = CliRunner()
    relaxed = runner.invoke(app, ["check", "--project", str(root)], env={"COLUMNS": "200"})
    assert relaxed.exit_code == 0 and "Hello has 2 example(s)" in relaxed.output
    strict = runner.invoke(app, ["check", "--project", str(root), "--strict"])
    assert strict.exit_code == 1 and "--strict" in strict.output
