"""Errors as one line: what liftoff prints for an expected failure is the cause's first line."""


def first_line(text: object, default: str) -> str:
    """The first line of `text` (an exception's message, a log), or `default` when it is empty."""
    return (str(text).strip().splitlines() or [default])[0]
