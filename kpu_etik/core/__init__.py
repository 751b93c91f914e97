"""Rules of the domain, framework-free."""
