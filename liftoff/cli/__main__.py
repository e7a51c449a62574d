"""`python -m liftoff.cli`, as the tests and benchmarks call the command line."""

from liftoff.cli import app

app()
