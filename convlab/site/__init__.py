"""Stage two: the course becomes a site (config, chapters, simulations, templates, search, the build)."""
