"""What each macro shows, by the reader's topic: pure functions from data and arguments to a Markdown block (no MkDocs)."""
