"""The tournament app's API views, one module per part; apps/tournaments/api_urls.py routes them."""
