using System.Security.Cryptography;
using System.Text;
using Broker.Auth;
using Broker.Options;
using Broker.Protocol.Server;
using Broker.Storage;
using Broker.Storage.Blobs;
using Broker.Topics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Broker.Files;

/// <summary>
/// Tinode's large-file endpoints: <c>POST /v0/file/u/</c> takes one multipart field <c>file</c> and answers
/// <c>{ctrl params:{url}}</c>; <c>GET /v0/file/s/&lt;id&gt;.&lt;ext&gt;</c> streams it back to any authenticated user
/// (the unguessable id is the capability, as in Tinode), with ranges and <c>If-None-Match</c> handled by ASP.NET Core.
/// </summary>
internal static class FileEndpoints
{
    /// <summary>Room for the multipart framing and the small fields around the file (<c>id</c>, <c>topic</c>).</summary>
    private const long FormOverhead = 64 * 1024;
    private const int MaxFieldLength = 256;
    private const string JsonType = "application/json; charset=utf-8";

    /// <summary>Content types a client may declare; anything else is stored as <c>application/octet-stream</c> (Tinode's list).</summary>
    private static readonly string[] AllowedTypePrefixes = ["application/", "audio/", "font/", "image/", "text/", "video/"];

    public static void MapBrokerFiles(this WebApplication app)
    {
        app.MapMethods(FileUrls.UploadPath, [HttpMethods.Post, HttpMethods.Put], UploadAsync);
        app.MapMethods(FileUrls.ServePrefix + "{name}", [HttpMethods.Get, HttpMethods.Head], DownloadAsync);
    }

