"""Saying an assessment: in words or JSON (``explain``), as a situation brief
(``brief``), and as a chart of the level over time (``chart``)."""
