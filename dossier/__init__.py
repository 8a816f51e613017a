"""dossier: compile typed, cited case files into a footnoted PDF briefing.

The stages, in the order a build runs them (`build.build` is the plan that runs them):

    content/     a content folder into a checked Dossier, or into all of its problems
    cite/        cites into numbered notes and a bibliography in a CSL style
    render/      a Dossier into the view model, HTML, laid-out pages and accessible PDF bytes
    build.py     the stage plan: inputs, load and validate, cite, render, audit, tags, write
    distribute/  one briefing and a recipients list into copies delivered exactly once
    cli.py       command-line arguments into one call of the plan or of distribute

Under all of them, the spine: errors, paths, files, limits, dates, freshness, worker.
A stage imports only from the stages before it (tests/test_layers.py).
"""

__version__ = "0.1.0"
