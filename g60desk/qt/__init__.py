"""The window: Qt models, views and dialogs over the services (nothing below imports Qt)."""
