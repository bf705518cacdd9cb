namespace Broker.Bench.Load.Protocol;

internal enum ServerFrameKind
{
    Unknown = 0,
    Ctrl,
    Data,
    Meta,
    Pres,
    Info,
}
