namespace Broker.Protocol.Access;

/// <summary>A topic's default access for authenticated and anonymous users (<c>defacs</c>).</summary>
public readonly record struct DefaultAccess(AccessMode Auth, AccessMode Anon);
