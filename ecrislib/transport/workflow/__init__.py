"""The workflow: exchanges and their states, working days and legal deadlines, on the wire
below (see ``ecrislib.transport``)."""
