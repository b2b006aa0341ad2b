"""Media on S3-compatible object storage, against a real S3 server (moto's server mode) started here.

Every stored document (a published paper, an uploaded appendix, a pack, signed
minutes, a delivery report) is written to the bucket, nothing to local disk,
and read back only through the portal's views, which check who may see it.
"""

import hashlib
import os
import subprocess
import sys
import uuid

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from boards.models import PackBuild, Paper
from minutes import services as minutes_services
from minutes.models import Minutes
from pcp_portal.settings import BASE_DIR, s3_media_backend
from plans import services as plan_services

from .plan_factories import make_plan
from .test_editor import edit_post, management
from .test_minutes import cycle, held_meeting, minutes, next_meeting  # noqa: F401 (fixtures)
from .test_packs import add_appendix, text_pdf
from .test_uploads import pdf_bytes

REGION = "eu-west-2"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A fresh private bucket, and the portal's media storage pointed at it through the environment."""
    name = f"pcp-media-{uuid.uuid4().hex[:12]}"
    for variable, value in {
        "AWS_ACCESS_KEY_ID": "portal-test-key",
        "AWS_SECRET_ACCESS_KEY": "portal-test-secret",
        "S3_BUCKET": name,
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_REGION": REGION,
        "S3_ADDRESSING_STYLE": "path",
    }.items():
        monkeypatch.setenv(variable, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION)
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings.STORAGES = {**settings.STORAGES, "default": s3_media_backend()}
    return client, name


def keys(bucket, prefix: str = "") -> list[str]:
    client, name = bucket
    listing = client.list_objects_v2(Bucket=name, Prefix=prefix)
    return [item["Key"] for item in listing.get("Contents", [])]


def stored_bytes(bucket, key: str) -> bytes:
    client, name = bucket
    return client.get_object(Bucket=name, Key=key)["Body"].read()


def served(response) -> bytes:
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(content)
    return content


def nothing_on_local_disk(settings) -> bool:
    return not any(path.is_file() for path in settings.MEDIA_ROOT.rglob("*")) if settings.MEDIA_ROOT.exists() else True


def test_a_published_paper_is_stored_in_the_bucket_and_served_through_the_portal(bucket, make_paper, client, settings):
    paper = make_paper(Paper.Status.PUBLISHED, title="Provisional Outturn Report")
    assert keys(bucket, "papers/") == [paper.pdf.name]
    content = stored_bytes(bucket, paper.pdf.name)
    assert hashlib.sha256(content).hexdigest() == paper.pdf_sha256
    assert served(client.get(reverse("boards:paper_pdf", args=[paper.pk]))) == content
    assert nothing_on_local_disk(settings)


def test_a_sensitive_paper_in_the_bucket_is_still_refused_to_the_public(bucket, make_paper, client, member):
    paper = make_paper(Paper.Status.PUBLISHED, title="Custody Contract Options", marking="OFFICIAL-SENSITIVE")
    assert paper.pdf.name in keys(bucket, "papers/")
    assert client.get(reverse("boards:paper_pdf", args=[paper.pk])).status_code == 404
    client.force_login(member)
    assert served(client.get(reverse("boards:staff_paper_pdf", args=[paper.pk]))).startswith(b"%PDF")


def test_an_uploaded_appendix_goes_to_the_bucket_and_is_read_back_through_the_views(
    bucket, make_paper, client, author, secretary, reviewer, settings
):
    from boards import services

    paper = make_paper()
    upload = pdf_bytes(pages=2)
    data = edit_post(paper)
    data.update(management("appendices", 1))
    data.update(
        {
            "appendices-0-title": "Map",
            "appendices-0-file": SimpleUploadedFile("map.pdf", upload),
            "appendices-0-ORDER": "1",
        }
    )
    client.force_login(author)
    assert client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data).status_code == 302
    appendix = paper.appendices.get()
    assert keys(bucket, "appendices/") == [appendix.file.name]
    assert stored_bytes(bucket, appendix.file.name) == upload
    assert served(client.get(reverse("boards:staff_appendix", args=[paper.pk, appendix.pk]))) == upload
    client.logout()
    assert client.get(reverse("boards:appendix", args=[paper.pk, appendix.pk])).status_code == 404

    services.submit_paper(paper=paper, user=author)
    services.clear_paper(paper=paper, user=reviewer)
    services.publish_paper(paper=paper, user=secretary)
    assert served(client.get(reverse("boards:appendix", args=[paper.pk, appendix.pk]))) == upload
    assert nothing_on_local_disk(settings)


def test_a_figure_goes_to_the_bucket_and_the_pdf_embeds_it_from_there(
    bucket, make_paper, client, author, secretary, reviewer, settings
):
    from boards import services

    from .images import png_bytes
    from .test_figures import images_in

    paper = make_paper()
    image = png_bytes(90, 60)
    data = edit_post(paper)
    data["sections-0-body"] = "The chart.\n\n![Figure 1]"
    data.update(management("figures", 1))
    data.update(
        {
            "figures-0-file": SimpleUploadedFile("chart.png", image),
            "figures-0-alt_text": "Cases by month",
            "figures-0-ORDER": "1",
        }
    )
    client.force_login(author)
    assert client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data).status_code == 302
    figure = paper.figures.get()
    assert keys(bucket, "figures/") == [figure.file.name]
    assert stored_bytes(bucket, figure.file.name) == image

    services.submit_paper(paper=paper, user=author)
    services.clear_paper(paper=paper, user=reviewer)
    services.publish_paper(paper=paper, user=secretary)
    paper.refresh_from_db()
    assert (90, 60) in images_in(stored_bytes(bucket, paper.pdf.name))
    client.logout()
    response = client.get(reverse("boards:figure", args=[paper.pk, figure.pk]))
    assert response["Content-Type"] == "image/png" and b"".join(response.streaming_content) == image
    assert nothing_on_local_disk(settings)


