"""The live preview (``build.py --serve``): serve the site, watch the sources, rebuild, reload the tab."""
