"""One module per area (see docs/architecture.md)."""
