"""File outputs, rendered from language-free results in the chosen language.

``tables``: the roadmap CSV and the formula-safe CSV writer; ``workshop``: the responses CSV,
the group roadmap and the Markdown summary.
"""
