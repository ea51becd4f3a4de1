"""ecrislib's own XSDs for ECRIS v1.0, shipped as package data (see README.md here)."""
