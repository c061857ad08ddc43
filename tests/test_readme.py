"""The README's settings table names every setting the code reads from the environment, so a
newcomer deploying the site never meets a setting the README does not mention."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_setting_is_in_the_readme():
    read = set(
        re.findall(
            r"""env(?:\.[a-z_]+)?\(\s*["']([A-Z][A-Z0-9_]+)["']""",
            (ROOT / "campaign_site/settings.py").read_text(),
        )
    )
    read |= set(
        re.findall(r'os\.environ\.get\(\s*"([A-Z][A-Z0-9_]+)"', (ROOT / "gunicorn.conf.py").read_text())
    )
    assert len(read) > 30, read  # the patterns still find the settings
    readme = (ROOT / "README.md").read_text()
    missing = sorted(name for name in read if f"`{name}`" not in readme)
    assert not missing, f"settings read from the environment but not in README.md: {missing}"
