"""The app's pages: the assessment, the method, the workshop."""
