"""Reading Messenger webhook payloads into utterances (pure functions)."""

from __future__ import annotations

import json

import pytest

from channels.facebook.events import MalformedPayload, Utterance, read_payload, utterances
from tests.channels.facebook.payloads import (
    PAGE_ID,
    delivery,
    echo,
    page_event,
    postback,
    quick_reply,
    read,
    text_message,
)


def _read(*items: dict) -> list[Utterance]:
    return utterances(read_payload(json.dumps(page_event(*items)).encode()))


def test_texts_quick_replies_and_postbacks_become_utterances_in_order() -> None:
    items = [
        text_message("u1", "hello", mid="m-1"),
        quick_reply("u1", "The Python one", "PyCon"),
        postback("u2", "Yes", "yes"),
    ]
    said = _read(*items)
    assert [(u.psid, u.text) for u in said] == [("u1", "hello"), ("u1", "PyCon"), ("u2", "yes")]
    assert said[0] == Utterance(PAGE_ID, "u1", "hello", "m-1")
    assert said[2].delivery_id == items[2]["postback"]["mid"]


def test_echoes_deliveries_reads_and_unknown_items_are_skipped() -> None:
    odd = {"sender": {"id": "u1"}, "recipient": {"id": PAGE_ID}, "reaction": {"emoji": "👍"}}
    broken = {"message": {"text": "no sender"}}
    attachment_only = {
        "sender": {"id": "u1"},
        "recipient": {"id": PAGE_ID},
        "message": {"mid": "m-9", "attachments": [{"type": "image", "payload": {"url": "x"}}]},
    }
    items = [echo("u1", "hi"), delivery("u1"), read("u1"), odd, broken, attachment_only]
    assert _read(*items) == []


def _without_mid(item: dict) -> dict:
    del item["postback"]["mid"]
    return item


def test_a_postback_without_mid_gets_a_key_from_page_sender_timestamp_and_payload() -> None:
    item = _without_mid(postback("u1", "Yes", "yes"))
    (said,) = _read(item)
    (replayed,) = _read(json.loads(json.dumps(item)))
    assert said.delivery_id == replayed.delivery_id
    assert said.delivery_id.startswith("postback:")
    others = [
        _without_mid(postback("u2", "Yes", "yes")),  # another user
        _without_mid(postback("u1", "No", "no")),  # another button
        dict(_without_mid(postback("u1", "Yes", "yes")), timestamp=item["timestamp"] + 1),
    ]
    keys = {u.delivery_id for u in _read(*others)}
    other_page = utterances(read_payload(json.dumps(page_event(item, page_id="999")).encode()))
    keys.add(other_page[0].delivery_id)
    assert len(keys) == 4 and said.delivery_id not in keys


def test_a_postback_without_mid_or_timestamp_still_has_a_key() -> None:
    item = _without_mid(postback("u1", "Yes", "yes"))
    del item["timestamp"]
    (said,) = _read(item)
    assert said.delivery_id.startswith("postback:")
    assert _read(item)[0].delivery_id == said.delivery_id


def test_numeric_ids_are_read_as_strings() -> None:
    payload = page_event(text_message("u1", "hi"))
    payload["entry"][0]["id"] = 42
    payload["entry"][0]["messaging"][0]["sender"]["id"] = 7
    (said,) = utterances(read_payload(json.dumps(payload).encode()))
    assert (said.page_id, said.psid) == ("42", "7")


@pytest.mark.parametrize("raw", [b"", b"{", b"[]", b'{"object": "page", "entry": 3}'])
def test_a_body_that_is_no_webhook_payload_is_malformed(raw: bytes) -> None:
    with pytest.raises(MalformedPayload):
        read_payload(raw)
