"""The content engine is pure Python: importing and using it never loads Flask."""

import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "fixtures" / "content"


def test_content_engine_does_not_import_flask():
    code = (
        "import sys\n"
        "from toolbox.content import build_catalog\n"
        f"cat = build_catalog({str(FIXTURES)!r})\n"
        "assert cat.modules and not cat.errors, cat.errors\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'werkzeug', 'flask_sqlalchemy'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
