"""Wire formats of the runtime APIs: one module per protocol, each converting to and from the
neutral turn model (`bot.turn`) with small pure functions. No HTTP framework in here."""
