"""The tournament app's reads, one module per part (brackets, ratings, live, pages...)."""
