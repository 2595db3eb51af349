"""The example EventBot's code hook: `lambda_handler(event, context)`, one handler per intent.

It registers people for community tech events. The RegisterUserForEvent dialog hook validates
(an unknown event or a past date is asked for again, with the reason) and asks for
confirmation with a Yes/No card; its fulfilment closes with a card, remembers the event in the
`registeredEvent` session attribute and offers to say more (the EventDetails follow-up).
EventInfo, EventDetails, CancelRegistration and Greeting answer from the table below. The same
code answers Lex V2 and Lex V1 events (through `fulfillment.replies`), behind our engine or
behind Amazon Lex. It imports the standard library and `fulfillment` only, so it loads in
milliseconds on a Lambda cold start; it must never import `bot`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from fulfillment.events import LexEvent
from fulfillment.replies import Card, close, confirm_intent, delegate, elicit_slot
from fulfillment.router import Router

TIME_ZONE = "Europe/London"  # the bot's time zone (bot.yaml): "today" is London's today
IMAGES = "https://example.com/images"


class EventFacts(NamedTuple):
    label: str  # ≤ 15 characters, so it fits a Lex V1 button
    tagline: str  # ≤ 80 characters, so it fits a V1 card subtitle
    summary: str
    agenda: str


# Keyed by the EventName slot type's values, which Lex puts in `interpretedValue`.
EVENTS: dict[str, EventFacts] = {
    "AWS Summit": EventFacts(
        "AWS Summit",
        "Keynotes, breakout sessions and hands-on labs",
        "a free day of keynotes, breakout sessions and hands-on labs about building on AWS.",
        "the keynote starts at 9:30, then breakout tracks on serverless, data and "
        "machine learning until 5pm; the expo hall is open all day.",
    ),
    "PyCon": EventFacts(
        "PyCon",
        "Talks, tutorials and sprints for Pythonistas",
        "the community conference for Python developers: talks, tutorials and sprints.",
        "tutorials in the morning, three tracks of talks after lunch, lightning talks at 5pm "
        "and sprints on the last day.",
    ),
    "Serverless Days": EventFacts(
        "Serverless Days",
        "One track, all about serverless",
        "a single-track, community-run day about serverless architectures and tools.",
        "eight talks on one track from 9am, with an open-space session after lunch.",
    ),
    "DevOps Days": EventFacts(
        "DevOps Days",
        "Talks by day, open spaces in the afternoon",
        "talks and open spaces about software delivery, operations and team culture.",
        "short talks and ignites in the morning, open spaces in the afternoon, drinks at 6pm.",
    ),
    "Data Science Meetup": EventFacts(
        "Data Science",
        "An evening of data science talks (and pizza)",
        "an evening of short talks on machine learning and analytics, with pizza.",
        "doors open at 6pm, three talks from 6:30 and networking until 9pm.",
    ),
    "Cloud Native Meetup": EventFacts(
        "Cloud Native",
        "Kubernetes and platform engineering demos",
        "talks and demos about Kubernetes, service meshes and platform engineering.",
        "pizza at 6pm, two talks and a live demo from 6:30, questions until 8:30.",
    ),
}

GREETING = (
    "Hi! I can register you for tech events like PyCon or the AWS Summit, "
    "or tell you about them. What would you like to do?"
)
# A card holds at most five buttons: the sixth event is named in the subtitle instead.
EVENT_CARD = Card(
    "Upcoming events",
    "Pick one, or type another (e.g. Cloud Native Meetup)",
    f"{IMAGES}/events.png",
    tuple((facts.label, name) for name, facts in list(EVENTS.items())[:5]),
)
YES_NO = (("Yes", "yes"), ("No", "no"))

router = Router()


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The Lambda entry point (and `python:fulfillment.lambda_function:lambda_handler`)."""
    return router(event, context)


@router.dialog("RegisterUserForEvent")
def validate_registration(event: LexEvent) -> dict[str, Any]:
    asked = event.slot_value("eventName")
    if asked is not None and known_event(asked) is None:
        text = f"Sorry, I don't know {asked}. Which event would you like to register for?"
        return elicit_slot(event, "eventName", text, card=EVENT_CARD, slots={"eventName": None})
    when = event.slot_value("eventDate")
    if when is not None:
        day = parse_date(when)
        reason = None
        if day is None:  # AMAZON.Date can resolve to a week or a month ("2026-W48")
            reason = "Sorry, I need one day."
        elif day < today():
            reason = "That date has passed."
        if reason:
            text = f"{reason} Which day would you like to attend?"
            return elicit_slot(event, "eventDate", text, slots={"eventDate": None})
    if _all_filled(event) and event.confirmation_state in (None, "None"):
        return _confirm(event)
    return delegate(event)


