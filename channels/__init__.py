"""Channel adapters (Slack, Facebook Messenger, REST): thin converters around the engine facade."""
