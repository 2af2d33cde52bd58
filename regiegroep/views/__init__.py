"""Views of the steering group part, by area."""
