using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Broker.Tests.Infrastructure;

/// <summary>One webhook request as the receiver saw it, and the status it answered.</summary>
public sealed record ReceivedHook(string Signature, string Event, string Delivery, string Body, JsonElement Json, int AnsweredStatus)
{
    public bool IsSignedWith(string secret) =>
        Signature == "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(Body)));
}
