namespace Tracewright.Data;

/// <summary>The two databases Tracewright runs on; SQL that differs between them is chosen by this.</summary>
public enum Dialect { Sqlite, Postgres }
