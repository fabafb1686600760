"""Deliveries: data holders (gemeenten, CBS, BZK) supply the kernindicatoren open data lacks.

* :mod:`.template` — the delivery template (XLSX/CSV) prefilled for an organisation;
* :mod:`.validate` — reading an uploaded file safely and checking it (a Dutch report per row/column):
  file-level checks in :mod:`.files`, cells to a typed frame in :mod:`.cells`, row checks in :mod:`.rows`;
  the file's layout (sheet, columns, status words) in :mod:`.layout`, findings in :mod:`.problems`;
* :mod:`.db` — the database (SQLAlchemy, Alembic migrations): organisations, accounts, deliveries, rows;
* :mod:`.service` — the one code path of the page ``/aanleveren`` and ``python -m geodata deliver``;
* :mod:`.merge` — delivered rows as store values (aggregated to focus areas by the existing rules);
* :mod:`.overlay` — the running store picks up new deliveries (checked at most every 30 s).

Nothing here imports Dash or Flask.
"""
