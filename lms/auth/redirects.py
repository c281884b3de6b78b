"""Where `next=` may send a user after login: only a path on this site (security.md A8)."""

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str) -> str:
    if not target or len(target) > 2000:
        return default
    cleaned = target.replace("\\", "/").strip()
    if any(ord(c) < 32 for c in cleaned):
        return default
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc or not cleaned.startswith("/") or cleaned.startswith("//"):
        return default
    return cleaned
