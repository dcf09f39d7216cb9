"""Editors reach every model in the admin."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client

pytestmark = pytest.mark.django_db

OUR_APPS = {"sources", "articles", "editions", "ingest", "stories", "newsletter"}


def test_every_model_is_registered():
    models = [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]
    assert models
    missing = [m.__name__ for m in models if not admin.site.is_registered(m)]
    assert not missing


def test_admin_changelists_answer(admin_client: Client):
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS:
            url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
            assert admin_client.get(url).status_code == 200, url
