"""Profile LETP's endpoints in one process with pyinstrument (bench/run --only profile, or by hand):

.venv/bin/python -m bench.profile [module|dashboard|autosave|submit] [requests]
"""

from __future__ import annotations

import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from . import database, seed
from .client import TOKEN

PASSWORD = "bench-officer-passphrase-2026"


def prepared(requests: int):
    from lms.auth import passwords

    tmp = Path(tempfile.mkdtemp(prefix="letp-profile-"))
    url = database.new_database("sqlite", tmp, "profile")
    database.migrate(url)
    app = database.app_for(url, ARGON2_TIME_COST=1, ARGON2_MEMORY_KIB=8192, ARGON2_PARALLELISM=1,
                           RATE_LIMIT="1000000 per minute")  # fmt: skip
    seeder = seed.Seeder(app)
    seed.cohort_of_officers(seeder, 1000, passwords.make_hasher(1, 8192, 1).hash(PASSWORD))
    people = seed.load_people(seeder, connections=1, submit_pool=requests + 1, day_officers=0,
                              light_hash=passwords.make_hasher(1, 8192, 1).hash(PASSWORD), real_hash="")  # fmt: skip
    seeder.finish()
    return app, people, seeder.course


def signed_in(app, email: str, token_page: str):
    client = app.test_client()
    token = TOKEN.search(client.get("/auth/login").get_data(as_text=True)).group(1)
    assert (
        client.post("/auth/login", data={"email": email, "password": PASSWORD, "csrf_token": token}).status_code == 302
    )
    return client, TOKEN.search(client.get(token_page).get_data(as_text=True)).group(1)


def calls(app, people, course, endpoint: str, requests: int):
    quiz = people.quiz
    base = f"/quizzes/crypto-crime-essentials/{quiz}/attempts"
    if endpoint in ("module", "dashboard"):
        client, _token = signed_in(app, people.halfway[0], "/progress/")
        path = f"/courses/crypto-crime-essentials/{course.modules[3].slug}" if endpoint == "module" else "/progress/"
        return [lambda: client.get(path)] * requests
    if endpoint == "autosave":
        email, attempt_id, _fields = people.autosave[0]
        client, token = signed_in(app, email, f"{base}/{attempt_id}")
        state = {"revision": 1}

        def save():
            response = client.post(f"{base}/{attempt_id}/save", data={"csrf_token": token, "present": "0",
                                   "revision": state["revision"], "q0": f"0-{state['revision'] % 2}"})  # fmt: skip
            state["revision"] = response.get_json()["revision"]
            return response

        return [save] * requests
    clients = []
    for email, attempt_id, fields in people.submit[:requests]:
        client, token = signed_in(app, email, f"{base}/{attempt_id}")
        body = urllib.parse.urlencode([("csrf_token", token), ("action", "submit"), *fields])
        clients.append(lambda c=client, a=attempt_id, b=body: c.post(f"{base}/{a}", data=b,
                       content_type="application/x-www-form-urlencoded"))  # fmt: skip
    return clients


def main() -> None:
    from pyinstrument import Profiler

    endpoint = sys.argv[1] if len(sys.argv) > 1 else "submit"
    requests = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    app, people, course = prepared(requests)
    todo = calls(app, people, course, endpoint, requests)
    todo[0]()  # warm
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for call in todo[1:]:
            response = call()
            assert response.status_code in (200, 302), response.status_code
    elapsed = time.perf_counter() - started
    print(
        f"{endpoint}: {(len(todo) - 1) / elapsed:.0f} requests/s in one process ({elapsed / (len(todo) - 1) * 1000:.2f} ms each)"
    )
    print(profiler.output_text(unicode=False, color=False, show_all=False, timeline=False))
    database.drop_created()


if __name__ == "__main__":
    main()
