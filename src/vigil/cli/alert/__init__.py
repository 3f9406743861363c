"""Commands that tell people: ``alerts`` (subscribe, deliver, list, feeds)."""
