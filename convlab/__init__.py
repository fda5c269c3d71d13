"""convlab: turns a folder of Markdown chapters and numpy simulations into an interactive course site.

The build runs in stages, one module each: ``config`` (course.yml and command-line options), ``chapters``
(front matter, numbering), ``markup`` and ``directives`` (Markdown to HTML), ``registry`` (the
simulations), ``links`` (cross-checks), ``render`` (Jinja templates), ``runtime`` (Pyodide and the
simulations bundle) and ``builder`` (gather everything, then write the site in one swap).
"""

__version__ = "0.1.0"
