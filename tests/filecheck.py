"""What is on disk, to check that a refused command changed nothing and left nothing."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path


def folder_state(folder: Path) -> dict[str, str]:
    """Every entry of ``folder`` (recursively): its relative name -> a hash of its bytes
    and its mode for a file, its kind for anything else. Equal states mean every file
    is byte-identical and none appeared or went away."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            p = Path(root, name)
            st = p.lstat()
            rel = str(p.relative_to(folder))
            if stat.S_ISREG(st.st_mode):
                digest = hashlib.sha256(p.read_bytes()).hexdigest()
                out[rel] = f"{digest} {stat.S_IMODE(st.st_mode):o}"
            else:
                out[rel] = stat.filemode(st.st_mode)[0]
    return out
