"""What the two OpenAI targets (chat completions and Responses) do the same way, once: the
loss policy and option checks, the end-user id, custom tools and ``tool_choice``, reasoning
effort by budget, response formats, image and document sources, and token usage."""
