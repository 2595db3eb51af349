"""Session storage: conversations and small keyed records, behind one `SessionStore` interface."""
