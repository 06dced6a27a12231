"""The tournament app's writes, one module per part: entries (registration, check-in, start, cancel,
finalize and their money), matches (the bracket's rows, reports, disputes, corrections), ratings,
and challenges."""
