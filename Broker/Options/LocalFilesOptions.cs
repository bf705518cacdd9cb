namespace Broker.Options;

/// <summary><c>Files:Local</c>: the folder of <c>Files:Provider=local</c>.</summary>
public sealed class LocalFilesOptions
{
    /// <summary>Relative paths are from the working folder; created on first use.</summary>
    public string Path { get; set; } = "data/files";
}
