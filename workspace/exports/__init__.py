"""Export a workspace as a versioned JSON document, and start a new workspace from one (as a template)."""
