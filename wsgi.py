"""WSGI entry point: `flask --app wsgi ...` and `gunicorn --preload wsgi:app`."""
from hotline import create_app

app = create_app()
