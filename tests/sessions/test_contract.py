"""The `SessionStore` contract, run against every store."""

from __future__ import annotations

import pytest

from bot.sessions import SessionConflict, SessionStore
from bot.sessions.base import MissedUtterance
from bot.turn import SessionKey

NOW = 1_000_000.0
TTL = 300.0
KEY = SessionKey("BOT1234567", "TSTALIASID", "en_US", "session-1")


def save(store: SessionStore, data: dict, version: int, *, now: float = NOW, key=KEY) -> int:
    return store.save(key, data, expected_version=version, now=now, ttl_seconds=TTL)


def test_load_of_a_missing_session_is_none(store: SessionStore) -> None:
    assert store.load(KEY, NOW) is None


def test_first_save_returns_version_1_and_load_returns_the_data(store: SessionStore) -> None:
    assert save(store, {"intent": "BookHotel", "slots": {"nights": 3}}, 0) == 1
    stored = store.load(KEY, NOW)
    assert stored is not None
    assert stored.data == {"intent": "BookHotel", "slots": {"nights": 3}}
    assert stored.version == 1
    assert stored.expires_at == NOW + TTL


def test_save_at_the_loaded_version_returns_the_next_version(store: SessionStore) -> None:
    save(store, {"turn": 1}, 0)
    assert save(store, {"turn": 2}, 1) == 2
    stored = store.load(KEY, NOW)
    assert stored is not None and (stored.data, stored.version) == ({"turn": 2}, 2)


def test_save_with_a_stale_version_raises_conflict_and_keeps_the_stored_data(
    store: SessionStore,
) -> None:
    save(store, {"turn": 1}, 0)
    save(store, {"turn": 2}, 1)
    with pytest.raises(SessionConflict):
        save(store, {"turn": "lost"}, 1)
    stored = store.load(KEY, NOW)
    assert stored is not None and (stored.data, stored.version) == ({"turn": 2}, 2)


def test_save_with_version_0_over_a_live_session_conflicts(store: SessionStore) -> None:
    save(store, {"turn": 1}, 0)
    with pytest.raises(SessionConflict):
        save(store, {"turn": "other"}, 0)


def test_save_with_a_version_for_a_missing_session_conflicts(store: SessionStore) -> None:
    with pytest.raises(SessionConflict):
        save(store, {"turn": 1}, 3)
    assert store.load(KEY, NOW) is None


def test_a_save_moves_the_expiry_forward(store: SessionStore) -> None:
    save(store, {"turn": 1}, 0)
    save(store, {"turn": 2}, 1, now=NOW + TTL - 1)
    assert store.load(KEY, NOW + TTL + 1) is not None


def test_an_expired_session_loads_as_none(store: SessionStore) -> None:
    save(store, {"turn": 1}, 0)
    assert store.load(KEY, NOW + TTL) is None


def test_an_expired_session_is_saved_again_from_version_0(store: SessionStore) -> None:
    save(store, {"turn": 1}, 0)
    save(store, {"turn": 2}, 1)
    later = NOW + TTL + 1
    with pytest.raises(SessionConflict):
        save(store, {"turn": 3}, 2, now=later)  # the old version is gone with the session
    assert save(store, {"fresh": True}, 0, now=later) == 1
    stored = store.load(KEY, later)
    assert stored is not None and (stored.data, stored.version) == ({"fresh": True}, 1)


def test_changing_loaded_data_does_not_change_the_stored_session(store: SessionStore) -> None:
    data = {"slots": {"city": "Paris"}}
    save(store, data, 0)
    data["slots"]["city"] = "changed after save"
    loaded = store.load(KEY, NOW)
    assert loaded is not None
    loaded.data["slots"]["city"] = "changed after load"
    again = store.load(KEY, NOW)
    assert again is not None and again.data == {"slots": {"city": "Paris"}}


def test_sessions_with_different_keys_are_independent(store: SessionStore) -> None:
    other_locale = SessionKey(KEY.bot_id, KEY.alias_id, "en_GB", KEY.session_id)
    save(store, {"locale": "US"}, 0)
    save(store, {"locale": "GB"}, 0, key=other_locale)
    us, gb = store.load(KEY, NOW), store.load(other_locale, NOW)
    assert us is not None and us.data == {"locale": "US"}
    assert gb is not None and gb.data == {"locale": "GB"}


def test_delete_returns_true_then_false(store: SessionStore) -> None:
    save(store, {"turn": 1}, 0)
    assert store.delete(KEY) is True
    assert store.delete(KEY) is False


def test_a_deleted_session_loads_as_none_and_starts_again_at_version_1(
    store: SessionStore,
) -> None:
    save(store, {"turn": 1}, 0)
    store.delete(KEY, NOW)
    assert store.load(KEY, NOW) is None
    assert save(store, {"turn": 1}, 0) == 1


def test_delete_of_an_expired_session_returns_false(store: SessionStore) -> None:
    save(store, {"turn": 1}, 0)
    assert store.delete(KEY, NOW + TTL) is False


def test_delete_of_a_live_session_at_a_given_time_returns_true(store: SessionStore) -> None:
    save(store, {"turn": 1}, 0)
    assert store.delete(KEY, NOW + TTL - 1) is True
    assert store.load(KEY, NOW) is None


def test_remember_is_true_only_the_first_time(store: SessionStore) -> None:
    assert store.remember("slack", "Ev01", now=NOW, ttl_seconds=TTL) is True
    assert store.remember("slack", "Ev01", now=NOW + 1, ttl_seconds=TTL) is False


