"""The tournament app's reads, one module per part."""
