from tests.security.test_redis import redis_settings  # noqa: F401 - fixture shared with the Redis tests
