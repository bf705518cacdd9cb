namespace Broker.Protocol.Server;

/// <summary>A <c>{ctrl}</c> code with its exact text, as Tinode sends them.</summary>
public readonly record struct CtrlCode(int Code, string Text)
{
    public static readonly CtrlCode Ok = new(200, "ok");
    public static readonly CtrlCode Created = new(201, "created");
    public static readonly CtrlCode Accepted = new(202, "accepted");
    public static readonly CtrlCode NoContent = new(204, "no content");
    public static readonly CtrlCode Evicted = new(205, "evicted");
    public static readonly CtrlCode ServerShutdown = new(205, "server shutdown");
    public static readonly CtrlCode Delivered = new(208, "delivered");
    public static readonly CtrlCode UseOther = new(303, "use other");
    public static readonly CtrlCode AlreadySubscribed = new(304, "already subscribed");
    public static readonly CtrlCode NotJoined = new(304, "not joined");
    public static readonly CtrlCode NoAction = new(304, "no action");
    public static readonly CtrlCode NotModified = new(304, "not modified");
    public static readonly CtrlCode Malformed = new(400, "malformed");
    public static readonly CtrlCode AuthRequired = new(401, "authentication required");
    public static readonly CtrlCode AuthFailed = new(401, "authentication failed");
    public static readonly CtrlCode UnknownAuthScheme = new(401, "unknown authentication scheme");
    public static readonly CtrlCode PermissionDenied = new(403, "permission denied");
    public static readonly CtrlCode ApiKeyRequired = new(403, "valid API key required");
    public static readonly CtrlCode SessionNotFound = new(403, "invalid or expired session");
    public static readonly CtrlCode TopicNotFound = new(404, "topic not found");
    public static readonly CtrlCode UserNotFound = new(404, "user not found");
    public static readonly CtrlCode NotFound = new(404, "not found");
    public static readonly CtrlCode OperationNotAllowed = new(405, "operation or method not allowed");
    public static readonly CtrlCode AlreadyAuthenticated = new(409, "already authenticated");
    public static readonly CtrlCode DuplicateCredential = new(409, "duplicate credential");
    public static readonly CtrlCode MustAttachFirst = new(409, "must attach first");
    public static readonly CtrlCode CommandOutOfSequence = new(409, "command out of sequence");
    public static readonly CtrlCode TooLarge = new(413, "too large");
    public static readonly CtrlCode PolicyViolation = new(422, "policy violation");
    public static readonly CtrlCode TooManyRequests = new(429, "too many requests");
    public static readonly CtrlCode BusyHere = new(486, "busy here");
    public static readonly CtrlCode InternalError = new(500, "internal error");
    public static readonly CtrlCode NotImplemented = new(501, "not implemented");
    public static readonly CtrlCode ServiceUnavailable = new(503, "service unavailable");
    public static readonly CtrlCode Locked = new(503, "locked");
    public static readonly CtrlCode GatewayTimeout = new(504, "timeout");
    public static readonly CtrlCode VersionNotSupported = new(505, "version not supported");
}