@router.fulfillment("RegisterUserForEvent")
def register(event: LexEvent) -> dict[str, Any]:
    name = known_event(event.slot_value("eventName") or "")
    day = parse_date(event.slot_value("eventDate") or "")
    if name is None or day is None:
        text = "Sorry, I couldn't complete your registration. Please try again."
        return close(event, text, state="Failed")
    when = spoken_date(day)
    first = event.slot_value("firstName") or "there"
    card = Card(
        name,
        when,
        f"{IMAGES}/{_slug(name)}.png",
        (("Add to calendar", "Add to calendar"), ("Tell me more", "Tell me more")),
    )
    texts = [
        f"Done! {first}, you're registered for {name} on {when}.",
        f"Would you like to know more about {name}?",  # answered by EventDetails
    ]
    attributes = {**event.session_attributes, "registeredEvent": name}
    return close(event, texts, card=card, session_attributes=attributes)


@router.fulfillment("EventInfo")
def describe_event(event: LexEvent) -> dict[str, Any]:
    asked = event.slot_value("eventName")
    name = known_event(asked) if asked else None
    if name is None:
        opening = f"Sorry, I don't know {asked}. " if asked else ""
        listing = f"{opening}Coming up: {', '.join(EVENTS)}. Which one interests you?"
        return close(event, listing, card=EVENT_CARD)
    facts = EVENTS[name]
    card = Card(
        name,
        facts.tagline,
        f"{IMAGES}/{_slug(name)}.png",
        (("Register me", f"Register me for {name}"),),
    )
    return close(event, f"{name}: {facts.summary}", card=card)


@router.fulfillment("EventDetails")
def event_agenda(event: LexEvent) -> dict[str, Any]:
    asked = event.slot_value("eventName") or event.session_attributes.get("registeredEvent")
    name = known_event(asked) if asked else None
    if name is None:
        text = "Which event would you like to know more about?"
        return elicit_slot(event, "eventName", text, card=EVENT_CARD, slots={"eventName": None})
    return close(event, f"At {name}, {EVENTS[name].agenda} Your ticket has the full agenda.")


@router.fulfillment("CancelRegistration")
def cancel_registration(event: LexEvent) -> dict[str, Any]:
    asked = event.slot_value("eventName") or "the event"
    name = known_event(asked) or asked
    attributes = event.session_attributes
    if attributes.get("registeredEvent") == name:
        del attributes["registeredEvent"]
    text = f"Your registration for {name} is cancelled. We're sorry you can't make it."
    return close(event, text, session_attributes=attributes)


@router.fulfillment("Greeting")
def greet(event: LexEvent) -> dict[str, Any]:
    return close(event, GREETING)


def known_event(value: str) -> str | None:
    """The event's canonical name, matching case-insensitively; None for an unknown event."""
    if value in EVENTS:
        return value
    folded = value.casefold()
    return next((name for name in EVENTS if name.casefold() == folded), None)


def parse_date(value: str) -> date | None:
    """An AMAZON.Date value (ISO `yyyy-mm-dd`); None for anything else."""
    try:
        iso_day = len(value) == 10 and value[4] == "-" and value[7] == "-"  # not "2026-W48-1"
        return date.fromisoformat(value) if iso_day else None
    except ValueError:
        return None


def today() -> date:
    return datetime.now(ZoneInfo(TIME_ZONE)).date()


def spoken_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"  # "Friday 4 December 2026"


def _confirm(event: LexEvent) -> dict[str, Any]:
    name = known_event(event.slot_value("eventName") or "") or ""
    day = parse_date(event.slot_value("eventDate") or "")
    when = spoken_date(day) if day else event.slot_value("eventDate")
    text = (
        f"{event.slot_value('firstName')}, shall I register you for {name} on {when}? "
        f"We'll send the details to {event.slot_value('email')}."
    )
    card = Card("Confirm your registration", f"{name}, {when}", buttons=YES_NO)
    return confirm_intent(event, text, card=card)


def _all_filled(event: LexEvent) -> bool:
    return all(event.slot_value(s) for s in ("eventName", "eventDate", "firstName", "email"))


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")
