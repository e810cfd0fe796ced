"""Errors a reader raises when a file cannot be read at all."""


class ReadError(Exception):
    """The file is not readable as its format; the message says why (and where)."""
