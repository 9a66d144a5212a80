"""Engines (SPEC section 9): the same partitioned computation in this process, on the machine's
cores, or on a Dask cluster.

| module | what it holds |
|---|---|
| partition.py | partitions of the catalogue, and which rows each keeps |
| pieces.py | one partition loaded, checked and computed: what every engine runs |
| local.py | the partitions on this machine's cores (processes) |
| cluster.py | the partitions on a Dask cluster (an optional extra) |
| remote.py | a workspace behind a URL (s3://...): what a task fetches of it |
| gather.py | partitions planned, files read once, pieces run and put together in order |
"""