def test_remember_is_true_again_after_the_record_expires(store: SessionStore) -> None:
    store.remember("slack", "Ev01", now=NOW, ttl_seconds=TTL)
    assert store.remember("slack", "Ev01", now=NOW + TTL, ttl_seconds=TTL) is True
    assert store.remember("slack", "Ev01", now=NOW + TTL + 1, ttl_seconds=TTL) is False


def test_remember_keeps_namespaces_apart(store: SessionStore) -> None:
    assert store.remember("slack", "Ev01", now=NOW, ttl_seconds=TTL) is True
    assert store.remember("facebook", "Ev01", now=NOW, ttl_seconds=TTL) is True


def test_purge_expired_removes_only_what_has_expired(store: SessionStore) -> None:
    live = SessionKey(KEY.bot_id, KEY.alias_id, KEY.locale_id, "live")
    save(store, {"old": True}, 0)
    save(store, {"live": True}, 0, now=NOW + TTL, key=live)
    store.remember("slack", "old", now=NOW, ttl_seconds=TTL)
    store.remember("slack", "live", now=NOW + TTL, ttl_seconds=TTL)
    # A store whose server drops keys at their TTL itself (Redis) has nothing left to purge.
    expected = 0 if getattr(store, "expires_entries_itself", False) else 2
    assert store.purge_expired(NOW + TTL) == expected
    assert store.load(KEY, NOW + TTL) is None
    assert store.load(live, NOW + TTL) is not None
    assert store.remember("slack", "live", now=NOW + TTL, ttl_seconds=TTL) is False


# ---------------------------------------------------------------- missed utterances

DAY = 86_400.0


def missed(text: str, at: float, bot_id: str = KEY.bot_id) -> MissedUtterance:
    return MissedUtterance(
        at=at,
        bot_id=bot_id,
        bot_name="EventBot",
        alias_id="TSTALIASID",
        locale_id="en_US",
        text=text,
        intents=(("FallbackIntent", None), ("EventInfo", 0.21)),
    )


def missed_texts(store: SessionStore, *, since: float = 0.0, now: float = NOW) -> list[str]:
    found = store.missed_utterances(KEY.bot_id, since=since, now=now, max_age_seconds=DAY)
    return [m.text for m in found]


def test_a_recorded_missed_utterance_reads_back_whole(store: SessionStore) -> None:
    entry = missed("what is the weather on mars", NOW)
    store.record_missed(entry, max_count=10, max_age_seconds=DAY)
    assert store.missed_utterances(KEY.bot_id, since=0, now=NOW, max_age_seconds=DAY) == [entry]


def test_missed_utterances_come_oldest_first_and_keep_equal_texts(store: SessionStore) -> None:
    for i, text in enumerate(["blorp", "what is the weather", "blorp"]):
        store.record_missed(missed(text, NOW + i), max_count=10, max_age_seconds=DAY)
    assert missed_texts(store, now=NOW + 3) == ["blorp", "what is the weather", "blorp"]


def test_missed_utterances_are_bounded_by_count_keeping_the_newest(store: SessionStore) -> None:
    for i in range(7):
        store.record_missed(missed(f"utterance {i}", NOW + i), max_count=3, max_age_seconds=DAY)
    assert missed_texts(store, now=NOW + 7) == ["utterance 4", "utterance 5", "utterance 6"]


def test_missed_utterances_older_than_the_age_are_gone(store: SessionStore) -> None:
    store.record_missed(missed("old", NOW), max_count=10, max_age_seconds=DAY)
    store.record_missed(missed("new", NOW + DAY - 1), max_count=10, max_age_seconds=DAY)
    assert missed_texts(store, now=NOW + DAY - 1) == ["old", "new"]
    assert missed_texts(store, now=NOW + DAY) == ["new"]  # read past its age, not yet pruned
    store.record_missed(missed("newer", NOW + DAY + 1), max_count=10, max_age_seconds=DAY)
    assert missed_texts(store, now=NOW + DAY + 1) == ["new", "newer"]


def test_missed_utterances_since_leaves_out_earlier_ones(store: SessionStore) -> None:
    for i in range(4):
        store.record_missed(missed(f"u{i}", NOW + i * 60), max_count=10, max_age_seconds=DAY)
    assert missed_texts(store, since=NOW + 60, now=NOW + 300) == ["u1", "u2", "u3"]


def test_missed_utterances_are_kept_per_bot(store: SessionStore) -> None:
    store.record_missed(missed("ours", NOW), max_count=1, max_age_seconds=DAY)
    store.record_missed(missed("theirs", NOW + 1, "OTHERBOT01"), max_count=1, max_age_seconds=DAY)
    assert missed_texts(store, now=NOW + 2) == ["ours"]
    other = store.missed_utterances("OTHERBOT01", since=0, now=NOW + 2, max_age_seconds=DAY)
    assert [m.text for m in other] == ["theirs"]


def test_missed_utterances_do_not_touch_sessions_or_records(store: SessionStore) -> None:
    save(store, {"turn": 1}, 0)
    store.record_missed(missed("blorp", NOW), max_count=10, max_age_seconds=DAY)
    stored = store.load(KEY, NOW)
    assert stored is not None and stored.data == {"turn": 1}
    assert store.remember("slack", "Ev01", now=NOW, ttl_seconds=TTL) is True
