"""Pages of the tournament app, one module per part."""
