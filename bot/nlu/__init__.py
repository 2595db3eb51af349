"""Natural-language understanding: intent classification, slot tagging and slot resolution.

This package is usable alone as a library: it knows nothing of dialog, sessions, HTTP or channels.
"""
