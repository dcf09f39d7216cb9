"""People's data and the admin's door: login rate limits, subscriber export and erasure.

No models of its own: login failures are counted in the newsletter's `RateLimitHit`
table (shared by every worker process), keyed by a MAC of (IP, username).

Installing it, in settings.py:
- INSTALLED_APPS: add "wiredesk.security" (for the `wiredesk subscriber` command);
- MIDDLEWARE: add "wiredesk.security.login.LoginRateLimitMiddleware" right after
  "django.contrib.auth.middleware.AuthenticationMiddleware".
"""
