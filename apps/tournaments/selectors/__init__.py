"""The tournament app's reads, one module per part (entries, brackets, ratings, challenges, pages)."""
