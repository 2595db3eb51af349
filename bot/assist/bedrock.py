"""A `SlotAssistant` backed by an Amazon Bedrock model, called with the Converse API as Lex's
assisted slot resolution calls the model its locale names (`bedrockModelSpecification`).

boto3 is imported and the client made at the first question, never when the bot starts; region
is the model ARN's, credentials come from the standard AWS settings, and
`AWS_ENDPOINT_URL_BEDROCK_RUNTIME` points the client elsewhere. A call is bounded (connect
and read timeouts, one retry at most); any failure becomes `SlotAssistFailed`, a guardrail that
intervenes is no value. Logs name the model and what went wrong, never the conversation's text
or credentials.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from bot.assist.prompt import instructions, read_reply, user_text
from bot.aws_clients import arn_region, bounded_client
from bot.dialog.assist import SlotAssistFailed, SlotQuestion
from bot.project.generative import BedrockModelSpecification

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 10.0
MAX_TOKENS = 64  # a slot value, never an essay
ATTEMPTS = 2  # the call and one retry (throttling, a dropped connection)


class BedrockSlotAssistant:
    def __init__(
        self,
        model: BedrockModelSpecification,
        *,
        timeout: float = READ_TIMEOUT,
        connect_timeout: float = CONNECT_TIMEOUT,
    ) -> None:
        self.model = model
        self.timeout = timeout
        self.connect_timeout = min(connect_timeout, timeout)
        self._client: Any = None
        self._lock = threading.Lock()

    @property
    def target(self) -> str:
        return self.model.modelArn

    def resolve(self, question: SlotQuestion) -> str | None:
        try:
            from bot.aws_errors import CALL_ERRORS, failure_of
        except ImportError:
            raise SlotAssistFailed("boto3 is needed to call an Amazon Bedrock model") from None
        try:
            response = self._bedrock().converse(**self.request(question))
        except CALL_ERRORS as exc:
            failure = failure_of(exc)
            if failure.timed_out:
                log.warning("model %s did not answer within %s s", self.target, self.timeout)
                raise SlotAssistFailed(f"{self.target} did not answer in time") from None
            log.error("model %s: Converse failed: %s", self.target, failure.name)
            raise SlotAssistFailed(f"{self.target} could not be called ({failure.name})") from None
        if response.get("stopReason") == "guardrail_intervened":
            log.info("model %s: the guardrail intervened", self.target)
            return None
        return read_reply(_reply_text(response))

    def request(self, question: SlotQuestion) -> dict[str, Any]:
        """The Converse parameters for one question."""
        model = self.model
        request: dict[str, Any] = {
            "modelId": model.modelArn,
            "system": [{"text": instructions(question, model.customPrompt)}],
            "messages": [{"role": "user", "content": [{"text": user_text(question)}]}],
            "inferenceConfig": {"temperature": 0.0, "maxTokens": MAX_TOKENS},
        }
        guardrail = model.bedrockGuardrailConfiguration
        if guardrail is not None:
            request["guardrailConfig"] = {
                "guardrailIdentifier": guardrail.bedrockGuardrailIdentifier,
                "guardrailVersion": guardrail.bedrockGuardrailVersion,
                "trace": "enabled" if model.bedrockTraceStatus == "ENABLED" else "disabled",
            }
        return request

    def _bedrock(self) -> Any:
        with self._lock:
            if self._client is None:
                self._client = bounded_client(
                    "bedrock-runtime",
                    arn_region(self.model.modelArn),  # None: the session's region
                    read_timeout=self.timeout,
                    connect_timeout=self.connect_timeout,
                    attempts=ATTEMPTS,
                )
            return self._client


def _reply_text(response: dict[str, Any]) -> str:
    """The text of the model's message (Converse: `output.message.content[].text`)."""
    output = response.get("output")
    message = output.get("message") if isinstance(output, dict) else None
    content = message.get("content") if isinstance(message, dict) else None
    if not isinstance(content, list):
        return ""
    return "".join(
        str(part["text"]) for part in content if isinstance(part, dict) and "text" in part
    )
