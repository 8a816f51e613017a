"""Turn a Dossier into HTML, laid-out pages and PDF bytes."""
