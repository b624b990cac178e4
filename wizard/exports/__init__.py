"""File outputs, rendered from language-free results in the chosen language, in one place:
``tables`` (the roadmap CSV and the formula-safe CSV writer) and ``workshop`` (responses CSV,
group roadmap, Markdown summary)."""
