"""Counts that matter to security work, and the figures for one thing that cannot both be true."""
