"""The workflow in the database and on the web: stage tasks, stage history, firing transitions.

The pure state machine lives in the top-level ``workflows`` package; this area stores what it decides.
"""
