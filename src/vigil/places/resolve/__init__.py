"""Toponym resolution in context: which of the places called X the text means, and why."""
