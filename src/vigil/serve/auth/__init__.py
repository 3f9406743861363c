"""Who may use the watch floor and what they did: ``accounts`` (organisations, users,
tokens, web sessions), ``gate`` (the middleware every request passes: credentials,
CSRF, rate limit, security headers) and ``audit`` (the one writer of the audit log)."""
