"""Channel adapters (Slack, Facebook Messenger, REST): thin converters around the engine facade.

`mount(app, runtime, settings)` adds the routes of every channel whose secrets are configured
(REST is always on, as in Rasa) and returns the names of the live channels.
"""
