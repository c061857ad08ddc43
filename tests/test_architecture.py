"""The shape of the code a newcomer relies on: dependencies one way, one registry each."""

import ast
from pathlib import Path

import pytest
from django.template.loader import get_template
from django.urls import reverse

from content import site_pages
from content.models import ContentModel, content_models

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("app", ["content", "reach"])
def test_content_and_reach_never_import_pages(app):
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for name in imported_modules(path)
        if name == "pages" or name.startswith("pages.")
    ]
    assert offenders == []


def test_content_never_imports_reach():
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "content").rglob("*.py"))
        if any(name == "reach" or name.startswith("reach.") for name in imported_modules(path))
    ]
    assert offenders == []


def test_the_import_check_can_fail(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("from pages.views import public_context\nimport pages.urls\n")
    assert {"pages.views", "pages.urls"} <= imported_modules(sample)


@pytest.mark.parametrize("page", site_pages.PAGES, ids=lambda p: p.name)
def test_every_registered_page_has_a_route_and_a_template(page, client, seeded):
    """Adding a page is the registry entry and its template: everything else follows."""
    get_template(page.template)
    response = client.get(reverse(page.url_name))
    assert response.status_code == 200
    sitemap = client.get("/sitemap.xml").content.decode()
    assert reverse(page.url_name) in sitemap
    html = response.content.decode()
    for other in site_pages.NAV:
        assert f'href="{reverse(other.url_name)}"' in html


def test_every_content_model_is_declared_once_and_drives_history_backup_and_editors():
    from content.backup import content_models as backed_up
    from content.editors import editor_codenames

    models = content_models()
    assert models and all(issubclass(m, ContentModel) for m in models)
    assert backed_up() == models
    codenames = set(editor_codenames())
    for model in models:
        assert hasattr(model, "history"), model
        assert f"view_{model._meta.model_name}" in codenames
        assert f"change_{model._meta.model_name}" in codenames
