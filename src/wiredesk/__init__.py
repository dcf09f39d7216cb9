"""Wiredesk."""
