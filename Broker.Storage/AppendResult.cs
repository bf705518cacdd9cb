namespace Broker.Storage;

/// <summary>The outcome of one append: one entry per draft, in draft order.</summary>
public sealed record AppendResult(IReadOnlyList<AppendedMessage> Messages)
{
    public static AppendResult Empty { get; } = new([]);
}
