"""Validation of ECRIS messages: XSD, identifiers, business rules and code tables."""
