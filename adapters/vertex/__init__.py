"""The Claude on Vertex AI target: the Anthropic body over ``rawPredict`` / ``streamRawPredict``."""
