"""The security settings of the runtime API, read from the environment in this one module.

`SecuritySettings` says how the Lex runtime API (V2, V1 and `/model/parse`) authenticates its
callers (`BOT_API_AUTH`: `sigv4`, `token` or `none`, with `BOT_API_CREDENTIALS` or
`BOT_API_TOKENS`), which `Host` names the server answers (`BOT_ALLOWED_HOSTS`), how many requests
a second one client may make (`BOT_API_RATE_LIMIT`, `BOT_API_RATE_BURST`) and whether channel
conversations are reachable through the API (`BOT_API_CHANNEL_SESSIONS`), and the token that
`/metrics` asks for (`BOT_METRICS_TOKEN`, none: open like `/health`). `bound_to(host)` fills
in the defaults that depend on the address the server binds, and refuses to expose an
unauthenticated API on a non-loopback address unless told to.

It must never put a secret in a log line, a repr or an error message: credentials and tokens are
`SecretStr`, validation errors hide their input, and messages name an entry by its position or
its access key id, never by its secret.
"""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import ConfigurationError

AuthMode = Literal["sigv4", "token", "none"]
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
ANY_HOST = "*"

_AUTH_HELP = (
    "BOT_API_AUTH=sigv4 with BOT_API_CREDENTIALS=ACCESS_KEY_ID:SECRET[,…] (for boto3 and other "
    "AWS SDK clients), BOT_API_AUTH=token with BOT_API_TOKENS=TOKEN[,…] (clients that send "
    "`Authorization: Bearer TOKEN`), or BOT_API_AUTH=none to serve it open on purpose"
)


