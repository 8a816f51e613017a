"""Check what the briefing prints against the kept text of its sources: `dossier verify`.

texts.py reads `sources/<key>.txt` into a searchable form; forms.py turns a printed value
(a date, a term, an amount, a count, a name, a quotation) into the forms people write it in
and looks for them; values.py lists the values each item prints with the sources it cites;
run.py checks every value and counts what was verified, derived and unverifiable.
"""
