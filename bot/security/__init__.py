"""Security at the edge of the runtime API, as small switchable steps: settings from the
environment (`settings`), AWS SigV4 verification (`sigv4`), the route guards — JSON bodies only,
authentication, per-client rate limits — (`guards`, `throttling`) and trusted `Host` names
(`hosts`). `bot.server.create_app` applies them from one `SecuritySettings` passed in.

Nothing here touches a session or the engine, and nothing here logs a secret. Channel webhooks
keep their own verification (`channels/`) and are not covered by these guards.
"""

from bot.security.guards import api_guards
from bot.security.hosts import TrustedHosts
from bot.security.settings import SecuritySettings, is_loopback

__all__ = ["SecuritySettings", "TrustedHosts", "api_guards", "is_loopback"]
