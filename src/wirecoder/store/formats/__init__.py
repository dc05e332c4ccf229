"""The export formats beyond the store's own JSONL: flat events (CSV, Parquet) and the field's exchange
formats (POLECAT TSV, PLOVER JSON, Phoenix TSV), each a projection of ``records.iter_records``.

docs/fields.md documents every column; tests/test_fields_reference.py keeps it complete.
"""
