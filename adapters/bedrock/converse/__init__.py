"""The ``bedrock-converse`` target: Anthropic calls mapped onto Bedrock's Converse and
ConverseStream APIs, and their replies mapped back."""
