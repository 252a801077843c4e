"""The leads' dashboard across workspaces: figures per workspace, charts, and the daily digest e-mail."""
