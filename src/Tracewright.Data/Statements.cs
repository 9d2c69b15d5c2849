using System.Collections;
using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;
using System.Globalization;

namespace Tracewright.Data;

/// <summary>
/// One write statement of a projection: explicit SQL and its parameters — an object whose properties name them, a list of
/// such objects (run once each), or <see cref="PositionalValues"/> for SQL written with <c>@p0</c>, <c>@p1</c>, ….
/// </summary>
internal readonly record struct Statement(string Sql, object? Parameters);

/// <summary>Values for the parameters <c>@p0</c>, <c>@p1</c>, … of a statement whose length varies (a multi-row insert).</summary>
internal sealed record PositionalValues(object?[] Items);

/// <summary>How a write transaction runs its statements; <see cref="Prepared"/> is the product's, <see cref="Plain"/> the reference it is checked against.</summary>
internal enum StatementMode
{
    /// <summary>SQLite: one prepared statement per SQL text, reused with new values. PostgreSQL: statements sent in prepared batches.</summary>
    Prepared,

    /// <summary>One Dapper call per statement: a new command each time, the way the projections ran before they had to be fast.</summary>
    Plain,
}

/// <summary>
/// Runs the write statements of one transaction (ledger rows, ledger subjects, projections). Bulk ingest spends its time
/// here, so each database gets what makes it fast: SQLite reuses one prepared statement per SQL text (preparing costs more
/// than running), PostgreSQL queues statements and sends them in prepared batches (a round trip costs more than either).
/// Values are bound as the plain path binds them, so the stored result is the same byte for byte. Writes may be queued
/// until <see cref="FlushAsync"/>; reads inside the transaction must flush first (<see cref="ScalarAsync{T}"/> does).
/// </summary>
internal abstract class StatementRunner : IDisposable
{
    protected StatementRunner(DbConnection connection, DbTransaction transaction)
    {
        Connection = connection;
        Transaction = transaction;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    public static StatementRunner Create(DbConnection connection, DbTransaction transaction, StatementMode mode) => (mode, connection, transaction) switch
    {
        (StatementMode.Plain, _, _) => new PlainStatements(connection, transaction),
        (_, SqliteConnection sqlite, SqliteTransaction t) => new SqliteStatements(sqlite, t),
        (_, NpgsqlConnection postgres, NpgsqlTransaction t) => new PostgresStatements(postgres, t),
        _ => new PlainStatements(connection, transaction),
    };

    /// <summary>Runs (or queues) a statement; a list of parameter objects runs it once per object, in order.</summary>
    public ValueTask ExecuteAsync(Statement statement, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (statement.Parameters is IEnumerable list and not string)
        {
            return ExecuteEachAsync(statement.Sql, list, cancellationToken);
        }

        return ExecuteOneAsync(statement.Sql, statement.Parameters, cancellationToken);
    }

    private async ValueTask ExecuteEachAsync(string sql, IEnumerable list, CancellationToken cancellationToken)
    {
        foreach (var parameters in list)
        {
            await ExecuteOneAsync(sql, parameters, cancellationToken);
        }
    }

    protected abstract ValueTask ExecuteOneAsync(string sql, object? parameters, CancellationToken cancellationToken);

    /// <summary>Sends whatever is queued; after this the transaction's reads see every write.</summary>
    public virtual ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Frees prepared statements (before their connection goes back to the pool); queued writes are dropped.</summary>
    public virtual void Dispose()
    {
    }

    /// <summary>A single value read inside the transaction, after every queued write.</summary>
    public async Task<T?> ScalarAsync<T>(Statement statement, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        return await Connection.ExecuteScalarAsync<T>(new CommandDefinition(statement.Sql, statement.Parameters, Transaction, cancellationToken: cancellationToken));
    }
}

/// <summary>The reference: each statement through Dapper, as written.</summary>
internal sealed class PlainStatements(DbConnection connection, DbTransaction transaction) : StatementRunner(connection, transaction)
{
    protected override async ValueTask ExecuteOneAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        await Connection.ExecuteAsync(new CommandDefinition(sql, parameters is PositionalValues values ? Named(values) : parameters, Transaction, cancellationToken: cancellationToken));

    private static DynamicParameters Named(PositionalValues values)
    {
        var named = new DynamicParameters();
        for (var i = 0; i < values.Items.Length; i++)
        {
            named.Add($"p{i}", values.Items[i]);
        }

        return named;
    }
}

/// <summary>
/// SQLite: one prepared statement per SQL text and parameter shape, bound by position and stepped directly through the
/// engine's own API on the connection's handle. Microsoft.Data.Sqlite re-resolves every parameter by name, builds a data
/// reader and checks its handles on every execution; that is most of the time a small insert takes. Values are bound as
/// Microsoft.Data.Sqlite binds them (text as text, integers as integers, booleans as 0/1, decimals as invariant text like
/// "5.0"); the tests compare the stored result with the plain path's.
/// </summary>
internal sealed class SqliteStatements(SqliteConnection connection, SqliteTransaction transaction) : StatementRunner(connection, transaction)
{
    private readonly Dictionary<(string Sql, Type Type), (sqlite3_stmt Statement, int[] Slots, ParameterShape Shape)> _prepared = [];

