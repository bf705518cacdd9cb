namespace Broker.Topics;

/// <summary>Delete the topic with its subscriptions and messages.</summary>
internal sealed record AdminDeleteTopicCommand(TopicTarget Target) : AdminCommand(Target);
