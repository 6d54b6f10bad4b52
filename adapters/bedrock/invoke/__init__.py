"""The ``bedrock-invoke`` target: the Anthropic body over InvokeModel and
InvokeModelWithResponseStream, shaped as ``AnthropicBedrock`` shapes it."""
