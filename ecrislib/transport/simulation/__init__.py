"""The simulation: simulated central authorities and their behaviour profiles, on the workflow
and the wire below (see ``ecrislib.transport``)."""
