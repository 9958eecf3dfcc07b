"""A local Discord (REST v10 + gateway) for testing the bot with the unmodified discord.py."""
from .server import FakeDiscord, Fault, InteractionRecord, Recorded

__all__ = ["FakeDiscord", "Fault", "InteractionRecord", "Recorded"]
