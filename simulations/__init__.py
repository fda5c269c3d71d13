"""The course's simulations: plain numpy modules that run both in CPython and, unchanged, in Pyodide.

Every public module here (a name without a leading underscore) is one simulation and follows the contract
in ``docs/simulation-contract.md``: ``TITLE``, ``SUMMARY``, ``PARAMS`` and ``view(**params) -> dict``.
Helpers shared by several simulations live in underscore modules. Nothing here imports ``convlab``,
jinja2 or markdown: this package is shipped to the reader's browser as it is.
"""
