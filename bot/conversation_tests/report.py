"""What `bot test` shows: per conversation, passed or the first turn that differs (expected vs
actual, field by field), and the same results as JUnit XML for CI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.conversation_tests.runner import ConversationResult, TurnFailure
from bot.errors import Problem


def shown(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def failure_text(failure: TurnFailure) -> str:
    lines = [f"turn {failure.index + 1} ({failure.said!r}) differs:"]
    lines += [
        f"  {d.field}: expected {shown(d.expected)}, got {shown(d.actual)}"
        for d in failure.differences
    ]
    return "\n".join(lines)


def print_report(
    console: Console, results: list[ConversationResult], problems: list[Problem]
) -> None:
    for problem in problems:
        console.print(f"[red]invalid[/red] {escape(str(problem))}", highlight=False)
    for result in results:
        conv = result.conversation
        title = f"{escape(conv.name)} [dim]({escape(conv.file)})[/dim]"
        if result.passed:
            console.print(f"[green]passed[/green] {title}: {result.turns_run} turns")
            continue
        failure = result.failure
        assert failure is not None
        where = f"{conv.file}:{failure.line}" if failure.line else conv.file
        console.print(
            f"[red]failed[/red] {title}: turn {failure.index + 1} of "
            f"{len(conv.spec.turns)} ({escape(where)}), the user said {escape(repr(failure.said))}"
        )
        table = Table("field", "expected", "actual", show_edge=False, pad_edge=False)
        for d in failure.differences:
            table.add_row(d.field, escape(shown(d.expected)), escape(shown(d.actual)))
        console.print(table)
    passed = sum(r.passed for r in results)
    failed = len(results) - passed + len(problems)
    colour = "green" if failed == 0 else "red"
    console.print(f"[{colour}]{passed} passed, {failed} failed[/{colour}]")


def junit_xml(results: list[ConversationResult], problems: list[Problem]) -> str:
    """One test case per conversation (and one per file that could not be read)."""
    suite = ET.Element("testsuite", name="bot test")
    failures = 0
    for result in results:
        conv = result.conversation
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"conversations.{Path(conv.file).stem}",
            name=conv.name,
            file=conv.file,
            time=f"{result.seconds:.3f}",
        )
        if result.failure is not None:
            failures += 1
            text = failure_text(result.failure)
            ET.SubElement(case, "failure", message=text.splitlines()[0]).text = text
    for problem in problems:
        failures += 1
        case = ET.SubElement(
            suite, "testcase", classname="conversations", name=problem.file, file=problem.file
        )
        ET.SubElement(case, "failure", message="invalid conversation file").text = str(problem)
    suite.set("tests", str(len(results) + len(problems)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("time", f"{sum(r.seconds for r in results):.3f}")
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
