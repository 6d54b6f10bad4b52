"""A case runs as explicit stages, each returning a typed value or a finding:

``prepare`` (scenario -> the client's request and the Anthropic call for the case's front
and target) -> ``encode`` (the target's `WireRequest`) -> ``exchange`` (the `WireResponse`:
replayed, recorded from the simulator, or recorded live) -> ``decode`` (a typed `Outcome`,
shown back through the case's front) -> ``grade`` (findings and the verdict).

A system under test (`harness.systems`) strings the first four together; `harness.runner`
grades what it produced.
"""