    protected override ValueTask ExecuteOneAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        var db = connection.Handle!;
        var type = parameters?.GetType() ?? typeof(void);
        if (!_prepared.TryGetValue((sql, type), out var prepared))
        {
            var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }

            var shape = ParameterShape.Of(sql, type);
            var slots = shape.Names.Select(n => raw.sqlite3_bind_parameter_index(statement, "@" + n)).ToArray();
            if (slots.Contains(0) || slots.Distinct().Count() != raw.sqlite3_bind_parameter_count(statement))
            {
                // What Microsoft.Data.Sqlite refuses too: a parameter named differently from its property, or one left unset.
                statement.Dispose();
                throw new InvalidOperationException($"the parameters of [{sql}] do not match the properties of {type.Name} ({string.Join(", ", shape.Names)})");
            }

            prepared = (statement, slots, shape);
            _prepared[(sql, type)] = prepared;
        }

        var (stmt, indexes, parameterShape) = prepared;
        for (var i = 0; i < indexes.Length; i++)
        {
            Bind(stmt, indexes[i], parameterShape.Getters[i](parameters!));
        }

        var result = raw.sqlite3_step(stmt);
        if (result is not (raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            try
            {
                // The exception takes the message and extended code (a unique key: 2067) before the reset clears them.
                SqliteException.ThrowExceptionForRC(result, db);
            }
            finally
            {
                raw.sqlite3_reset(stmt);
                raw.sqlite3_clear_bindings(stmt);
            }
        }

        raw.sqlite3_reset(stmt);
        return ValueTask.CompletedTask;
    }

    private static void Bind(sqlite3_stmt statement, int index, object? value)
    {
        var rc = value switch
        {
            null or DBNull => raw.sqlite3_bind_null(statement, index),
            // An empty span has no address, and SQLite binds a text without one as NULL: "" goes as a terminated UTF-8 string.
            string { Length: 0 } => raw.sqlite3_bind_text(statement, index, utf8z.FromString("")),
            string text => raw.sqlite3_bind_text16(statement, index, text.AsSpan()),
            long number => raw.sqlite3_bind_int64(statement, index, number),
            int number => raw.sqlite3_bind_int64(statement, index, number),
            short number => raw.sqlite3_bind_int64(statement, index, number),
            byte number => raw.sqlite3_bind_int64(statement, index, number),
            bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
            decimal number => raw.sqlite3_bind_text16(statement, index, number.ToString("0.0###########################", CultureInfo.InvariantCulture).AsSpan()),
            double number => raw.sqlite3_bind_double(statement, index, number),
            byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes.AsSpan()),
            Enum e => raw.sqlite3_bind_int64(statement, index, Convert.ToInt64(e, CultureInfo.InvariantCulture)),
            _ => throw new NotSupportedException($"no SQLite binding for a parameter of type {value.GetType().Name}"),
        };
        if (rc != raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"binding parameter {index} failed with SQLite code {rc}");
        }
    }

    public override void Dispose()
    {
        foreach (var (statement, _, _) in _prepared.Values)
        {
            statement.Dispose();
        }

        _prepared.Clear();
    }
}

/// <summary>
/// PostgreSQL: statements are queued and sent together, prepared, in one round trip per <see cref="BatchSize"/> statements
/// or at <see cref="FlushAsync"/>. A failing statement fails the batch and with it the transaction, as it would alone.
/// </summary>
internal sealed class PostgresStatements(NpgsqlConnection connection, NpgsqlTransaction transaction) : StatementRunner(connection, transaction)
{
    private const int BatchSize = 500;

    private NpgsqlBatch _pending = new(connection, transaction);

    protected override ValueTask ExecuteOneAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        var shape = ParameterShape.Of(sql, parameters?.GetType() ?? typeof(void));
        var command = new NpgsqlBatchCommand(shape.Positional);
        for (var i = 0; i < shape.Names.Length; i++)
        {
            var parameter = new NpgsqlParameter { Value = shape.Value(i, parameters!) };
            if (shape.Types[i] is { } dbType)
            {
                parameter.DbType = dbType;
            }

            command.Parameters.Add(parameter);
        }

