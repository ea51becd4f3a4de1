"""Message archives: streaming readers, a message index without personal data, statistics and
an HTML report, on one machine or a Dask cluster. See ``docs/archives.md``.

Nothing heavy is imported here: the readers need only the standard library; Parquet, pandas
and matplotlib come with the ``archive`` extra, Dask with the ``dask`` extra.
"""
