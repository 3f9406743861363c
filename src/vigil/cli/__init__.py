"""The ``vigil`` command line (Typer + Rich).

One module per command (or command group), in a sub-package per area of the
pipeline: ``ingest`` (reports in), ``store`` (reading what is kept), ``assess``
(sites and their threat), ``alert`` (telling people), ``serve`` (the watch
floor) and ``eval`` (accuracy on gold sets). ``main`` holds the app and the
table of commands; ``demo`` runs them all end to end on the bundled example.
"""
