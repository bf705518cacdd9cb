using Broker.Protocol.Json;
using Broker.Protocol.Server;

namespace Broker.Topics;

/// <summary>Builds serialized <c>{ctrl}</c> replies.</summary>
internal static class Replies
{
    public static byte[] Ctrl(string? id, string? topic, CtrlCode code, DateTime ts, CtrlParams? parameters = null) =>
        FrameWriter.Write(new MsgCtrl
        {
            Id = string.IsNullOrEmpty(id) ? null : id,
            Topic = topic,
            Code = code.Code,
            Text = code.Text,
            Ts = ts,
            Params = parameters,
        });

    /// <summary>The <c>{ctrl 202}</c> that acknowledges a stored publish.</summary>
    public static byte[] Accepted(string? id, string? topic, long seq, bool duplicate, DateTime ts) =>
        PublishFrameWriter.Accepted(id, topic, seq, duplicate, ts);
}
