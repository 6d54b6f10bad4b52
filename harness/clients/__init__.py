"""Real clients through a system under test onto every target (docs/CLIENTS.md).

A client scenario (`scenario`) names a client, the prompt given to it, files placed in its
throw-away working directory, and a script of model turns. The simulator recognises the
conversation by a marker in the prompt and tells its turns apart by the conversation so far
(`conversation`); the client's side requests get a neutral answer. A run (`run`) starts the
simulator and the system under test (`stage`), puts a recording relay between the client and
the system (`tap`), runs the client (`claude_code`), and judges what happened (`judge`).
"""
