"""Slot readers and builders over the three V2 slot shapes."""

from __future__ import annotations

import pytest

from fulfillment.slots import (
    as_slot,
    interpreted_value,
    interpreted_values,
    list_slot,
    original_value,
    resolved_values,
    scalar_slot,
    shape,
)

SCALAR = {
    "shape": "Scalar",
    "value": {"originalValue": "rose", "interpretedValue": "roses", "resolvedValues": ["roses"]},
}
LIST = {
    "shape": "List",
    "value": {"originalValue": "a and b", "interpretedValue": "a and b", "resolvedValues": []},
    "values": [
        {"shape": "Scalar", "value": {"originalValue": "A", "interpretedValue": "a"}},
        {"shape": "Scalar", "value": {"originalValue": "B", "interpretedValue": "b"}},
    ],
}
COMPOSITE = {
    "shape": "Composite",
    "subSlots": {
        "city": {"value": {"originalValue": "NYC", "interpretedValue": "New York"}},
        "street": None,
    },
}


def test_scalar_slot_values() -> None:
    assert interpreted_value(SCALAR) == "roses"
    assert original_value(SCALAR) == "rose"
    assert resolved_values(SCALAR) == ["roses"]
    assert interpreted_values(SCALAR) == ["roses"]
    assert shape(SCALAR) == "Scalar"


def test_numbers_and_booleans_are_read_as_their_json_text() -> None:
    slot = {"value": {"originalValue": 4, "interpretedValue": 4.5, "resolvedValues": [4, True]}}
    assert (interpreted_value(slot), original_value(slot)) == ("4.5", "4")
    assert resolved_values(slot) == ["4", "true"]
    assert interpreted_values({"shape": "List", "values": [slot, SCALAR]}) == ["4.5", "roses"]
    assert interpreted_value({"value": {"interpretedValue": {"a": 1}}}) is None


def test_scalar_shape_may_be_left_out() -> None:
    slot = {"value": {"interpretedValue": "x"}}
    assert shape(slot) == "Scalar"
    assert interpreted_value(slot) == "x"
    assert original_value(slot) is None


def test_list_slot_gives_a_list() -> None:
    assert interpreted_value(LIST) == ["a", "b"]
    assert original_value(LIST) == ["A", "B"]
    assert interpreted_values(LIST) == ["a", "b"]


def test_list_slot_without_values_falls_back_to_its_value() -> None:
    assert interpreted_value({"shape": "List", "value": {"interpretedValue": "a"}}) == ["a"]
    assert interpreted_value({"shape": "List"}) == []


def test_composite_slot_gives_a_map_of_sub_slots() -> None:
    assert interpreted_value(COMPOSITE) == {"city": "New York", "street": None}
    assert original_value(COMPOSITE) == {"city": "NYC", "street": None}
    assert interpreted_values(COMPOSITE) == []


@pytest.mark.parametrize("slot", [None, {}, {"value": None}, {"value": {}}, {"shape": "Scalar"}])
def test_empty_slots_read_as_none(slot: dict | None) -> None:
    assert interpreted_value(slot) is None
    assert resolved_values(slot) == []
    assert interpreted_values(slot) == []


def test_scalar_and_list_builders_round_trip() -> None:
    assert interpreted_value(scalar_slot("PyCon")) == "PyCon"
    assert original_value(scalar_slot("PyCon", original="pycon uk")) == "pycon uk"
    built = list_slot(["PyCon", "DevOps Days"])
    assert built["shape"] == "List"
    assert interpreted_value(built) == ["PyCon", "DevOps Days"]


def test_as_slot_accepts_none_str_list_and_dict() -> None:
    assert as_slot(None) is None
    assert as_slot("x") == scalar_slot("x")
    assert as_slot(["x", "y"]) == list_slot(["x", "y"])
    assert as_slot(SCALAR) is SCALAR
    with pytest.raises(TypeError):
        as_slot(42)
