"""Who said what: quoted stretches, indirect speech, and the speakers they belong to."""
