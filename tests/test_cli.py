"""The `bot` command, run as a user runs it: a subprocess of the installed console script."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_example_bot

BOT = shutil.which("bot") or str(Path(sys.executable).with_name("bot"))


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BOT, *args], check=False, capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.fixture(scope="module")
def project(trained_bot, tmp_path_factory):
    _, _, root = trained_bot
    dest = tmp_path_factory.mktemp("cli")
    shutil.copytree(root, dest, dirs_exist_ok=True)
    return dest


def test_train_says_the_model_is_up_to_date_when_nothing_changed(project):
    done = run("train", "--project", str(project))
    assert done.returncode == 0, done.stderr
    assert "up to date" in done.stdout


def test_parse_json_gives_lex_v2_shapes(project):
    done = run(
        "parse", "register me for PyCon tomorrow", "--project", str(project),
        "--json", "--now", "2026-11-23T10:00:00+00:00",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["intent"]["name"] == "RegisterUserForEvent"
    assert out["intent"]["slots"]["eventDate"]["value"]["interpretedValue"] == "2026-11-24"
    assert out["interpretations"][0]["nluConfidence"]["score"] > 0.4


def test_parse_reads_an_answer_to_an_elicited_slot(project):
    done = run(
        "parse", "the 12th", "--project", str(project), "--json",
        "--now", "2026-11-23T10:00:00+00:00", "--elicit", "RegisterUserForEvent.eventDate",
    )  # fmt: skip
    assert (
        json.loads(done.stdout)["intent"]["slots"]["eventDate"]["value"]["interpretedValue"]
        == "2026-12-12"
    )


def test_parse_uses_the_given_time_zone(project):
    done = run(
        "parse", "register me for PyCon today", "--project", str(project), "--json",
        "--now", "2026-11-23T23:30:00+00:00", "--time-zone", "Asia/Tokyo",
    )  # fmt: skip
    assert (
        json.loads(done.stdout)["intent"]["slots"]["eventDate"]["value"]["interpretedValue"]
        == "2026-11-24"
    )


def test_parse_without_a_model_asks_to_train(tmp_path):
    root = copy_example_bot(tmp_path)
    done = run("parse", "hello", "--project", str(root))
    assert done.returncode == 1
    assert "bot train" in done.stderr
    assert "Traceback" not in done.stderr


def test_check_lists_every_problem_with_file_and_line(tmp_path):
    (tmp_path / "bot.yaml").write_text("name: Broken\nnluConfidenceThreshold: 7\n")
    (tmp_path / "intents").mkdir()
    (tmp_path / "intents" / "Hello.yaml").write_text(
        "name: Hello\nsampleUtterances:\n  - hi {who}\n"
    )
    done = run("check", "--project", str(tmp_path))
    assert done.returncode == 1
    assert "bot.yaml:2" in done.stderr and "nluConfidenceThreshold" in done.stderr
    assert "intents/Hello.yaml:3" in done.stderr
    assert "Traceback" not in done.stderr


def test_evaluate_prints_the_report_json(tmp_path):
    rows = []
    for city in ["paris", "rome", "oslo", "lima", "cairo", "delhi"]:
        text = f"weather in {city}"
        rows.append(
            {
                "text": text,
                "intent": "Weather",
                "entities": [{"start": 11, "end": 11 + len(city), "entity": "city", "value": city}],
            }
        )
        rows.append({"text": f"play songs by {city}", "intent": "Play", "entities": []})
    rows.append({"text": "what is love", "intent": "oos", "entities": []})
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    preds = tmp_path / "p.jsonl"
    done = run(
        "evaluate",
        "--train",
        str(data),
        "--test",
        str(data),
        "--out",
        str(tmp_path / "r.json"),
        "--predictions",
        str(preds),
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    for key in (
        "intent_accuracy",
        "intent_macro_f1",
        "slot_micro_f1",
        "in_scope_accuracy",
        "oos_recall",
        "train_seconds",
        "n_train",
        "n_test",
        "parse_ms_p50",
        "parse_ms_p99",
        "peak_rss_mb",
    ):
        assert key in report
    assert report["n_test"] == len(rows)
    assert json.loads((tmp_path / "r.json").read_text()) == report
    assert len(preds.read_text().splitlines()) == len(rows)
