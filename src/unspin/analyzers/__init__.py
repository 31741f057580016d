"""Built-in analyzers. Each is registered by name in :mod:`unspin.registry`."""
