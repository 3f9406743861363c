"""Language: the spaCy parse, canonical entities, time expressions, quotes and quantities."""
