"""gongkai (公开): a static site generator for 政府信息公开专栏 (government information disclosure columns)."""

__version__ = "0.1.0"
