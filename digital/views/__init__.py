"""Views of digital inclusion, one module per area; urls.py refers to them here."""

from . import clients, menu, personas, plans  # noqa: F401
from .core import index  # noqa: F401
