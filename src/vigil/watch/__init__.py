"""The watch: feeds polled around the clock, a durable job queue, workers that never stop.

Beside :mod:`vigil.ingest` (which reads what it is handed), the watch fetches:
``feeds`` (what each organisation follows), ``poll`` (due feeds -> queued
items), ``queue`` (jobs leased from the database), ``work`` (a job -> document
-> pipeline -> store -> assessment -> alert outbox) and ``service`` (the loop,
worker processes and signals behind ``vigil watch``).
"""
