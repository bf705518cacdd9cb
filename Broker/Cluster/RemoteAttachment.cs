using Broker.Topics;

namespace Broker.Cluster;

/// <summary>
/// A session's attachment to a topic whose actor runs on another node, <see cref="Host"/> (the node that said it
/// attached the session): what the session posts goes through this node's sender for the topic. Kept per session,
/// so that when <see cref="Host"/> dies only the attachments it made are lost; an attachment made since by an
/// actor elsewhere (this node included) replaces it and survives.
/// </summary>
internal sealed class RemoteAttachment(TopicSender sender, SiloAddress host) : ITopicHandle
{
    public SiloAddress Host { get; } = host;

    public string Name => sender.Name;

    public bool Post(TopicCommand command) => sender.Post(command);

    public Task DrainAsync(CancellationToken cancellationToken) => sender.DrainAsync(cancellationToken);
}
