"""Counting SQL statements without a limit: Django's CaptureQueriesContext reads the
connection's query log, which keeps the last 9,000 statements only, so a long run would
count wrong. This counts every statement the default connection executes in the block."""

from django.db import connection


class QueryCount:
    def __init__(self):
        self.count = 0
        self._wrapper = None

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self.count = 0
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)
        return False

    def __len__(self):
        return self.count
