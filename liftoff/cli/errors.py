class RunError(RuntimeError):
    """A run could not start or finish; the message says why and what to do."""
