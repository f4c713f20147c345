"""restwell management commands."""
