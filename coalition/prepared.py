"""A query built with the ORM once and compiled once, then run with other ids.

A permission check runs on every page with the same shape and other ids. Building and
compiling its queryset took twice as long as PostgreSQL took to plan and run it (1.5 ms
against 0.8 ms for the steering group's check). `PreparedQuery` compiles the queryset once
per database, with marker ids in the places of the ids, and after that only puts the ids in.
The SQL is the ORM's own, so it says what the queryset says on every database.

On PostgreSQL the statement is also prepared on the server, once per connection: planning
the people's facts (coalition.facts) took 0.5 ms, three times as long as running them. The
first run on a connection sends `PREPARE` and `EXECUTE` together, later runs only
`EXECUTE`: one statement either way, so a page makes as many queries on a new connection as
on a used one. PostgreSQL keeps a prepared statement until the connection closes, whatever
a transaction does (a rollback does not undo a `PREPARE`).
"""

from itertools import count

from django.db import DatabaseError, connections

# Marker ids: numbers no row has, one per argument.
_FIRST_MARK = 2_147_000_000
# PostgreSQL's error for an EXECUTE of a statement it does not know (invalid_sql_statement_name).
_NO_SUCH_STATEMENT = "26000"
# Names of server-side statements: a new one for each statement prepared in this process.
_names = count(1)


class PreparedQuery:
    """`PreparedQuery(build, arguments)`: `build(**marks)` returns a values_list queryset
    in which every named argument is used as an id, or as a list of ids (`pk__in=`);
    `rows(**ids)` runs it with those ids and returns its rows as tuples. A list is compiled
    once per length (a page of at most 50 rows makes at most 50 versions); an empty list
    gives no rows without a query, as the ORM does for `__in=[]`."""

    def __init__(self, build, arguments):
        self.build = build
        self.arguments = tuple(arguments)
        self._compiled = {}

    def _compile(self, alias, shape):
        marks, by_mark, next_mark = {}, {}, _FIRST_MARK
        for name, length in zip(self.arguments, shape, strict=True):
            if length is None:
                marks[name] = next_mark
                by_mark[next_mark] = (name, None)
                next_mark += 1
            else:
                marks[name] = list(range(next_mark, next_mark + length))
                by_mark.update({next_mark + i: (name, i) for i in range(length)})
                next_mark += length
        queryset = self.build(**marks)
        sql, params = queryset.query.get_compiler(using=alias).as_sql()
        # Each parameter: the argument (and place in its list) it stands for, or its own
        # fixed value.
        slots = tuple(
            (*by_mark[param], None)
            if type(param) is int and param in by_mark
            else (None, None, param)
            for param in params
        )
        unused = set(by_mark.values()) - {(name, i) for name, i, _value in slots}
        if unused:
            # An id the ORM turned into something else would stay a marker for good.
            names = sorted({name for name, _i in unused})
            raise ValueError(f"PreparedQuery: {', '.join(names)} not found in the SQL")
        return sql, slots

    def rows(self, using="default", **ids):
        if set(ids) != set(self.arguments):
            raise TypeError(f"PreparedQuery takes {', '.join(self.arguments)}")
        values = [ids[name] for name in self.arguments]
        shape = tuple(len(v) if isinstance(v, list | tuple) else None for v in values)
        if 0 in shape:
            return []
        key = (using, shape)
        if key not in self._compiled:
            self._compiled[key] = self._compile(using, shape)
        sql, slots = self._compiled[key]
        connection = connections[using]
        if connection.vendor == "postgresql":
            return self._execute_prepared(connection, key, sql, slots, ids)
        params = [
            value if name is None else ids[name] if i is None else ids[name][i]
            for name, i, value in slots
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _execute_prepared(self, connection, key, sql, slots, ids):
        with connection.cursor() as cursor:
            prepared = _prepared_on(connection)
            # (name, the arguments in the order of $1, $2, ...) once prepared on this
            # connection.
            known = prepared.get((self, key))
            statement = ""
            if known is None:
                statement, known = _prepare_statement(cursor, sql, slots)
            name, places = known
            params = [ids[arg] if i is None else ids[arg][i] for arg, i in places]
            marks = ", ".join(["%s"] * len(params))
            execute = f"EXECUTE {name}({marks})" if params else f"EXECUTE {name}"
            try:
                cursor.execute(statement + execute, params)
            except DatabaseError as error:
                if getattr(error.__cause__, "pgcode", None) == _NO_SUCH_STATEMENT:
                    # The server has forgotten it (DEALLOCATE ALL, DISCARD ALL), and so,
                    # most likely, the others of this connection: all are prepared again.
                    prepared.clear()
                # Prepared or not, it is prepared again under a new name next time.
                prepared.pop((self, key), None)
                raise
            prepared[(self, key)] = known
            return cursor.fetchall()


def _prepared_on(connection):
    """{(query, shape): (name, places)} of the statements prepared on the connection's
    current server connection (a new one knows none)."""
    raw = connection.connection
    if getattr(connection, "_coalition_prepared_for", None) is not raw:
        connection._coalition_prepared_for = raw
        connection._coalition_prepared = {}
    return connection._coalition_prepared


def _prepare_statement(cursor, sql, slots):
    """`PREPARE name AS ...; ` with the fixed values written in (quoted by the driver) and
    each argument as $1, $2, ..., and the arguments' places in that order."""
    from psycopg2.extensions import AsIs

    places, values = [], []
    for arg, i, value in slots:
        if arg is None:
            values.append(value)
            continue
        if (arg, i) not in places:
            places.append((arg, i))
        values.append(AsIs(f"${places.index((arg, i)) + 1}"))
    body = cursor.mogrify(sql, values)
    if isinstance(body, bytes):
        body = body.decode()
    name = f"coalition_prepared_{next(_names)}"
    # %% for the driver: the whole string is formatted again with the EXECUTE's values.
    return f"PREPARE {name} AS {body.replace('%', '%%')}; ", (name, places)
