"""Home, health, and the little pages every site needs."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user

from ..extensions import limiter

bp = Blueprint("core", __name__)


@bp.route("/")
def home():
    """Logged-in users go to their dashboard; others see what Mentorbrug is."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    return render_template("core/welcome.html")


@bp.route("/privacy")
def privacy():
    return render_template("core/privacy.html")


@bp.route("/healthz")
@limiter.exempt
def healthz():
    """Anyone (load balancers): 200 while pages can be served, 503 when the database does not answer.
    Redis down is reported but still 200: the app keeps serving, its limits counted in process memory."""
    from ..ops.health import database_status, redis_status

    checks = {"db": database_status(), "redis": redis_status()}
    if checks["db"] != "ok":
        return jsonify(status="unavailable", **checks), 503
    return jsonify(status="degraded" if checks["redis"] == "down" else "ok", **checks)
