namespace Broker.Storage;

/// <summary>
/// The claim a topic activation writes under: topic <see cref="Topic"/> at epoch <see cref="Epoch"/> (the one it got
/// from <see cref="ITopicStore.ClaimEpochAsync"/>). A write given a fence is made only while that topic is still at
/// that epoch, checked in the write's own transaction; otherwise it throws <see cref="StaleTopicEpochException"/> and
/// writes nothing (a topic that no longer exists counts as claimed). Writes that are not a topic activation's (the
/// server's account deletion, tests) pass no fence. <see cref="Topic"/> is the group's name also for the subscriptions
/// of its channel readers, which live under the <c>chn…</c> name.
/// </summary>
public readonly record struct TopicFence(string Topic, long Epoch);
