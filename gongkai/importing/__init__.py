"""`build.py import`: Word files laid out as 公文 (GB/T 9704) become Markdown documents of the site."""
