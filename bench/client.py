"""A small HTTP client that behaves like a browser without JavaScript: cookies, CSRF tokens, forms."""

from __future__ import annotations

import http.client
import re
import urllib.parse
from http.cookies import SimpleCookie

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Browser:
    """One officer's browser against one server; redirects are followed only when asked."""

    def __init__(self, base: str):
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port = parsed.hostname, parsed.port
        self.cookies: dict[str, str] = {}
        self.requests = 0
        self.sizes: list[tuple[str, int]] = []  # (method, response body bytes), for replaying against the floor

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method: str, path: str, form=None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        headers = {"Cookie": self.cookie_header()} if self.cookies else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            for raw in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(raw).items():
                    self.cookies[name] = morsel.value
            location = response.headers.get("Location", "")
        finally:
            conn.close()
        self.requests += 1
        self.sizes.append((method, len(data)))
        return response.status, data.decode("utf-8", "replace"), location

    def get(self, path: str) -> tuple[int, str, str]:
        return self.request("GET", path)

    def post(self, path: str, form) -> tuple[int, str, str]:
        return self.request("POST", path, form)

    def follow(self, status: int, text: str, location: str, limit: int = 5) -> tuple[int, str, str]:
        """Follow redirects as a browser does (a GET to each Location)."""
        while status in (301, 302, 303) and location and limit:
            path = urllib.parse.urlsplit(location)
            status, text, location = self.get(path.path + (f"?{path.query}" if path.query else ""))
            limit -= 1
        return status, text, location

    def token(self, path: str) -> str:
        status, text, _location = self.get(path)
        match = TOKEN.search(text)
        if match is None:
            raise RuntimeError(f"no CSRF token on {path} (status {status})")
        return match.group(1)

    def login(self, email: str, password: str, follow: bool = True) -> str:
        """Sign in; returns the dashboard page the login redirects to (when following it)."""
        status, _text, location = self.post("/auth/login", {"email": email, "password": password,
                                                            "csrf_token": self.token("/auth/login")})  # fmt: skip
        if status != 302:
            raise RuntimeError(f"login of {email} failed with status {status}")
        return self.follow(status, "", location)[1] if follow else ""
