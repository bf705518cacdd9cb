namespace Broker.Bench.Load.Baseline;

internal enum BaselineRequestKind
{
    Unknown = 0,
    Hi,
    Acc,
    Login,
    Sub,
    Leave,
    Pub,
    Get,
    Note,
}
