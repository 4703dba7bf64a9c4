"""claimtrack: who said what, when, and who changed their position."""

__version__ = "0.1.0"
