"""An event's place the way ACLED's coders write it: location, admin areas, point and
geo_precision, with the locations ACLED's coders used as a fallback where the gazetteer fails."""
