"""Alerts: noticing when a site's level changes or a severe event hits it, and telling
subscribers (webhook, email) through a durable outbox, plus CAP 1.2 and Atom feeds."""
