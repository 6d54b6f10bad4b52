"""Claude on Amazon Bedrock: two targets sharing URLs, auth, event-stream decoding and errors.

``invoke`` sends the Anthropic body over InvokeModel / InvokeModelWithResponseStream;
``converse`` maps the call onto the Converse / ConverseStream API.
"""