        _pending.BatchCommands.Add(command);
        return _pending.BatchCommands.Count >= BatchSize ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    public override async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.BatchCommands.Count == 0)
        {
            return;
        }

        var batch = _pending;
        _pending = new NpgsqlBatch(connection, transaction);
        await using (batch)
        {
            await batch.PrepareAsync(cancellationToken);
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public override void Dispose() => _pending.Dispose();
}

/// <summary>
/// Which properties of a parameter object a SQL text uses, how to read them fast, and the parameter type Dapper would
/// give each (from the property's declared type), so a value is stored the same whichever path wrote it.
/// </summary>
internal sealed class ParameterShape
{
    private static readonly ConcurrentDictionary<(string Sql, Type Type), ParameterShape> Shapes = new();

    private static readonly Dictionary<Type, DbType> DbTypes = new()
    {
        [typeof(string)] = DbType.String,
        [typeof(long)] = DbType.Int64,
        [typeof(int)] = DbType.Int32,
        [typeof(short)] = DbType.Int16,
        [typeof(byte)] = DbType.Byte,
        [typeof(bool)] = DbType.Boolean,
        [typeof(decimal)] = DbType.Decimal,
        [typeof(double)] = DbType.Double,
        [typeof(float)] = DbType.Single,
        [typeof(byte[])] = DbType.Binary,
        [typeof(Guid)] = DbType.Guid,
        [typeof(DateTime)] = DbType.DateTime,
        [typeof(DateTimeOffset)] = DbType.DateTimeOffset,
        [typeof(char)] = DbType.StringFixedLength,
    };

    private ParameterShape(string[] names, DbType?[] types, Func<object, object?>[] getters, string positional)
    {
        Names = names;
        Types = types;
        Getters = getters;
        Positional = positional;
    }

    /// <summary>
    /// The SQL with <c>@name</c> written as PostgreSQL's <c>$n</c> (n the property's place), so Npgsql sends it as it is
    /// instead of rewriting named parameters on every execution.
    /// </summary>
    public string Positional { get; }

    public string[] Names { get; }

    public DbType?[] Types { get; }

    public Func<object, object?>[] Getters { get; }

    public static ParameterShape Of(string sql, Type type) => Shapes.GetOrAdd((sql, type), key => Build(key.Sql, key.Type));

    /// <summary>The value to bind: null as DBNull, an enum as its number (as Dapper does).</summary>
    public object Value(int index, object parameters) => Getters[index](parameters) switch
    {
        null => DBNull.Value,
        Enum e => Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), System.Globalization.CultureInfo.InvariantCulture),
        var value => value,
    };

    private static ParameterShape Build(string sql, Type type)
    {
        if (type == typeof(void))
        {
            return new ParameterShape([], [], [], sql);
        }

        if (type == typeof(PositionalValues))
        {
            // @p0, @p1, …: the value's own type decides how it is sent, as Dapper decides for loose values.
            var count = Regex.Matches(sql, @"@p(\d+)(?![\p{L}\p{N}_])").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Max() + 1;
            return new ParameterShape(
                Enumerable.Range(0, count).Select(i => $"p{i}").ToArray(),
                new DbType?[count],
                Enumerable.Range(0, count).Select(i => (Func<object, object?>)(values => ((PositionalValues)values).Items[i])).ToArray(),
                Regex.Replace(sql, @"@p(\d+)(?![\p{L}\p{N}_])", m => "$" + (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture)));
        }

        // Like Dapper: only properties the SQL names are bound (the parameter object may carry more).
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && Regex.IsMatch(sql, "[?@:$]" + Regex.Escape(p.Name) + @"(?![\p{L}\p{N}_])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            .ToList();
        var input = Expression.Parameter(typeof(object), "parameters");
        var getters = properties
            .Select(p => Expression.Lambda<Func<object, object?>>(Expression.Convert(Expression.Property(Expression.Convert(input, type), p), typeof(object)), input).Compile())
            .ToArray();
        var types = properties.Select(p => DbTypeOf(p.PropertyType)).ToArray();
        var names = properties.Select(p => p.Name).ToArray();
        var positional = Regex.Replace(sql, @"@([\p{L}\p{N}_]+)", m =>
        {
            var place = Array.FindIndex(names, n => string.Equals(n, m.Groups[1].Value, StringComparison.OrdinalIgnoreCase));
            return place < 0 ? m.Value : "$" + (place + 1).ToString(CultureInfo.InvariantCulture);
        });
        return new ParameterShape(names, types, getters, positional);
    }

    private static DbType? DbTypeOf(Type type)
    {
        var bare = Nullable.GetUnderlyingType(type) ?? type;
        if (bare.IsEnum)
        {
            bare = Enum.GetUnderlyingType(bare);
        }

        return DbTypes.TryGetValue(bare, out var dbType) ? dbType : null;
    }
}
