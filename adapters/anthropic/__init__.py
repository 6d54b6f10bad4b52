"""The native Anthropic API target: requests pass through, answers are already Anthropic form."""
