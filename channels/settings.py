"""Channel secrets and endpoints, from the conventional environment variables (`SLACK_…`,
`FACEBOOK_…`, `REST_…`), and per bot from `<BOT_NAME>_…` when a server runs several.

Secrets are `SecretStr`: they never appear in logs or reprs.
"""

from __future__ import annotations

import re

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# Each channel's secrets: one app's (or Page's) together, never mixed with another's.
_CHANNEL_SECRETS = (
    ("slack_signing_secret", "slack_bot_token"),
    ("facebook_app_secret", "facebook_verify_token", "facebook_page_access_token"),
    ("rest_webhook_token",),
)


class ChannelSettings(BaseSettings):
    """Channel secrets and endpoints, from the conventional environment variables."""

    model_config = SettingsConfigDict(extra="ignore")

    slack_signing_secret: SecretStr | None = None
    slack_bot_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    facebook_app_secret: SecretStr | None = None
    facebook_verify_token: SecretStr | None = None
    facebook_page_access_token: SecretStr | None = None
    facebook_graph_url: str = "https://graph.facebook.com"
    facebook_graph_version: str = "v19.0"
    rest_webhook_token: SecretStr | None = None
    rest_cors_origins: list[str] = []

    @classmethod
    def for_bot(cls, bot_name: str) -> ChannelSettings:
        """A bot's settings: each variable read as `<BOT_NAME>_<VARIABLE>` first (the name upper
        case, `-` as `_`: `ORDER_FLOWERS_SLACK_BOT_TOKEN`), the shared `<VARIABLE>` otherwise,
        so bots on one server can each have their own Slack app or Page. A bot that names one
        secret of a channel takes all of that channel's secrets from its own variables: it never
        verifies with its own app and posts with the shared one's token."""
        shared = cls()
        # pydantic's mypy plugin knows the fields, not BaseSettings' own init options.
        own = cls(_env_prefix=env_prefix(bot_name))  # type: ignore[call-arg]
        update = {k: getattr(own, k) for k in own.model_fields_set}
        for secrets in _CHANNEL_SECRETS:
            if own.model_fields_set & set(secrets):
                update |= {k: getattr(own, k) for k in secrets}
        return shared.model_copy(update=update)

    @property
    def slack_enabled(self) -> bool:
        return self.slack_signing_secret is not None and self.slack_bot_token is not None

    @property
    def facebook_enabled(self) -> bool:
        return None not in (
            self.facebook_app_secret,
            self.facebook_verify_token,
            self.facebook_page_access_token,
        )


def env_prefix(bot_name: str) -> str:
    """The prefix of a bot's own channel variables."""
    return re.sub(r"[^0-9A-Z]", "_", bot_name.upper()) + "_"
