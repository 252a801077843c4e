"""Imports every area's models so that Alembic and create_all see the whole schema."""

from .accounts.models import AccountToken, User, UserSession  # noqa: F401
from .activity.models import Activity  # noqa: F401
from .dashboard.models import DigestLog  # noqa: F401
from .decide.models import Decision, DecisionCycle  # noqa: F401
from .evaluation.models import Evaluation, EvaluationComment, ExitMatch, ExitPlan, IndicatorResult  # noqa: F401
from .groundwork.models import (  # noqa: F401
    CaseAnswer,
    CoreValues,
    ExploreProfile,
    FeasibilityLimits,
    HypotheticalCase,
    NetworkContact,
    NetworkPlan,
    SensitiveTheme,
)
from .invitations.models import Invitation  # noqa: F401
from .mail.models import OutboxMail  # noqa: F401
from .notes.models import Note  # noqa: F401
from .orgs.models import Organisation, OrgMembership  # noqa: F401
from .pilot.models import CheckIn, Indicator, PilotPlan, PracticalNeed, ResponsibilityRow  # noqa: F401
from .stages.models import StageChange, StageTask  # noqa: F401
from .tenancy.models import Membership, Workspace  # noqa: F401
