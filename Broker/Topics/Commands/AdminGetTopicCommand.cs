namespace Broker.Topics;

/// <summary>Describe the topic with its members.</summary>
internal sealed record AdminGetTopicCommand(TopicTarget Target) : AdminCommand(Target);
