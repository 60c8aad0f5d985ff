"""Helpers for the storage tests and the scripts they run in subprocesses."""
