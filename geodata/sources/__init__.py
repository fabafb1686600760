"""Readers, one per source format; the only code in the project that touches disk."""
