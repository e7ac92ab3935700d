"""Strike Atlas: conflict events geocoded offline and served on an interactive map."""

__version__ = "0.1.0"
