"""The wire: the transport interface, the in-memory network, virtual time, faults, the outbox,
the journal and the month-end window. Imports nothing above it (see ``ecrislib.transport``)."""
