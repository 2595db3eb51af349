"""Facebook Messenger channel tests: a real server, signed webhooks, a fake Graph API."""
