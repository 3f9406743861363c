"""The ``vigil`` command line (Typer + Rich). One module per command group."""
