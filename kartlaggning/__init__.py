"""Kartläggning: an offline tool for the SASSAM kartläggning conversation."""
__version__ = "0.1.0"
