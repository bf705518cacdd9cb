using System.Text.RegularExpressions;
using Broker.Options;
using Broker.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Broker.Admin;

/// <summary>
/// <c>POST /v0/admin/backup</c>: a consistent copy of the running store, written to a file under
/// <c>Storage:BackupPath</c>. The request names only the file (query <c>file</c> or body <c>{"file":…}</c>; a dated
/// name when it names none), never a path: anything but a plain file name is refused.
/// </summary>
internal static partial class AdminBackupEndpoints
{
    private const long MaxBodyBytes = 4096;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/backup", BackupAsync);
    }

    private static async Task<IResult> BackupAsync(HttpRequest request, string? file, StorageBackend store, IOptions<StorageOptions> options,
        TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return AdminHttp.Error(413, $"the body may have at most {MaxBodyBytes} bytes");
        }

        if (file is null && (request.ContentLength > 0 || (request.ContentLength is null && request.HasJsonContentType())))
        {
            try
            {
                var (body, error) = await AdminHttp.ReadAsync(request, AdminJsonContext.Default.BackupRequest, cancellationToken);
                if (body is null)
                {
                    return error!;
                }

                file = body.File;
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return AdminHttp.Error(413, $"the body may have at most {MaxBodyBytes} bytes");
            }
        }

        file ??= "broker-" + clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + ".db";
        if (!FileName().IsMatch(file) || file.Contains("..", StringComparison.Ordinal))
        {
            return AdminHttp.Error(400, "file must be a plain file name: letters, digits, '.', '-' and '_', at most 128 characters");
        }

        var folder = Path.GetFullPath(options.Value.BackupPath);
        var destination = Path.Combine(folder, file);
        if (File.Exists(destination))
        {
            return AdminHttp.Error(409, $"{file} already exists in the backup folder");
        }

        var log = loggers.CreateLogger(typeof(AdminBackupEndpoints));
        try
        {
            await store.Admin.BackupAsync(destination, cancellationToken);
        }
        catch (NotSupportedException ex)
        {
            return AdminHttp.Error(501, $"the {store.Admin.Name} store cannot be backed up by the broker: {ex.Message}");
        }
        catch (IOException ex) when (File.Exists(destination))
        {
            return AdminHttp.Error(409, ex.Message);
        }

        var size = new FileInfo(destination).Length;
        BackupLog.Written(log, file, size);
        return AdminHttp.Json(201, new BackupView(file, size), AdminJsonContext.Default.BackupView);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex FileName();
}
