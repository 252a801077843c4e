"""Figures for the mail and account work (issue #14), against a real local SMTP server (aiosmtpd).

    python scripts/bench_mail.py [--rounds 200] [--passwords FILE]

1. The reset flow end to end: ask for a link, receive the mail over SMTP, set a new password, use the link twice.
2. A digest run while the SMTP server is down, then up: queued, attempts, delivered, duplicates.
3. The timing of "forgot password" for a known and an unknown address (MAIL_DELIVERY=thread, as in
   production: the mail goes out after the response), median and 90th percentile over --rounds requests each,
   interleaved.
4. With --passwords (one password a line, e.g. Django's common-passwords list): how many the sign-up rules
   refuse (shorter than 12 characters, or guessable by zxcvbn), and which long ones pass.
A benchmark, not a test: nothing here is asserted.
"""

from __future__ import annotations

import argparse
import gzip
import logging
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--passwords")
    parser.add_argument("--answer-seconds", type=float, default=0.4,
                        help="RESET_ANSWER_SECONDS for the timing (0 shows the raw difference)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)

    from flask_migrate import upgrade
    from sqlalchemy import select

    from tests import factories
    from tests import factories_dashboard as fd
    from tests.smtp_server import SMTPServer
    from workspace import create_app
    from workspace.dashboard.digests import send_digests
    from workspace.dashboard.figures import local_today
    from workspace.dbtypes import utcnow
    from workspace.extensions import db
    from workspace.mail import deliver_due
    from workspace.mail.models import OutboxMail
    from workspace.orgs.models import OrgKind
    from workspace.tenancy.models import Role

    server = SMTPServer()
    server.start()
    tmp = tempfile.mkdtemp()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite",
                      "SERVER_NAME": "localhost", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": server.port,
                      "MAIL_DELIVERY": "inline", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade(revision="heads")
        factories.user(email="lea@example.org", name="Lea Lead")

        print(f"1. Reset flow end to end over SMTP (127.0.0.1:{server.port})")
        client = app.test_client()
        r = client.post("/password/forgot", data={"email": "lea@example.org"})
        mail = server.messages[-1]
        link = re.search(r"https?://\S+/password/reset/[\w-]+", mail.get_body(("plain",)).get_content()).group(0)
        path = link.split("localhost", 1)[1]
        new = "zeven blauwe fietsen bij het station"
        print(f"   forgot: {r.status_code}; mail '{mail['Subject']}' parts "
              f"{[p.get_content_type() for p in mail.iter_parts()]}")
        print(f"   link GET {client.get(path).status_code}; "
              f"set password {client.post(path, data={'new_password': new, 'new_password_again': new}).status_code}; "
              f"logged in: {client.get('/account').status_code == 200}; "
              f"link again {client.get(path).status_code}; notice mail: '{server.messages[-1]['Subject']}'")

        print("2. Digest run while the SMTP server is down, then up")
        mentor, partner_org = factories.org(kind=OrgKind.MENTOR_PROJECT), factories.org(kind=OrgKind.WIJKTEAM)
        people = [factories.user(org=mentor) for _ in range(3)] + [factories.user(org=partner_org)]
        ws = fd.workspace_between(mentor, partner_org, "Vastgelopen", stage="network",
                                  entered=utcnow() - timedelta(days=90),
                                  people=[(p, Role.LEAD, mentor) for p in people[:3]] + [(people[3], Role.LEAD, partner_org)])
        fd.clear_tasks(ws)
        before = len(server.messages)
        server.stop()
        with app.test_request_context("/"):
            queued = send_digests(local_today()).queued
        down = deliver_due()
        again = send_digests_in(app, send_digests, local_today())
        server.start()
        up = deliver_due(now=utcnow() + timedelta(hours=1))
        later = deliver_due(now=utcnow() + timedelta(days=1))
        digests = [m for m in server.messages[before:] if "Mentorbrug:" in m["Subject"]]
        per_person = {p.email: sum(1 for m in digests if m["To"] == p.email) for p in people}
        attempts = sorted(m.attempts for m in db.session.scalars(select(OutboxMail).where(OutboxMail.kind == "digest")))
        print(f"   queued {queued}; server down: {down}; second run that day queued {again}; "
              f"server up: {up}; a day later: {later}")
        print(f"   delivered per person: {per_person}; attempts per mail: {attempts}")

        print(f"3. Timing of 'forgot password' ({args.rounds} requests each, interleaved, MAIL_DELIVERY=thread, "
              f"RESET_ANSWER_SECONDS={args.answer_seconds})")
        app.config["MAIL_DELIVERY"] = "thread"
        app.config["RESET_ANSWER_SECONDS"] = args.answer_seconds
        times = {"known": [], "unknown": []}
        for i in range(args.rounds * 2):
            which = "known" if i % 2 == 0 else "unknown"
            address = "lea@example.org" if which == "known" else f"nobody{i}@example.org"
            start = time.perf_counter()
            response = client.post("/password/forgot", data={"email": address}, buffered=True)
            times[which].append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        time.sleep(1)
        for which, values in times.items():
            values.sort()
            print(f"   {which:8} median {statistics.median(values):6.2f} ms, p90 {values[int(len(values) * 0.9)]:6.2f} ms,"
                  f" mean {statistics.fmean(values):6.2f} ms")

        if args.passwords:
            from workspace.accounts.passwords import MIN_LENGTH
            from workspace.accounts.strength import is_guessable, personal_words

            opener = gzip.open if args.passwords.endswith(".gz") else open
            with opener(args.passwords, "rt", encoding="utf-8", errors="replace") as handle:
                sample = [line.strip() for line in handle if line.strip()]
            words = personal_words("Nina Nieuw", "nina.nieuw@example.org", "Samen Verder")
            short = [p for p in sample if len(p) < MIN_LENGTH]
            long_ = [p for p in sample if len(p) >= MIN_LENGTH]
            guessable = [p for p in long_ if is_guessable(p, words)]
            passed = [p for p in long_ if p not in set(guessable)]
            print(f"4. Common passwords: {len(sample)} in {Path(args.passwords).name}")
            print(f"   refused: {len(short) + len(guessable)} of {len(sample)} "
                  f"({len(short)} shorter than {MIN_LENGTH}, {len(guessable)} of the {len(long_)} long ones by zxcvbn); "
                  f"accepted: {len(passed)}: {passed}")
    server.stop()
    return 0


def send_digests_in(app, send_digests, day) -> int:
    with app.test_request_context("/"):
        return send_digests(day).queued


if __name__ == "__main__":
    raise SystemExit(main())
