"""timeline: news articles in, a dated timeline of diplomatic events out."""

__version__ = "0.1.0"
