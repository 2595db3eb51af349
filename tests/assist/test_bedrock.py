"""The Bedrock-backed slot assistant against the fake Converse API: what it sends, how it reads
the reply, and how every failure becomes `SlotAssistFailed` with bounded time and retries, never
logging what the user said."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from bot.assist import BedrockSlotAssistant, assistant_for
from bot.dialog.assist import SlotAssistFailed, SlotQuestion
from bot.nlu.types import SlotTypeValue
from bot.project.generative import BedrockModelSpecification
from bot.project.loader import load_project
from tests.assist.conftest import MODEL, PAINT_BOT, FakeBedrock
from tests.assist.servers import Reply

QUESTION = SlotQuestion(
    locale="en_US",
    intent="OrderPaint",
    slot="Colour",
    slot_type="PaintColour",
    prompt="Which colour would you like?",
    answer="the blue one, I think",
    today="2026-11-18",
    values=(SlotTypeValue("Azure", ("sky blue",)), SlotTypeValue("Emerald")),
)


@pytest.fixture
def assistant(bedrock_env: FakeBedrock) -> BedrockSlotAssistant:
    return BedrockSlotAssistant(BedrockModelSpecification(modelArn=MODEL))


def test_the_question_goes_to_the_model_with_converse(
    assistant: BedrockSlotAssistant, bedrock: FakeBedrock
) -> None:
    bedrock.will_say("Azure")
    assert assistant.resolve(QUESTION) == "Azure"
    (call,) = bedrock.calls
    assert call.model_id == MODEL
    assert call.body["messages"][0]["role"] == "user"
    assert call.body["inferenceConfig"] == {"temperature": 0.0, "maxTokens": 64}
    assert "guardrailConfig" not in call.body


def test_the_guardrail_trace_and_custom_prompt_are_sent(
    bedrock: FakeBedrock, bedrock_env: FakeBedrock
) -> None:
    model = BedrockModelSpecification.model_validate(
        {
            "modelArn": MODEL,
            "customPrompt": "Colours are paint names.",
            "guardrail": {"identifier": "gr1abc", "version": "3"},
            "traceStatus": "ENABLED",
        }
    )
    bedrock.will_say("Azure")
    BedrockSlotAssistant(model).resolve(QUESTION)
    (call,) = bedrock.calls
    assert call.body["guardrailConfig"] == {
        "guardrailIdentifier": "gr1abc",
        "guardrailVersion": "3",
        "trace": "enabled",
    }
    assert call.system.endswith("Instructions from the bot's author:\nColours are paint names.")


@pytest.mark.parametrize(
    ("reply", "value"),
    [("Azure", "Azure"), ('"Azure".', "Azure"), ("NONE", None), ("none", None), ("", None)],
)
def test_the_reply_is_read_as_a_value_or_none(
    assistant: BedrockSlotAssistant, bedrock: FakeBedrock, reply: str, value: str | None
) -> None:
    bedrock.will_say(reply)
    assert assistant.resolve(QUESTION) == value


def test_a_guardrail_that_intervenes_gives_no_value(
    assistant: BedrockSlotAssistant, bedrock: FakeBedrock
) -> None:
    bedrock.will_say(Reply("Sorry, I can't help with that.", stop_reason="guardrail_intervened"))
    assert assistant.resolve(QUESTION) is None


def test_a_rejected_call_fails_at_once(
    assistant: BedrockSlotAssistant, bedrock: FakeBedrock
) -> None:
    bedrock.will_say(Reply(status=400))
    with pytest.raises(SlotAssistFailed, match="ValidationException"):
        assistant.resolve(QUESTION)
    assert len(bedrock.calls) == 1


def test_a_server_error_is_retried_once(
    assistant: BedrockSlotAssistant, bedrock: FakeBedrock
) -> None:
    bedrock.will_say(Reply(status=503), Reply("Emerald"))
    assert assistant.resolve(QUESTION) == "Emerald"
    bedrock.will_say(Reply(status=500), Reply(status=500), Reply("Emerald"))
    with pytest.raises(SlotAssistFailed, match="InternalServerException"):
        assistant.resolve(QUESTION)
    assert len(bedrock.calls) == 4


def test_a_slow_model_times_out(bedrock: FakeBedrock, bedrock_env: FakeBedrock) -> None:
    slow = BedrockSlotAssistant(BedrockModelSpecification(modelArn=MODEL), timeout=0.3)
    bedrock.will_say(Reply("Azure", delay=1.5), Reply("Azure", delay=1.5))
    started = time.monotonic()
    with pytest.raises(SlotAssistFailed, match="did not answer in time"):
        slow.resolve(QUESTION)
    assert time.monotonic() - started < 1.5
    assert len(bedrock.calls) <= 2


def test_logs_never_hold_what_was_said(
    assistant: BedrockSlotAssistant, bedrock: FakeBedrock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    bedrock.will_say(
        Reply(status=400), Reply("Sorry, I can't.", stop_reason="guardrail_intervened")
    )
    with pytest.raises(SlotAssistFailed):
        assistant.resolve(QUESTION)
    assistant.resolve(QUESTION)
    assert caplog.records
    assert "blue one" not in caplog.text and "Sorry" not in caplog.text
    assert "testing" not in caplog.text  # the dummy credentials


def test_a_locale_gets_an_assistant_only_when_a_slot_uses_it(tmp_path: Path) -> None:
    root = tmp_path / "paint"
    shutil.copytree(PAINT_BOT, root)
    assistant = assistant_for(load_project(root))
    assert isinstance(assistant, BedrockSlotAssistant)
    assert assistant._client is None  # nothing is connected before the first question
    intent = root / "intents" / "OrderPaint.yaml"
    data = yaml.safe_load(intent.read_text())
    for slot in data["slots"]:
        slot["valueElicitationSetting"].pop("slotResolutionSetting", None)
    intent.write_text(yaml.safe_dump(data))
    assert assistant_for(load_project(root)) is None


def test_the_engine_starts_without_importing_an_aws_sdk() -> None:
    code = (
        "import sys, bot.assist, bot.dialog.assisted_slots, bot.app; "
        "print('boto3' in sys.modules or 'botocore' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
