"""Build the v3 gold sets (whole news articles) with the v2 markup and builder.

    python bench/gold/v3/build.py          # writes ru/ky .dev/.heldout.jsonl here, checks every id
    python bench/gold/v3/build.py --split  # first moves new articles from src/new/ to src/dev/ and
                                           # src/heldout/ (50 % each per language, stratified by the
                                           # article's first tag), then builds

Only the folder, the id prefix (`ru3-`, `ky3-`) and the dev share differ from v2; the markup, the
checks and the split rule are v2's (see ../v2/README.md and README.md here).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

V3 = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("gold_build_v2", V3.parent / "v2" / "build.py")
assert _spec and _spec.loader
_v2 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_v2)

DEV_SHARE = 0.5

if __name__ == "__main__":
    sys.exit(_v2.main(sys.argv[1:], gold=V3, version="3", dev_share=DEV_SHARE))