    private static async Task UploadAsync(HttpContext context, ApiKeyValidator apiKeys, IOptions<FilesOptions> files,
        TokenService tokens, StorageBackend store, IBlobStore blobs, TimeProvider clock, FilesLog log)
    {
        var cancellationToken = context.RequestAborted;
        if (store.Files is null)
        {
            await RefuseAsync(context, null, CtrlCode.NotImplemented, clock, log, $"the store '{store.Admin.Name}' keeps no files");
            return;
        }

        var (userId, refusal) = await FileRequestAuth.AuthenticateAsync(context, apiKeys, tokens, store, cancellationToken);
        if (refusal is { } code)
        {
            await RefuseAsync(context, null, code, clock, log, "not authenticated");
            return;
        }

        var request = context.Request;
        var boundary = MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            && contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(contentType.Boundary).Value
            : null;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
        {
            await RefuseAsync(context, null, CtrlCode.Malformed, clock, log, "not multipart/form-data");
            return;
        }

        var maxSize = files.Value.MaxUploadSize;
        var bodyLimit = maxSize + FormOverhead;
        if (request.ContentLength > bodyLimit)
        {
            await RefuseAsync(context, null, CtrlCode.TooLarge, clock, log, "declared length over the limit");
            return;
        }

        // Kestrel stops a body longer than the whole form may be; the reader stops a file part longer than the limit.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = bodyLimit;
        }

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = maxSize };
        string? requestId = null;
        FileRecord? stored = null;
        var inFile = false;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (name == "file" && stored is null)
                {
                    inFile = true;
                    stored = await StoreAsync(section, userId, store, blobs, clock, cancellationToken);
                    inFile = false;
                }
                else if (name == "id")
                {
                    requestId = await ReadFieldAsync(section.Body, cancellationToken);
                }
            }
        }
        catch (InvalidDataException) when (inFile)
        {
            await RefuseAsync(context, requestId, CtrlCode.TooLarge, clock, log, "file over the limit");
            return;
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await RefuseAsync(context, requestId, CtrlCode.TooLarge, clock, log, "form over the limit");
            return;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !cancellationToken.IsCancellationRequested)
        {
            await RefuseAsync(context, requestId, CtrlCode.Malformed, clock, log, "malformed multipart body");
            return;
        }

        if (stored is null)
        {
            await RefuseAsync(context, requestId, CtrlCode.Malformed, clock, log, "no 'file' field");
            return;
        }

        log.Uploaded(stored.Id, userId, stored.Size, stored.MimeType);
        var now = clock.GetUtcNow().UtcDateTime;
        var reply = Replies.Ctrl(requestId, null, CtrlCode.Ok, now, new CtrlParams
        {
            Url = FileUrls.For(stored.Id, stored.MimeType),
            Expires = now + files.Value.UnusedGracePeriod,
        });
        context.Response.ContentType = JsonType;
        await context.Response.Body.WriteAsync(reply, cancellationToken);
    }

    /// <summary>Records the file, streams its bytes to the blob store and marks it ready. A failure leaves a record the sweeper removes.</summary>
    private static async Task<FileRecord> StoreAsync(MultipartSection section, long userId, StorageBackend store, IBlobStore blobs,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(12));
        var file = new FileRecord(id, userId, MimeTypeOf(section.ContentType), 0, clock.GetUtcNow().UtcDateTime, Ready: false);
        var files = store.Files!;
        await files.CreateAsync(file, cancellationToken);
        var size = await blobs.WriteAsync(id, section.Body, cancellationToken);
        await files.CompleteAsync(id, size, cancellationToken);
        return file with { Size = size, Ready = true };
    }

    private static async Task<IResult> DownloadAsync(string name, HttpContext context, ApiKeyValidator apiKeys,
        TokenService tokens, StorageBackend store, IBlobStore blobs, TimeProvider clock)
    {
        var cancellationToken = context.RequestAborted;
        var (_, refusal) = await FileRequestAuth.AuthenticateAsync(context, apiKeys, tokens, store, cancellationToken);
        if (refusal is { } code)
        {
            return CtrlResult(code, clock);
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var id = dot >= 0 ? name[..dot] : name;
        var file = BlobIds.IsValid(id) && store.Files is not null ? await store.Files.GetAsync(id, cancellationToken) : null;
        var content = file is { Ready: true } ? await blobs.OpenReadAsync(id, cancellationToken) : null;
        if (file is null || content is null)
        {
            return CtrlResult(CtrlCode.NotFound, clock);
        }

        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private, max-age=86400";
        if (ForcesDownload(file.MimeType) || context.Request.Query["asatt"] is ["1" or "true"])
        {
            headers.ContentDisposition = "attachment";
        }

        return Results.Stream(content, file.MimeType, lastModified: new DateTimeOffset(file.Created),
            entityTag: new EntityTagHeaderValue("\"" + id + "\""), enableRangeProcessing: true);
    }

    /// <summary>As Tinode: what a browser could run or render as a page is served as an attachment, never inline.</summary>
    private static bool ForcesDownload(string mimeType) =>
        mimeType.Contains("html", StringComparison.OrdinalIgnoreCase) || mimeType.Contains("xml", StringComparison.OrdinalIgnoreCase)
        || mimeType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) || mimeType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || mimeType.StartsWith("message/", StringComparison.OrdinalIgnoreCase) || mimeType.StartsWith("model/", StringComparison.OrdinalIgnoreCase)
        || mimeType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase);

    private static string MimeTypeOf(string? declared)
    {
        if (MediaTypeHeaderValue.TryParse(declared, out var type) && type.MediaType.HasValue)
        {
            foreach (var prefix in AllowedTypePrefixes)
            {
                if (type.MediaType.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    return type.ToString();
                }
            }
        }

        return "application/octet-stream";
    }

    private static async Task<string?> ReadFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldLength];
        var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        await body.CopyToAsync(Stream.Null, cancellationToken);
        return length == 0 ? null : Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static async Task RefuseAsync(HttpContext context, string? requestId, CtrlCode code, TimeProvider clock, FilesLog log, string reason)
    {
        log.UploadRefused(code.Code, reason);
        context.Response.StatusCode = code.Code;
        context.Response.ContentType = JsonType;
        await context.Response.Body.WriteAsync(Replies.Ctrl(requestId, null, code, clock.GetUtcNow().UtcDateTime), CancellationToken.None);
    }

    private static IResult CtrlResult(CtrlCode code, TimeProvider clock) =>
        Results.Text(Encoding.UTF8.GetString(Replies.Ctrl(null, null, code, clock.GetUtcNow().UtcDateTime)), JsonType, Encoding.UTF8, code.Code);
}
