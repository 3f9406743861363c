"""Time expressions: found, and normalised against the publication date."""
