"""The benchmark of `make bench`: how the app holds up as the coalition grows (README.md)."""
