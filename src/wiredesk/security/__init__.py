"""People's data and the admin's door: login rate limits, subscriber export and erasure.

No models of its own: login failures are counted in the newsletter's `RateLimitHit`
table (shared by every worker process), keyed by a MAC of (IP, username).
"""
