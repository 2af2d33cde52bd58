"""Views of relationship management, one module per area; urls.py refers to them here."""

from . import core, exports, partners, plans  # noqa: F401
