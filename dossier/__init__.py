"""dossier: compile typed, cited case files into a footnoted PDF briefing."""

__version__ = "0.1.0"
