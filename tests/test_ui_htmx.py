"""htmx and the page around it: an ended session sends the whole page to the login page (with ``next`` the page
the person was on), an expired CSRF token is renewed without losing what was typed, every htmx action's
status text travels in ``HX-Trigger`` for the one live region, and the layout has what every page needs
(status region, disclosure menu, icons, description, htmx attributes written as ``data-hx-*``)."""

from __future__ import annotations

import json
import re
from datetime import UTC
from pathlib import Path

from tests.factories_workflow import current_tasks
from workspace.templating import iso_datetime

ROOT = Path(__file__).resolve().parents[1]


def trigger(response, header: str = "HX-Trigger-After-Settle") -> dict:
    return json.loads(response.headers.get(header, "{}"))


# --- expiry -------------------------------------------------------------------------------------------------

def test_htmx_request_after_the_session_ended_redirects_the_whole_page_to_login(make, client):
    cast = make.workspace()
    task = current_tasks(cast.workspace)[0]
    page = f"/w/{cast.workspace.id}/?lang=en"
    response = client.get(f"/w/{cast.workspace.id}/workflow/tasks/{task.id}",
                          headers={"HX-Request": "true", "HX-Current-URL": f"http://localhost{page}"})
    assert response.status_code == 401
    assert response.get_data(as_text=True) == ""  # never a login page inside the task list
    location = response.headers["HX-Redirect"]
    assert location.startswith("/login?next=")
    from urllib.parse import parse_qs, urlsplit

    assert parse_qs(urlsplit(location).query)["next"] == [page]


def test_htmx_post_after_the_session_ended_also_goes_to_login(make, client):
    cast = make.workspace()
    task = current_tasks(cast.workspace)[0]
    response = client.post(f"/w/{cast.workspace.id}/workflow/tasks/{task.id}/done", data={"done": "1"}, htmx=True,
                           headers={"HX-Current-URL": f"http://localhost/w/{cast.workspace.id}/"})
    assert response.status_code == 401
    assert "next=%2Fw%2F" in response.headers["HX-Redirect"]
    assert current_tasks(cast.workspace)[0].done is False


def test_next_from_another_site_is_not_followed(make, client):
    cast = make.workspace()
    response = client.get(f"/w/{cast.workspace.id}/", headers={"HX-Request": "true",
                                                                "HX-Current-URL": "https://evil.example/w/1/"})
    assert response.headers["HX-Redirect"] == "/login?next=%2F"


def test_plain_request_after_the_session_ended_still_gets_a_redirect(make, client):
    cast = make.workspace()
    response = client.get(f"/w/{cast.workspace.id}/notes/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/login?next=%2Fw%2F{cast.workspace.id}%2Fnotes%2F")


def test_expired_csrf_token_on_an_htmx_post_renews_the_token_and_keeps_the_form(make, login_as, client):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    task = current_tasks(cast.workspace)[0]
    tick = f"/w/{cast.workspace.id}/workflow/tasks/{task.id}/done"
    response = client.post(tick, data={"done": "1", "csrf_token": "stale"}, htmx=True,
                           headers={"X-CSRFToken": "stale", "Accept-Language": "en"})
    assert response.status_code == 403
    assert response.headers["HX-Reswap"] == "none"  # nothing swapped: what was typed stays on the page
    assert response.get_data(as_text=True) == ""
    event = trigger(response, "HX-Trigger")["mb:csrf"]
    assert "press the button again" in event["text"] or "druk nog een keer" in event["text"]
    assert current_tasks(cast.workspace)[0].done is False
    # The renewed token works for the same press of the button.
    again = client.post(tick, data={"done": "1", "csrf_token": event["token"]}, htmx=True, csrf=False)
    assert again.status_code == 200
    assert current_tasks(cast.workspace)[0].done is True


def test_expired_csrf_token_without_javascript_gets_the_error_page(make, client):
    response = client.post("/login?lang=en", data={"email": "x@example.org", "password": "y"}, csrf=False)
    assert response.status_code == 400
    assert "HX-Trigger" not in response.headers
    assert "expired" in response.get_data(as_text=True)


# --- the status text of htmx actions ------------------------------------------------------------------------

def test_htmx_tick_carries_a_status_text_in_the_readers_language(make, login_as, client):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    client.get("/?lang=en")
    task = current_tasks(cast.workspace)[0]
    response = client.post(f"/w/{cast.workspace.id}/workflow/tasks/{task.id}/done", data={"done": "1"}, htmx=True)
    assert response.status_code == 200
    status = trigger(response)["mb:status"]
    assert status["level"] == "success" and status["text"]
    client.get("/?lang=nl")
    response = client.post(f"/w/{cast.workspace.id}/workflow/tasks/{task.id}/done", data={"done": "0"}, htmx=True)
    assert trigger(response)["mb:status"]["text"] != status["text"]  # Dutch now


