"""Home, health, and the little pages every site needs."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db, limiter

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
    """Anyone (load balancers): 200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="down"), 503
    return jsonify(status="ok")
