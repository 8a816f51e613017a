"""Turn a content folder into a checked Dossier, or into all of its problems."""
