"""factbot: a bilingual (Korean/English) Q&A bot over a curated, sourced fact base."""

__version__ = "0.1.0"
