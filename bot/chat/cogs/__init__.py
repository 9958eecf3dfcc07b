"""Cogs: thin Discord entry points; each gets its services through the constructor."""
