"""The test console in a real browser (Debian's Chromium through Playwright): a whole
registration with a card button clicked, the turn panel checked at each step, the code hooks
and timings from the console's own trace, the conversation saved as a test that passes, and the
API token asked for when the runtime API wants one; and, on a server with two bots, the bot
chosen on the page answering and listing its own missed utterances."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bot.conversation_tests.runner import ConversationRunner
from bot.conversation_tests.spec import read_conversation
from bot.runtime import BotRuntime
from tests.console.conftest import ACCESS_KEY, SECRET_KEY, TOKEN


def send(page: Any, text: str) -> None:
    turns = page.locator("#log .user").count()
    page.get_by_label("Message").fill(text)
    page.get_by_label("Message").press("Enter")
    page.locator("#log .user").nth(turns).wait_for()
    wait_for_turn(page, turns + 1)


def wait_for_turn(page: Any, number: int) -> None:
    page.wait_for_function(
        "n => document.getElementById('turn-title').textContent.startsWith(`Turn ${n}:`)"
        " && document.querySelector('#turn-body h3:last-of-type')?.textContent === 'Timing'",
        arg=number,
    )


def panel(page: Any) -> Any:
    return page.locator("#turn-body")


def fact(page: Any, name: str) -> str:
    text: str = panel(page).locator(f"dt:text-is('{name}') + dd").inner_text()
    return text


def test_a_registration_clicking_a_card_button_shows_each_turn_as_the_bot_read_it(
    page: Any, console_url: str, hooked_runtime: BotRuntime, tmp_path: Path
) -> None:
    page.goto(f"{console_url}/console")
    page.locator("#session-id:not(:empty)").wait_for()
    assert page.locator("#bot-name").inner_text() == "EventBot"
    assert page.locator("#bot-choice").is_hidden()  # one bot: nothing to choose

    send(page, "register me for an event")
    card = page.get_by_role("group", name="Upcoming events")
    card.wait_for()
    assert fact(page, "Dialog action") == "ElicitSlot (eventName)"
    assert fact(page, "Intent") == "RegisterUserForEvent"
    interpretations = panel(page).locator("table").first.inner_text()
    assert "RegisterUserForEvent\t1.0000" in interpretations

    card.get_by_role("button", name="PyCon").click()  # sends the button's value
    wait_for_turn(page, 2)
    assert page.locator("#log .user").nth(1).inner_text() == "[PyCon]"
    slots = panel(page).get_by_role("table", name="Slots").inner_text()
    assert re.search(r"eventName\tPyCon\tPyCon\tPyCon", slots)
    assert fact(page, "Dialog action") == "ElicitSlot (eventDate)"
    hooks = panel(page).get_by_role("table", name="Code hook calls").inner_text()
    assert re.search(r"dialog\tpython\t[\d.]+ ms\tok", hooks)

    for text in ("tomorrow", "Maria", "maria@example.com"):
        send(page, text)
    assert fact(page, "Dialog action") == "ConfirmIntent"
    slots = panel(page).get_by_role("table", name="Slots").inner_text()
    assert re.search(r"email\tmaria@example\.com\tmaria@example\.com", slots)
    assert re.search(r"eventDate\ttomorrow\t\d{4}-\d\d-\d\d", slots)

    confirm = page.locator("#log .card").last
    confirm.get_by_role("button").first.click()
    wait_for_turn(page, 6)
    assert fact(page, "Intent state") == "Fulfilled"
    assert fact(page, "Confirmation") == "Confirmed"
    hooks = panel(page).get_by_role("table", name="Code hook calls").inner_text()
    assert re.search(r"fulfilment\tpython\t[\d.]+ ms\tok", hooks)
    assert re.fullmatch(r"[\d.]+ ms \(\d+ parses?\)", fact(page, "NLU"))
    assert re.fullmatch(r"[\d.]+ ms", fact(page, "Turn"))
    contexts = panel(page).get_by_role("table", name="Active contexts").inner_text()
    assert "registered" in contexts
    assert "Done! Maria, you're registered for PyCon" in page.locator("#log").inner_text()

    # An earlier turn can be looked at again.
    page.locator("#log .user button").first.click()
    assert fact(page, "Dialog action") == "ElicitSlot (eventName)"

    # Saved as a conversation test, the conversation passes `bot test`.
    with page.expect_download() as saving:
        page.get_by_role("button", name="Save as conversation test").click()
    saved = tmp_path / "recorded.yaml"
    saving.value.save_as(saved)
    text = saved.read_text()
    assert "button: PyCon" in text and "{today+1}" in text
    conversation, problems = read_conversation(saved, tmp_path)
    assert problems == [] and conversation is not None
    runner = ConversationRunner.for_project(hooked_runtime.project.root)
    result = runner.run(conversation)
    assert result.passed, result.failure


def test_the_console_asks_for_the_api_token_and_uses_it(page: Any, token_console_url: str) -> None:
    page.goto(f"{token_console_url}/console")
    page.locator("#session-id:not(:empty)").wait_for()
    page.get_by_label("Message").fill("hello")
    page.get_by_label("Message").press("Enter")
    dialog = page.get_by_role("dialog", name="API credentials")
    dialog.wait_for()
    assert "Missing Authentication Token" in dialog.inner_text()
    dialog.get_by_label("API token").fill(TOKEN)
    dialog.get_by_role("button", name="Use").click()
    wait_for_turn(page, 1)
    assert fact(page, "Intent") == "Greeting"
    assert page.locator("#log .bot").count() >= 1


def test_the_missed_tab_lists_what_the_bot_missed_and_exports_it(
    page: Any, console_url: str
) -> None:
    page.goto(f"{console_url}/console")
    page.locator("#session-id:not(:empty)").wait_for()
    send(page, "what is the weather like on mars today")
    send(page, "whats the weather on mars")
    page.get_by_role("tab", name="Missed").click()
    summary = page.locator("#missed-summary")
    page.wait_for_function(
        "() => document.getElementById('missed-summary').textContent.includes('group')"
    )
    assert "missed utterance" in summary.inner_text()
    rows = page.locator("#missed-table tbody").inner_text()
    assert "weather" in rows and "mars" in rows
    page.get_by_label("Export under intent").fill("oos")
    with page.expect_download() as saving:
        page.get_by_role("button", name="Export as Rasa NLU YAML").click()
    exported = Path(saving.value.path()).read_text()
    assert 'intent: "oos"' in exported and "- whats the weather on mars" in exported


def test_the_console_signs_its_requests_when_the_api_wants_sigv4(
    page: Any, sigv4_console_url: str
) -> None:
    page.goto(f"{sigv4_console_url}/console")
    page.locator("#session-id:not(:empty)").wait_for()
    send_later = page.get_by_label("Message")
    send_later.fill("what events are there")
    send_later.press("Enter")
    dialog = page.get_by_role("dialog", name="API credentials")
    dialog.wait_for()
    dialog.get_by_label("Access key id").fill(ACCESS_KEY)
    dialog.get_by_label("Secret access key").fill(SECRET_KEY)
    dialog.get_by_role("button", name="Use").click()
    wait_for_turn(page, 1)  # the turn and its trace, both signed
    assert fact(page, "Intent") == "EventInfo"
    page.get_by_role("tab", name="Missed").click()
    page.wait_for_function(
        "() => document.getElementById('missed-summary').textContent.includes('group')"
    )  # a signed GET with a query string


def test_a_workspace_console_talks_to_the_bot_chosen_and_lists_its_missed(
    page: Any, workspace_console_url: str
) -> None:
    page.goto(f"{workspace_console_url}/console")
    session = page.locator("#session-id:not(:empty)")
    session.wait_for()
    assert page.locator("#bot-name").inner_text() == "CafeBot"
    first_session = session.inner_text()
    chooser = page.get_by_label(re.compile(r"^Bot\b"))
    assert chooser.is_visible() and chooser.input_value() == "CafeBot"

    chooser.focus()
    page.keyboard.press("ArrowDown")  # a plain select: the keyboard picks the bot
    page.wait_for_function("() => document.getElementById('bot-name').textContent === 'ShopBot'")
    assert session.inner_text() != first_session  # a new conversation
    aliases = page.get_by_label("Alias").locator("option").all_inner_texts()
    assert aliases[0] == "TSTALIASID" and "prod" in aliases and "live" not in aliases
    assert page.get_by_label("Time zone").input_value() == "Europe/Rome"

    page.get_by_label("Alias").select_option("prod")
    send(page, "hello")
    assert fact(page, "Intent") == "Greeting"
    assert page.locator("#log .bot").last.inner_text() == "Hello from v1"  # prod is on version 1
    send(page, "whats the weather on mars")

    page.get_by_role("tab", name="Missed").click()
    page.wait_for_function(
        "() => document.getElementById('missed-summary').textContent.includes('group')"
    )
    assert page.locator("#missed-summary").inner_text().startswith("1 missed utterance")
    assert "weather" in page.locator("#missed-table tbody").inner_text()

    page.get_by_label(re.compile(r"^Bot\b")).select_option("CafeBot")  # CafeBot missed nothing
    page.wait_for_function(
        "() => document.getElementById('missed-summary').textContent.startsWith('0 missed')"
    )
    assert page.locator("#missed-table tbody tr").count() == 0
