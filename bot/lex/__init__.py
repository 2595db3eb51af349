"""The Lex wire formats, written once: the JSON shapes Lex V2 and V1 give sessions, intents, slots,
contexts, messages and response cards, with their limits. The runtime APIs (`bot.api`) and the
code-hook events and answers (`bot.hooks`) both build and read them from here, so the two cannot
drift apart: `common` holds what the two versions share, `v2` and `v1` each version's shapes.

This package sits below both of its users. It imports `bot.turn` and `bot.nlu.types` only, never
`bot.api`, `bot.hooks`, `bot.dialog`, a bot project or FastAPI, and it never validates a whole
request or answer. What the runtime API and a Lambda do differently (a confidence as `{score}` or
a bare number, `shape: "Scalar"` on single slots, the four intent states a hook sees, a hook's
lenient time to live, strict or lenient attribute maps) is said in the module that differs, not
hidden here.
"""
