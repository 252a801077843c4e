"""merge the areas' branches into one head

Revision ID: 0008_merge_areas
Revises: 0003_workflow, 0004_notes_groundwork, 0005_pilot, 0006_people, 0007_dashboard
Create Date: 2026-11-30

The areas were built in parallel, each branching off 0002_activity; their tables are independent of
each other, so the merge needs no operations.
"""

revision = "0008_merge_areas"
down_revision = ("0003_workflow", "0004_notes_groundwork", "0005_pilot", "0006_people", "0007_dashboard")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