def test_refused_htmx_action_says_so_in_the_status(make, login_as, client):
    cast = make.workspace()
    login_as(cast.observer)
    client.get("/?lang=en")
    task = current_tasks(cast.workspace)[0]
    response = client.post(f"/w/{cast.workspace.id}/workflow/tasks/{task.id}/done", data={"done": "1"}, htmx=True)
    assert response.status_code == 403
    # The refusal itself goes into the live region (#flashes), so no second status text is added.
    assert response.headers["HX-Retarget"] == "#flashes"
    assert "mb:status" not in trigger(response)
    assert response.get_data(as_text=True).strip()


def test_flash_of_an_htmx_request_goes_to_the_status_not_to_the_next_page(make, login_as, client, app):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    from flask import flash

    from workspace.core.status import send_status

    with app.test_request_context("/", method="POST", headers={"HX-Request": "true"}):
        flash("Task deleted.", "success")
        response = send_status(app.make_response(("", 200, {"HX-Trigger": "workspace-changed"})))
        assert response.headers["HX-Trigger"] == "workspace-changed"  # the area's own event stays as it was
        assert trigger(response)["mb:status"] == {"level": "success", "text": "Task deleted."}
    with app.test_request_context("/", method="POST", headers={"HX-Request": "true"}):
        flash("Now at the next stage.", "success")
        response = send_status(app.make_response(("", 200, {"HX-Redirect": "/w/1/"})))
        assert "HX-Trigger-After-Settle" not in response.headers  # the page goes elsewhere: the flash shows there


def test_htmx_get_without_a_message_says_nothing(make, login_as, client):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    task = current_tasks(cast.workspace)[0]
    client.get(f"/w/{cast.workspace.id}/")  # the page that shows the login's welcome
    response = client.get(f"/w/{cast.workspace.id}/workflow/tasks/{task.id}/edit", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "mb:status" not in trigger(response)


# --- the layout ---------------------------------------------------------------------------------------------

def test_layout_has_one_status_region_a_disclosure_menu_icons_and_a_description(make, login_as, client):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    page = client.get(f"/w/{cast.workspace.id}/?lang=en").get_data(as_text=True)
    assert page.count('role="status"') == 1 and 'id="flashes"' in page
    menu = page[page.index('<details class="menu-narrow">'):]
    menu = menu[:menu.index("</details>")]
    assert "Log out" in menu and 'hreflang="nl"' in menu  # language switch and log out inside the menu
    assert '<meta name="description" content="' in page
    assert 'rel="manifest"' in page and 'rel="icon"' in page and 'rel="apple-touch-icon"' in page
    assert "data-hx-headers=" in page
    for asset in ("icon.svg", "icon-32.png", "icon-180.png", "icon-192.png", "icon-512.png", "manifest.webmanifest",
                  "app.js", "theme.css"):
        response = client.get(f"/static/{asset}")
        assert response.status_code == 200, asset
        response.close()
    response = client.get("/static/manifest.webmanifest")
    manifest = json.loads(response.get_data(as_text=True))
    response.close()
    assert {i["sizes"] for i in manifest["icons"]} >= {"192x192", "512x512"}


def test_templates_write_htmx_attributes_as_data_hx():
    """``data-hx-*`` validates (vnu, make check-html); a bare ``hx-*`` attribute does not."""
    bare = re.compile(r"(?<![\w-])hx-(get|post|put|patch|delete|target|swap|trigger|confirm|vals|headers|select|"
                      r"push-url|indicator|disable|disabled-elt|swap-oob|on|boost|include|params|sync|ext)\s*=")
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for lineno, line in enumerate(path.read_text().splitlines(), 1):
            if bare.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{lineno}")
    assert offenders == []


def test_dates_in_english_are_british_and_times_in_amsterdam(app):
    from datetime import date, datetime

    from flask_babel import force_locale

    from workspace.templating import format_date, format_datetime

    with app.test_request_context("/"):
        with force_locale("en"):
            assert format_date(date(2026, 12, 1)) == "1 Dec 2026"
            assert format_date(date(2026, 12, 1), "short") == "01/12/2026"
            # 23:30 UTC on 1 December is 00:30 on 2 December in Amsterdam.
            assert format_date(datetime(2026, 12, 1, 23, 30)) == "2 Dec 2026"
            assert format_datetime(datetime(2026, 7, 1, 10, 0, tzinfo=UTC), "short") == "01/07/2026, 12:00"
        with force_locale("nl"):
            assert format_date(date(2026, 12, 1)) == "1 dec 2026"
    assert iso_datetime(datetime(2026, 12, 1, 22, 37, 5, 123456)) == "2026-12-01T22:37:05Z"


def test_over_long_paste_is_refused_with_the_limit_and_kept_in_the_form(make, login_as, client):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    page = client.get(f"/w/{cast.workspace.id}/notes/?lang=en").get_data(as_text=True)
    title_input = re.search(r'<input[^>]*name="title"[^>]*>', page).group(0)
    assert "maxlength" not in title_input  # a browser would cut the paste off without a word
    assert re.search(r'<label for="[^"]*title" class="required">', page)  # marked in the label
    long_title = "x" * 10_000
    response = client.post(f"/w/{cast.workspace.id}/notes/new", data={"title": long_title, "body": "b"}, htmx=True)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "120" in html and long_title in html  # the limit in the message; what was typed stays
    assert trigger(response)["mb:status"]["level"] == "error"
