"""dashboard: digest log per person per day, digest opt-out on users

Revision ID: 0007_dashboard
Revises: 0002_activity
Create Date: 2026-11-30

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007_dashboard'
down_revision = '0002_activity'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('digest_logs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('items >= 0', name=op.f('ck_digest_logs_items_not_negative')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_digest_logs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_logs')),
    sa.UniqueConstraint('user_id', 'day', name='uq_digest_logs_user_day')
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest_opt_out', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('digest_opt_out')
    op.drop_table('digest_logs')
