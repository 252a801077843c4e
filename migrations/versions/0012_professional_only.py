"""pilot: a professional-only topic rests with the professional side only (leaflet tip 9)

Before, such a topic could also rest with "both". Existing rows with "both" are moved to the professional side
first, then the check constraint is narrowed (open, or the professional side).

Revision ID: 0012_professional_only
Revises: 0011_activity_details
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


revision = '0012_professional_only'
down_revision = '0011_activity_details'
branch_labels = None
depends_on = None

NAME = 'ck_responsibility_rows_professional_topic_stays_professional'


def upgrade():
    rows = sa.table('responsibility_rows', sa.column('professional_only', sa.Boolean),
                    sa.column('holder', sa.String))
    op.execute(rows.update()
               .where(rows.c.professional_only == sa.true())
               .where(rows.c.holder.is_not(None))
               .where(rows.c.holder != 'professional')
               .values(holder='professional'))
    with op.batch_alter_table('responsibility_rows', schema=None) as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_='check')
        batch_op.create_check_constraint(op.f(NAME), "NOT professional_only OR holder IS NULL OR holder = 'professional'")


def downgrade():
    with op.batch_alter_table('responsibility_rows', schema=None) as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_='check')
        batch_op.create_check_constraint(
            op.f(NAME), "NOT professional_only OR holder IS NULL OR holder IN ('professional','both')")
