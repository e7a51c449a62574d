"""Code the definitions in orchestration/defs/ share that is not itself a definition."""
