def execute():
	"""Text stored before every text field held plain text (names with tags, NULs), cleaned in place."""
	from kpu_etik.plain_text import clean_stored_text

	clean_stored_text()
