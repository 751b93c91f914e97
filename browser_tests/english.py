"""Find English that a user reading KPU Etik in Indonesian would see. Framework-free (no Selenium):
tests/test_english_detector.py runs it in the framework-free suite.

Two lists, both case-insensitive and matched on whole words:

- ENGLISH_WORDS: common English UI and function words that are not Indonesian words. Loanwords that
  Indonesian uses as they are spelled in English are left out, as are words Frappe's own Indonesian
  translation keeps: "Email", "Menu", "Edit", "Filter", "Status", "Data", "Total", "Portal", "Online",
  "Link", "Draft", "Admin", "Form", "File", "Reset", "Register", "Server", "Error", "Login", "Logout"
  (in KBBI or in common official use; the app's own translations say "login dua faktor" and
  "Error Log"); the phrases "Log in", "Sign in" and "Log out" are flagged instead. Short words
  that occur in Indonesian text or names are left out too: "no" (No. = nomor), "to" (Bugis names:
  To Manurung), "a", "i", "it", "at", "an" (a.n. = atas nama), "in", "on", "by", "or", "be".
- ENGLISH_PHRASES: Frappe's own English messages, flagged wherever they appear.

E-mail addresses, web addresses and file names are removed first: they are not language.
"""

import re

ENGLISH_WORDS = frozenset(
	"""
	about account activity add added again ago all already and any apply are ascending assign assigned
	attach attachment attachments back been before begin cancel cancelled canceled change changes choose
	clear click close collapse comment comments confirm contact continue could create created dashboard
	delete deleted denied descending description details does done download english enter
	exception expand failed failure find for forbidden forgot found from have help here hide home invalid
	language last loading message messages missing modified more must new next nothing
	notification notifications now only optional page password permission permitted please policy
	powered previous print privacy profile refresh reload remember report reports required results save saved
	search select settings share should show sidebar sign signup something submit submitted
	success successfully support terms the their there this today toggle typing uncaught unknown update
	updated upload user username view was welcome were what when where which will with workspace
	would yesterday you your
	""".split()
)

ENGLISH_PHRASES = (
	"Built on Frappe",
	"Powered by",
	"Uncaught Server Exception",
	"Not Permitted",
	"Page Missing",
	"Search or type a command",
	"Add a row",
	"Not found",
	"Sign in",
	"Log in",
	"Log out",
	"Forgot password",
	"No data",
	"Assigned To",
	"Shared With",
	"Followed by",
	"Add Tags",
	"Keyboard Shortcuts",
	"Toggle Sidebar",
	"Something went wrong",
)

_NOT_LANGUAGE = re.compile(
	r"\S+@\S+"  # e-mail addresses
	r"|\b(?:https?://|www\.)\S+"  # web addresses
	r"|\S+\.(?:pdf|png|jpe?g|csv|xlsx?|docx?|html?|js|css)\b"  # file names
	r"|(?<!\w)/[\w/.?=&-]+",  # paths
	re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]+")
_PHRASES = [
	(phrase, re.compile(r"\b" + r"\s+".join(map(re.escape, phrase.split())) + r"\b", re.IGNORECASE))
	for phrase in ENGLISH_PHRASES
]


def english_words(text: str) -> list[str]:
	"""The English phrases and words in text, each once, phrases first, in the order found."""
	text = _NOT_LANGUAGE.sub(" ", text or "")
	found = [phrase for phrase, pattern in _PHRASES if pattern.search(text)]
	# A phrase's own words are not reported again.
	seen = {word.lower() for phrase in found for word in phrase.split()}
	for match in _WORD.finditer(text):
		word = match.group().lower()
		if word in ENGLISH_WORDS and word not in seen:
			seen.add(word)
			found.append(match.group())
	return found
