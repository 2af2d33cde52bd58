"""Views of relationship management, one module per area; urls.py refers to them here."""

from . import core, partners, plans  # noqa: F401
