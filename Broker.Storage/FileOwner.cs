namespace Broker.Storage;

/// <summary>What holds an avatar (<c>public.photo.ref</c>): a user (<see cref="UserId"/>) or a topic (<see cref="Topic"/>).</summary>
public readonly record struct FileOwner(string Topic, long UserId)
{
    public static FileOwner OfUser(long userId) => new(string.Empty, userId);

    public static FileOwner OfTopic(string topic) => new(topic, 0);
}
