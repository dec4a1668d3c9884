"""The code behind the book's explorers, one module per part (chapters call it in a line or two).

Each module holds the compute, view, readout, sentence and alt text of its part's explorers, and a function
per explorer that returns it (``landing.fasting_explorer()``). Chapters hold prose; tests import these
modules instead of copying chapter code.

- :mod:`metabolism.book.landing`: the landing page (fasting glucose and insulin: HOMA-IR, QUICKI, ADA).
- :mod:`metabolism.book.fundamentals`: Fundamentals and its three section pages (six explorers).
- :mod:`metabolism.book.intermediate`: Intermediate, hormones, pathways and long-term benefits.
- :mod:`metabolism.book.medicines`: today's medicines on one simulated person (an Intermediate section).
- :mod:`metabolism.book.academic`: Academic, tissues, organs and measuring.
- :mod:`metabolism.book.reflection`: the Reflection page's virtual twin and its sandbox.
"""
