"""Exactly one answer per Slack message under load, with Slack's retries landing on any worker:
200 concurrent DM conversations × 20 turns across `bot serve --workers 3` on one Redis, through
the Slack channel, with 10 % of the deliveries sent twice at once (the same signed event, the same
event_id, the second marked as Slack's retry), each on a new connection, so on whichever worker
the kernel hands it to.

Starts its own `redis-server`, a fake of Slack's Web API (bench/_fake_slack.py, in this process)
and the server with SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and SLACK_API_URL pointing at the fake;
stops them at the end, even on error. Each simulated person sends its next message only once the
whole reply to the previous one has reached the fake Slack. Every message is written in a thread
of its own (thread_ts = its ts), so every post the bot makes names the turn it answers: a turn
answered twice, or never, is seen as such. Run from the project root:

    .venv/bin/python bench/duplicates.py [--users 200] [--hook-workers N]

Prints JSON on stdout and a short summary on stderr; exits 1 if a turn was lost or answered more
than once, a reply was wrong, or a delivery was refused.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from _fake_slack import FakeSlack, message_event, signed
from _measured_server import (
    CpuSnapshot,
    bot_server_off_loop,
    commonest_errors,
    cores_used,
    cpu_snapshot,
    logged_since,
    machine,
    percentile,
    redis_server,
    server_env,
    train_example_bot,
)

DAY = r"\w+day \d{1,2} \w+ \d{4}"  # "Monday 30 November 2026"


@dataclass(frozen=True)
class Step:
    text: str  # as Slack delivers it
    replies: tuple[str, ...]  # one regular expression per post the answer must make, in order


def exactly(*texts: str) -> str:
    """A pattern matching any one of `texts`, where `{day}` stands for a spoken date."""
    return "|".join(re.escape(t).replace(re.escape("{day}"), DAY) for t in texts)


def registration(event: str, name: str, email: str) -> list[Step]:
    asked_date = (
        f"When would you like to attend {event}?",
        f"Which day would you like to go to {event}?",
        "What date works for you?",
    )
    asked_name = (
        "What's your first name?",
        "Who should I put on the badge?",
        "What name should I register you under?",
    )
    asked_email = (
        f"What email address should we send your ticket to, {name}?",
        f"Thanks {name}. What's your email address?",
    )
    confirm = (
        f"{name}, shall I register you for {event} on {{day}}? We'll send the details to {email}."
    )
    return [
        Step(f"register me for {event}", (exactly(*asked_date),)),
        Step("tomorrow", (exactly(*asked_name),)),
        Step(name, (exactly(*asked_email),)),
        # Slack sends an address as a mailto link.
        Step(
            f"<mailto:{email}|{email}>",
            (
                exactly(confirm),
                exactly(f"Confirm your registration\n{event}, {{day}}\nChoices: Yes, No"),
            ),
        ),
        Step(
            "yes",
            (
                exactly(f"Done! {name}, you're registered for {event} on {{day}}."),
                exactly(f"Would you like to know more about {event}?"),
                exactly(f"{event}\n{{day}}\nChoices: Add to calendar, Tell me more"),
            ),
        ),
    ]


AGENDA = (
    "PyCon opens at 9am with a keynote, then talks and workshops all day. "
    "Your ticket has the full agenda."
)
GREETINGS = (
    (
        "Hi! I can register you for tech events like PyCon or the AWS Summit, or tell you about "
        "them. What would you like to do?"
    ),
    "Hello! Want to sign up for an event, or hear what's on?",
)
EVENTS = (
    "Coming up: AWS Summit, PyCon, Serverless Days, DevOps Days, Data Science Meetup, "
    "Cloud Native Meetup. Which one interests you?"
)
EVENTS_CARD = (
    "Upcoming events\nPick one, or type another (e.g. Cloud Native Meetup)\n"
    "Choices: AWS Summit, PyCon, Serverless Days, DevOps Days, Data Science"
)
HELP = (
    "I can register you for a tech event (try 'sign me up for PyCon'), tell you about upcoming "
    "events ('what events are there?') or cancel a registration."
)


def script(user: int) -> list[Step]:
    """Twenty turns: three registrations and small talk, every reply known up to the bot's
    prompt variations (each allowed)."""
    return [
        *registration("PyCon", "Maria", f"maria.{user}@example.com"),
        Step("tell me more", (exactly(AGENDA),)),
        Step("hello", (exactly(*GREETINGS),)),
        *registration("DevOps Days", "Ana", f"ana.{user}@example.com"),
        Step("what events are there", (exactly(EVENTS), exactly(EVENTS_CARD))),
        Step("help", (exactly(HELP),)),
        *registration("AWS Summit", "John", f"john.{user}@example.com"),
        Step("goodbye", (exactly("Goodbye! See you at the next event.", "Bye for now!"),)),
    ]


# ------------------------------------------------------------------ the people


@dataclass
class Tally:
    sent: int = 0
    deliveries: int = 0
    duplicates: int = 0
    answered: int = 0
    lost: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    expected_posts: dict[tuple[str, str], int] = field(default_factory=dict)
    reply_ms: list[float] = field(default_factory=list)


@dataclass
class Load:
    url: str
    secret: str
    slack: FakeSlack
    http: aiohttp.ClientSession
    duplicated: set[tuple[int, int]]
    run: str
    timeout: float
    tally: Tally
    turns: int = 20


async def deliver(load: Load, body: bytes, retry: bool) -> str | None:
    """POST one delivery; why it was not acknowledged with 200, or None."""
    try:
        async with load.http.post(
            load.url, data=body, headers=signed(body, load.secret, retry)
        ) as r:
            await r.read()
            return None if r.status == 200 else f"HTTP {r.status}"
    except (TimeoutError, aiohttp.ClientError) as exc:
        return f"{type(exc).__name__}: {exc}"


async def person(load: Load, n: int) -> None:
    """One person's turns (the script's first `load.turns`) in a DM, each after the reply to
    the one before."""
    tally = load.tally
    channel, user = f"D{n:07d}X", f"U{n:07d}X"
    for k, step in enumerate(script(n)[: load.turns]):
        ts = f"{1800000000 + n}.{k:06d}"
        body = message_event(f"Ev{load.run}{n:04d}{k:02d}", channel, user, step.text, ts)
        twice = (n, k) in load.duplicated
        tally.expected_posts[(channel, ts)] = len(step.replies)
        started = time.monotonic()
        # A duplicate goes out at the same moment, marked as Slack marks its retries.
        retries = (False, True) if twice else (False,)
        refusals = await asyncio.gather(*(deliver(load, body, retry) for retry in retries))
        tally.sent += 1
        tally.deliveries += 1 + twice
        tally.duplicates += twice
        tally.refused += [f"{channel} turn {k} {step.text!r}: {r}" for r in refusals if r]
        try:
            posts = await load.slack.wait_for((channel, ts), len(step.replies), load.timeout)
        except TimeoutError:
            got = load.slack.posts[(channel, ts)]
            tally.lost.append(f"{channel} turn {k} {step.text!r}: {len(got)} posts: {got}")
            return  # the conversation cannot go on from an unknown state
        tally.answered += 1
        tally.reply_ms.append((time.monotonic() - started) * 1000)
        for post, pattern in zip(posts, step.replies, strict=True):
            if not re.fullmatch(pattern, post):
                tally.wrong.append(f"{channel} turn {k} {step.text!r}: {post!r}")


async def settle(slack: FakeSlack, quiet: float = 2.0, longest: float = 15.0) -> None:
    """Wait until no post has arrived for `quiet` seconds: late second answers are counted."""
    deadline = time.monotonic() + longest
    last = -1
    while time.monotonic() < deadline:
        total = sum(map(len, slack.posts.values())) + slack.unthreaded
        if total == last:
            return
        last = total
        await asyncio.sleep(quiet)


async def converse(
    args: argparse.Namespace, store_url: str, redis_group: int, folder: Path
) -> dict[str, object]:
    slack = FakeSlack()
    api_url = await slack.start()
    secret, token = secrets.token_hex(16), f"xoxb-bench-{secrets.token_hex(8)}"
    env = server_env(args.hook_workers, SLACK_SIGNING_SECRET=secret, SLACK_BOT_TOKEN=token,
                     SLACK_API_URL=api_url)  # fmt: skip
    pairs = [(n, k) for n in range(args.users) for k in range(args.turns)]
    duplicated = set(random.Random(args.seed).sample(pairs, round(len(pairs) * args.duplicate)))
    tally = Tally()
    log = folder / "serve.log"
    try:
        async with bot_server_off_loop(store_url, args.workers, log, env) as (base, server_group):
            log_start = log.stat().st_size  # what follows the start-up banner
            # A connection per delivery (Slack opens its own): the kernel picks the worker.
            connector = aiohttp.TCPConnector(force_close=True, limit=0)
            timeout = aiohttp.ClientTimeout(total=30)
            async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
                load = Load(f"{base}/channels/slack/events", secret, slack, http, duplicated,
                            secrets.token_hex(3), args.timeout, tally, args.turns)  # fmt: skip
                cpu_before = cpu_snapshot(server_group, redis_group)
                started = time.monotonic()
                await asyncio.gather(*(person(load, n) for n in range(args.users)))
                wall = time.monotonic() - started
                cpu_after = cpu_snapshot(server_group, redis_group)
                await settle(slack)
    finally:
        await slack.stop()
    return figures(args, tally, slack, wall, cpu_before, cpu_after, (log, log_start), token)


def figures(
    args: argparse.Namespace, tally: Tally, slack: FakeSlack, wall: float,
    cpu_before: CpuSnapshot, cpu_after: CpuSnapshot, log: tuple[Path, int], token: str,
) -> dict[str, object]:  # fmt: skip
    doubled = [
        f"{channel} {ts}: {len(slack.posts[(channel, ts)])} posts for {expected}"
        for (channel, ts), expected in tally.expected_posts.items()
        if len(slack.posts[(channel, ts)]) > expected
    ]
    strays = sum(len(p) for key, p in slack.posts.items() if key not in tally.expected_posts)
    latencies = sorted(tally.reply_ms)
    logged = logged_since(*log)
    return {
        "users": args.users,
        "turns_per_user": args.turns,
        "workers": args.workers,
        "hook_workers": args.hook_workers or "default",
        "turns_sent": tally.sent,
        "deliveries_sent": tally.deliveries,
        "duplicates_sent": tally.duplicates,
        "replies_received": tally.answered,
        "posts_received": sum(map(len, slack.posts.values())) + slack.unthreaded,
        "lost_turns": len(tally.lost),
        "doubled_turns": len(doubled),
        "wrong_replies": len(tally.wrong),
        "refused_deliveries": len(tally.refused),
        "stray_posts": strays + slack.unthreaded,
        "wall_s": round(wall, 2),
        "turns_per_s": round(tally.sent / wall, 1),
        "reply_ms_p50": round(percentile(latencies, 50), 1) if latencies else None,
        "reply_ms_p99": round(percentile(latencies, 99), 1) if latencies else None,
        # Every worker took its share (which worker took each copy of a duplicate is not seen).
        "cores_used": cores_used(cpu_before, cpu_after, wall, "load_generator_and_fake_slack"),
        "slack_api_calls": dict(slack.calls),
        "bot_token_used": slack.tokens == {f"Bearer {token}"},
        "examples": {
            "lost": tally.lost[:3],
            "doubled": doubled[:3],
            "wrong": tally.wrong[:3],
            "refused": tally.refused[:3],
        },
        "server_log_lines": len(logged),
        "server_log_errors": commonest_errors(logged),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--turns", type=int, default=20, choices=range(1, 21), metavar="1..20")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--duplicate", type=float, default=0.10, help="share of deliveries sent twice"
    )
    parser.add_argument("--timeout", type=float, default=60, help="seconds a reply may take")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--hook-workers", type=int, default=0, help="BOT_HOOK_WORKERS (default: the product's)"
    )
    args = parser.parse_args()
    report: dict[str, object] = {"machine": machine()}
    train_example_bot()
    folder = Path(tempfile.mkdtemp(prefix="bench-duplicates-"))
    with redis_server(folder) as (store_url, redis_group):
        report |= asyncio.run(converse(args, store_url, redis_group, folder))
    cores = len(os.sched_getaffinity(0))
    report["sharing"] = (
        f"the load generator with the fake Slack, {args.workers} bot serve workers and "
        f"redis-server all ran unpinned on the same {cores} cores"
    )
    print(json.dumps(report, indent=2))
    print(summary(report), file=sys.stderr)
    bad = [k for k in ("lost_turns", "doubled_turns", "wrong_replies", "refused_deliveries",
                       "stray_posts") if report[k]]  # fmt: skip
    if bad or report["replies_received"] != report["turns_sent"]:
        failed = ", ".join(f"{k}={report[k]}" for k in bad)
        sys.exit(f"FAILED: {failed}; the server's log is in {folder}")
    shutil.rmtree(folder, ignore_errors=True)


def summary(r: dict) -> str:
    c = r["cores_used"]
    return (
        f"{r['users']} users x {r['turns_per_user']} turns over Slack, --workers {r['workers']}: "
        f"{r['turns_sent']} turns sent ({r['duplicates_sent']} delivered twice), "
        f"{r['replies_received']} replies, lost {r['lost_turns']}, doubled {r['doubled_turns']}, "
        f"wrong {r['wrong_replies']}, refused {r['refused_deliveries']}; {r['wall_s']} s wall, "
        f"reply p50 {r['reply_ms_p50']} ms p99 {r['reply_ms_p99']} ms; cores: workers "
        f"{c['bot_serve']}, bench + fake Slack {c['load_generator_and_fake_slack']}, redis "
        f"{c['redis']}, other processes {c['other_processes']}; "
        f"yardstick {r['machine']['yardstick_s']} s; {r['sharing']}"
    )


if __name__ == "__main__":
    main()
