"""Loaded by pytest with `-p config.testenv`, before pytest-django reads the settings.

The suite runs with DEBUG off as in production, a fixed throwaway key, fast password hashing
and plain-HTTP cookies for the live server.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("EKINERJA_FAST_PASSWORDS", "1")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
