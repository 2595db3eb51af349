"""Operational settings of a served bot, read from `BOT_*` environment variables.

Only how the server uses threads, keeps its session store, bounds what clients send and logs:
nothing here changes what a bot answers. Values are checked when read (`from_environment`), so
`bot serve` refuses to start with a bad one, such as `BOT_HOOK_WORKERS=0`, and names it.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import ConfigurationError


class OperationsSettings(BaseSettings):
    """Thread pools and session-store upkeep."""

    model_config = SettingsConfigDict(env_prefix="BOT_", extra="ignore")

    # In-process (`python:`) code hooks running at once; also the connections kept per Lambda or
    # HTTP hook. A hook that hangs holds its worker until it returns.
    hook_workers: int = Field(default=8, ge=1, le=1024)
    # Threads for turns that may wait on a code hook and for channel turns (anyio's default: 40).
    turn_threads: int = Field(default=40, ge=1, le=1024)
    # Expired sessions and delivery records are purged this often, idle or not …
    purge_interval_seconds: float = Field(default=60.0, gt=0)
    # … at most this many rows of each kind per run, so one run never holds the store for long.
    purge_batch: int = Field(default=1000, ge=1)

    @classmethod
    def from_environment(cls) -> OperationsSettings:
        """The settings in the environment; a bad value is a `ConfigurationError` naming it."""
        return _from_environment(cls)


class MissedSettings(BaseSettings):
    """Which turns are kept as missed utterances (`bot missed`), and how many for how long."""

    model_config = SettingsConfigDict(env_prefix="BOT_", extra="ignore")

    # A turn is missed when it fell back, or its top intent scored below the locale's
    # nluConfidenceThreshold plus this margin.
    missed_margin: float = Field(default=0.15, ge=0, le=1)
    # The newest this many per bot are kept (0: none is recorded) …
    missed_max_count: int = Field(default=10_000, ge=0, le=1_000_000)
    # … for at most this many days.
    missed_max_age_days: float = Field(default=30.0, gt=0, le=3650)

    @classmethod
    def from_environment(cls) -> MissedSettings:
        """The settings in the environment; a bad value is a `ConfigurationError` naming it."""
        return _from_environment(cls)

    @property
    def max_age_seconds(self) -> float:
        return self.missed_max_age_days * 86_400


class ServerLimits(BaseSettings):
    """How much a client may send and for how long, and how many connections the server keeps.
    The app enforces the body limit and its deadline (`bot.body_limit`); `bot serve` hands the
    rest to uvicorn (`uvicorn_options`). Bodies in memory are bounded by about
    `max_connections` × `max_body_bytes`."""

    model_config = SettingsConfigDict(env_prefix="BOT_", extra="ignore")

    # Any request body, on every route: refused with 413 as it streams in, before any check.
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    # A body must have arrived this long after the request began, or it is refused with 408.
    body_timeout_seconds: float = Field(default=30.0, gt=0)
    # Open connections (the one asking included) or requests in progress: at this many,
    # uvicorn answers 503 at once.
    max_connections: int = Field(default=256, ge=1)
    # An idle keep-alive connection is closed after this long.
    keep_alive_seconds: int = Field(default=5, ge=1)
    # The request line and headers together (larger: 400 from uvicorn's HTTP parser).
    max_header_bytes: int = Field(default=16 * 1024, ge=1024)
    # Connections the kernel queues before the server accepts them.
    backlog: int = Field(default=256, ge=1)

    @classmethod
    def defaults(cls) -> ServerLimits:
        """The documented defaults, whatever the environment says."""
        return cls.model_construct()

    @classmethod
    def from_environment(cls) -> ServerLimits:
        """The limits in the environment; a bad value is a `ConfigurationError` naming it."""
        return _from_environment(cls)

    def uvicorn_options(self) -> dict[str, Any]:
        """The keyword arguments of `uvicorn.run` these limits set."""
        return {
            "limit_concurrency": self.max_connections,
            "timeout_keep_alive": self.keep_alive_seconds,
            "h11_max_incomplete_event_size": self.max_header_bytes,
            "backlog": self.backlog,
        }


class ObservabilitySettings(BaseSettings):
    """How a served bot logs (`bot.observability.logs`). Metrics need no setting: `/metrics`
    is guarded by `BOT_METRICS_TOKEN` (a security setting), and several workers aggregate
    through `PROMETHEUS_MULTIPROC_DIR`, which prometheus_client reads itself."""

    model_config = SettingsConfigDict(env_prefix="BOT_", extra="ignore")

    # `json`: one JSON object per line on stdout; `human`: lines for a terminal, on stderr.
    log_format: Literal["human", "json"] = "human"
    # Default: INFO in JSON (an access line per request, a line per turn), WARNING for humans.
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] | None = None
    # Whether turn lines carry what the user said and what the bot answered (JSON only).
    log_text: bool = False

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() or None if isinstance(value, str) else value

    @classmethod
    def from_environment(cls) -> ObservabilitySettings:
        """The settings in the environment; a bad value is a `ConfigurationError` naming it."""
        return _from_environment(cls)

    @property
    def level(self) -> str:
        return self.log_level or ("INFO" if self.log_format == "json" else "WARNING")

    def uvicorn_options(self) -> dict[str, Any]:
        """uvicorn's loggers without a configuration of their own (they propagate to ours) and
        without uvicorn's access log, whose raw paths hold session ids: ours has the route."""
        return {"log_config": None, "log_level": self.level.lower(), "access_log": False}


_S = TypeVar("_S", bound=BaseSettings)


def _from_environment(cls: type[_S]) -> _S:
    try:
        return cls()
    except ValidationError as exc:
        problems = "; ".join(
            f"BOT_{'_'.join(str(p) for p in error['loc']).upper()}: {error['msg']}"
            for error in exc.errors()
        )
        raise ConfigurationError(problems) from None
