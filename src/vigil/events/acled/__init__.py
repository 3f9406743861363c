"""ACLED's coding of an event: its type and sub-event type (the text model and the facts that
split the types), its actors and fatalities, and the full ACLED row."""
