"""Bench commands of KPU Etik: `bench --site SITE kpu-load-regions`, `kpu-grant-role`, `kpu-load-demo`,
`kpu-import-officials`, `kpu-import-polling-stations`."""

import sys
import time

import click
from frappe.commands import get_site, pass_context


def _connect(context):
	import frappe

	frappe.init(site=get_site(context))
	frappe.connect()
	from kpu_etik.overrides.site_language import speak_the_site_language

	speak_the_site_language()  # what the commands write (the demo's letters and reports) is Indonesian
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


def _import_options(command):
	"""The options both imports take."""
	for option in reversed(
		(
			click.argument("path", type=click.Path(exists=True, dir_okay=False)),
			click.option(
				"--office",
				default="ID",
				help="region code of the importing office; rows outside it are refused",
			),
			click.option(
				"--valid-rows-only", is_flag=True, help="import the valid rows; the refused rows go to a file"
			),
			click.option("--dry-run", is_flag=True, help="check every row and write nothing"),
			click.option(
				"--period-start", help="start of the period of the bodies the import creates (YYYY-MM-DD)"
			),
			click.option("--period-end", help="end of that period (YYYY-MM-DD)"),
			click.option(
				"--batch-size", default=5000, type=click.IntRange(1, 50000), help="rows per transaction"
			),
			click.option(
				"--processes",
				default=0,
				type=click.IntRange(0, 16),
				help="processes for a roster, a part of the file by kecamatan each (0: one a core for a large file)",
			),
			pass_context,
		)
	):
		command = option(command)
	return command


@click.command("kpu-import-officials")
@_import_options
def import_officials_command(context, path, **options):
	"""Import a roster file (CSV or XLSX) of PPK, PPS and KPPS members; run it again after a crash."""
	_run_import(context, "kpu_etik.organization.roster.import_roster", path, **options)


@click.command("kpu-import-polling-stations")
@_import_options
def import_polling_stations_command(context, path, **options):
	"""Import a TPS list (CSV or XLSX): polling stations and their KPPS, PPS and PPK bodies."""
	_run_import(context, "kpu_etik.organization.station_import.import_polling_stations", path, **options)


def _run_import(
	context, importer, path, office, valid_rows_only, dry_run, period_start, period_end, batch_size, processes
):
	frappe = _connect(context)
	from kpu_etik.organization.roster import Options, is_database_failure

	try:
		frappe.set_user("Administrator")
		if not frappe.db.exists("Region", office):
			_fail(f"Region {office} does not exist.")
		last = [0.0]

		def progress(done, total, outcome):
			if time.perf_counter() - last[0] < 5 and done < total:
				return
			last[0] = time.perf_counter()
			share = f" of {total:,} ({100 * done / total:.0f}%)" if total else ""
			click.echo(f"{done:,} rows{share}: {outcome.summary()}", err=True)

		options = Options(
			office=office,
			valid_rows_only=valid_rows_only,
			dry_run=dry_run,
			period_start=period_start,
			period_end=period_end,
			refused_path=f"{path}.refused.csv",
			progress=progress,
			batch_size=batch_size,
			parts=processes,
		)
		try:
			outcome = frappe.get_attr(importer)(path, options)
		except frappe.ValidationError as exc:
			_fail(f"Nothing was imported. {frappe.utils.strip_html(str(exc))}")
		except Exception as exc:
			if not is_database_failure(exc):
				raise
			_fail(
				f"The database stopped the import ({exc.__class__.__name__}: {exc}). The rows written so "
				"far are whole batches: run the same command again to finish."
			)
		for problem in outcome.problems[:50]:
			click.echo(f"row {problem.row}, {problem.column or '-'}: {problem.message}", err=True)
		if outcome.refused:
			click.echo(f"{outcome.refused:,} rows refused; they are in {outcome.refused_file}", err=True)
			if not outcome.written:
				click.echo("Nothing was written: fix the rows, or import with --valid-rows-only.", err=True)
		click.echo(
			f"{outcome.rows:,} rows in {outcome.seconds:.1f} s, {outcome.bodies_created:,} bodies created, "
			f"{outcome.warnings:,} warnings{' (dry run: nothing written)' if dry_run else ''}"
		)
		click.echo(outcome.summary())
		if outcome.refused and not valid_rows_only:
			sys.exit(1)
	finally:
		frappe.destroy()


commands = [
	load_regions_command,
	grant_role_command,
	load_demo_command,
	import_officials_command,
	import_polling_stations_command,
]
