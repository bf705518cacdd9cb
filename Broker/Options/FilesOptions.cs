using System.ComponentModel.DataAnnotations;

namespace Broker.Options;

/// <summary>Large-file uploads (<c>POST /v0/file/u/</c>) and downloads, bound from <c>Files</c>.</summary>
public sealed class FilesOptions
{
    public const string Section = "Files";

    /// <summary>Where the bytes live: <c>local</c> (a folder, default) or <c>database</c> (the broker's own database).</summary>
    public string Provider { get; set; } = "local";

    public LocalFilesOptions Local { get; set; } = new();

    /// <summary>Largest upload in bytes, reported in <c>{hi}</c> as <c>maxFileUploadSize</c>; a larger one is refused with 413.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>How long an upload that no message, avatar, topic or user refers to is kept before it is deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan UnusedGracePeriod { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often unused uploads are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}
