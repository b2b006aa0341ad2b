"""Settings, deployment checks and demo data."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

from boards.models import Board, Meeting, Paper
from plans.models import PriorityAction

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set by the browser tests
        "DEBUG": "False",
        "SECRET_KEY": "x" * 64 + "-production-like-secret-key-value",
        "ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "DEBUG": "False", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_seed_demo_builds_every_state_and_is_idempotent(db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    counts = (Paper.objects.count(), Board.objects.count(), PriorityAction.objects.count())
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    assert (Paper.objects.count(), Board.objects.count(), PriorityAction.objects.count()) == counts
    states = set(Paper.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "cleared", "published", "superseded", "withdrawn"} <= states
    assert Paper.objects.filter(marking="OFFICIAL-SENSITIVE", status="published").exists()
    assert Board.objects.filter(dissolved_on__isnull=False).exists()
    assert 20 <= counts[2] <= 30
    assert Meeting.objects.filter(status="held", decisions__confirmed_at__isnull=False).exists()
    assert Meeting.objects.filter(status="scheduled").exists()


def test_the_favicon_address_browsers_ask_for_leads_to_the_portals_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".svg")
