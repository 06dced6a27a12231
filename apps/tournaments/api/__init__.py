"""`/api/v1/` views of the tournament app, one module per part."""
