"""HTML forms of the tournament app, one module per part; they shape input, the services decide."""
