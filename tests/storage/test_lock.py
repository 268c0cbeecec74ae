"""The writer lock: one holder at a time, even while holders come and go."""

import os
import subprocess
import sys
import textwrap

import pytest

from planner.domain.errors import RoadmapFileError
from planner.storage import lock as lock_module
from planner.storage.lock import HELD_ELSEWHERE, WriterLock

posix_only = pytest.mark.skipif(os.name == "nt", reason="flock and named pipes are POSIX")


def test_second_lock_is_refused_until_the_first_is_released(tmp_path):
    path = tmp_path / "r.roadmap"
    first = WriterLock(path)
    second = WriterLock(path)
    assert first.acquired and first.problem is None
    assert not second.acquired and second.problem == HELD_ELSEWHERE
    first.release()
    third = WriterLock(path)
    assert third.acquired
    third.release()
    assert not (tmp_path / "r.roadmap.lock").exists()  # no lock files left lying about


def test_a_lock_taken_while_its_holder_lets_go_is_never_held_twice(tmp_path, monkeypatch):
    """The race of issue 8, step by step: a third planner opens the lock file just
    before its holder lets go and locks it just after, while a fourth one takes the lock
    afresh in between. At most one of them may be the writer."""
    path = tmp_path / "r.roadmap"
    holder = WriterLock(path)
    real_try_lock = lock_module._try_lock
    fourth: list[WriterLock] = []

    def holder_lets_go_first(handle):
        monkeypatch.setattr(lock_module, "_try_lock", real_try_lock)
        holder.release()
        fourth.append(WriterLock(path))
        return real_try_lock(handle)

    monkeypatch.setattr(lock_module, "_try_lock", holder_lets_go_first)
    third = WriterLock(path)
    assert fourth and fourth[0].acquired
    assert not third.acquired and third.problem == HELD_ELSEWHERE
    fourth[0].release()
    assert WriterLock(path).acquired


CONTENDER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from planner.storage.lock import WriterLock

    path, marker, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    held = 0
    for _ in range(rounds):
        lock = WriterLock(path)
        if not lock.acquired:
            continue
        held += 1
        try:  # while we hold the lock, nobody else may hold it
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            print("two writers at once", flush=True)
            sys.exit(3)
        os.unlink(marker)
        lock.release()
    print("held", held, flush=True)
    """
)


@posix_only
def test_three_processes_never_hold_the_lock_at_once(tmp_path):
    path, marker = tmp_path / "r.roadmap", tmp_path / "holder"
    args = [sys.executable, "-c", CONTENDER, str(path), str(marker), "1500"]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, text=True) for _ in range(3)]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outs
    assert sum(int(o.split()[1]) for o in outs) > 0  # the lock was really taken
    assert sorted(os.listdir(tmp_path)) == []  # and every holder tidied up after itself


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "folder", "symlink"])
def test_a_lock_path_that_is_not_a_plain_file_is_refused_and_left_alone(tmp_path, kind):
    path = tmp_path / "r.roadmap"
    lock_path = tmp_path / "r.roadmap.lock"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    if kind == "fifo":
        os.mkfifo(lock_path)
    elif kind == "folder":
        lock_path.mkdir()
    else:
        lock_path.symlink_to(victim)
    with pytest.raises(RoadmapFileError, match="not a regular file"):
        WriterLock(path)
    assert victim.read_text() == "keep me"
