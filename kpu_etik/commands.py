"""Bench commands of KPU Etik: `bench --site SITE kpu-load-regions`, `kpu-grant-role`, `kpu-load-demo`."""

import sys
import time

import click
from frappe.commands import get_site, pass_context


def _connect(context):
	import frappe

	frappe.init(site=get_site(context))
	frappe.connect()
	return frappe


def _fail(message: str):
	click.secho(message, fg="red", err=True)
	sys.exit(1)


@click.command("kpu-load-regions")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@pass_context
def load_regions_command(context, path):
	"""Load or refresh the region tree from a wilayah.csv-format file (kode,nama,tingkat)."""
	frappe = _connect(context)
	from kpu_etik.core.errors import RuleError
	from kpu_etik.organization.region_loader import load_regions

	try:
		started = time.perf_counter()
		with click.progressbar(length=1, label="Loading regions") as bar:

			def progress(done, total):
				bar.length = total
				bar.update(done - bar.pos)

			result = load_regions(path, progress=progress)
		click.secho(
			f"{result['rows_in_file']} rows read, {result['created']} new, "
			f"{result['total_regions']} regions in the tree ({time.perf_counter() - started:.1f} s)",
			fg="green",
		)
	except RuleError as exc:
		_fail(f"Nothing was loaded. {exc}")
	finally:
		frappe.destroy()


@click.command("kpu-grant-role")
@click.argument("user")
@click.argument("role")
@click.argument("region")
@pass_context
def grant_role_command(context, user, role, region):
	"""Grant USER the ROLE over REGION (a Kepmendagri code such as 73.22) and everything below it."""
	frappe = _connect(context)
	from kpu_etik.organization.doctype.region_access.region_access import grant_region_role

	try:
		frappe.set_user("Administrator")
		name = grant_region_role(user, role, region)
		frappe.db.commit()
		click.secho(f"{user} has {role} at {region} ({name})", fg="green")
	except frappe.ValidationError as exc:
		frappe.db.rollback()
		_fail(frappe.utils.strip_html(str(exc)) or "The role could not be granted.")
	finally:
		frappe.destroy()


@click.command("kpu-load-demo")
@click.option(
	"--regions-file", type=click.Path(exists=True, dir_okay=False), help="wilayah.csv to take regions from"
)
@pass_context
def load_demo_command(context, regions_file):
	"""Load the seeds' regions with PPK, PPS and KPPS bodies, invented officials and demo users."""
	frappe = _connect(context)
	from kpu_etik.demo import load_demo

	try:
		frappe.set_user("Administrator")
		summary = load_demo(regions_file=regions_file)
		frappe.db.commit()
		for line in summary:
			click.echo(line)
	finally:
		frappe.destroy()


commands = [load_regions_command, grant_role_command, load_demo_command]
