"""Turn `python -m dossier` into the dossier command."""

from .cli import main

main()
