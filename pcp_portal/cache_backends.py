"""A Redis cache that the site can live without.

The cache only ever saves work: every page can be built from the database.
When Redis cannot be reached, Django's own `RedisCache` raises, and every
request that touches the cache (every public page, every save that raises the
cache's generation) answers 500. This backend answers as an empty cache
instead (a read misses, a write is dropped), logs the fault, and for a few
seconds after one does not try Redis again, so an outage does not add a
connection timeout to every request. `/health/` still reports it.
"""

from __future__ import annotations

import logging
import time
from typing import Any, ClassVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Without these a Redis that drops packets (rather than refusing) would hold each request for minutes.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}


class CacheUnavailable(Exception):
    """Redis did not answer: the cache behaves as empty until it does."""


class ResilientRedisCache(RedisCache):
    # Shared by every thread of the process: the cache handler gives each thread its own backend.
    _down_until: ClassVar[float] = 0.0
    RETRY_AFTER_SECONDS: ClassVar[float] = 5.0

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)

    @classmethod
    def is_down(cls) -> bool:
        return time.monotonic() < cls._down_until

    def _call(self, operation: str, *args, **kwargs):
        if self.is_down():
            raise CacheUnavailable(operation)
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError as exc:
            if not self.is_down():
                logger.warning("Cache unreachable (%s: %s); serving uncached.", type(exc).__name__, exc)
            type(self)._down_until = time.monotonic() + self.RETRY_AFTER_SECONDS
            raise CacheUnavailable(operation) from exc

    def _quietly(self, default: Any, operation: str, *args, **kwargs):
        try:
            return self._call(operation, *args, **kwargs)
        except CacheUnavailable:
            return default

    def get(self, key, default=None, version=None):
        return self._quietly(default, "get", key, default, version)

    def get_many(self, keys, version=None):
        return self._quietly({}, "get_many", keys, version)

    def has_key(self, key, version=None):
        return self._quietly(False, "has_key", key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._quietly(False, "add", key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._quietly(None, "set", key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._quietly(list(data), "set_many", data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._quietly(False, "touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._quietly(False, "delete", key, version)

    def delete_many(self, keys, version=None):
        return self._quietly(None, "delete_many", keys, version)

    def clear(self):
        return self._quietly(False, "clear")

    def incr(self, key, delta=1, version=None):
        """As for a missing key: the caller's usual fallback (`set`) is then dropped too."""
        try:
            return self._call("incr", key, delta, version)
        except CacheUnavailable as exc:
            raise ValueError(f"The cache is unavailable; {key!r} was not incremented.") from exc