def is_loopback(host: str) -> bool:
    """True for `localhost` and loopback addresses (`127.0.0.0/8`, `::1`, with or without [])."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def parse_credentials(value: SecretStr | None) -> dict[str, SecretStr]:
    """`AKID:SECRET,AKID2:SECRET2` as access key id → secret; errors never quote a secret."""
    if value is None:
        return {}
    credentials: dict[str, SecretStr] = {}
    entries = [e.strip() for e in value.get_secret_value().split(",") if e.strip()]
    for number, entry in enumerate(entries, 1):
        key_id, _, secret = entry.partition(":")
        key_id, secret = key_id.strip(), secret.strip()
        if not key_id or not secret or any(c.isspace() for c in key_id):
            raise ValueError(f"BOT_API_CREDENTIALS entry {number} is not ACCESS_KEY_ID:SECRET")
        if key_id in credentials:
            raise ValueError(f"BOT_API_CREDENTIALS lists access key {key_id} twice")
        credentials[key_id] = SecretStr(secret)
    return credentials


def parse_tokens(value: SecretStr | None) -> list[SecretStr]:
    """`TOKEN,TOKEN2` as a list of secrets."""
    if value is None:
        return []
    tokens = [t.strip() for t in value.get_secret_value().split(",") if t.strip()]
    if any(any(c.isspace() for c in t) for t in tokens):
        raise ValueError("BOT_API_TOKENS holds a token with white space in it")
    return [SecretStr(t) for t in tokens]


class SecuritySettings(BaseSettings):
    """How the runtime API is guarded; every field is optional and read from `BOT_…`."""

    model_config = SettingsConfigDict(env_prefix="BOT_", extra="ignore", hide_input_in_errors=True)

    api_auth: AuthMode | None = None
    api_credentials: SecretStr | None = None
    api_tokens: SecretStr | None = None
    allowed_hosts: str | None = None
    api_rate_limit: float | None = Field(default=None, gt=0)
    api_rate_burst: int | None = Field(default=None, ge=1)
    api_channel_sessions: Literal["deny", "allow"] = "deny"
    # `/metrics` answers only `Authorization: Bearer <token>` when set; open like /health if not.
    metrics_token: SecretStr | None = None

    @classmethod
    def defaults(cls) -> SecuritySettings:
        """Nothing set, whatever the environment says: what a server on loopback gets."""
        return cls.model_construct()

    @classmethod
    def from_environment(cls) -> SecuritySettings:
        """The settings in the environment; a bad value is a `ConfigurationError` naming the
        variable (never its value)."""
        try:
            return cls()
        except ValidationError as exc:
            problems = []
            for error in exc.errors():
                where = "".join(f"BOT_{part}: ".upper() for part in error["loc"])
                problems.append(where + error["msg"].removeprefix("Value error, "))
            raise ConfigurationError("; ".join(problems)) from None

    @field_validator("api_auth", "api_channel_sessions", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _consistent(self) -> SecuritySettings:
        credentials, tokens = parse_credentials(self.api_credentials), parse_tokens(self.api_tokens)
        if self.api_auth == "sigv4" and not credentials:
            raise ValueError("BOT_API_AUTH=sigv4 needs BOT_API_CREDENTIALS=ACCESS_KEY_ID:SECRET")
        if self.api_auth == "token" and not tokens:
            raise ValueError("BOT_API_AUTH=token needs BOT_API_TOKENS=TOKEN[,TOKEN2]")
        if self.allowed_hosts is not None and not self.trusted_hosts():
            raise ValueError("BOT_ALLOWED_HOSTS is empty (use * to answer any Host)")
        return self

    # ------------------------------------------------------------ what the guards read

    @property
    def auth_mode(self) -> AuthMode:
        return self.api_auth or "none"

    @property
    def credentials(self) -> dict[str, SecretStr]:
        return parse_credentials(self.api_credentials)

    @property
    def tokens(self) -> list[SecretStr]:
        return parse_tokens(self.api_tokens)

    @property
    def channel_sessions_allowed(self) -> bool:
        return self.api_channel_sessions == "allow"

    @property
    def rate_burst(self) -> int:
        """Requests a client may make at once: `BOT_API_RATE_BURST`, or two seconds' worth."""
        if self.api_rate_burst is not None:
            return self.api_rate_burst
        return max(1, round(2 * (self.api_rate_limit or 0)))

    def trusted_hosts(self) -> tuple[str, ...]:
        """The `Host` names answered (lower case; `*` any, `*.example.com` its subdomains)."""
        if self.allowed_hosts is None:
            return LOOPBACK_NAMES
        names = (h.strip().lower().rstrip(".") for h in self.allowed_hosts.split(","))
        return tuple(dict.fromkeys(n.strip("[]") for n in names if n))

    # ------------------------------------------------------------ the bound address

    def bound_to(self, host: str) -> SecuritySettings:
        """These settings for a server bound to `host`: on loopback, no authentication and the
        loopback names (with `host`) unless set; elsewhere both must be set explicitly."""
        if is_loopback(host):
            hosts = ",".join(dict.fromkeys([*LOOPBACK_NAMES, host.strip("[]").lower()]))
            return self.model_copy(
                update={
                    "api_auth": self.auth_mode,
                    "allowed_hosts": self.allowed_hosts if self.allowed_hosts else hosts,
                }
            )
        missing = []
        if self.api_auth is None:
            missing.append(f"set {_AUTH_HELP}")
        if self.allowed_hosts is None:
            missing.append(
                "set BOT_ALLOWED_HOSTS to the host names clients use "
                "(comma-separated, e.g. bot.example.com; * answers any Host)"
            )
        if missing:
            raise ConfigurationError(
                f"refusing to serve the Lex runtime API on {host} (not a loopback address): "
                + "; and ".join(missing)
            )
        return self

    def warnings(self, host: str) -> list[str]:
        """What an operator should know about these settings on `host` (never a secret)."""
        notes = []
        if self.auth_mode == "none" and not is_loopback(host):
            notes.append(
                f"the Lex runtime API on {host} answers anyone who can reach it "
                "(BOT_API_AUTH=none): every session can be read, changed and deleted"
            )
        if self.channel_sessions_allowed:
            notes.append(
                "BOT_API_CHANNEL_SESSIONS=allow: API clients can read and change the Slack, "
                "Facebook and REST conversations (alias $CHANNELS)"
            )
        return notes

    def describe(self) -> str:
        """One line for the start-up banner: the mode, key ids and host names, no secrets."""
        auth: str = self.auth_mode
        if auth == "sigv4":
            auth += f" (access keys {', '.join(self.credentials)})"
        elif auth == "token":
            auth += f" ({len(self.tokens)} token(s))"
        hosts = ", ".join(self.trusted_hosts())
        rate = f", {self.api_rate_limit:g} requests/s per client" if self.api_rate_limit else ""
        metrics = "bearer token" if self.metrics_token is not None else "open"
        return f"runtime API auth: {auth}; hosts: {hosts}{rate}; /metrics: {metrics}"
