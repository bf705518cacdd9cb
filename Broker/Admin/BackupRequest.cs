namespace Broker.Admin;

/// <summary><c>POST /v0/admin/backup</c>: the name of the file to write under <c>Storage:BackupPath</c>.</summary>
internal sealed class BackupRequest
{
    public string? File { get; set; }
}
