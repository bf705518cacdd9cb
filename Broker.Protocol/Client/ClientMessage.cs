namespace Broker.Protocol.Client;

/// <summary>
/// The envelope of one client frame. Exactly one member is expected; when several are present the first in
/// Tinode's order (pub, sub, leave, hi, login, get, set, del, acc, note) wins, see <see cref="Kind"/>.
/// </summary>
public sealed class ClientMessage
{
    public MsgHi? Hi { get; set; }
    public MsgAcc? Acc { get; set; }
    public MsgLogin? Login { get; set; }
    public MsgSub? Sub { get; set; }
    public MsgLeave? Leave { get; set; }
    public MsgPub? Pub { get; set; }
    public MsgGet? Get { get; set; }
    public MsgSet? Set { get; set; }
    public MsgDel? Del { get; set; }
    public MsgNote? Note { get; set; }
    public MsgExtra? Extra { get; set; }

    public ClientFrameKind Kind =>
        Pub is not null ? ClientFrameKind.Pub :
        Sub is not null ? ClientFrameKind.Sub :
        Leave is not null ? ClientFrameKind.Leave :
        Hi is not null ? ClientFrameKind.Hi :
        Login is not null ? ClientFrameKind.Login :
        Get is not null ? ClientFrameKind.Get :
        Set is not null ? ClientFrameKind.Set :
        Del is not null ? ClientFrameKind.Del :
        Acc is not null ? ClientFrameKind.Acc :
        Note is not null ? ClientFrameKind.Note :
        ClientFrameKind.Unknown;

    /// <summary>The request id of whichever frame this is.</summary>
    public string? Id => Kind switch
    {
        ClientFrameKind.Pub => Pub!.Id,
        ClientFrameKind.Sub => Sub!.Id,
        ClientFrameKind.Leave => Leave!.Id,
        ClientFrameKind.Hi => Hi!.Id,
        ClientFrameKind.Login => Login!.Id,
        ClientFrameKind.Get => Get!.Id,
        ClientFrameKind.Set => Set!.Id,
        ClientFrameKind.Del => Del!.Id,
        ClientFrameKind.Acc => Acc!.Id,
        _ => null,
    };

    /// <summary>The topic the frame names, where it names one.</summary>
    public string? Topic => Kind switch
    {
        ClientFrameKind.Pub => Pub!.Topic,
        ClientFrameKind.Sub => Sub!.Topic,
        ClientFrameKind.Leave => Leave!.Topic,
        ClientFrameKind.Get => Get!.Topic,
        ClientFrameKind.Set => Set!.Topic,
        ClientFrameKind.Del => Del!.Topic,
        ClientFrameKind.Note => Note!.Topic,
        _ => null,
    };
}
