"""The core: knowledge, text normalisation, matching and answering. Never imports discord."""
