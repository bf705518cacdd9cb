namespace Broker.Admin;

/// <summary>A written backup: its file name under <c>Storage:BackupPath</c> and its size in bytes.</summary>
internal sealed record BackupView(string File, long Size);
