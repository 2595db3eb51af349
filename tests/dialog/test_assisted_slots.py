"""Assisted slot resolution in the dialog engine, with a scripted assistant behind the
`SlotAssistant` seam: what it is asked, when it is not asked at all, and that whatever it cannot
answer is an ordinary failed attempt."""

from __future__ import annotations

import dataclasses
import random
import shutil
from pathlib import Path

import pytest

from bot.dialog import DialogEngine, SlotAssistFailed, SlotQuestion
from bot.nlu.engine import NLUEngine
from bot.project.loader import BotProject
from bot.training import load_model, train_project
from tests.dialog.conftest import Conversation, FakeClock, action, slot, texts

PAINT_BOT = Path(__file__).parent.parent / "assist" / "paint_bot"
COLOUR_PROMPT = "Which colour would you like?"


class ScriptedAssistant:
    """Answers with the next scripted value (an exception is raised); records each question."""

    def __init__(self, *replies: str | None | Exception) -> None:
        self.replies = list(replies)
        self.questions: list[SlotQuestion] = []

    def resolve(self, question: SlotQuestion) -> str | None:
        self.questions.append(question)
        reply = self.replies.pop(0) if self.replies else None
        if isinstance(reply, Exception):
            raise reply
        return reply


@pytest.fixture(scope="module")
def paint_bot(tmp_path_factory: pytest.TempPathFactory) -> tuple[BotProject, NLUEngine]:
    root = tmp_path_factory.mktemp("paint-bot")
    shutil.copytree(PAINT_BOT, root, dirs_exist_ok=True)
    train_project(root)
    return load_model(root)


def talk(bot: tuple[BotProject, NLUEngine], assistant: ScriptedAssistant) -> Conversation:
    project, nlu = bot
    engine = DialogEngine(
        project, nlu, clock=FakeClock(), rng=random.Random(0), assistant=assistant
    )
    return Conversation(engine)


def test_the_assistant_is_asked_with_the_slot_the_prompt_and_the_answer(
    paint_bot: tuple[BotProject, NLUEngine],
) -> None:
    assistant = ScriptedAssistant("Emerald")
    chat = talk(paint_bot, assistant)
    chat.say("I want to order paint")
    answer = chat.say(
        "green like grass", request_attributes={"x-amz-lex:time-zone": "Pacific/Kiritimati"}
    )
    assert slot(answer, "Colour") == "Emerald"
    (question,) = assistant.questions
    assert (question.locale, question.intent, question.slot) == ("en_US", "OrderPaint", "Colour")
    assert (question.slot_type, question.prompt) == ("PaintColour", COLOUR_PROMPT)
    assert question.answer == "green like grass"
    assert question.today == "2026-11-24"  # 12:00 UTC is already tomorrow in Kiritimati
    assert [v.value for v in question.values] == ["Azure", "Crimson", "Emerald"]
    assert question.values[0].synonyms == ("sky blue",)
    assert answer.interpretations[0].source == "Bedrock"


def test_a_failed_call_is_a_failed_attempt_and_retries_run_out_as_usual(
    paint_bot: tuple[BotProject, NLUEngine],
) -> None:
    failure = SlotAssistFailed("model unreachable")
    chat = talk(paint_bot, ScriptedAssistant(failure, None, "Purple"))
    chat.say("I want to order paint")
    for said in ("green like grass", "the usual", "purple-ish"):
        retry = chat.say(said)
        if said != "purple-ish":
            assert (action(retry), texts(retry)) == (("ElicitSlot", "Colour"), [COLOUR_PROMPT])
    # Three failed attempts at a prompt with two retries: the fallback intent takes over.
    assert retry.session_state.intent is not None
    assert retry.session_state.intent.name == "FallbackIntent"


def test_an_interruption_is_not_given_to_the_assistant(
    paint_bot: tuple[BotProject, NLUEngine],
) -> None:
    assistant = ScriptedAssistant("Azure")
    chat = talk(paint_bot, assistant)
    chat.say("I want to order paint")
    switched = chat.say("hello")
    assert switched.session_state.intent is not None
    assert switched.session_state.intent.name == "Greeting"
    assert assistant.questions == []


def test_nothing_is_asked_where_the_locale_has_it_off(
    paint_bot: tuple[BotProject, NLUEngine],
) -> None:
    project, nlu = paint_bot
    locale = project.config.locales[0].model_copy(update={"generativeAISettings": None})
    off = dataclasses.replace(
        project, config=project.config.model_copy(update={"locales": [locale]})
    )
    assistant = ScriptedAssistant("Azure")
    engine = DialogEngine(off, nlu, clock=FakeClock(), rng=random.Random(0), assistant=assistant)
    assert not engine.calls_out
    chat = Conversation(engine)
    chat.say("I want to order paint")
    assert action(chat.say("the blue one, I think")) == ("ElicitSlot", "Colour")
    assert assistant.questions == []
