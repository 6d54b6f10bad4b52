"""The Anthropic streaming protocol: SSE framing, event grammar, folding and schema checks."""
