"""What a running bot tells its operator: Prometheus metrics (`metrics`, served at `/metrics` by
`endpoint`) and structured logs (`logs`, the access line in `access`), recorded at the seams —
the runtime facade after a turn (`turns`), the code-hook adapter, the session store's failures
(`store`) and the channels' sends.

Nothing here ever records what a user said or a raw session id: label values come from closed
sets (intent names of the bot, dialog action types, transports), and logs carry a hash of the
session id and the user's text only when the operator asks for it (`BOT_LOG_TEXT=true`). The
dialog engine and the NLU never import this package.
"""
