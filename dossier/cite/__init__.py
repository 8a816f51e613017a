"""Turn cites into numbered notes and a bibliography in a CSL style."""
