"""Every blueprint, in one place. Children of the workspace scope (``/w/<id>/...``) are attached once, here."""

from .accounts import avg as _avg  # noqa: F401
from .accounts.email_change import bp as email_bp
from .accounts.password_reset import bp as password_bp
from .accounts.views import bp as accounts_bp
from .activity.views import bp as activity_bp
from .admin.views import bp as admin_bp
from .core.views import bp as core_bp
from .dashboard.views import bp as dashboard_bp
from .groundwork.views import bp as groundwork_bp
from .invitations.views import bp as invitations_bp
from .mail.views import bp as mail_bp
from .notes.views import bp as notes_bp
from .orgs.views import bp as orgs_bp
from .people.org_views import bp as org_people_bp
from .people.views import bp as people_bp

# isort: split
# Areas register their hooks at import: the pilot area before the evaluation area (whose demo needs the pilot's
# indicators) and before the exports (whose report follows the pilot overview among the closed stage's pages).
from .pilot.views import bp as pilot_bp

# isort: split
from .decide.views import bp as decide_bp
from .evaluation.views import bp as evaluation_bp
from .exports.views import bp as exports_bp
from .exports.views import import_bp

# isort: split
from .stages.views import bp as stages_bp
from .tenancy import views as _workspace_views  # noqa: F401  (adds routes to the scope)
from .tenancy.access import scope
from .tenancy.views import bp as workspaces_bp

scope.register_blueprint(stages_bp)
scope.register_blueprint(exports_bp)

scope.register_blueprint(people_bp)
scope.register_blueprint(activity_bp)
scope.register_blueprint(decide_bp)
scope.register_blueprint(pilot_bp)
scope.register_blueprint(evaluation_bp)
scope.register_blueprint(notes_bp)
scope.register_blueprint(groundwork_bp)

APP_BLUEPRINTS = [core_bp, accounts_bp, orgs_bp, invitations_bp, workspaces_bp, scope, org_people_bp, admin_bp, dashboard_bp, import_bp,
                 mail_bp, password_bp, email_bp]
