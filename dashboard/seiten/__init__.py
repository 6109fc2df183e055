"""The app's pages: one module each, with its path, layout function, IDs and callbacks."""
