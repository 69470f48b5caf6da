"""``piiscan redact``: the safe copy of an export.

One module a job: ``actions`` (what happens to a value), ``cells`` (where the values are in
free text), ``plan`` (findings and choices to per-column actions), ``csv``/``json``/``parquet``
(the copies, shape kept), ``sink`` (compressed, atomic output), ``manifest`` (what was done),
``run`` (scan, write, scan the copy).

Named ``redaction`` so that importing it never shadows the public function ``piiscan.redact``.
"""
