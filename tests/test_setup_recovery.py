"""scripts/lib.sh's recovery steps for scripts/setup.sh, run in bash on throwaway folders: a half-made
bench is moved aside (never deleted), a bench that holds a site is left alone, and a Frappe checkout
owned by someone else is trusted for git."""

import os
import subprocess
from pathlib import Path

import pytest

LIB = Path(__file__).resolve().parents[1] / "scripts" / "lib.sh"


def lib(command: str, home: Path) -> subprocess.CompletedProcess:
	env = {**os.environ, "HOME": str(home), "KPU_BENCH_USER": os.environ.get("USER", "root")}
	script = f'source "{LIB}"; as_bench_user() {{ "$@"; }}; {command}'
	return subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env)


def test_a_half_made_bench_is_moved_aside_and_kept(tmp_path):
	bench = tmp_path / "frappe-bench"
	(bench / "apps").mkdir(parents=True)
	(bench / "sites").mkdir()
	(bench / "Procfile").write_text("web: x\n")
	result = lib(f'set_aside_half_made_bench "{bench}"', tmp_path)
	assert result.returncode == 0, result.stderr
	assert not bench.exists()
	(aside,) = tmp_path.glob("frappe-bench.incomplete-*")
	assert (aside / "Procfile").read_text() == "web: x\n"


def test_a_complete_bench_and_a_bench_with_a_site_are_left_alone(tmp_path):
	bench = tmp_path / "frappe-bench"
	(bench / "apps" / "frappe").mkdir(parents=True)
	(bench / "env" / "bin").mkdir(parents=True)
	python = bench / "env" / "bin" / "python"
	python.write_text("#!/bin/sh\n")
	python.chmod(0o755)
	assert lib(f'set_aside_half_made_bench "{bench}"', tmp_path).returncode == 0
	assert bench.exists()
	python.unlink()
	(bench / "sites" / "kpu.localhost").mkdir(parents=True)
	(bench / "sites" / "kpu.localhost" / "site_config.json").write_text("{}")
	result = lib(f'set_aside_half_made_bench "{bench}"', tmp_path)
	assert result.returncode != 0
	assert "holds a site" in result.stderr
	assert bench.exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to make a checkout owned by another user")
def test_a_checkout_of_another_user_is_trusted_for_git(tmp_path):
	checkout = tmp_path / "frappe"
	subprocess.run(["git", "init", "-q", str(checkout)], check=True)
	os.chown(checkout, 65534, 65534)  # nobody
	os.chown(checkout / ".git", 65534, 65534)
	refused = subprocess.run(
		["git", "clone", "-q", str(checkout), str(tmp_path / "refused")],
		capture_output=True,
		text=True,
		env={**os.environ, "HOME": str(tmp_path)},
	)
	assert refused.returncode != 0 and "dubious ownership" in refused.stderr
	result = lib(f'trust_frappe_checkout "{checkout}"', tmp_path)
	assert result.returncode == 0, result.stderr
	trusted = subprocess.run(
		["git", "config", "--global", "--get-all", "safe.directory"],
		capture_output=True,
		text=True,
		env={**os.environ, "HOME": str(tmp_path)},
	).stdout.split()
	assert str(checkout) in trusted and f"{checkout}/.git" in trusted
	# and again: trusted once, not added twice
	lib(f'trust_frappe_checkout "{checkout}"', tmp_path)
	again = subprocess.run(
		["git", "config", "--global", "--get-all", "safe.directory"],
		capture_output=True,
		text=True,
		env={**os.environ, "HOME": str(tmp_path)},
	).stdout.split()
	assert again.count(str(checkout)) == 1 and again.count(f"{checkout}/.git") == 1
	# and git now clones it as that user would
	cloned = subprocess.run(
		["git", "clone", "-q", str(checkout), str(tmp_path / "clone")],
		capture_output=True,
		text=True,
		env={**os.environ, "HOME": str(tmp_path)},
	)
	assert cloned.returncode == 0, cloned.stderr


def test_a_folder_that_is_not_a_checkout_is_refused(tmp_path):
	result = lib(f'trust_frappe_checkout "{tmp_path}"', tmp_path)
	assert result.returncode != 0
	assert "not a git checkout" in result.stderr
