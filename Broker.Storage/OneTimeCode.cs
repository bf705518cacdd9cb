namespace Broker.Storage;

/// <summary>
/// A one-time code awaiting its answer: a credential validation (<c>Purpose</c> "cred", <c>Subject</c> "usr…:email")
/// or a password reset ("reset", "email:alice@example.com"). <c>CodeHash</c> is a hash, never the code itself; codes
/// expire, and <c>Attempts</c> counts wrong answers.
/// </summary>
public sealed record OneTimeCode(string Purpose, string Subject, long UserId, string Value, string CodeHash, DateTime Expires, int Attempts = 0);
