"""The demo ENT: a real CAS server (django-cas-server, CAS 1.0/2.0/3.0 with single logout)
over a tiny Django project, with its users in its own SQLite file.

`ecandidat demo` starts it on loopback so the former-student path works with no setup, and
the test suite starts the same project on a free loopback port (tests/cas_server.py). Django
is imported only in that child process (`python -m ecandidat_app.demo.ent`), never by the app.
Its login page says « ENT de démonstration »: it is not a university's ENT.
"""
