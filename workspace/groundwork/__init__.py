"""The content of the first three stages: explore (tips 1-2), network (tips 3-4), values check (tips 5-6)."""
