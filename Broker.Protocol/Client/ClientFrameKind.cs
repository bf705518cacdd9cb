namespace Broker.Protocol.Client;

public enum ClientFrameKind
{
    Unknown = 0,
    Hi,
    Acc,
    Login,
    Sub,
    Leave,
    Pub,
    Get,
    Set,
    Del,
    Note,
}