def test_packs_are_built_from_the_bucket_into_the_bucket(
    bucket, meeting, make_paper, secretary, member, client, django_capture_on_commit_callbacks
):
    from boards import services

    paper = make_paper(Paper.Status.CLEARED, title="Provisional Outturn Report")
    add_appendix(paper, "Budget tables", text_pdf("BUDGET TABLES APPENDIX", pages=2))
    sensitive = make_paper(Paper.Status.CLEARED, title="Custody Contract Options", marking="OFFICIAL-SENSITIVE")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=paper)
    services.add_agenda_item(meeting=meeting, user=secretary, title="Custody", paper=sensitive)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(meeting=meeting, user=secretary)

    builds = {build.kind: build for build in meeting.pack_builds.all()}
    assert {build.status for build in builds.values()} == {PackBuild.Status.READY}
    assert sorted(keys(bucket, "packs/")) == sorted(build.file.name for build in builds.values())

    public_pack = builds[PackBuild.Kind.PACK]
    content = served(client.get(public_pack.get_absolute_url()))
    assert content == stored_bytes(bucket, public_pack.file.name)
    assert b"%PDF" in content[:8]

    confidential = builds[PackBuild.Kind.CONFIDENTIAL]
    assert client.get(reverse("boards:staff_pack", args=[meeting.pk, confidential.pk])).status_code == 302
    client.force_login(member)
    assert served(client.get(reverse("boards:staff_pack", args=[meeting.pk, confidential.pk]))) == stored_bytes(
        bucket, confidential.file.name
    )


def test_signed_minutes_are_stored_in_the_bucket_and_published_through_the_portal(
    bucket,
    minutes,  # noqa: F811 (the fixture imported above)
    users,
    next_meeting,  # noqa: F811
    client,
):
    cycle(minutes, users, next_meeting, to=Minutes.Status.SIGNED)
    minutes = Minutes.objects.get(pk=minutes.pk)
    assert keys(bucket, "minutes/") == [minutes.pdf.name]

    url = reverse("minutes:public_minutes_pdf", args=[minutes.meeting.board.slug, minutes.meeting.slug])
    assert client.get(url).status_code == 404  # signed, not yet published
    minutes_services.publish_minutes(minutes=minutes, user=users["secretary"])
    assert served(client.get(url)) == stored_bytes(bucket, minutes.pdf.name)


def test_a_delivery_report_is_stored_in_the_bucket_and_served_through_the_portal(bucket, author, secretary, client):
    plan = make_plan(periods=1)
    period = plan.periods.get()
    v1 = plan.priority_actions.get(code="V1")
    plan_services.save_assessments(period=period, user=author, entries=[{"action": v1, "status": "G"}])
    plan_services.publish_report(period=period, user=secretary)
    period.refresh_from_db()
    assert keys(bucket, "delivery/") == [period.report_pdf.name]
    assert served(client.get(reverse("plans:report_pdf", args=[period.slug]))) == stored_bytes(
        bucket, period.report_pdf.name
    )


def test_stored_objects_are_private_and_any_url_to_one_is_signed(bucket, make_paper):
    paper = make_paper(Paper.Status.PUBLISHED)
    client, name = bucket
    grants = client.get_object_acl(Bucket=name, Key=paper.pdf.name)["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]
    assert "X-Amz-Signature=" in default_storage.url(paper.pdf.name)


def test_a_file_gone_from_the_bucket_answers_404_not_500(bucket, make_paper, client):
    paper = make_paper(Paper.Status.PUBLISHED)
    s3, name = bucket
    s3.delete_object(Bucket=name, Key=paper.pdf.name)
    assert client.get(reverse("boards:paper_pdf", args=[paper.pk])).status_code == 404


def test_a_stored_file_is_never_overwritten_by_a_new_one_of_the_same_name(bucket):
    from django.core.files.base import ContentFile

    first = default_storage.save("papers/2026/bcb-paper-r1.pdf", ContentFile(b"%PDF first"))
    second = default_storage.save("papers/2026/bcb-paper-r1.pdf", ContentFile(b"%PDF second"))
    assert first != second
    assert stored_bytes(bucket, first) == b"%PDF first"


def settings_in_a_new_process(env: dict) -> subprocess.CompletedProcess:
    code = "from django.conf import settings; print(settings.STORAGES['default'])"
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "MEDIA_STORAGE"))}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**environment, "DJANGO_SETTINGS_MODULE": "pcp_portal.settings", **env},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_environment_chooses_object_storage_private_and_signed():
    result = settings_in_a_new_process({"MEDIA_STORAGE": "s3", "S3_BUCKET": "opcc-media", "S3_REGION": REGION})
    assert result.returncode == 0, result.stderr
    for expected in (
        "storages.backends.s3.S3Storage",
        "'bucket_name': 'opcc-media'",
        f"'region_name': '{REGION}'",
        "'default_acl': 'private'",
        "'querystring_auth': True",
        "'file_overwrite': False",
    ):
        assert expected in result.stdout


def test_object_storage_without_a_bucket_refuses_to_start():
    result = settings_in_a_new_process({"MEDIA_STORAGE": "s3"})
    assert result.returncode != 0
    assert "S3_BUCKET must be set" in result.stderr


def test_local_disk_is_the_default():
    result = settings_in_a_new_process({})
    assert result.returncode == 0, result.stderr
    assert "FileSystemStorage" in result.stdout
