"""Renderers: the comparison as HTML, PDF (WeasyPrint with a cached CJK font subset), Markdown and JSON.

Stage: rendering, the last one. Each module takes model objects and returns text or bytes; only
``pdf.py`` touches WeasyPrint and only ``fonts.py`` touches fontTools, both imported lazily.
"""
