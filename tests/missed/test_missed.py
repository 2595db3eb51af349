"""Missed utterances: which turns are kept (fallbacks and low-confidence intents, never slot
answers, never a user or session id), grouping by similarity, the Rasa export that the bot
reads back, `--since`, and `bot missed` on the example bot's own SQLite store."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.missed import group_missed, is_missed, parse_since, rasa_nlu_yaml
from bot.nlu.engine import NLUEngine
from bot.nlu.types import Interpretation
from bot.project.loader import BotProject, load_project
from bot.runtime import BotRuntime
from bot.sessions import MemorySessionStore, SqliteSessionStore
from bot.sessions.base import MissedUtterance
from bot.settings import MissedSettings
from bot.turn import SessionKey, TurnRequest

Bot = tuple[BotProject, NLUEngine, Path]
NOW = 1_790_000_000.0


def entry(text: str, at: float = NOW, intents=(("FallbackIntent", None),)) -> MissedUtterance:
    return MissedUtterance(
        NOW if at is None else at,
        "BOTID00001",
        "EventBot",
        "TSTALIASID",
        "en_US",
        text,
        tuple(intents),
    )


def runtime(bot: Bot, store: MemorySessionStore, **settings: float) -> BotRuntime:
    project, nlu, _ = bot
    missed = MissedSettings(**settings)  # type: ignore[arg-type]
    return BotRuntime(project, nlu, store, clock=lambda: NOW, rng=random.Random(0), missed=missed)


def say(rt: BotRuntime, *texts: str, session: str = "user-1") -> None:
    key = SessionKey(rt.identity.bot_id, "TSTALIASID", "en_US", session)
    for text in texts:
        rt.recognize(TurnRequest(key, text))


def kept(rt: BotRuntime) -> list[MissedUtterance]:
    return rt.missed.entries(rt.identity.bot_id, since=0, now=NOW)


def test_a_turn_that_falls_back_is_recorded_with_its_top_intents(trained_bot: Bot) -> None:
    rt = runtime(trained_bot, MemorySessionStore())
    say(rt, "what is the weather on mars")
    [missed] = kept(rt)
    assert missed.text == "what is the weather on mars"
    assert (missed.bot_name, missed.alias_id, missed.locale_id) == (
        "EventBot",
        "TSTALIASID",
        "en_US",
    )
    assert missed.intents[0] == ("FallbackIntent", None) and len(missed.intents) == 3
    assert "user-1" not in str(missed.to_json())  # no session or user id is kept


def test_understood_turns_and_answers_to_prompts_are_not_recorded(trained_bot: Bot) -> None:
    rt = runtime(trained_bot, MemorySessionStore())
    say(rt, "register me for an event", "PyCon", "tomorrow", "Maria", "hello")
    assert kept(rt) == []


def test_a_top_intent_within_the_margin_of_the_threshold_counts_as_missed() -> None:
    weak = [Interpretation("EventInfo", 0.52), Interpretation("Greeting", 0.2)]
    assert is_missed(weak, threshold=0.40, margin=0.15)
    assert not is_missed(weak, threshold=0.40, margin=0.10)
    assert is_missed([Interpretation("FallbackIntent", None)], threshold=0.4, margin=0.0)
    assert not is_missed([], threshold=0.4, margin=0.15)


def test_no_turn_is_recorded_when_the_count_is_zero(trained_bot: Bot) -> None:
    rt = runtime(trained_bot, MemorySessionStore(), missed_max_count=0)
    say(rt, "what is the weather on mars")
    assert kept(rt) == []


def test_a_store_that_cannot_keep_it_does_not_fail_the_turn(trained_bot: Bot) -> None:
    from bot.sessions.base import SessionStoreUnavailable

    class Refusing(MemorySessionStore):
        def record_missed(self, entry: MissedUtterance, **bounds: float) -> None:
            raise SessionStoreUnavailable("Redis: cannot connect")

    rt = runtime(trained_bot, Refusing())
    say(rt, "what is the weather on mars")  # answered all the same


def test_similar_wordings_are_grouped_with_counts() -> None:
    groups = group_missed(
        [
            entry("What's the weather on Mars?"),
            entry("whats the weather on mars"),
            entry("weather on mars please"),
            entry("book a table for two"),
            entry("What's the weather on Mars?"),
            entry("book me a table for 2", intents=(("FallbackIntent", None), ("EventInfo", 0.3))),
        ]
    )
    assert [(g.count, g.text) for g in groups] == [
        (4, "What's the weather on Mars?"),
        (2, "book a table for two"),
    ]
    assert groups[1].guesses() == [("EventInfo", 0.3)]


def test_the_export_is_rasa_nlu_yaml_the_bot_reads(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    for name in ("bot.yaml", "intents", "training_data"):
        source = root / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    texts = ["zorb a [blip](x)", "zorb {this}", "zorb multi\nline  text", "zorb a blip"]
    (tmp_path / "training_data" / "missed.yml").write_text(
        rasa_nlu_yaml(group_missed([entry(t) for t in texts]))
    )
    project = load_project(tmp_path)
    added = [e for e in project.examples if e.text.startswith("zorb")]
    assert sorted(e.text for e in added) == [
        "zorb (this)",
        "zorb a (blip)(x)",
        "zorb a blip",
        "zorb multi line text",
    ]
    assert {e.intent for e in added} == {"FallbackIntent"}  # oos teaches the fallback
    assert all(not e.entities for e in added)


def test_since_takes_a_span_or_an_iso_date() -> None:
    assert parse_since("7d", NOW) == NOW - 7 * 86_400
    assert parse_since("12h", NOW) == NOW - 12 * 3_600
    assert parse_since("2026-03-01", NOW) == 1_772_323_200.0
    with pytest.raises(ValueError, match="--since"):
        parse_since("last tuesday", NOW)


def test_bot_missed_lists_groups_and_exports_them(trained_bot: Bot, tmp_path: Path) -> None:
    project, nlu, root = trained_bot
    store_file = tmp_path / "sessions.sqlite"
    rt = BotRuntime(project, nlu, SqliteSessionStore(store_file), rng=random.Random(0))
    key = SessionKey(rt.identity.bot_id, "TSTALIASID", "en_US", "user-1")
    for text in ["what is the weather on mars", "whats the weather on mars", "sing me a song"]:
        rt.recognize(TurnRequest(key, text))
    url = f"sqlite:///{store_file}"
    runner = CliRunner()
    listed = runner.invoke(
        app, ["missed", "--project", str(root), "--sessions", url], env={"COLUMNS": "200"}
    )
    assert listed.exit_code == 0, listed.output
    assert "3 missed utterances in 2 groups" in listed.output
    assert "what is the weather on mars" in listed.output
    target = tmp_path / "missed.yml"
    exported = runner.invoke(
        app,
        [
            "missed",
            "-p",
            str(root),
            "--sessions",
            url,
            "--export",
            str(target),
            "--intent",
            "Greeting",
        ],
    )
    assert exported.exit_code == 0, exported.output
    assert 'intent: "Greeting"' in target.read_text()
    assert "- sing me a song" in target.read_text()
    refused = runner.invoke(app, ["missed", "-p", str(root), "--sessions", url, "--since", "soon"])
    assert refused.exit_code == 1 and "--since" in refused.output
