"""The message part of the bot-file schema: messages, message groups, responses and prompts.

Keys follow the Lex V2 export format (camelCase, `messageGroupsList`), so a Lex user recognises
them; the export's `null` values are accepted and mean "not set". For authoring comfort:

* a message may be a bare string: `message: "Hello"` = `{plainTextMessage: {value: "Hello"}}`;
* a message group may be a bare string (one plain-text message, no variations);
* a response or prompt may be a bare string or a list of strings / groups, e.g.
  `closingResponse: "Thanks!"` or `promptSpecification: ["Which event?", "What event?"]`;
* the group list may be spelled `messageGroupsList` (export), `messageGroupList` (docs typo) or
  `messageGroups` (models API); it is normalised to `messageGroupsList`.

This module only describes shape and Lex limits; it never renders or picks messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

GROUP_LIST_SPELLINGS = ("messageGroupsList", "messageGroupList", "messageGroups")


class LexModel(BaseModel):
    """Base of every bot-file model: unknown keys are errors, `null` means "use the default"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _prepare(cls, data: Any) -> Any:
        data = cls.normalise(data)
        if isinstance(data, dict):
            data = {k: v for k, v in data.items() if v is not None}
            # The models API says `active` where exports say `isActive`.
            if (
                "active" in data
                and "isActive" in cls.model_fields
                and "active" not in cls.model_fields
            ):
                data["isActive"] = data.pop("active")
        return data

    @classmethod
    def normalise(cls, data: Any) -> Any:
        """Rewrite an accepted short form into the canonical shape (overridden per model)."""
        return data


class TextValue(LexModel):
    value: str = Field(min_length=1, max_length=1000)


class Button(LexModel):
    text: str = Field(min_length=1, max_length=50)
    value: str = Field(min_length=1, max_length=50)


class ImageResponseCard(LexModel):
    title: str = Field(min_length=1, max_length=250)
    subtitle: str | None = Field(default=None, max_length=250)
    imageUrl: str | None = Field(default=None, max_length=250)
    buttons: list[Button] = Field(default_factory=list, max_length=5)

    @classmethod
    def normalise(cls, data: Any) -> Any:
        # Exports spell the button list `buttonsList`.
        if isinstance(data, dict) and "buttonsList" in data and data.get("buttons") is None:
            data = {k: v for k, v in data.items() if k != "buttonsList"} | {
                "buttons": data["buttonsList"]
            }
        return data


class Message(LexModel):
    """Exactly one of plain text, SSML, a custom payload or an image response card."""

    plainTextMessage: TextValue | None = None
    ssmlMessage: TextValue | None = None
    customPayload: TextValue | None = None
    imageResponseCard: ImageResponseCard | None = None

    @classmethod
    def normalise(cls, data: Any) -> Any:
        return {"plainTextMessage": {"value": data}} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _exactly_one(self) -> Message:
        given = [k for k in type(self).model_fields if getattr(self, k) is not None]
        if len(given) != 1:
            kinds = "plainTextMessage, ssmlMessage, customPayload, imageResponseCard"
            raise ValueError(f"a message needs exactly one of {kinds} (got {len(given)})")
        return self

    def texts(self) -> Iterator[str]:
        """The human-readable strings of this message (where `{Slot}` placeholders may appear)."""
        for kind in (self.plainTextMessage, self.ssmlMessage):
            if kind is not None:
                yield kind.value
        card = self.imageResponseCard
        if card is not None:
            yield card.title
            if card.subtitle:
                yield card.subtitle
            for button in card.buttons:
                yield button.text
                yield button.value
        # customPayload is opaque (often JSON, full of braces): never read for placeholders.


class MessageGroup(LexModel):
    message: Message
    # Lex V2 allows 2 variations; a Lex V1 prompt picks one of up to 15 messages.
    variations: list[Message] = Field(default_factory=list, max_length=14)

    @classmethod
    def normalise(cls, data: Any) -> Any:
        return {"message": data} if isinstance(data, str) else data

    def all_messages(self) -> list[Message]:
        return [self.message, *self.variations]


def normalise_groups(data: Any) -> Any:
    """Accept a bare string, a list, and the three spellings of the group-list key."""
    if isinstance(data, str):
        return {"messageGroupsList": [data]}
    if isinstance(data, list):
        return {"messageGroupsList": data}
    if isinstance(data, dict):
        given = [k for k in GROUP_LIST_SPELLINGS if data.get(k) is not None]
        if len(given) > 1:
            raise ValueError(f"give the message groups once, not as both {given[0]} and {given[1]}")
        if given and given[0] != "messageGroupsList":
            rest = {k: v for k, v in data.items() if k not in GROUP_LIST_SPELLINGS}
            return rest | {"messageGroupsList": data[given[0]]}
    return data


class ResponseSpecification(LexModel):
    """A response: 1-5 message groups, one of which is sent."""

    messageGroupsList: list[MessageGroup] = Field(min_length=1, max_length=5)
    allowInterrupt: bool | None = None

    @classmethod
    def normalise(cls, data: Any) -> Any:
        return normalise_groups(data)


class PromptSpecification(LexModel):
    """A prompt that waits for an answer, retried up to `maxRetries` times."""

    messageGroupsList: list[MessageGroup] = Field(min_length=1, max_length=5)
    maxRetries: int = Field(default=2, ge=0, le=5)
    allowInterrupt: bool | None = None
    messageSelectionStrategy: Literal["Random", "Ordered"] = "Random"
    # Audio/DTMF/timeout settings per attempt (Initial, Retry1...): kept, not used for text.
    promptAttemptsSpecification: dict[str, Any] | None = None

    @classmethod
    def normalise(cls, data: Any) -> Any:
        return normalise_groups(data)
