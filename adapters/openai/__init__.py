"""The OpenAI chat-completions target (Anthropic call in, ``POST /chat/completions`` out) and
the OpenAI front door (chat-completions request in, Anthropic request out, and back)."""
