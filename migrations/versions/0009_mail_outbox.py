"""mail: the outbox, and the digest log's link to its mail

Revision ID: 0009_mail_outbox
Revises: 0008_merge_areas
Create Date: 2026-12-01

Every mail goes into outbox_mails in the transaction of its change; a sender delivers it. A digest
log row points to its mail, so a given-up mail lets the next run try that person again.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_mail_outbox'
down_revision = '0008_merge_areas'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('outbox_mails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('text_body', sa.Text(), nullable=False),
    sa.Column('html_body', sa.Text(), nullable=False),
    sa.Column('list_unsubscribe', sa.String(length=500), nullable=False),
    sa.Column('message_id', sa.String(length=200), nullable=False),
    sa.Column('sensitive', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=False),
    sa.Column('transport', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('failed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name=op.f('ck_outbox_mails_sent_iff_sent_at')),
    sa.CheckConstraint("status IN ('queued','sending','sent','failed')", name=op.f('ck_outbox_mails_status_known')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_outbox_mails_attempts_not_negative')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_outbox_mails_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_mails')),
    sa.UniqueConstraint('message_id', name=op.f('uq_outbox_mails_message_id'))
    )
    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_mails_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_mails_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('digest_logs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mail_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_digest_logs_mail_id_outbox_mails'), 'outbox_mails', ['mail_id'], ['id'], ondelete='SET NULL')




def downgrade():

    with op.batch_alter_table('digest_logs', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_digest_logs_mail_id_outbox_mails'), type_='foreignkey')
        batch_op.drop_column('mail_id')

    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_mails_user_id'))
        batch_op.drop_index('ix_outbox_mails_due')

    op.drop_table('outbox_mails')

