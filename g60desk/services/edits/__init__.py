"""The edit operations of an open document, one module per part of it (tree, form, indicators, budget,
acknowledgements) on a shared core; :class:`g60desk.services.session.Session` puts them together."""
