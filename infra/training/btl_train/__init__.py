"""Training, export and evaluation of the default Buy That Look models (see ../README.md)."""
