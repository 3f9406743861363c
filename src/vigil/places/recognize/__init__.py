"""Toponym recognition: which stretches of a text name (or point at) a place."""
