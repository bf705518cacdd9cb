using Broker.Protocol.Access;
using Broker.Sessions;

namespace Broker.Topics;

/// <summary>
/// Delivers one publish batch to the sessions of a large topic from several threads: the attached sessions are cut
/// into one slice per core, and each slice gets the batch's messages in order, so every session still sees them in
/// seq order. The topic's thread keeps what needs the exact order it gives today: the publishers of the batch (their
/// acks and echoes interleave), and subscribers of other nodes (their frames are packed per node). The topic waits
/// for every slice before its next command, so the attachments do not change under the slices.
/// </summary>
internal sealed class ParallelDelivery
{
    /// <summary>Sessions per slice past the first two slices: fewer, and a thread hop costs more than it saves.</summary>
    private const int MinSlice = 512;

    private readonly AttachmentList attached;
    private readonly HashSet<ISubscriber> origins;
    private readonly Func<Member, bool> isReader;
    private readonly int slices;
    private readonly List<(byte[] Members, byte[]? Readers)> messages = [];

    private ParallelDelivery(AttachmentList attached, HashSet<ISubscriber> origins, Func<Member, bool> isReader, int slices)
    {
        this.attached = attached;
        this.origins = origins;
        this.isReader = isReader;
        this.slices = slices;
    }

    /// <summary>A plan for the batch, or null when the topic is too small (or the threshold is 0) to gain from it.</summary>
    public static ParallelDelivery? For(AttachmentList attached, int threshold, List<PublishCommand> batch, Func<Member, bool> isReader)
    {
        if (threshold <= 0 || attached.Count < threshold)
        {
            return null;
        }

        var slices = Math.Min(Environment.ProcessorCount, Math.Max(2, attached.Count / MinSlice));
        if (slices < 2)
        {
            return null;
        }

        var origins = new HashSet<ISubscriber>(ReferenceEqualityComparer.Instance);
        foreach (var command in batch)
        {
            origins.Add(command.Origin);
        }

        return new ParallelDelivery(attached, origins, isReader, slices);
    }

    /// <summary>True when the slices deliver to this attachment (the topic's thread then skips it).</summary>
    public bool Covers(Attachment attachment) => attachment.Session is Session && !origins.Contains(attachment.Session);

    /// <summary>Adds the next message: the frame members see and, in a channel, the one readers see.</summary>
    public void Add(byte[] members, byte[]? readers) => messages.Add((members, readers));

    /// <summary>Delivers every added message to the covered sessions; returns the number of frames queued.</summary>
    public async Task<int> RunAsync()
    {
        if (messages.Count == 0)
        {
            return 0;
        }

        var size = (attached.Count + slices - 1) / slices;
        var others = new Task<int>[slices - 1];
        for (var i = 1; i < slices; i++)
        {
            var from = i * size;
            others[i - 1] = Task.Run(() => Deliver(from, Math.Min(from + size, attached.Count)));
        }

        var delivered = Deliver(0, Math.Min(size, attached.Count));
        foreach (var count in await Task.WhenAll(others))
        {
            delivered += count;
        }

        return delivered;
    }

    private int Deliver(int from, int to)
    {
        // Each slice wakes each of its sessions once for the whole batch, as the topic's thread does for its own.
        using var wakeOnce = DeliveryBatch.Begin();
        var delivered = 0;
        for (var i = from; i < to; i++)
        {
            var attachment = attached[i];
            if (!Covers(attachment) || !attachment.Member.Mode.Has(AccessMode.Read))
            {
                continue;
            }

            var reader = isReader(attachment.Member);
            foreach (var (members, readers) in messages)
            {
                attachment.Session.Send(reader ? readers! : members);
                delivered++;
            }
        }

        return delivered;
    }
}
