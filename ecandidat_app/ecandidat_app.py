"""The Reflex app: pages from the route table, HTTP routes, the mail worker as a lifespan task."""

from __future__ import annotations

import reflex as rx
from reflex_base.environment import environment

from ecandidat_app.web import live, routes
from ecandidat_app.web.components.early_language import early_language_script
from ecandidat_app.web.server import build_api, frontend_dir, lifespan_tasks
from ecandidat_app.web.state.checked_handlers import backend_exception_handler

# With the frontend exported once, the backend serves it itself on its own port:
# `make run` and production then need no Node, Bun or Vite process.
if frontend_dir() is not None:
    environment.REFLEX_MOUNT_FRONTEND_COMPILED_APP.set(True)

app = rx.App(
    stylesheets=["/styles.css"],
    api_transformer=build_api(),
    html_lang="fr",
    head_components=[early_language_script()],
    backend_exception_handler=backend_exception_handler,
)
routes.register(app)
# The live loops (board, dossier presence, mailbox) ask the app whether a tab is still there.
live.bind(app)
for task in lifespan_tasks():
    app.register_lifespan_task(task)
