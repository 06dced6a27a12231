"""API input and output shapes of the tournament app, one module per part."""
